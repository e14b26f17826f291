package hotline.orders.rating;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.orders.lifecycle.OrderEvent;
import hotline.orders.lifecycle.OrderEvent.Type;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatingTest {
    private static final Instant T = Instant.parse("2026-12-01T02:00:00Z");

    @Test
    void shouldComputeTheThreeRatesAndTheWeightedScore() {
        UnitRates r = Rating.standard().rates(new UnitTally("s1", 10, 8, 1, 2, 4, 3, 2));

        assertThat(r.response()).isEqualTo(new Rate(8, 10));
        assertThat(r.resolution()).isEqualTo(new Rate(3, 4));
        assertThat(r.satisfaction()).isEqualTo(new Rate(2, 4));
        // 10% * 8000 + 45% * 7500 + 45% * 5000
        assertThat(r.score()).isEqualTo(800 + 3375 + 2250);
    }

    @Test
    void shouldCountUndefinedRatesAsZeroInTheScore() {
        UnitRates r = Rating.standard().rates(new UnitTally("s1", 2, 2, 0, 0, 0, 0, 0));

        assertThat(r.resolution().defined()).isFalse();
        assertThat(r.score()).isEqualTo(1000);
    }

    @Test
    void shouldRankByScoreThenBreakTiesDeterministically() {
        List<UnitRates> ranked = Rating.standard().rank(List.of(
                new UnitTally("b", 4, 4, 0, 0, 2, 2, 2),
                new UnitTally("a", 4, 4, 0, 0, 2, 2, 2),
                new UnitTally("c", 4, 4, 0, 0, 4, 4, 4),
                new UnitTally("d", 4, 0, 0, 0, 2, 1, 1),
                new UnitTally("idle", 0, 0, 0, 0, 0, 0, 0)));

        assertThat(ranked).extracting(UnitRates::unitId).containsExactly("c", "a", "b", "d");
        assertThat(ranked).extracting(UnitRates::rank).containsExactly(1, 2, 3, 4);
    }

    @Test
    void shouldTurnLifecycleEventsIntoTallyIncrements() {
        List<TallyDelta> deltas = TallyDelta.of(List.of(
                new OrderEvent(T, Type.DISPATCHED, "s1", ""),
                new OrderEvent(T, Type.RESPONDED, "s1", "onTime"),
                new OrderEvent(T, Type.RESPONDED, "s2", "late"),
                new OrderEvent(T, Type.ACCEPTED, "s1", ""),
                new OrderEvent(T, Type.CALLBACK_RECORDED, "s1", "resolved=true,satisfied=false")));

        UnitTally t = UnitTally.empty("s1");
        for (TallyDelta d : deltas) {
            if (d.unitId().equals("s1")) {
                t = t.plus(d);
            }
        }
        assertThat(t).isEqualTo(new UnitTally("s1", 1, 1, 0, 0, 1, 1, 0));
        assertThat(deltas).noneMatch(d -> d.unitId().equals("s2"));
    }
}
