package hotline.orders.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.orders.lifecycle.OrderEvent.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    private static final OrderNumber NO = new OrderNumber(LocalDate.of(2026, 12, 1), 42);

    /** Due one day after dispatch; 7-day orders are reminded after 12 hours. */
    private static final class FakeSchedule implements DeadlineSchedule {
        @Override
        public Instant dueAt(UrgencyTier tier, Instant dispatchedAt) {
            return dispatchedAt.plus(Duration.ofDays(1));
        }

        @Override
        public Optional<Instant> remindAt(UrgencyTier tier, Instant dispatchedAt) {
            return tier == UrgencyTier.DAYS_7 ? Optional.of(dispatchedAt.plus(Duration.ofHours(12))) : Optional.empty();
        }
    }

    private final Lifecycle lifecycle = new Lifecycle(new FakeSchedule());

    private static OrderRequest request(String... units) {
        return new OrderRequest("王女士", "13800138000", new Address("朝阳区", "八里庄街道", "天伦北里"), "noise",
                UrgencyTier.DAYS_7, "construction noise at night", List.of(units), "c-1", Channel.PHONE);
    }

    private WorkOrder submitted(String... units) {
        return lifecycle.submit(NO, request(units), List.of(), T0).order();
    }

    private static WorkOrder applied(Transition t) {
        assertThat(t).isInstanceOf(Transition.Applied.class);
        return ((Transition.Applied) t).order();
    }

    private static List<Type> types(Transition t) {
        return ((Transition.Applied) t).events().stream().map(OrderEvent::type).toList();
    }

    @Test
    void shouldDispatchOnePartPerUnitWithItsDeadlineWhenSubmitted() {
        Transition.Applied t = lifecycle.submit(NO, request("s1", "dept-water"), List.of("20261120-000001"), T0);

        assertThat(t.order().version()).isEqualTo(1);
        assertThat(t.order().parts()).extracting(UnitPart::unitId).containsExactly("s1", "dept-water");
        assertThat(t.order().parts()).allMatch(p -> p.state() == PartState.DISPATCHED
                && p.dueAt().equals(T0.plus(Duration.ofDays(1))) && p.remindAt().equals(T0.plusSeconds(12 * 3600)));
        assertThat(t.order().links()).containsExactly("20261120-000001");
        assertThat(t.events()).extracting(OrderEvent::type).containsExactly(Type.SUBMITTED, Type.DISPATCHED,
                Type.DISPATCHED);
        assertThat(t.order().status()).isEqualTo(OrderStatus.IN_PROGRESS);
    }

    @Test
    void shouldLinkTheRepeatsOfASubmittedOrderOnceAsANewVersion() {
        WorkOrder o = lifecycle.submit(NO, request("s1", "dept-water"), List.of(), T0).order();
        List<String> links = List.of("20261119-000007", "20261101-000003");

        Transition t = lifecycle.link(o, links, T0.plusMillis(3));

        WorkOrder linked = ((Transition.Applied) t).order();
        assertThat(linked.links()).isEqualTo(links);
        assertThat(linked.version()).isEqualTo(2);
        assertThat(linked.parts()).isEqualTo(o.parts());
        assertThat(types(t)).containsExactly(Type.LINKED);
        assertThat(linked.history().get(linked.history().size() - 1).detail())
                .isEqualTo("20261119-000007,20261101-000003");
        assertThat(lifecycle.link(linked, links, T0.plusSeconds(1))).isInstanceOf(Transition.Refused.class);
        assertThat(lifecycle.link(o, List.of(), T0.plusSeconds(1))).isInstanceOf(Transition.Refused.class);
    }

    @Test
    void shouldGoFromDispatchedToClosedAndCreateTheCallbackTask() {
        WorkOrder o = submitted("s1");
        Transition accept = lifecycle.accept(o, "s1", T0.plusSeconds(60));
        assertThat(types(accept)).containsExactly(Type.RESPONDED, Type.ACCEPTED);
        assertThat(((Transition.Applied) accept).events().get(0).detail()).isEqualTo("onTime");
        o = applied(accept);
        o = applied(lifecycle.reply(o, "s1", "stopped the night work", T0.plusSeconds(3600)));
        assertThat(o.part("s1").orElseThrow().note()).isEqualTo("stopped the night work");
        assertThat(o.callback()).isNull();

        Transition close = lifecycle.close(o, "s1", T0.plusSeconds(7200));

        assertThat(types(close)).containsExactly(Type.PART_CLOSED, Type.CLOSED);
        o = applied(close);
        assertThat(o.status()).isEqualTo(OrderStatus.CLOSED);
        assertThat(o.callback()).isEqualTo(CallbackTask.pending(T0.plusSeconds(7200)));
        assertThat(o.version()).isEqualTo(4);
        assertThat(o.history()).extracting(OrderEvent::type).containsExactly(Type.SUBMITTED, Type.DISPATCHED,
                Type.RESPONDED, Type.ACCEPTED, Type.REPLIED, Type.PART_CLOSED, Type.CLOSED);
    }

    @Test
    void shouldRefuseAReplyBeforeAcceptAndLeaveTheOrderAlone() {
        WorkOrder o = submitted("s1");

        Transition t = lifecycle.reply(o, "s1", "done", T0);

        assertThat(t).isInstanceOfSatisfying(Transition.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(Refusal.WRONG_STATE);
            assertThat(r.detail()).contains(NO.toString(), "s1", "DISPATCHED", "ACCEPTED");
        });
    }

    @Test
    void shouldRefuseActionsOfAUnitWithoutAPart() {
        assertThat(lifecycle.accept(submitted("s1"), "s9", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.NOT_ASSIGNED));
    }

    @Test
    void shouldRefuseAReturnWithoutAReasonAndAnEmptyReply() {
        WorkOrder o = submitted("s1");
        assertThat(lifecycle.returnToDesk(o, "s1", " ", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.INVALID_ARGUMENT));
        WorkOrder accepted = applied(lifecycle.accept(o, "s1", T0));
        assertThat(lifecycle.reply(accepted, "s1", "", T0)).isInstanceOf(Transition.Refused.class);
    }

    @Test
    void shouldReturnToTheDeskAndRedispatchWithAFreshDeadline() {
        WorkOrder o = submitted("s1");
        Transition ret = lifecycle.returnToDesk(o, "s1", "not our street", T0.plusSeconds(600));
        assertThat(types(ret)).containsExactly(Type.RESPONDED, Type.RETURNED);
        o = applied(ret);
        assertThat(o.status()).isEqualTo(OrderStatus.AT_DESK);
        assertThat(o.part("s1").orElseThrow().note()).isEqualTo("not our street");

        Instant later = T0.plusSeconds(7200);
        Transition re = lifecycle.redispatch(o, "s1", "s2", later);

        assertThat(types(re)).containsExactly(Type.REASSIGNED, Type.DISPATCHED);
        o = applied(re);
        assertThat(o.part("s1")).isEmpty();
        assertThat(o.part("s2").orElseThrow()).satisfies(p -> {
            assertThat(p.partNo()).isEqualTo(2);
            assertThat(p.state()).isEqualTo(PartState.DISPATCHED);
            assertThat(p.dueAt()).isEqualTo(later.plus(Duration.ofDays(1)));
        });
        assertThat(o.parts().get(0).state()).isEqualTo(PartState.REASSIGNED);
        assertThat(o.status()).isEqualTo(OrderStatus.IN_PROGRESS);
    }

    @Test
    void shouldAllowAReturnAfterAcceptWithoutCountingASecondResponse() {
        WorkOrder o = applied(lifecycle.accept(submitted("s1"), "s1", T0));

        assertThat(types(lifecycle.returnToDesk(o, "s1", "belongs to the water department", T0)))
                .containsExactly(Type.RETURNED);
    }

    @Test
    void shouldRefuseToRedispatchAPartThatWasNotReturnedOrToAUnitAlreadyOnIt() {
        WorkOrder joint = submitted("s1", "s2");
        assertThat(lifecycle.redispatch(joint, "s1", "s3", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.WRONG_STATE));
        WorkOrder returned = applied(lifecycle.returnToDesk(joint, "s1", "wrong unit", T0));
        assertThat(lifecycle.redispatch(returned, "s1", "s2", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.INVALID_ARGUMENT));
        assertThat(lifecycle.redispatch(returned, "s1", "s1", T0)).isInstanceOf(Transition.Applied.class);
    }

    @Test
    void shouldAddAJointUnitFromTheDeskWithItsOwnFreshDeadline() {
        WorkOrder o = applied(lifecycle.returnToDesk(submitted("s1"), "s1", "needs the water department too", T0));
        o = applied(lifecycle.redispatch(o, "s1", "s2", T0));
        Instant later = T0.plusSeconds(600);

        Transition joint = lifecycle.addUnit(o, "dept-water", later);

        assertThat(types(joint)).containsExactly(Type.DISPATCHED);
        o = applied(joint);
        assertThat(o.part("dept-water").orElseThrow()).satisfies(p -> {
            assertThat(p.partNo()).isEqualTo(3);
            assertThat(p.state()).isEqualTo(PartState.DISPATCHED);
            assertThat(p.dueAt()).isEqualTo(later.plus(Duration.ofDays(1)));
        });
        assertThat(o.currentParts()).extracting(UnitPart::unitId).containsExactly("s2", "dept-water");
        assertThat(lifecycle.addUnit(o, "s2", later)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.INVALID_ARGUMENT));
    }

    @Test
    void shouldLeadWithTheFirstUnitKeepTheLeadThroughARedispatchAndHandItToAJointUnitDispatchedAsLead() {
        WorkOrder o = submitted("s1", "dept-water");
        assertThat(o.parts()).extracting(UnitPart::lead).containsExactly(true, false);

        o = applied(lifecycle.returnToDesk(o, "s1", "belongs to the other 八里庄街道", T0));
        o = applied(lifecycle.redispatch(o, "s1", "s2", T0));
        assertThat(o.part("s2").orElseThrow().lead()).as("the re-dispatched lead part's successor leads").isTrue();
        o = applied(lifecycle.addUnit(o, "dept-env", T0));
        assertThat(o.part("dept-env").orElseThrow().lead()).as("a joint unit assists").isFalse();

        Transition lead = lifecycle.addUnit(o, "dept-city", true, T0);
        assertThat(((Transition.Applied) lead).events().get(0).detail()).isEqualTo("lead");
        o = applied(lead);
        assertThat(o.currentParts()).filteredOn(UnitPart::lead).extracting(UnitPart::unitId)
                .containsExactly("dept-city");
        // a joint unit added later without the flag leaves the lead as it is
        o = applied(lifecycle.redispatch(applied(lifecycle.returnToDesk(o, "dept-water", "not ours", T0)),
                "dept-water", "dept-transport", T0));
        assertThat(o.part("dept-transport").orElseThrow().lead()).isFalse();
    }

    @Test
    void shouldRefuseAJointUnitForAClosedOrder() {
        WorkOrder o = applied(lifecycle.accept(submitted("s1"), "s1", T0));
        o = applied(lifecycle.reply(o, "s1", "done", T0));
        o = applied(lifecycle.close(o, "s1", T0));

        assertThat(lifecycle.addUnit(o, "s2", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.WRONG_STATE));
    }

    @Test
    void shouldCloseAJointOrderOnlyWhenEveryUnitClosedItsPart() {
        WorkOrder o = submitted("s1", "dept-water");
        for (String u : List.of("s1", "dept-water")) {
            o = applied(lifecycle.accept(o, u, T0));
            o = applied(lifecycle.reply(o, u, "fixed", T0));
        }
        o = applied(lifecycle.close(o, "s1", T0));
        assertThat(o.status()).isEqualTo(OrderStatus.IN_PROGRESS);
        assertThat(o.callback()).isNull();
        assertThat(o.part("s1").orElseThrow().state()).isEqualTo(PartState.CLOSED);
        assertThat(o.part("dept-water").orElseThrow().state()).isEqualTo(PartState.REPLIED);

        Transition last = lifecycle.close(o, "dept-water", T0);

        assertThat(types(last)).containsExactly(Type.PART_CLOSED, Type.CLOSED);
        assertThat(applied(last).callback()).isNotNull();
    }

    @Test
    void shouldRecordTheCallbackOnceForEveryUnitThatHandledTheOrder() {
        WorkOrder o = submitted("s2", "s1");
        for (String u : List.of("s2", "s1")) {
            o = applied(lifecycle.accept(o, u, T0));
            o = applied(lifecycle.reply(o, u, "fixed", T0));
            o = applied(lifecycle.close(o, u, T0));
        }
        assertThat(lifecycle.recordCallback(submitted("s1"), true, true, T0))
                .isInstanceOfSatisfying(Transition.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(Refusal.WRONG_STATE));

        Transition.Applied t = (Transition.Applied) lifecycle.recordCallback(o, true, false, T0.plusSeconds(86400));

        assertThat(t.events()).extracting(OrderEvent::unitId).containsExactly("s1", "s2");
        assertThat(t.events()).allMatch(e -> e.type() == Type.CALLBACK_RECORDED
                && e.detail().equals("resolved=true,satisfied=false"));
        assertThat(t.order().callback().resolved()).isTrue();
        assertThat(t.order().callback().satisfied()).isFalse();
        assertThat(lifecycle.recordCallback(t.order(), true, true, T0)).isInstanceOf(Transition.Refused.class);
    }

    @Test
    void shouldRemindOnceThenEscalateOnceWhenTheDeadlinePasses() {
        WorkOrder o = submitted("s1");
        assertThat(o.nextAlertAt()).contains(T0.plusSeconds(12 * 3600));
        assertThat(lifecycle.checkDeadlines(o, T0.plusSeconds(3600)).changed()).isFalse();

        Transition.Applied remind = lifecycle.checkDeadlines(o, T0.plusSeconds(12 * 3600));
        assertThat(remind.events()).extracting(OrderEvent::type).containsExactly(Type.REMINDED);
        o = remind.order();
        assertThat(lifecycle.checkDeadlines(o, T0.plusSeconds(13 * 3600)).changed()).isFalse();
        assertThat(o.nextAlertAt()).contains(T0.plus(Duration.ofDays(1)));

        Transition.Applied overdue = lifecycle.checkDeadlines(o, T0.plus(Duration.ofDays(1)));
        assertThat(overdue.events()).extracting(OrderEvent::type).containsExactly(Type.ESCALATED);
        assertThat(overdue.order().nextAlertAt()).isEmpty();
        assertThat(lifecycle.checkDeadlines(overdue.order(), T0.plus(Duration.ofDays(3))).changed()).isFalse();
    }

    @Test
    void shouldStopTheClockOnceTheUnitReplied() {
        WorkOrder o = applied(lifecycle.accept(submitted("s1"), "s1", T0));
        o = applied(lifecycle.reply(o, "s1", "done", T0));

        assertThat(o.nextAlertAt()).isEmpty();
        assertThat(lifecycle.checkDeadlines(o, T0.plus(Duration.ofDays(5))).changed()).isFalse();
    }

    @Test
    void shouldMarkALateFirstActionAsLate() {
        Transition t = lifecycle.accept(submitted("s1"), "s1", T0.plus(Duration.ofDays(2)));

        assertThat(((Transition.Applied) t).events().get(0).detail()).isEqualTo("late");
    }
}
