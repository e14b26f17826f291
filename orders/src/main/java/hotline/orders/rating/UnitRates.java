package hotline.orders.rating;

import java.util.Objects;

/**
 * A unit's three rates, its composite score and its place in the ranking.
 *
 * @param unitId       the unit
 * @param response     parts responded to on time / parts dispatched
 * @param resolution   callbacks saying resolved / callbacks recorded
 * @param satisfaction callbacks saying satisfied / callbacks recorded
 * @param score        the weighted composite, basis points 0..10000 (undefined rates count 0)
 * @param rank         1-based place; 0 before ranking
 */
public record UnitRates(String unitId, Rate response, Rate resolution, Rate satisfaction, int score, int rank) {
    public UnitRates {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(satisfaction, "satisfaction");
    }

    UnitRates ranked(int place) {
        return new UnitRates(unitId, response, resolution, satisfaction, score, place);
    }
}
