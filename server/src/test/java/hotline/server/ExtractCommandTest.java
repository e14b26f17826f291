package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.OrdersConfig;
import hotline.orders.extract.DraftExtractor;
import hotline.server.http.DraftsApi;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExtractCommandTest {
    private static DraftExtractor extractor;

    @BeforeAll
    static void load() {
        extractor = DraftsApi.createExtractor(new OrdersConfig("110000", null));
    }

    private static List<JsonObject> run(String input, int expectedErrors) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int errors = ExtractCommand.run(extractor, new BufferedReader(new StringReader(input)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(errors).isEqualTo(expectedErrors);
        return bytes.toString(StandardCharsets.UTF_8).lines().map(JsonObject::new).toList();
    }

    @Test
    void shouldWriteOneDraftLinePerInputLineInOrder() throws Exception {
        List<JsonObject> out = run("{\"id\":\"a\",\"text\":\"我叫王芳，住在天伦北里，路灯坏了，电话13812345678\"}\n"
                + "{\"id\":\"b\",\"text\":\"My name is Li Wei, the street light is broken, call 138 1234 5678.\"}\n", 0);

        assertThat(out).hasSize(2);
        JsonObject a = out.get(0);
        assertThat(a.getString("id")).isEqualTo("a");
        assertThat(a.getString("name")).isEqualTo("王芳");
        assertThat(a.getString("surname")).isEqualTo("王");
        assertThat(a.getString("phone")).isEqualTo("13812345678");
        assertThat(a.getString("district")).isEqualTo("丰台区");
        assertThat(a.getString("street")).isEqualTo("太平桥街道");
        assertThat(a.getString("community")).isEqualTo("天伦北里社区");
        assertThat(a.getString("category")).isEqualTo("street_light");
        assertThat(a.getString("urgency")).isEqualTo("7d");
        assertThat(a.getJsonObject("confidence").getDouble("community")).isPositive();
        assertThat(out.get(1).getString("id")).isEqualTo("b");
        assertThat(out.get(1).getString("surname")).isEqualTo("Li");
    }

    @Test
    void shouldAnswerBadLinesWithAnErrorNamingTheLineAndGoOn() throws Exception {
        List<JsonObject> out = run("{\"id\":\"1\",\"text\":\"路灯坏了\"}\n"
                + "not json\n"
                + "\n"
                + "{\"id\":\"3\"}\n"
                + "{\"text\":\"no id\"}\n"
                + "{\"id\":7,\"text\":\"停水了\"}\n", 3);

        assertThat(out).hasSize(5);
        assertThat(out.get(0).getString("category")).isEqualTo("street_light");
        assertThat(out.get(1).getInteger("line")).isEqualTo(2);
        assertThat(out.get(1).getString("error")).startsWith("expected a JSON object");
        assertThat(out.get(2).getString("id")).isEqualTo("3");
        assertThat(out.get(2).getInteger("line")).isEqualTo(4);
        assertThat(out.get(2).getString("error")).startsWith("text:");
        assertThat(out.get(3).getString("error")).startsWith("id:");
        assertThat(out.get(4).getString("id")).isEqualTo("7");
        assertThat(out.get(4).getString("urgency")).isEqualTo("24h");
    }
}
