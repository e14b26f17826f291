package hotline.orders.report;

import hotline.orders.gazetteer.Street;
import hotline.orders.lifecycle.UnitPart;
import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.rating.Rate;
import hotline.orders.rating.Rating;
import hotline.orders.rating.TallyDelta;
import hotline.orders.rating.UnitTally;
import hotline.orders.report.Report.CallFigures;
import hotline.orders.report.Report.Count;
import hotline.orders.report.Report.RecurringProblem;
import hotline.orders.report.Report.StreetCount;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes a {@link Report} from the calls and orders of a window. Pure and deterministic: the same input gives the
 * same report (every list sorted with explicit ties). Immutable and thread-safe.
 *
 * <ul>
 *   <li><b>Calls</b>: those that arrived in the window. Service level as the ACD counts it: answered within the
 *       queue's target / (answered + abandoned).</li>
 *   <li><b>Orders</b>: those submitted in the window, per category, unit, district and street.</li>
 *   <li><b>Rates</b>: the window's orders are a cohort: their events up to now (a reply next week still counts for
 *       this week's orders) folded into tallies with {@link TallyDelta#of}, then ranked by {@link Rating}.</li>
 *   <li><b>Recurring problems</b>: orders grouped by district, street and category; a group is a recurring problem
 *       when it has two or more orders or one linked to an earlier order (the repeat rule's links). The largest
 *       first, then the most repeat-linked, then by place and category.</li>
 * </ul>
 */
public final class ReportBuilder {
    private final Rating rating;
    private final Duration defaultTarget;
    private final Map<String, Duration> queueTargets;
    private final int topProblems;
    private final Map<String, String> streetCodes = new HashMap<>();

    /**
     * @param rating        the rates' weights
     * @param defaultTarget the service-level target of a call whose queue has none in {@code queueTargets}
     * @param queueTargets  service-level target per queue id
     * @param topProblems   how many recurring problems a report lists (at least 1)
     * @param streets       the gazetteer's streets, to name each street's code
     */
    public ReportBuilder(Rating rating, Duration defaultTarget, Map<String, Duration> queueTargets, int topProblems,
            List<Street> streets) {
        this.rating = Objects.requireNonNull(rating, "rating");
        this.defaultTarget = Objects.requireNonNull(defaultTarget, "defaultTarget");
        this.queueTargets = Map.copyOf(queueTargets);
        if (topProblems < 1) {
            throw new IllegalArgumentException("topProblems must be >= 1, got " + topProblems);
        }
        this.topProblems = topProblems;
        for (Street s : streets) {
            streetCodes.putIfAbsent(s.district().name() + "/" + s.name(), s.code());
        }
    }

    /** The report of {@code window} from {@code calls} and {@code orders} (others outside the window are ignored). */
    public Report build(ReportWindow window, List<CallFacts> calls, List<WorkOrder> orders, Instant now) {
        Accumulator a = accumulate(window);
        calls.forEach(a::call);
        orders.forEach(a::order);
        return a.report(now);
    }

    /** A report of {@code window} built up one call and one order at a time, so no list of them is kept. */
    public Accumulator accumulate(ReportWindow window) {
        return new Accumulator(window, null);
    }

    /**
     * As {@link #accumulate(ReportWindow)}, narrowed to the orders whose address is in {@code district} (a district's
     * name as the gazetteer spells it): every order figure, the units (those with a part of such an order), their
     * rates and ranking, the streets and the recurring problems are that district's. Calls are counted whole: a call
     * belongs to no district until it has an order.
     */
    public Accumulator accumulate(ReportWindow window, String district) {
        return new Accumulator(window, Objects.requireNonNull(district, "district"));
    }

    /**
     * Counts calls and orders as they are read. Not thread-safe: feed it from one thread (or one Vert.x context).
     * The result does not depend on the order of the calls and orders fed.
     */
    public final class Accumulator {
        private final ReportWindow window;
        /** Only this district's orders count; null: every order. */
        private final String district;
        private final boolean hourly;
        private final long[] offeredBy;
        private final long[] answeredBy;
        private final long[] ordersBy;
        private long offered;
        private long answered;
        private long abandoned;
        private long inTarget;
        private long orders;
        private final Map<String, Long> categories = new HashMap<>();
        private final Map<String, Long> requestTypes = new HashMap<>();
        private long answeredOnTheSpot;
        private long urges;
        private final Map<String, Long> units = new HashMap<>();
        private final Map<String, Long> districts = new HashMap<>();
        private final Map<String, Long> streets = new HashMap<>();
        private final Map<String, UnitTally> tallies = new TreeMap<>();
        private final Map<String, Cluster> clusters = new HashMap<>();

        private Accumulator(ReportWindow window, String district) {
            this.window = Objects.requireNonNull(window, "window");
            this.district = district;
            this.hourly = window.period() == Period.DAY;
            int n = hourly ? 24 : (int) ChronoUnit.DAYS.between(window.start(), window.end());
            offeredBy = new long[n];
            answeredBy = new long[n];
            ordersBy = new long[n];
        }

        /** Counts the call if it arrived in the window. */
        public void call(CallFacts c) {
            if (!window.contains(c.arrivedAt())) {
                return;
            }
            int slot = slot(c.arrivedAt());
            offered++;
            offeredBy[slot]++;
            if (c.answeredAt() != null) {
                answered++;
                answeredBy[slot]++;
                Duration target = queueTargets.getOrDefault(c.queue(), defaultTarget);
                if (Duration.between(c.arrivedAt(), c.answeredAt()).compareTo(target) <= 0) {
                    inTarget++;
                }
            } else if (c.abandoned()) {
                abandoned++;
            }
        }

        /** Counts the order if it was submitted in the window (and is in the district, when narrowed to one). */
        public void order(WorkOrder o) {
            if (!window.contains(o.createdAt())
                    || (this.district != null && !this.district.equals(o.request().address().district()))) {
                return;
            }
            orders++;
            ordersBy[slot(o.createdAt())]++;
            var req = o.request();
            categories.merge(req.category().isEmpty() ? "-" : req.category(), 1L, Long::sum);
            requestTypes.merge(req.requestType() == null ? "-" : req.requestType().code(), 1L, Long::sum);
            if (req.answered()) {
                answeredOnTheSpot++;
            }
            urges += o.urges();
            Set<String> orderUnits = new LinkedHashSet<>();
            for (UnitPart p : o.parts()) {
                orderUnits.add(p.unitId());
            }
            orderUnits.forEach(u -> units.merge(u, 1L, Long::sum));
            String district = req.address().district();
            String street = req.address().street();
            if (!district.isEmpty()) {
                districts.merge(district, 1L, Long::sum);
            }
            if (!street.isEmpty()) {
                streets.merge(district + "/" + street, 1L, Long::sum);
            }
            if (!district.isEmpty() || !street.isEmpty()) {
                clusters.computeIfAbsent(district + "/" + street + "/" + req.category(), k -> new Cluster())
                        .add(o.number().toString(), !o.links().isEmpty());
            }
            for (TallyDelta d : TallyDelta.of(o.history())) {
                tallies.merge(d.unitId(), UnitTally.empty(d.unitId()).plus(d), (a, b) -> a.plus(d));
            }
        }

        private int slot(Instant t) {
            var local = t.atZone(window.zone());
            int i = hourly ? local.getHour() : (int) ChronoUnit.DAYS.between(window.start(), local.toLocalDate());
            return Math.max(0, Math.min(offeredBy.length - 1, i));
        }

        /** The report of what was fed so far, computed at {@code now}. */
        public Report report(Instant now) {
            List<StreetCount> byStreet = streets.entrySet().stream().map(e -> {
                String[] ds = e.getKey().split("/", 2);
                return new StreetCount(streetCodes.getOrDefault(e.getKey(), ""), ds[0], ds[1], e.getValue());
            }).sorted(Comparator.comparingLong(StreetCount::count).reversed()
                    .thenComparing(StreetCount::district).thenComparing(StreetCount::street)).toList();
            CallFigures calls = new CallFigures(offered, answered, abandoned, inTarget, new Rate(answered, offered),
                    new Rate(inTarget, answered + abandoned));
            List<Report.Bucket> trend = new ArrayList<>(offeredBy.length);
            for (int i = 0; i < offeredBy.length; i++) {
                String label = hourly ? String.format("%02d", i) : window.start().plusDays(i).toString();
                trend.add(new Report.Bucket(label, offeredBy[i], answeredBy[i], ordersBy[i]));
            }
            return new Report(window, now, calls, orders, counts(categories), counts(units), counts(districts),
                    byStreet, rating.rank(List.copyOf(tallies.values())), problems(clusters), trend,
                    counts(requestTypes), answeredOnTheSpot, urges);
        }
    }

    /** The numbers of one place's orders of one category, and how many were repeat-linked. */
    private static final class Cluster {
        final List<String> numbers = new ArrayList<>();
        long linked;

        void add(String number, boolean repeat) {
            numbers.add(number);
            if (repeat) {
                linked++;
            }
        }
    }

    private List<RecurringProblem> problems(Map<String, Cluster> clusters) {
        List<RecurringProblem> all = new ArrayList<>();
        for (Map.Entry<String, Cluster> e : clusters.entrySet()) {
            Cluster c = e.getValue();
            if (c.numbers.size() < 2 && c.linked == 0) {
                continue;
            }
            String[] k = e.getKey().split("/", 3);
            all.add(new RecurringProblem(k[0], k[1], k[2], c.numbers.size(), c.linked,
                    c.numbers.stream().sorted(Comparator.reverseOrder()).toList()));
        }
        all.sort(Comparator.comparingLong(RecurringProblem::orders).reversed()
                .thenComparing(Comparator.comparingLong(RecurringProblem::repeatLinked).reversed())
                .thenComparing(RecurringProblem::district).thenComparing(RecurringProblem::street)
                .thenComparing(RecurringProblem::category));
        return all.size() > topProblems ? List.copyOf(all.subList(0, topProblems)) : all;
    }

    private static List<Count> counts(Map<String, Long> m) {
        return m.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::key)).toList();
    }
}
