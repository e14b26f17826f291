package hotline.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.OrdersConfig;
import hotline.orders.extract.DraftExtractor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/drafts} over loopback HTTP: a real Vert.x HTTP server on an ephemeral port of 127.0.0.1 with the
 * real extractor (Beijing gazetteer, packaged rules), the JDK's HTTP client.
 */
class DraftsApiProtocolTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static Vertx vertx;
    private static HttpServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        DraftExtractor extractor = DraftsApi.createExtractor(new OrdersConfig("110000", null));
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(16 * 1024));
        new DraftsApi(extractor).mount(router);
        server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    static void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    void shouldReturnTheDraftWithConfidencesForAChineseTranscript() throws Exception {
        JsonObject draft = json(post(new JsonObject().put("text", "你好 我 姓 张 张 先生 我 住 在 朝阳 区 八里庄 街道 "
                + "楼道 里 闻到 煤气 味 电话 幺 三 九 八 七 六 五 四 三 二 一").encode()), 200);

        assertThat(draft.getString("name")).isEqualTo("张先生");
        assertThat(draft.getString("surname")).isEqualTo("张");
        assertThat(draft.getString("phone")).isEqualTo("13987654321");
        assertThat(draft.getString("district")).isEqualTo("朝阳区");
        assertThat(draft.getString("street")).isEqualTo("八里庄街道");
        assertThat(draft.getString("category")).isEqualTo("gas_power");
        assertThat(draft.getString("urgency")).isEqualTo("2h");
        assertThat(draft.getString("unit")).isEqualTo("市城市管理委员会");
        assertThat(draft.getValue("community")).isNull();
        assertThat(draft.containsKey("community")).isTrue();
        JsonObject confidence = draft.getJsonObject("confidence");
        assertThat(confidence.fieldNames()).contains("name", "surname", "phone", "district", "street", "community",
                "category", "urgency");
        assertThat(confidence.getDouble("phone")).isBetween(0.5, 1.0);
        assertThat(confidence.getDouble("community")).isZero();
    }

    @Test
    void shouldListBothStreetsWhenTheStreetIsAmbiguous() throws Exception {
        JsonObject draft = json(post("{\"text\":\"八里庄街道这边路灯坏了\"}"), 200);

        assertThat(draft.getValue("street")).isNull();
        assertThat(draft.getJsonArray("streetCandidates").getList())
                .containsExactly("八里庄街道（朝阳区）", "八里庄街道（海淀区）");
    }

    @Test
    void shouldUseTheCallerNumberWhenNoneIsSaid() throws Exception {
        JsonObject draft = json(post("{\"text\":\"the street light is broken\",\"callerNumber\":\"13800138000\"}"),
                200);

        assertThat(draft.getString("phone")).isEqualTo("13800138000");
        assertThat(draft.getJsonObject("confidence").getDouble("phone")).isEqualTo(0.6);
        assertThat(draft.getString("category")).isEqualTo("street_light");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"text\":", "[]", "\"text\"", "", "null"})
    void shouldReject400NamingTheBodyWhenItIsNotAJsonObject(String body) throws Exception {
        JsonObject error = error(post(body));

        assertThat(error.getString("error")).startsWith("body:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"text\":42}", "{\"text\":null}", "{\"text\":[\"a\"]}"})
    void shouldReject400NamingTextWhenItIsMissingOrNotAString(String body) throws Exception {
        assertThat(error(post(body)).getString("error")).startsWith("text:");
    }

    @Test
    void shouldReject400NamingUnknownFieldsAndBadCallerNumbers() throws Exception {
        assertThat(error(post("{\"text\":\"x\",\"priority\":1}")).getString("error")).startsWith("priority:");
        assertThat(error(post("{\"text\":\"x\",\"callerNumber\":\"<script>\"}")).getString("error"))
                .startsWith("callerNumber:");
        assertThat(error(post("{\"text\":\"x\",\"callerNumber\":13800138000}")).getString("error"))
                .startsWith("callerNumber:");
    }

    @Test
    void shouldReject400WhenTheTextIsTooLong() throws Exception {
        String body = new JsonObject().put("text", "a".repeat(DraftsApi.MAX_TEXT + 1)).encode();

        assertThat(error(post(body)).getString("error")).startsWith("text:").contains("5000");
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort()
                + "/api/drafts")).timeout(TIMEOUT).header("content-type", "application/json")
                .POST(BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        return new JsonObject(response.body());
    }

    private static JsonObject error(HttpResponse<String> response) {
        JsonObject body = json(response, 400);
        assertThat(body.fieldNames()).containsExactlyInAnyOrder("error", "code");
        assertThat(body.getString("code")).isEqualTo("BAD_REQUEST");
        return body;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
