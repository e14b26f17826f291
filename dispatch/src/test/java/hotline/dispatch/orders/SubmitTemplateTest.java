package hotline.dispatch.orders;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.orders.lifecycle.Address;
import hotline.orders.lifecycle.Channel;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.OrderNumber;
import hotline.orders.lifecycle.OrderRequest;
import hotline.orders.lifecycle.UrgencyTier;
import hotline.orders.lifecycle.WorkOrder;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order document submit.lua assembles from the pieces {@link RedisOrderStore#template} cuts. */
class SubmitTemplateTest {
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    private final Lifecycle lifecycle = new Lifecycle(OrderJsonTest.DAY);

    private static OrderRequest request(String summary) {
        return new OrderRequest("王女士 \"quoted\"", "13800138000", new Address("朝阳区", "八里庄街道", "天伦北里"),
                "noise", UrgencyTier.DAYS_7, summary, List.of("s1", "s2"), "C1", Channel.PHONE);
    }

    /** What submit.lua does with the pieces, the number and the links. */
    private static String assemble(List<String> pieces, String number, List<String> links) {
        String array = links.isEmpty() ? "[]" : "[\"" + String.join("\",\"", links) + "\"]";
        return pieces.get(0) + number + pieces.get(1) + array + pieces.get(2) + String.join(",", links)
                + pieces.get(3);
    }

    @Test
    void shouldAssembleExactlyTheDocumentOfTheOrderWithItsNumberAndLinks() {
        OrderRequest r = request("夜间施工噪音, \\u0001 and \"quotes\" survive");
        List<String> pieces = RedisOrderStore.template(lifecycle.submit(new OrderNumber(DAY, 1), r, List.of(), T0)
                .order());
        assertThat(pieces).hasSize(4);

        for (List<String> links : List.of(List.<String>of(), List.of("20261130-000007"),
                List.of("20261130-000009", "20261129-000001"))) {
            WorkOrder real = lifecycle.submit(new OrderNumber(DAY, 42), r, links, T0).order();
            String doc = assemble(pieces, "20261201-000042", links);
            assertThat(new JsonObject(doc)).isEqualTo(OrderJson.toJson(real));
            assertThat(OrderJson.fromJson(new JsonObject(doc))).isEqualTo(real);
        }
    }

    @Test
    void shouldRefuseTheTemplateWhenTheRequestsOwnTextHoldsAStandIn() {
        // a summary that is exactly the number's stand-in: the two-step submit takes over
        OrderRequest r = request("\u0001hotline:number\u0001");
        assertThat(RedisOrderStore.template(lifecycle.submit(new OrderNumber(DAY, 1), r, List.of(), T0).order()))
                .isNull();
    }
}
