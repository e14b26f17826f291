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

        Transition.Applied t = (Transition.Applied) lifecycle.recordCallback(o, true, true, T0.plusSeconds(86400));

        assertThat(t.events()).extracting(OrderEvent::unitId).containsExactly("s1", "s2");
        assertThat(t.events()).allMatch(e -> e.type() == Type.CALLBACK_RECORDED
                && e.detail().equals("contact=reached,resolved=true,satisfied=true,satisfaction=satisfied"));
        assertThat(t.order().callback().resolved()).isTrue();
        assertThat(t.order().callback().satisfied()).isTrue();
        assertThat(t.order().status()).isEqualTo(OrderStatus.CLOSED);
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

    @Test
    void shouldAmendAnOpenOrderAsANewVersionNamingWhoAndWhatChanged() {
        WorkOrder o = submitted("s1");
        OrderRequest edit = new OrderRequest("王女士", "13912345678", new Address("朝阳区", "八里庄街道", "天伦北里"),
                "noise", UrgencyTier.DAYS_7, "construction noise at night（补充：18号楼东侧）", List.of("s1"), "c-1",
                Channel.PHONE);

        Transition t = lifecycle.amend(o, edit, "demo", T0.plusSeconds(90));

        WorkOrder amended = applied(t);
        assertThat(amended.version()).isEqualTo(2);
        assertThat(amended.request().summary()).endsWith("（补充：18号楼东侧）");
        assertThat(amended.request().phone()).isEqualTo("13912345678");
        assertThat(amended.parts()).isEqualTo(o.parts());
        assertThat(types(t)).containsExactly(Type.AMENDED);
        assertThat(amended.history().get(amended.history().size() - 1).detail())
                .isEqualTo("by=demo;fields=phone,summary");
        assertThat(amended.history().get(amended.history().size() - 1).at()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void shouldRefuseAnAmendmentThatChangesNothingTheUnitsOrTheUrgencyOrOfAClosedOrder() {
        WorkOrder o = submitted("s1");
        assertThat(lifecycle.amend(o, request("s1"), "demo", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.detail()).contains("changes nothing"));
        assertThat(lifecycle.amend(o, request("s2"), "demo", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.detail()).contains("unitIds (s1)"));
        OrderRequest urgent = new OrderRequest("王女士", "13800138000", new Address("朝阳区", "八里庄街道", "天伦北里"),
                "noise", UrgencyTier.HOURS_24, "other text", List.of("s1"), "c-1", Channel.PHONE);
        assertThat(lifecycle.amend(o, urgent, "demo", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.detail()).contains("urgency (7d)"));
        WorkOrder closed = applied(lifecycle.close(applied(lifecycle.reply(applied(lifecycle.accept(o, "s1", T0)),
                "s1", "done", T0)), "s1", T0));
        OrderRequest edit = new OrderRequest("王女士", "13800138000", new Address("朝阳区", "八里庄街道", "天伦北里"),
                "noise", UrgencyTier.DAYS_7, "changed", List.of("s1"), "c-1", Channel.PHONE);
        assertThat(lifecycle.amend(closed, edit, "demo", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.WRONG_STATE));
    }

    private WorkOrder closed(String... units) {
        WorkOrder o = submitted(units);
        for (String u : units) {
            o = applied(lifecycle.accept(o, u, T0));
            o = applied(lifecycle.reply(o, u, "已安排维修人员更换", T0));
            o = applied(lifecycle.close(o, u, T0));
        }
        return o;
    }

    private static final Instant T1 = T0.plus(Duration.ofDays(2));

    // issue 17, defect 5: an unsatisfied result changed nothing on the order
    @Test
    void shouldReopenTheOrderToTheSameUnitsWithAFreshDeadlineWhenTheCitizenIsUnsatisfied() {
        WorkOrder o = closed("s1", "s2");

        Transition.Applied t = (Transition.Applied) lifecycle.recordCallback(o, CallbackResult.reached(
                CallbackResult.Resolution.RESOLVED, CallbackResult.Satisfaction.UNSATISFIED, "  灯还是不亮  "), 3,
                Duration.ofHours(2), T1);

        WorkOrder r = t.order();
        assertThat(r.version()).isEqualTo(o.version() + 1);
        assertThat(r.status()).isEqualTo(OrderStatus.IN_PROGRESS);
        assertThat(r.currentParts()).extracting(UnitPart::unitId).containsExactly("s1", "s2");
        assertThat(r.currentParts()).allMatch(p -> p.state() == PartState.DISPATCHED && p.dispatchedAt().equals(T1)
                && p.dueAt().equals(T1.plus(Duration.ofDays(1))));
        assertThat(r.parts()).filteredOn(p -> p.state() == PartState.REOPENED).hasSize(2);
        assertThat(t.events()).extracting(OrderEvent::type).containsExactly(Type.CALLBACK_RECORDED,
                Type.CALLBACK_RECORDED, Type.REOPENED, Type.DISPATCHED, Type.REOPENED, Type.DISPATCHED);
        assertThat(t.events()).filteredOn(e -> e.type() == Type.REOPENED).extracting(OrderEvent::detail)
                .containsOnly("灯还是不亮");
        assertThat(t.events()).filteredOn(e -> e.type() == Type.DISPATCHED).extracting(OrderEvent::detail)
                .containsOnly(Lifecycle.REOPENED_DISPATCH);
        assertThat(r.callback().satisfied()).isFalse();
        assertThat(r.callback().satisfaction()).isEqualTo(CallbackResult.Satisfaction.UNSATISFIED);
        assertThat(r.callback().note()).isEqualTo("灯还是不亮");
        assertThat(lifecycle.recordCallback(r, true, true, T1)).isInstanceOf(Transition.Refused.class);

        // the reopened order is handled again; its next close gets a new follow-up
        for (String u : List.of("s1", "s2")) {
            r = applied(lifecycle.accept(r, u, T1));
            r = applied(lifecycle.reply(r, u, "已更换灯泡", T1));
            r = applied(lifecycle.close(r, u, T1));
        }
        assertThat(r.status()).isEqualTo(OrderStatus.CLOSED);
        assertThat(r.callback().isPending()).isTrue();
        assertThat(r.callback().createdAt()).isEqualTo(T1);
    }

    @Test
    void shouldReopenWhenUnresolvedAndNotWhenBasicallySatisfiedAndResolved() {
        Transition unresolved = lifecycle.recordCallback(closed("s1"), CallbackResult.reached(
                CallbackResult.Resolution.UNRESOLVED, CallbackResult.Satisfaction.BASICALLY_SATISFIED, ""), 3,
                Duration.ofHours(2), T1);
        assertThat(applied(unresolved).status()).isEqualTo(OrderStatus.IN_PROGRESS);

        Transition.Applied basic = (Transition.Applied) lifecycle.recordCallback(closed("s1"), CallbackResult.reached(
                CallbackResult.Resolution.RESOLVED, CallbackResult.Satisfaction.BASICALLY_SATISFIED, ""), 3,
                Duration.ofHours(2), T1);
        assertThat(basic.order().status()).isEqualTo(OrderStatus.CLOSED);
        assertThat(basic.order().callback().satisfied()).isTrue();
        assertThat(basic.events()).extracting(OrderEvent::detail)
                .containsExactly("contact=reached,resolved=true,satisfied=true,satisfaction=basic");
    }

    @Test
    void shouldBringAnUnansweredCallbackBackLaterUpToTheLastAttempt() {
        WorkOrder o = closed("s1");
        CallbackResult noAnswer = CallbackResult.unreached(CallbackResult.Contact.NO_ANSWER, "关机");

        Transition.Applied first = (Transition.Applied) lifecycle.recordCallback(o, noAnswer, 2, Duration.ofHours(2),
                T1);

        assertThat(first.events()).extracting(OrderEvent::type).containsExactly(Type.CALLBACK_ATTEMPT);
        CallbackTask task = first.order().callback();
        assertThat(task.isPending()).isTrue();
        assertThat(task.attempts()).isEqualTo(1);
        assertThat(task.retryAt()).isEqualTo(T1.plus(Duration.ofHours(2)));
        assertThat(task.waitingAt(T1.plus(Duration.ofHours(1)))).isTrue();
        assertThat(task.waitingAt(T1.plus(Duration.ofHours(2)))).isFalse();

        Transition.Applied last = (Transition.Applied) lifecycle.recordCallback(first.order(), noAnswer, 2,
                Duration.ofHours(2), T1.plus(Duration.ofHours(3)));

        assertThat(last.events()).extracting(OrderEvent::type).containsExactly(Type.CALLBACK_RECORDED);
        assertThat(last.events().get(0).detail()).isEqualTo("contact=noAnswer");
        assertThat(last.order().callback().isPending()).isFalse();
        assertThat(last.order().callback().attempts()).isEqualTo(2);
        assertThat(last.order().callback().resolved()).isNull();
        assertThat(last.order().status()).isEqualTo(OrderStatus.CLOSED);
    }

    @Test
    void shouldCloseTheTaskUnreachedAtOnceWhenTheCitizenRefusesOrTheNumberIsWrong() {
        for (CallbackResult.Contact c : List.of(CallbackResult.Contact.REFUSED, CallbackResult.Contact.WRONG_NUMBER)) {
            Transition.Applied t = (Transition.Applied) lifecycle.recordCallback(closed("s1"),
                    CallbackResult.unreached(c, ""), 3, Duration.ofHours(2), T1);
            assertThat(t.order().callback().isPending()).isFalse();
            assertThat(t.order().callback().contact()).isEqualTo(c);
            assertThat(t.order().status()).isEqualTo(OrderStatus.CLOSED);
            assertThat(t.events()).extracting(OrderEvent::detail).containsExactly("contact=" + c.code());
        }
    }

    @Test
    void shouldRefuseAResultThatMixesReachedAndUnreachedAnswers() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CallbackResult(CallbackResult.Contact.REACHED,
                CallbackResult.Resolution.RESOLVED, null, "")).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CallbackResult(CallbackResult.Contact.REFUSED,
                null, CallbackResult.Satisfaction.SATISFIED, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMarkAnEscalatedUnrespondedPartAndItsLaterResponse() {
        WorkOrder o = submitted("s1");
        Transition.Applied overdue = lifecycle.checkDeadlines(o, T0.plus(Duration.ofDays(1)));
        assertThat(overdue.events()).extracting(OrderEvent::detail)
                .allMatch(d -> d.endsWith(Lifecycle.UNRESPONDED));

        Transition t = lifecycle.accept(overdue.order(), "s1", T0.plus(Duration.ofDays(2)));

        assertThat(((Transition.Applied) t).events().get(0).detail()).isEqualTo("lateOverdue");
    }
}
