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
        UnitRates r = Rating.standard().rates(new UnitTally("s1", 10, 8, 1, 2, 4, 3, 2, 9));

        assertThat(r.response()).isEqualTo(new Rate(8, 9));
        assertThat(r.resolution()).isEqualTo(new Rate(3, 4));
        assertThat(r.satisfaction()).isEqualTo(new Rate(2, 4));
        // 10% * 8888 + 45% * 7500 + 45% * 5000
        assertThat(r.score()).isEqualTo(888 + 3375 + 2250);
    }

    @Test
    void shouldCountUndefinedRatesAsZeroInTheScore() {
        UnitRates r = Rating.standard().rates(new UnitTally("s1", 2, 2, 0, 0, 0, 0, 0, 2));

        assertThat(r.resolution().defined()).isFalse();
        assertThat(r.score()).isEqualTo(1000);
    }

    @Test
    void shouldRankByScoreThenBreakTiesDeterministically() {
        List<UnitRates> ranked = Rating.standard().rank(List.of(
                new UnitTally("b", 4, 4, 0, 0, 2, 2, 2, 4),
                new UnitTally("a", 4, 4, 0, 0, 2, 2, 2, 4),
                new UnitTally("c", 4, 4, 0, 0, 4, 4, 4, 4),
                new UnitTally("d", 4, 0, 0, 0, 2, 1, 1, 4),
                new UnitTally("idle", 0, 0, 0, 0, 0, 0, 0, 0)));

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
        assertThat(t).isEqualTo(new UnitTally("s1", 1, 1, 0, 0, 1, 1, 0, 1));
        // a late response makes the part's response due, without an on-time one
        assertThat(deltas).filteredOn(d -> d.unitId().equals("s2"))
                .containsExactly(new TallyDelta("s2", UnitTally.RESPONSE_DUE, 1));
    }

    private static UnitTally fold(String unit, List<OrderEvent> events) {
        UnitTally t = UnitTally.empty(unit);
        for (TallyDelta d : TallyDelta.of(events)) {
            if (d.unitId().equals(unit)) {
                t = t.plus(d);
            }
        }
        return t;
    }

    // issue 17, defect 6: 3/4 became 3/5 the moment a new order arrived, long before its deadline
    @Test
    void shouldNotLowerTheResponseRateWhenANewOrderArrives() {
        List<OrderEvent> events = new java.util.ArrayList<>();
        for (String detail : List.of("onTime", "onTime", "onTime", "late")) {
            events.add(new OrderEvent(T, Type.DISPATCHED, "s1", ""));
            events.add(new OrderEvent(T, Type.RESPONDED, "s1", detail));
        }
        assertThat(Rating.standard().rates(fold("s1", events)).response()).isEqualTo(new Rate(3, 4));

        events.add(new OrderEvent(T, Type.DISPATCHED, "s1", ""));

        UnitTally t = fold("s1", events);
        assertThat(t.dispatched()).isEqualTo(5);
        assertThat(Rating.standard().rates(t).response()).isEqualTo(new Rate(3, 4));
    }

    @Test
    void shouldCountAPartOverdueUnrespondedOnceEvenWhenItIsAnsweredLateAfterwards() {
        List<OrderEvent> events = List.of(
                new OrderEvent(T, Type.DISPATCHED, "s1", ""),
                new OrderEvent(T, Type.RESPONDED, "s1", "onTime"),
                new OrderEvent(T, Type.DISPATCHED, "s1", ""),
                new OrderEvent(T, Type.ESCALATED, "s1", "due 2026-12-02T02:00:00Z unresponded"));
        assertThat(Rating.standard().rates(fold("s1", events)).response()).isEqualTo(new Rate(1, 2));

        List<OrderEvent> later = new java.util.ArrayList<>(events);
        later.add(new OrderEvent(T, Type.RESPONDED, "s1", "lateOverdue"));
        // an accepted part escalated because it was not replied in time does not count its response again
        later.add(new OrderEvent(T, Type.ESCALATED, "s1", "due 2026-12-02T02:00:00Z"));

        assertThat(Rating.standard().rates(fold("s1", later)).response()).isEqualTo(new Rate(1, 2));
    }

    @Test
    void shouldShowNoResponseRateAndRankAfterUnitsWithRatesWhenNothingIsDueYet() {
        UnitRates fresh = Rating.standard().rates(fold("new", List.of(new OrderEvent(T, Type.DISPATCHED, "new", ""))));
        assertThat(fresh.response().defined()).isFalse();

        List<UnitRates> ranked = Rating.standard().rank(List.of(
                new UnitTally("aaa-fresh", 3, 0, 0, 0, 0, 0, 0, 0),
                new UnitTally("slow", 4, 0, 0, 4, 0, 0, 0, 4),
                new UnitTally("good", 4, 4, 0, 0, 0, 0, 0, 4)));

        assertThat(ranked).extracting(UnitRates::unitId).containsExactly("good", "slow", "aaa-fresh");
        assertThat(ranked.get(1).response()).isEqualTo(new Rate(0, 4));
    }

    @Test
    void shouldCountBasicallySatisfiedAsSatisfiedAndNotCountCitizensNotReached() {
        List<OrderEvent> events = List.of(
                new OrderEvent(T, Type.CALLBACK_RECORDED, "s1",
                        "contact=reached,resolved=true,satisfied=true,satisfaction=basic"),
                new OrderEvent(T, Type.CALLBACK_RECORDED, "s1",
                        "contact=reached,resolved=false,satisfied=false,satisfaction=unsatisfied"),
                new OrderEvent(T, Type.CALLBACK_RECORDED, "s1", "contact=refused"),
                new OrderEvent(T, Type.CALLBACK_RECORDED, "s1", "contact=noAnswer"));

        UnitRates r = Rating.standard().rates(fold("s1", events));

        assertThat(r.satisfaction()).isEqualTo(new Rate(1, 2));
        assertThat(r.resolution()).isEqualTo(new Rate(1, 2));
    }
}
