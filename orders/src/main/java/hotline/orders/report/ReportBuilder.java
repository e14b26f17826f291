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
        List<WorkOrder> in = orders.stream().filter(o -> window.contains(o.createdAt()))
                .sorted(Comparator.comparing((WorkOrder o) -> o.number().toString())).toList();
        Map<String, Long> categories = new HashMap<>();
        Map<String, Long> units = new HashMap<>();
        Map<String, Long> districts = new HashMap<>();
        Map<String, Long> streets = new HashMap<>();
        Map<String, UnitTally> tallies = new TreeMap<>();
        Map<String, List<WorkOrder>> clusters = new HashMap<>();
        for (WorkOrder o : in) {
            var req = o.request();
            categories.merge(req.category().isEmpty() ? "-" : req.category(), 1L, Long::sum);
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
                clusters.computeIfAbsent(district + "/" + street + "/" + req.category(), k -> new ArrayList<>())
                        .add(o);
            }
            for (TallyDelta d : TallyDelta.of(o.history())) {
                tallies.merge(d.unitId(), UnitTally.empty(d.unitId()).plus(d), (a, b) -> a.plus(d));
            }
        }
        List<StreetCount> byStreet = streets.entrySet().stream().map(e -> {
            String[] ds = e.getKey().split("/", 2);
            return new StreetCount(streetCodes.getOrDefault(e.getKey(), ""), ds[0], ds[1], e.getValue());
        }).sorted(Comparator.comparingLong(StreetCount::count).reversed()
                .thenComparing(StreetCount::district).thenComparing(StreetCount::street)).toList();
        return new Report(window, now, callFigures(window, calls), in.size(), counts(categories), counts(units),
                counts(districts), byStreet, rating.rank(List.copyOf(tallies.values())), problems(clusters),
                trend(window, calls, in));
    }

    /** Per local hour of a day report, per local day otherwise. */
    private static List<Report.Bucket> trend(ReportWindow window, List<CallFacts> calls, List<WorkOrder> orders) {
        boolean hourly = window.period() == Period.DAY;
        int n = hourly ? 24 : (int) java.time.temporal.ChronoUnit.DAYS.between(window.start(), window.end());
        long[] offered = new long[n];
        long[] answered = new long[n];
        long[] submitted = new long[n];
        java.util.function.ToIntFunction<Instant> slot = t -> {
            var local = t.atZone(window.zone());
            return hourly ? local.getHour()
                    : (int) java.time.temporal.ChronoUnit.DAYS.between(window.start(), local.toLocalDate());
        };
        for (CallFacts c : calls) {
            if (window.contains(c.arrivedAt())) {
                int i = Math.max(0, Math.min(n - 1, slot.applyAsInt(c.arrivedAt())));
                offered[i]++;
                if (c.answeredAt() != null) {
                    answered[i]++;
                }
            }
        }
        for (WorkOrder o : orders) {
            submitted[Math.max(0, Math.min(n - 1, slot.applyAsInt(o.createdAt())))]++;
        }
        List<Report.Bucket> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String label = hourly ? String.format("%02d", i) : window.start().plusDays(i).toString();
            out.add(new Report.Bucket(label, offered[i], answered[i], submitted[i]));
        }
        return out;
    }

    private CallFigures callFigures(ReportWindow window, List<CallFacts> calls) {
        long offered = 0;
        long answered = 0;
        long abandoned = 0;
        long inTarget = 0;
        for (CallFacts c : calls) {
            if (!window.contains(c.arrivedAt())) {
                continue;
            }
            offered++;
            if (c.answeredAt() != null) {
                answered++;
                Duration target = queueTargets.getOrDefault(c.queue(), defaultTarget);
                if (Duration.between(c.arrivedAt(), c.answeredAt()).compareTo(target) <= 0) {
                    inTarget++;
                }
            } else if (c.abandoned()) {
                abandoned++;
            }
        }
        return new CallFigures(offered, answered, abandoned, inTarget, new Rate(answered, offered),
                new Rate(inTarget, answered + abandoned));
    }

    private List<RecurringProblem> problems(Map<String, List<WorkOrder>> clusters) {
        List<RecurringProblem> all = new ArrayList<>();
        for (Map.Entry<String, List<WorkOrder>> e : clusters.entrySet()) {
            List<WorkOrder> os = e.getValue();
            long linked = os.stream().filter(o -> !o.links().isEmpty()).count();
            if (os.size() < 2 && linked == 0) {
                continue;
            }
            String[] k = e.getKey().split("/", 3);
            List<String> numbers = os.stream().map(o -> o.number().toString())
                    .sorted(Comparator.reverseOrder()).toList();
            all.add(new RecurringProblem(k[0], k[1], k[2], os.size(), linked, numbers));
        }
        all.sort(Comparator.comparingLong(RecurringProblem::orders).reversed()
                .thenComparing(Comparator.comparingLong(RecurringProblem::repeatLinked).reversed())
                .thenComparing(RecurringProblem::district).thenComparing(RecurringProblem::street)
                .thenComparing(RecurringProblem::category));
        return all.size() > topProblems ? all.subList(0, topProblems) : all;
    }

    private static List<Count> counts(Map<String, Long> m) {
        return m.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::key)).toList();
    }
}
