package hotline.server.orders;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.dispatch.orders.StreamEntry;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitFeedTest {

    @Test
    void shouldSpliceTheStoredDocumentIntoAValidFrame() {
        String doc = "{\"number\":\"20261201-000001\",\"summary\":\"夜间 \\\"施工\\\" }{\",\"parts\":[]}";
        StreamEntry e = new StreamEntry("hotline:unit:s1:orders", "1796156284654-0",
                Map.of("type", "dispatched", "order", "20261201-000001", "unit", "s1", "doc", doc), true);

        JsonObject frame = new JsonObject(UnitFeed.frame(e));

        assertThat(frame.getString("type")).isEqualTo("dispatched");
        assertThat(frame.getString("entryId")).isEqualTo("1796156284654-0");
        assertThat(frame.getBoolean("redelivery")).isTrue();
        assertThat(frame.getJsonObject("order")).isEqualTo(new JsonObject(doc));
    }

    @Test
    void shouldMaskTheCallersNumberInAUnitHandlersFrame() {
        String doc = "{\"number\":\"20261201-000001\",\"phone\":\"13812345678\",\"summary\":\"回电13812345678\","
                + "\"parts\":[]}";
        StreamEntry e = new StreamEntry("hotline:unit:s1:orders", "1796156284654-0",
                Map.of("type", "dispatched", "doc", doc), false);

        JsonObject frame = new JsonObject(UnitFeed.maskedFrame(UnitFeed.frame(e)));

        assertThat(frame.getString("type")).isEqualTo("dispatched");
        assertThat(frame.getString("entryId")).isEqualTo("1796156284654-0");
        assertThat(frame.getJsonObject("order").getString("phone")).isEqualTo("138****5678");
        assertThat(frame.getJsonObject("order").getString("summary")).isEqualTo("回电138****5678");
        assertThat(frame.encode()).doesNotContain("12345678");
    }
}
