package hotline.orders.rating;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The three rates per unit and the ranking.
 *
 * <ul>
 *   <li><b>response rate</b> = parts the unit accepted or returned (its first action) no later than the deadline /
 *       parts whose response is due: responded to (on time or late) or past the deadline unresponded
 *       ({@link UnitTally#responseDue()}). A part just dispatched and still within its deadline counts in neither,
 *       so a new order does not lower the rate; a unit with nothing due has no response rate (undefined, "—");</li>
 *   <li><b>resolution rate</b> = callbacks in which the citizen said the matter is resolved / callbacks recorded on
 *       orders the unit handled;</li>
 *   <li><b>satisfaction rate</b> = callbacks in which the citizen was satisfied / callbacks recorded.</li>
 * </ul>
 * The composite score weighs them (default 10 % response, 45 % resolution, 45 % satisfaction, as the 接诉即办
 * assessment does) in integer basis points. The ranking is deterministic: score, then satisfaction, resolution,
 * response (basis points), then more callbacks, then unit id; units with no response rate yet (nothing due) come
 * after every unit with one, by unit id. Units with nothing dispatched are not ranked.
 * Immutable and thread-safe.
 */
public final class Rating {
    private final int responseWeight;
    private final int resolutionWeight;
    private final int satisfactionWeight;

    /** Weights in percent; they must add up to 100. */
    public Rating(int responseWeight, int resolutionWeight, int satisfactionWeight) {
        if (responseWeight < 0 || resolutionWeight < 0 || satisfactionWeight < 0
                || responseWeight + resolutionWeight + satisfactionWeight != 100) {
            throw new IllegalArgumentException("weights must be >= 0 and add up to 100, got " + responseWeight + "/"
                    + resolutionWeight + "/" + satisfactionWeight);
        }
        this.responseWeight = responseWeight;
        this.resolutionWeight = resolutionWeight;
        this.satisfactionWeight = satisfactionWeight;
    }

    /** The default weights 10/45/45. */
    public static Rating standard() {
        return new Rating(10, 45, 45);
    }

    /** One unit's rates (rank 0). */
    public UnitRates rates(UnitTally t) {
        Rate response = new Rate(Math.min(t.respondedOnTime(), t.responseDue()), t.responseDue());
        Rate resolution = new Rate(Math.min(t.resolved(), t.callbacks()), t.callbacks());
        Rate satisfaction = new Rate(Math.min(t.satisfied(), t.callbacks()), t.callbacks());
        int score = (response.basisPoints() * responseWeight + resolution.basisPoints() * resolutionWeight
                + satisfaction.basisPoints() * satisfactionWeight) / 100;
        return new UnitRates(t.unitId(), response, resolution, satisfaction, score, 0);
    }

    /** The ranking of the units with something dispatched, best first, ranks 1..n. */
    public List<UnitRates> rank(List<UnitTally> tallies) {
        List<UnitRates> rated = new ArrayList<>();
        for (UnitTally t : tallies) {
            if (t.dispatched() > 0) {
                rated.add(rates(t));
            }
        }
        rated.sort(Comparator.comparing((UnitRates r) -> !r.response().defined())
                .thenComparing(Comparator.comparingInt(UnitRates::score).reversed())
                .thenComparing(Comparator.comparingInt((UnitRates r) -> r.satisfaction().basisPoints()).reversed())
                .thenComparing(Comparator.comparingInt((UnitRates r) -> r.resolution().basisPoints()).reversed())
                .thenComparing(Comparator.comparingInt((UnitRates r) -> r.response().basisPoints()).reversed())
                .thenComparing(Comparator.comparingLong((UnitRates r) -> r.resolution().denominator()).reversed())
                .thenComparing(UnitRates::unitId));
        List<UnitRates> ranked = new ArrayList<>(rated.size());
        for (int i = 0; i < rated.size(); i++) {
            ranked.add(rated.get(i).ranked(i + 1));
        }
        return ranked;
    }
}
