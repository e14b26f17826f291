package hotline.orders.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.orders.lifecycle.Address;
import hotline.orders.lifecycle.Channel;
import hotline.orders.lifecycle.DeadlineSchedule;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.OrderNumber;
import hotline.orders.lifecycle.OrderRequest;
import hotline.orders.lifecycle.OrderStatus;
import hotline.orders.lifecycle.RequestType;
import hotline.orders.lifecycle.Transition;
import hotline.orders.lifecycle.UrgencyTier;
import hotline.orders.lifecycle.WorkOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderFilterTest {
    private static final Instant T0 = Instant.parse("2026-12-08T02:00:00Z");
    private final Lifecycle lifecycle = new Lifecycle(new DeadlineSchedule() {
        @Override
        public Instant dueAt(UrgencyTier tier, Instant at) {
            return at.plus(tier == UrgencyTier.HOURS_2 ? Duration.ofHours(2) : Duration.ofDays(1));
        }

        @Override
        public Optional<Instant> remindAt(UrgencyTier tier, Instant at) {
            return Optional.empty();
        }
    });

    private WorkOrder order(int n, String phone, String district, String street, UrgencyTier tier, Instant at,
            String... units) {
        return lifecycle.submit(new OrderNumber(LocalDate.of(2026, 12, 8), n), new OrderRequest("李先生", phone,
                new Address(district, street, "天伦北里"), "lighting", tier, "路灯不亮 第" + n + "盏", List.of(units), null,
                Channel.PHONE, RequestType.COMPLAINT, ""), List.of(), at).order();
    }

    @Test
    void shouldReadANumberAPhoneOrText() {
        assertThat(OrderQuery.parse(" 20261208-000051 ")).isEqualTo(new OrderQuery(OrderQuery.Kind.NUMBER,
                "20261208-000051"));
        assertThat(OrderQuery.parse("139 1234-5678")).isEqualTo(new OrderQuery(OrderQuery.Kind.PHONE, "13912345678"));
        assertThat(OrderQuery.parse("+8613912345678").value()).isEqualTo("13912345678");
        assertThat(OrderQuery.parse("八里庄街道")).isEqualTo(new OrderQuery(OrderQuery.Kind.TEXT, "八里庄街道"));
        assertThat(OrderQuery.parse("  ").kind()).isEqualTo(OrderQuery.Kind.ALL);
        assertThat(OrderQuery.parse("5678").kind()).isEqualTo(OrderQuery.Kind.TEXT); // a partial number is text
        assertThatThrownBy(() -> OrderQuery.parse("x".repeat(65))).hasMessageContaining("q: expected at most 64");
    }

    @Test
    void shouldMatchByNumberPhoneAndAddressText() {
        WorkOrder a = order(1, "13912345678", "朝阳区", "八里庄街道", UrgencyTier.HOURS_24, T0, "balizhuang");
        WorkOrder b = order(2, "13800138000", "海淀区", "中关村街道", UrgencyTier.HOURS_24, T0, "zgc");
        List<WorkOrder> all = List.of(a, b);

        assertThat(OrderFilter.of(OrderQuery.parse("20261208-000002")).apply(all, T0, 0, 10).orders())
                .containsExactly(b);
        assertThat(OrderFilter.of(OrderQuery.parse("13912345678")).apply(all, T0, 0, 10).orders()).containsExactly(a);
        assertThat(OrderFilter.of(OrderQuery.parse("朝阳区八里庄")).apply(all, T0, 0, 10).orders()).containsExactly(a);
        assertThat(OrderFilter.of(OrderQuery.parse("第2盏")).apply(all, T0, 0, 10).orders()).containsExactly(b);
        assertThat(OrderFilter.of(OrderQuery.parse("13912")).apply(all, T0, 0, 10).total()).isZero();
    }

    @Test
    void shouldListOpenOrdersByDeadlineBeforeClosedOnesAndPage() {
        WorkOrder later = order(1, "13900000001", "朝阳区", "八里庄街道", UrgencyTier.HOURS_24, T0, "u1");
        WorkOrder urgent = order(2, "13900000002", "朝阳区", "八里庄街道", UrgencyTier.HOURS_2, T0, "u1");
        WorkOrder closed = closed(order(3, "13900000003", "朝阳区", "八里庄街道", UrgencyTier.HOURS_2, T0, "u1"));

        OrderFilter.Page page = OrderFilter.of(OrderQuery.parse("")).apply(List.of(closed, later, urgent, later), T0,
                0, 2);

        assertThat(page.total()).isEqualTo(3);
        assertThat(page.orders()).containsExactly(urgent, later);
        assertThat(OrderFilter.of(OrderQuery.parse("")).apply(List.of(closed, later, urgent), T0, 2, 2).orders())
                .containsExactly(closed);
    }

    @Test
    void shouldFilterByStateUnitDistrictUrgencyTypeAndOverdue() {
        WorkOrder a = order(1, "13900000001", "朝阳区", "八里庄街道", UrgencyTier.HOURS_2, T0, "u1");
        WorkOrder b = order(2, "13900000002", "海淀区", "中关村街道", UrgencyTier.HOURS_24, T0, "u2");
        WorkOrder c = closed(order(3, "13900000003", "朝阳区", "八里庄街道", UrgencyTier.HOURS_2, T0, "u1"));
        List<WorkOrder> all = List.of(a, b, c);
        Instant in3h = T0.plus(Duration.ofHours(3));
        OrderQuery any = OrderQuery.parse("");

        assertThat(new OrderFilter(any, null, true, null, null, null, null, null, false).apply(all, in3h, 0, 9)
                .orders()).containsExactly(a, b);
        assertThat(new OrderFilter(any, null, true, null, null, null, null, null, true).apply(all, in3h, 0, 9)
                .orders()).containsExactly(a);
        assertThat(new OrderFilter(any, OrderStatus.CLOSED, false, null, null, null, null, null, false)
                .apply(all, in3h, 0, 9).orders()).containsExactly(c);
        assertThat(new OrderFilter(any, null, false, "u2", null, null, null, null, false).apply(all, in3h, 0, 9)
                .orders()).containsExactly(b);
        assertThat(new OrderFilter(any, null, false, null, "朝阳区", null, UrgencyTier.HOURS_2, null, false)
                .apply(all, in3h, 0, 9).orders()).containsExactly(a, c);
        assertThat(new OrderFilter(any, null, false, null, null, "lighting", null, RequestType.CONSULTATION, false)
                .apply(all, in3h, 0, 9).orders()).isEmpty();
    }

    private WorkOrder closed(WorkOrder o) {
        String u = o.parts().get(0).unitId();
        o = ((Transition.Applied) lifecycle.accept(o, u, T0)).order();
        o = ((Transition.Applied) lifecycle.reply(o, u, "done", T0)).order();
        return ((Transition.Applied) lifecycle.close(o, u, T0)).order();
    }
}
