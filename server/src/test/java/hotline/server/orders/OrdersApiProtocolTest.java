package hotline.server.orders;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.orders.deadline.WorkCalendar;
import hotline.orders.deadline.WorkingTimeDeadlines;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.RepeatRule;
import hotline.orders.rating.Rating;
import hotline.server.http.OrdersApi;
import hotline.testkit.FakeClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The order routes over loopback HTTP, on {@link FakeOrderStore}: validation, status codes, error bodies. */
class OrdersApiProtocolTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String ORDER = "{\"requestId\":\"r-1\",\"callerName\":\"王女士\",\"phone\":\"138 0013 8000\","
            + "\"district\":\"朝阳区\",\"street\":\"八里庄街道\",\"community\":\"天伦北里\",\"category\":\"noise\","
            + "\"urgency\":\"24h\",\"summary\":\"夜间施工噪音\",\"unitIds\":[\"s1\",\"s1\",\"dept-env\"],"
            + "\"channel\":\"phone\"}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Vertx vertx;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        OrdersService service = new OrdersService(new FakeOrderStore(), new Lifecycle(new WorkingTimeDeadlines(
                new WorkCalendar(ZONE, LocalTime.of(9, 0), LocalTime.of(17, 30), Set.of(), Set.of()), false, 4)),
                new RepeatRule(RepeatRule.DEFAULT_WINDOW), Rating.standard(),
                new FakeClock(Instant.parse("2026-12-01T02:00:00Z")), ZONE);
        Router router = Router.router(vertx);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(16 * 1024));
        new OrdersApi(service, new UnitFeed()).mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldCreateWithA201AndAnswerTheSameOrderWithA200WhenRetried() throws Exception {
        HttpResponse<String> created = post("/api/orders", ORDER);
        HttpResponse<String> again = post("/api/orders", ORDER);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject order = new JsonObject(created.body());
        assertThat(order.getString("number")).isEqualTo("20261201-000001");
        assertThat(order.getString("phone")).isEqualTo("13800138000");
        assertThat(order.getJsonArray("unitIds").getList()).containsExactly("s1", "dept-env");
        assertThat(order.getJsonArray("parts")).hasSize(2);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(again.body()).getString("number")).isEqualTo("20261201-000001");
        assertThat(get("/api/orders/20261201-000001").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAReusedRequestIdWithAnotherBodyWith409NamingTheIdRatherThanAnswerTheEarlierOrder()
            throws Exception {
        post("/api/orders", ORDER);

        HttpResponse<String> r = post("/api/orders", ORDER.replace("夜间施工噪音", "夜间施工噪音（补充：18号楼东侧）"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        JsonObject error = new JsonObject(r.body());
        assertThat(error.getString("code")).isEqualTo("REQUEST_ID_REUSED");
        assertThat(error.getString("error")).contains("requestId r-1").contains("20261201-000001");
        assertThat(new JsonObject(get("/api/orders/20261201-000001").body()).getString("summary"))
                .isEqualTo("夜间施工噪音");
    }

    @Test
    void shouldAmendAnOpenOrderAsItsNextVersionWithWhoAndWhatChanged() throws Exception {
        post("/api/orders", ORDER);
        String edited = ORDER.replace("\"requestId\":\"r-1\",", "")
                .replace("夜间施工噪音", "夜间施工噪音（补充：18号楼东侧）").replace("天伦北里", "天伦北里二区");

        HttpResponse<String> r = post("/api/orders/20261201-000001/amend", edited);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject order = new JsonObject(get("/api/orders/20261201-000001").body());
        assertThat(order.getString("summary")).isEqualTo("夜间施工噪音（补充：18号楼东侧）");
        assertThat(order.getString("community")).isEqualTo("天伦北里二区");
        assertThat(order.getInteger("version")).isEqualTo(2);
        JsonObject last = order.getJsonArray("history").getJsonObject(order.getJsonArray("history").size() - 1);
        assertThat(last.getString("type")).isEqualTo("AMENDED");
        assertThat(last.getString("detail")).isEqualTo("by=api;fields=community,summary");
        HttpResponse<String> same = post("/api/orders/20261201-000001/amend", edited);
        assertThat(same.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(same.body()).getString("error")).contains("changes nothing");
        HttpResponse<String> otherUnit = post("/api/orders/20261201-000001/amend",
                edited.replace("[\"s1\",\"s1\",\"dept-env\"]", "[\"s2\"]").replace("二区", "三区"));
        assertThat(otherUnit.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(otherUnit.body()).getString("error")).contains("unitIds");
        assertThat(post("/api/orders/20261201-000001/amend", "{\"summary\":\"\"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/orders/20261201-000099/amend", edited).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseAnOutOfOrderActionWith409AndTheReasonCode() throws Exception {
        post("/api/orders", ORDER);

        HttpResponse<String> r = post("/api/orders/20261201-000001/units/s1/reply", "{\"reply\":\"done\"}");

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("WRONG_STATE");
        HttpResponse<String> stranger = post("/api/orders/20261201-000001/units/s9/accept", "");
        assertThat(new JsonObject(stranger.body()).getString("code")).isEqualTo("NOT_ASSIGNED");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"phone\":\"x\"}",
        "[1,2]",
        "{not json",
        "{\"callerName\":\"a\",\"phone\":\"13800138000\",\"category\":\"Noise!\",\"urgency\":\"7d\","
            + "\"summary\":\"s\",\"unitIds\":[\"s1\"],\"channel\":\"phone\"}",
        "{\"callerName\":\"a\",\"phone\":\"13800138000\",\"category\":\"noise\",\"urgency\":\"7d\","
            + "\"summary\":\"  \",\"unitIds\":[\"s1\"],\"channel\":\"phone\"}",
        "{\"callerName\":\"a\",\"phone\":\"13800138000\",\"category\":\"noise\",\"urgency\":\"7d\","
            + "\"summary\":\"s\",\"unitIds\":[\"s 1\"],\"channel\":\"phone\"}",
        "{\"requestId\":\"a b\",\"callerName\":\"a\",\"phone\":\"13800138000\",\"category\":\"noise\","
            + "\"urgency\":\"7d\",\"summary\":\"s\",\"unitIds\":[\"s1\"],\"channel\":\"phone\"}"
    })
    void shouldAnswerA400WithTheJsonErrorForEveryMalformedOrder(String body) throws Exception {
        HttpResponse<String> r = post("/api/orders", body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonObject error = new JsonObject(r.body());
        assertThat(error.getString("code")).isEqualTo("BAD_REQUEST");
        assertThat(error.getString("error")).isNotBlank();
    }

    @Test
    void shouldListAReturnedOrderAtTheDeskUntilItIsRedispatchedAndAddAJointUnit() throws Exception {
        post("/api/orders", ORDER);
        assertThat(new JsonObject(get("/api/desk/orders").body()).getJsonArray("orders")).isEmpty();

        post("/api/orders/20261201-000001/units/s1/return", "{\"reason\":\"不属于本街道\"}");
        JsonObject desk = new JsonObject(get("/api/desk/orders").body());
        assertThat(desk.getJsonArray("orders")).hasSize(1);
        assertThat(desk.getJsonArray("orders").getJsonObject(0).getString("status")).isEqualTo("AT_DESK");

        HttpResponse<String> moved = post("/api/orders/20261201-000001/units/s1/redispatch", "{\"toUnit\":\"s2\"}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(new JsonObject(get("/api/desk/orders").body()).getJsonArray("orders")).isEmpty();

        HttpResponse<String> joint = post("/api/orders/20261201-000001/units", "{\"unitId\":\"dept-water\"}");
        assertThat(joint.statusCode()).as(joint.body()).isEqualTo(200);
        assertThat(new JsonObject(joint.body()).getJsonArray("parts").stream().map(p -> ((JsonObject) p)
                .getString("unitId") + ":" + ((JsonObject) p).getString("state")))
                .containsExactly("s1:REASSIGNED", "dept-env:DISPATCHED", "s2:DISPATCHED", "dept-water:DISPATCHED");
        assertThat(post("/api/orders/20261201-000001/units", "{\"unitId\":\"s2\"}").statusCode()).isEqualTo(409);
        assertThat(post("/api/orders/20261201-000001/units", "{\"unitId\":\"a b\"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/orders/20261201-000009/units", "{\"unitId\":\"s3\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldFindACallersOrdersAndTheOrdersOfADistrictInATimeWindow() throws Exception {
        post("/api/orders", ORDER);

        assertThat(new JsonObject(get("/api/callers/13800138000/orders").body()).getJsonArray("orders")).hasSize(1);
        assertThat(new JsonObject(get("/api/callers/13900000000/orders").body()).getJsonArray("orders")).isEmpty();
        assertThat(get("/api/callers/x/orders").statusCode()).isEqualTo(400);
        String window = "/api/orders?from=2026-12-01T01:00:00Z&to=2026-12-01T03:00:00Z";
        assertThat(new JsonObject(get(window + "&district=%E6%9C%9D%E9%98%B3%E5%8C%BA").body())
                .getJsonArray("orders")).hasSize(1); // 朝阳区
        assertThat(new JsonObject(get(window + "&district=%E4%B8%9C%E5%9F%8E%E5%8C%BA").body())
                .getJsonArray("orders")).isEmpty(); // 东城区
        assertThat(new JsonObject(get("/api/orders?from=2026-12-01T02:00:01Z&to=2026-12-01T03:00:00Z").body())
                .getJsonArray("orders")).isEmpty();
        assertThat(get("/api/orders?from=yesterday&to=2026-12-01T03:00:00Z").statusCode()).isEqualTo(400);
        assertThat(get("/api/orders?from=2026-12-01T01:00:00Z").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldValidatePathsBodiesAndLimits() throws Exception {
        post("/api/orders", ORDER);

        assertThat(post("/api/orders/20261201-000001/callback", "{\"resolved\":\"yes\"}").statusCode())
                .isEqualTo(400);
        assertThat(post("/api/orders/20261201-000001/callback", "{\"resolved\":true,\"satisfied\":true}")
                .statusCode()).isEqualTo(409); // not closed yet
        assertThat(post("/api/orders/20261201-000001/units/s1/redispatch", "{\"toUnit\":\"\"}").statusCode())
                .isEqualTo(400);
        assertThat(post("/api/orders/20261201-000001/units/s1/accept", "{\"extra\":1}").body())
                .contains("extra: unknown field");
        assertThat(get("/api/units/s1/orders?limit=0").statusCode()).isEqualTo(400);
        assertThat(new JsonObject(get("/api/units/s1/orders?limit=5").body()).getJsonArray("orders")).hasSize(1);
        assertThat(get("/api/orders/2026-1").statusCode()).isEqualTo(400);
        assertThat(get("/api/orders/20261201-000777").statusCode()).isEqualTo(404);
        // dispatched, not responded to and within its deadline: not counted yet, no response rate (issue 17, defect 6)
        JsonObject response = new JsonObject(get("/api/units/s1/rates").body()).getJsonObject("response");
        assertThat(response.getLong("denominator")).isEqualTo(0);
        assertThat(response.getValue("percent")).isNull();
        assertThat(new JsonObject(get("/api/ranking").body()).getJsonArray("units")).hasSize(2);
    }
}
