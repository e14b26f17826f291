package hotline.orders.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.orders.lifecycle.OrderEvent.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** 催办, 补充诉求, reassigning any open part, and consultations answered on the spot (直接答复). */
class FollowUpTransitionsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    private static final OrderNumber NO = new OrderNumber(LocalDate.of(2026, 12, 1), 7);

    private final Lifecycle lifecycle = new Lifecycle(new DeadlineSchedule() {
        @Override
        public Instant dueAt(UrgencyTier tier, Instant dispatchedAt) {
            return dispatchedAt.plus(Duration.ofDays(1));
        }

        @Override
        public Optional<Instant> remindAt(UrgencyTier tier, Instant dispatchedAt) {
            return Optional.empty();
        }
    });

    private static OrderRequest request(String... units) {
        return new OrderRequest("李先生", "13912345678", new Address("朝阳区", "八里庄街道", "天伦北里"), "lighting",
                UrgencyTier.HOURS_24, "路灯不亮", List.of(units), "c-1", Channel.PHONE, RequestType.COMPLAINT, "");
    }

    private WorkOrder submitted(String... units) {
        return lifecycle.submit(NO, request(units), List.of(), T0).order();
    }

    private static WorkOrder applied(Transition t) {
        assertThat(t).isInstanceOf(Transition.Applied.class);
        return ((Transition.Applied) t).order();
    }

    @Test
    void shouldUrgeEveryUnitStillWorkingOnTheOrderAsANewVersion() {
        WorkOrder o = submitted("s1", "s2");
        o = applied(lifecycle.accept(o, "s1", T0));
        o = applied(lifecycle.reply(o, "s1", "已修复", T0));

        Transition t = lifecycle.urge(o, "市民第二次来电催问", T0.plusSeconds(60));

        WorkOrder urged = applied(t);
        assertThat(urged.version()).isEqualTo(o.version() + 1);
        assertThat(((Transition.Applied) t).events()).containsExactly(
                new OrderEvent(T0.plusSeconds(60), Type.URGED, "s2", "市民第二次来电催问"));
        assertThat(urged.urges()).isEqualTo(1);
        assertThat(urged.urges("s2")).isEqualTo(1);
        assertThat(urged.urges("s1")).isZero();
        assertThat(applied(lifecycle.urge(urged, "", T0.plusSeconds(120))).urges("s2")).isEqualTo(2);
    }

    @Test
    void shouldRefuseToUrgeAnOrderNoUnitWorksOnAnyMore() {
        WorkOrder o = applied(lifecycle.accept(submitted("s1"), "s1", T0));
        o = applied(lifecycle.reply(o, "s1", "已修复", T0));

        assertThat(lifecycle.urge(o, "", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.WRONG_STATE));
        assertThat(lifecycle.supplement(o, "又坏了", T0)).isInstanceOf(Transition.Refused.class);
    }

    @Test
    void shouldAddTheCallersSupplementToEveryOpenPartAndRefuseAnEmptyOne() {
        WorkOrder o = submitted("s1");

        Transition t = lifecycle.supplement(o, "  补充：18号楼东侧第二盏  ", T0.plusSeconds(5));

        assertThat(((Transition.Applied) t).events()).containsExactly(
                new OrderEvent(T0.plusSeconds(5), Type.SUPPLEMENTED, "s1", "补充：18号楼东侧第二盏"));
        assertThat(applied(t).history()).last().extracting(OrderEvent::type).isEqualTo(Type.SUPPLEMENTED);
        assertThat(lifecycle.supplement(o, " ", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.INVALID_ARGUMENT));
    }

    @Test
    void shouldReassignAnAcceptedPartToAnotherUnitWithAFreshDeadline() {
        WorkOrder o = applied(lifecycle.accept(submitted("s1"), "s1", T0));
        Instant later = T0.plus(Duration.ofHours(3));

        WorkOrder moved = applied(lifecycle.reassign(o, "s1", "s2", later));

        assertThat(moved.parts()).extracting(UnitPart::unitId, UnitPart::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("s1", PartState.REASSIGNED),
                org.assertj.core.groups.Tuple.tuple("s2", PartState.DISPATCHED));
        assertThat(moved.part("s2").orElseThrow().dueAt()).isEqualTo(later.plus(Duration.ofDays(1)));
        assertThat(moved.part("s1")).isEmpty();
        assertThat(moved.history()).extracting(OrderEvent::type).endsWith(Type.REASSIGNED, Type.DISPATCHED);
    }

    @Test
    void shouldRefuseToReassignARepliedPartOrToTheSameUnit() {
        WorkOrder o = applied(lifecycle.accept(submitted("s1", "s2"), "s1", T0));

        assertThat(lifecycle.reassign(o, "s1", "s1", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.INVALID_ARGUMENT));
        assertThat(lifecycle.reassign(o, "s1", "s2", T0)).isInstanceOf(Transition.Refused.class);
        WorkOrder replied = applied(lifecycle.reply(o, "s1", "done", T0));
        assertThat(lifecycle.reassign(replied, "s1", "s3", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.WRONG_STATE));
        assertThat(lifecycle.reassign(o, "s9", "s3", T0)).isInstanceOfSatisfying(Transition.Refused.class,
                r -> assertThat(r.reason()).isEqualTo(Refusal.NOT_ASSIGNED));
    }

    @Test
    void shouldReassignAReturnedPartAsARedispatch() {
        WorkOrder o = applied(lifecycle.returnToDesk(submitted("s1"), "s1", "不属本单位", T0));

        WorkOrder moved = applied(lifecycle.reassign(o, "s1", "s2", T0));

        assertThat(moved.status()).isEqualTo(OrderStatus.IN_PROGRESS);
        assertThat(moved.part("s2")).isPresent();
    }

    @Test
    void shouldCloseAConsultationAnsweredOnTheSpotWithoutAUnitOrCallback() {
        OrderRequest consult = new OrderRequest("张女士", "13800138000", new Address("海淀区", "", ""), "policy",
                UrgencyTier.DAYS_15, "咨询居住证办理材料", List.of(), "c-2", Channel.PHONE,
                RequestType.CONSULTATION, " 携带身份证、租房合同到社区服务站办理 ");

        Transition.Applied t = lifecycle.submit(NO, consult, List.of(), T0);

        assertThat(t.order().parts()).isEmpty();
        assertThat(t.order().status()).isEqualTo(OrderStatus.CLOSED);
        assertThat(t.order().callback()).isNull();
        assertThat(t.order().nextAlertAt()).isEmpty();
        assertThat(t.events()).extracting(OrderEvent::type).containsExactly(Type.SUBMITTED, Type.ANSWERED);
        assertThat(t.events().get(1).detail()).isEqualTo("携带身份证、租房合同到社区服务站办理");
        assertThat(lifecycle.urge(t.order(), "", T0)).isInstanceOf(Transition.Refused.class);
        assertThat(lifecycle.addUnit(t.order(), "s1", T0)).isInstanceOf(Transition.Refused.class);
    }

    @Test
    void shouldRefuseAnAnswerOnAnythingButAConsultationWithoutUnits() {
        assertThatThrownBy(() -> new OrderRequest("", "13800138000", new Address("", "", ""), "policy",
                UrgencyTier.DAYS_15, "x", List.of(), null, Channel.PHONE, RequestType.COMPLAINT, "答复"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderRequest("", "13800138000", new Address("", "", ""), "policy",
                UrgencyTier.DAYS_15, "x", List.of("s1"), null, Channel.PHONE, RequestType.CONSULTATION, "答复"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderRequest("", "13800138000", new Address("", "", ""), "policy",
                UrgencyTier.DAYS_15, "x", List.of(), null, Channel.PHONE, RequestType.CONSULTATION, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
