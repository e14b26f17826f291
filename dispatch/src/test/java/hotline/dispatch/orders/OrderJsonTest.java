package hotline.dispatch.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.orders.lifecycle.Address;
import hotline.orders.lifecycle.Channel;
import hotline.orders.lifecycle.DeadlineSchedule;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.OrderNumber;
import hotline.orders.lifecycle.OrderRequest;
import hotline.orders.lifecycle.Transition;
import hotline.orders.lifecycle.UrgencyTier;
import hotline.orders.lifecycle.WorkOrder;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderJsonTest {
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

    static final DeadlineSchedule DAY = new DeadlineSchedule() {
        @Override
        public Instant dueAt(UrgencyTier tier, Instant dispatchedAt) {
            return dispatchedAt.plus(Duration.ofDays(1));
        }

        @Override
        public Optional<Instant> remindAt(UrgencyTier tier, Instant dispatchedAt) {
            return Optional.of(dispatchedAt.plus(Duration.ofHours(1)));
        }
    };

    @Test
    void shouldRoundTripAnOrderThroughEveryStateItCanReach() {
        Lifecycle lc = new Lifecycle(DAY);
        WorkOrder o = lc.submit(new OrderNumber(LocalDate.of(2026, 12, 1), 7), new OrderRequest("王女士", "13800138000",
                new Address("朝阳区", "八里庄街道", "天伦北里"), "noise", UrgencyTier.DAYS_7, "夜间施工噪音",
                List.of("s1", "s2"), null, Channel.ONLINE), List.of("20261130-000001"), T0).order();
        o = ((Transition.Applied) lc.accept(o, "s1", T0)).order();
        o = ((Transition.Applied) lc.reply(o, "s1", "已协调停工", T0)).order();
        o = ((Transition.Applied) lc.close(o, "s1", T0)).order();
        o = ((Transition.Applied) lc.returnToDesk(o, "s2", "不属于本单位", T0)).order();
        o = ((Transition.Applied) lc.redispatch(o, "s2", "s3", T0)).order();
        o = ((Transition.Applied) lc.accept(o, "s3", T0)).order();
        o = ((Transition.Applied) lc.reply(o, "s3", "done", T0)).order();
        o = ((Transition.Applied) lc.close(o, "s3", T0)).order();
        // 联系不上 once (comes back later), then reached and 不满意: 重办 (the closed parts reopened)
        o = ((Transition.Applied) lc.recordCallback(o, hotline.orders.lifecycle.CallbackResult.unreached(
                hotline.orders.lifecycle.CallbackResult.Contact.NO_ANSWER, "关机"), 3, Duration.ofHours(2),
                T0.plusSeconds(30))).order();
        assertThat(OrderJson.fromJson(OrderJson.toJson(o))).isEqualTo(o);
        o = ((Transition.Applied) lc.recordCallback(o, hotline.orders.lifecycle.CallbackResult.reached(
                hotline.orders.lifecycle.CallbackResult.Resolution.RESOLVED,
                hotline.orders.lifecycle.CallbackResult.Satisfaction.UNSATISFIED, "说\"灯还不亮\""), 3,
                Duration.ofHours(2), T0.plusSeconds(60))).order();

        JsonObject json = OrderJson.toJson(o);

        assertThat(OrderJson.fromJson(new JsonObject(json.encode()))).isEqualTo(o);
        assertThat(json.getString("number")).isEqualTo("20261201-000007");
        assertThat(json.getString("status")).isEqualTo("IN_PROGRESS");
        assertThat(json.getJsonObject("callback").getString("satisfaction")).isEqualTo("unsatisfied");
        assertThat(json.getJsonObject("callback").getInteger("attempts")).isEqualTo(1);
        assertThat(o.parts()).anyMatch(p -> p.state() == hotline.orders.lifecycle.PartState.REOPENED);
        assertThat(json.getString("urgency")).isEqualTo("7d");
        assertThat(OrderJson.encode(o)).isEqualTo(json.encode());
    }

    @Test
    void shouldReadAnOrderWrittenBeforeLeadUnitsWithItsFirstUnitOrItsRedispatchSuccessorAsTheLead() {
        Lifecycle lc = new Lifecycle(DAY);
        WorkOrder o = lc.submit(new OrderNumber(LocalDate.of(2026, 12, 1), 8), new OrderRequest("王女士", "13800138000",
                new Address("朝阳区", "八里庄街道", "天伦北里"), "noise", UrgencyTier.DAYS_7, "夜间施工噪音",
                List.of("s1", "s2"), null, Channel.ONLINE), List.of(), T0).order();
        o = ((Transition.Applied) lc.returnToDesk(o, "s1", "不属于本单位", T0)).order();
        o = ((Transition.Applied) lc.redispatch(o, "s1", "s3", T0)).order();
        JsonObject json = OrderJson.toJson(o);
        assertThat(json.getJsonArray("parts").getJsonObject(2).getBoolean("lead")).isTrue();
        json.getJsonArray("parts").forEach(p -> ((JsonObject) p).remove("lead")); // as stored before 主办/协办

        assertThat(OrderJson.fromJson(json).parts()).extracting(p -> p.unitId() + ":" + p.lead())
                .containsExactly("s1:false", "s2:false", "s3:true");
        // a new order's first unit leads
        assertThat(OrderJson.fromJson(OrderJson.toJson(lc.submit(new OrderNumber(LocalDate.of(2026, 12, 1), 9),
                o.request(), List.of(), T0).order())).parts()).extracting(p -> p.lead()).containsExactly(true, false);
    }

    @Test
    void shouldEncodeDirectlyExactlyAsTheJsonTreeDoes() {
        Lifecycle lc = new Lifecycle(DAY);
        // quotes, backslashes, every control character, non-BMP and Chinese text, nulls where the fields allow them
        StringBuilder awkward = new StringBuilder("他说\"别吵\" C:\\path / \u2028 😀 ");
        for (char c = 0; c < 0x20; c++) {
            awkward.append(c);
        }
        awkward.append('\u007f');
        WorkOrder o = lc.submit(new OrderNumber(LocalDate.of(2026, 12, 1), 42), new OrderRequest(awkward.toString(),
                "", new Address("朝阳区", "", ""), "noise", UrgencyTier.HOURS_2, awkward.toString(),
                List.of("s1"), "c-\"1", Channel.PHONE), List.of(), T0).order();
        assertThat(OrderJson.encode(o)).isEqualTo(OrderJson.toJson(o).encode());
        o = ((Transition.Applied) lc.link(o, List.of("20261130-000001", "20261129-000002"), T0)).order();
        o = ((Transition.Applied) lc.returnToDesk(o, "s1", awkward.toString(), T0)).order();
        assertThat(OrderJson.encode(o)).isEqualTo(OrderJson.toJson(o).encode());
        assertThat(OrderJson.fromJson(new JsonObject(OrderJson.encode(o)))).isEqualTo(o);
    }

    @Test
    void shouldNameWhatIsWrongWithABrokenDocument() {
        assertThatThrownBy(() -> OrderJson.fromJson(new JsonObject().put("number", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("number");
        assertThatThrownBy(() -> OrderJson.fromJson(new JsonObject().put("number", "20261201-000001")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
