package hotline.server.orders;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.OrdersConfig;
import hotline.server.http.DraftsApi;
import hotline.server.http.OrdersApi;
import hotline.server.http.UnitsApi;
import hotline.orders.deadline.WorkCalendar;
import hotline.orders.deadline.WorkingTimeDeadlines;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.RepeatRule;
import hotline.orders.rating.Rating;
import hotline.testkit.FakeClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unit directory over loopback HTTP with the real Beijing gazetteer: resolution by name, orders, joint dispatch
 * and re-dispatch refused for unit ids not in it, drafts carrying the resolved unit id.
 */
class UnitsApiProtocolTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final OrdersConfig CONFIG = new OrdersConfig("110000", null, List.of(
            new OrdersConfig.Unit("balizhuang", "八里庄街道", "110105015"),
            new OrdersConfig.Unit("dept-city", "市城市管理委员会"),
            new OrdersConfig.Unit("dept-environment", "北京市生态环境局", null, List.of("市生态环境局"))));
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static Vertx vertx;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        OrdersService service = new OrdersService(new FakeOrderStore(), new Lifecycle(new WorkingTimeDeadlines(
                new WorkCalendar(ZONE, LocalTime.of(9, 0), LocalTime.of(17, 30), Set.of(), Set.of()), false, 4)),
                new RepeatRule(RepeatRule.DEFAULT_WINDOW), Rating.standard(),
                new FakeClock(Instant.parse("2026-12-01T02:00:00Z")), ZONE);
        Router router = Router.router(vertx);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(16 * 1024));
        UnitsApi units = UnitsApi.mount(router, vertx, CONFIG);
        new OrdersApi(service, new UnitFeed(), units::directory).mount(router);
        new DraftsApi(DraftsApi.createExtractor(CONFIG)).mount(router);
        units.loaded().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject resolve(String name, String district) throws Exception {
        String q = "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + (district == null ? "" : "&district=" + URLEncoder.encode(district, StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/units/resolve" + q)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private static String order(String requestId, String unitIds) {
        return "{\"requestId\":\"" + requestId + "\",\"callerName\":\"王女士\",\"phone\":\"13800138000\","
                + "\"district\":\"朝阳区\",\"street\":\"八里庄街道\",\"category\":\"noise\",\"urgency\":\"24h\","
                + "\"summary\":\"夜间施工噪音\",\"unitIds\":" + unitIds + ",\"channel\":\"phone\"}";
    }

    @Test
    void shouldGiveBothCandidatesWithTheirDistrictsForAnAmbiguousStreetName() throws Exception {
        JsonObject r = resolve("八里庄街道", null);

        assertThat(r.getString("match")).isEqualTo("ambiguous");
        JsonArray c = r.getJsonArray("candidates");
        assertThat(c).hasSize(2);
        assertThat(c.getJsonObject(0).getString("id")).isEqualTo("balizhuang");
        assertThat(c.getJsonObject(0).getString("displayName")).isEqualTo("八里庄街道（朝阳区）");
        assertThat(c.getJsonObject(1).getString("district")).isEqualTo("海淀区");
        assertThat(c.getJsonObject(1).getString("id")).matches("110108[0-9]{3}");
        // named with the district (either width of brackets, or apart): that one
        String haidian = c.getJsonObject(1).getString("id");
        assertThat(resolve("八里庄街道(海淀区)", null).getJsonObject("unit").getString("id")).isEqualTo(haidian);
        assertThat(resolve("八里庄街道（海淀区）", null).getJsonObject("unit").getString("id")).isEqualTo(haidian);
        assertThat(resolve("八里庄街道", "海淀区").getJsonObject("unit").getString("id")).isEqualTo(haidian);
    }

    @Test
    void shouldResolveAStreetWithItsDistrictSuffixAndADepartmentByItsShortName() throws Exception {
        assertThat(resolve("景山街道（东城区）", null).getJsonObject("unit").getString("id")).isEqualTo("110101002");
        assertThat(resolve("市生态环境局", null).getJsonObject("unit").getString("id")).isEqualTo("dept-environment");
        JsonObject typo = resolve("balizhaung", null);
        assertThat(typo.getString("match")).isEqualTo("none");
        assertThat(typo.getJsonArray("candidates")).isEmpty();
    }

    @Test
    void shouldRefuseAnOrderToAUnitNotInTheDirectoryNamingIt() throws Exception {
        HttpResponse<String> r = post("/api/orders", order("u-typo", "[\"balizhuang\",\"balizhaung\"]"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error")).startsWith("unitIds: no unit balizhaung in the unit");
        assertThat(post("/api/orders", order("u-ok", "[\"balizhuang\",\"110101002\"]")).statusCode()).isEqualTo(201);
    }

    @Test
    void shouldRefuseJointDispatchAndRedispatchToAUnitNotInTheDirectory() throws Exception {
        String number = new JsonObject(post("/api/orders", order("u-joint", "[\"balizhuang\"]")).body())
                .getString("number");

        HttpResponse<String> joint = post("/api/orders/" + number + "/units", "{\"unitId\":\"no-such-unit\"}");
        assertThat(joint.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(joint.body()).getString("error")).contains("no-such-unit");
        post("/api/orders/" + number + "/units/balizhuang/return", "{\"reason\":\"不属于本街道\"}");
        HttpResponse<String> re = post("/api/orders/" + number + "/units/balizhuang/redispatch",
                "{\"toUnit\":\"balizhaung\"}");
        assertThat(re.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(re.body()).getString("error")).startsWith("toUnit: no unit balizhaung");
        assertThat(post("/api/orders/" + number + "/units/balizhuang/redispatch", "{\"toUnit\":\"110101002\"}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void shouldCarryTheResolvedUnitIdOfTheDraftsStreetSuggestion() throws Exception {
        HttpResponse<String> r = post("/api/drafts", "{\"text\":\"东城区景山街道有人占道经营，摊贩堵住了路口\"}");

        JsonObject draft = new JsonObject(r.body());
        assertThat(draft.getString("unit")).isEqualTo("景山街道（东城区）");
        assertThat(draft.getString("unitId")).isEqualTo("110101002");
        JsonObject dept = new JsonObject(post("/api/drafts", "{\"text\":\"朝阳区八里庄街道的路灯不亮了\"}").body());
        assertThat(dept.getString("unit")).isEqualTo("市城市管理委员会");
        assertThat(dept.getString("unitId")).isEqualTo("dept-city");
    }
}
