package hotline.server.orders;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.orders.deadline.WorkCalendar;
import hotline.orders.deadline.WorkingTimeDeadlines;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.OrderEvent;
import hotline.orders.lifecycle.RepeatRule;
import hotline.orders.rating.Rating;
import hotline.server.http.OrderSearchApi;
import hotline.server.http.OrdersApi;
import hotline.server.web.PhoneMask;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Finding orders, 催办, 补充诉求, reassigning any open part and consultations answered on the spot, over loopback
 * HTTP on {@link FakeOrderStore}: what is found, in which order, role scope and masking, status codes.
 */
class OrderSearchApiProtocolTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final FakeOrderStore store = new FakeOrderStore();
    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T02:00:00Z"));
    private Vertx vertx;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        OrdersService service = new OrdersService(store, new Lifecycle(new WorkingTimeDeadlines(
                new WorkCalendar(ZONE, LocalTime.of(9, 0), LocalTime.of(17, 30), Set.of(), Set.of()), false, 4)),
                new RepeatRule(RepeatRule.DEFAULT_WINDOW), Rating.standard(), clock, ZONE);
        Router router = Router.router(vertx);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(16 * 1024));
        // as the login guard does for a unit handler's session
        router.route("/api/units/*").handler(ctx -> {
            ctx.put(PhoneMask.CONTEXT_KEY, true);
            ctx.next();
        });
        new OrdersApi(service, new UnitFeed()).mount(router);
        new OrderSearchApi(service).mount(router);
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

    private JsonObject search(String query) throws Exception {
        HttpResponse<String> r = get("/api/search/orders?" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private static List<Object> numbers(JsonObject page) {
        return page.getJsonArray("orders").stream().map(o -> ((JsonObject) o).getValue("number")).toList();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private String order(String phone, String street, String urgency, String unit) throws Exception {
        HttpResponse<String> r = post("/api/orders", new JsonObject().put("callerName", "李先生").put("phone", phone)
                .put("district", "朝阳区").put("street", street).put("community", "天伦北里").put("category", "lighting")
                .put("urgency", urgency).put("summary", street + "路灯不亮").put("unitIds", new JsonArray().add(unit))
                .put("channel", "phone").put("requestType", "complaint").encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        clock.advance(Duration.ofMinutes(1));
        return new JsonObject(r.body()).getString("number");
    }

    @Test
    void shouldFindAnOrderByNumberCallerNumberOrAddressWithItsPartsAndHistory() throws Exception {
        String a = order("13912345678", "八里庄街道", "24h", "balizhuang");
        String b = order("13800138000", "中关村街道", "24h", "zgc");

        JsonObject byNumber = search("q=" + b);
        assertThat(numbers(byNumber)).containsExactly(b);
        assertThat(byNumber.getString("kind")).isEqualTo("NUMBER");
        JsonObject found = byNumber.getJsonArray("orders").getJsonObject(0);
        assertThat(found.getJsonArray("parts").getJsonObject(0).getString("unitId")).isEqualTo("zgc");
        assertThat(found.getJsonArray("history")).isNotEmpty();
        assertThat(found.getString("requestType")).isEqualTo("complaint");
        assertThat(numbers(search("q=" + q("139 1234 5678")))).containsExactly(a);
        assertThat(numbers(search("q=" + q("八里庄")))).containsExactly(a);
        assertThat(search("q=" + q("不存在的地址")).getInteger("total")).isZero();
    }

    @Test
    void shouldPageOpenOrdersByDeadlineAndFilterOverdueOnes() throws Exception {
        String slow = order("13900000001", "八里庄街道", "15d", "u1");
        String urgent = order("13900000002", "八里庄街道", "2h", "u2");
        String middle = order("13900000003", "八里庄街道", "24h", "u1");

        JsonObject first = search("status=open&limit=2");
        assertThat(numbers(first)).containsExactly(urgent, middle);
        assertThat(first.getInteger("total")).isEqualTo(3);
        assertThat(numbers(search("status=open&limit=2&offset=2"))).containsExactly(slow);
        assertThat(numbers(search("status=open&unit=u1"))).containsExactly(middle, slow);
        assertThat(numbers(search("urgency=2h"))).containsExactly(urgent);

        clock.advance(Duration.ofHours(3));
        assertThat(numbers(search("overdue=true"))).containsExactly(urgent);
    }

    @Test
    void shouldUrgeAnOpenOrderAsANewVersionPushedToItsUnitAndCounted() throws Exception {
        String n = order("13912345678", "八里庄街道", "24h", "balizhuang");

        HttpResponse<String> r = post("/api/orders/" + n + "/urge", "{\"note\":\"市民来电催问进度\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject order = new JsonObject(r.body());
        assertThat(order.getInteger("version")).isEqualTo(2);
        JsonObject last = order.getJsonArray("history").getJsonObject(order.getJsonArray("history").size() - 1);
        assertThat(last.getString("type")).isEqualTo("URGED");
        assertThat(last.getString("unitId")).isEqualTo("balizhuang");
        assertThat(last.getString("detail")).isEqualTo("市民来电催问进度");
        assertThat(store.stored).filteredOn(e -> e.type() == OrderEvent.Type.URGED).hasSize(1);
        post("/api/orders/" + n + "/urge", "");
        assertThat(search("q=" + n).getJsonArray("orders").getJsonObject(0).getInteger("urges")).isEqualTo(2);
    }

    @Test
    void shouldAddACallersSupplementToTheOpenOrderAndRefuseItOnceNoUnitWorksOnIt() throws Exception {
        String n = order("13912345678", "八里庄街道", "24h", "balizhuang");

        HttpResponse<String> r = post("/api/orders/" + n + "/supplement", "{\"text\":\"补充：18号楼东侧第二盏\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(store.stored).filteredOn(e -> e.type() == OrderEvent.Type.SUPPLEMENTED)
                .extracting(OrderEvent::detail).containsExactly("补充：18号楼东侧第二盏");
        assertThat(post("/api/orders/" + n + "/supplement", "{\"text\":\"  \"}").statusCode()).isEqualTo(400);
        post("/api/orders/" + n + "/units/balizhuang/accept", "");
        post("/api/orders/" + n + "/units/balizhuang/reply", "{\"reply\":\"已更换灯泡\"}");
        HttpResponse<String> late = post("/api/orders/" + n + "/supplement", "{\"text\":\"又坏了\"}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(late.body()).getString("code")).isEqualTo("WRONG_STATE");
        assertThat(post("/api/orders/" + n + "/urge", "{}").statusCode()).isEqualTo(409);
    }

    @Test
    void shouldReassignAnAcceptedPartToAnotherUnit() throws Exception {
        String n = order("13912345678", "八里庄街道", "24h", "balizhuang");
        post("/api/orders/" + n + "/units/balizhuang/accept", "");

        HttpResponse<String> r = post("/api/orders/" + n + "/units/balizhuang/reassign", "{\"toUnit\":\"110105010\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(numbers(search("status=open&unit=110105010"))).containsExactly(n);
        assertThat(numbers(search("status=open&unit=balizhuang"))).isEmpty();
        assertThat(post("/api/orders/" + n + "/units/110105010/reassign", "{\"toUnit\":\"no such\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void shouldRecordAConsultationAnsweredOnTheSpotClosedWithoutAUnitAndFindIt() throws Exception {
        HttpResponse<String> r = post("/api/orders", new JsonObject().put("callerName", "张女士")
                .put("phone", "13800138000").put("district", "海淀区").put("category", "policy").put("urgency", "15d")
                .put("summary", "咨询居住证办理需要的材料").put("channel", "phone").put("requestType", "consultation")
                .put("answer", "携带身份证、租房合同到社区服务站办理").encode());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject order = new JsonObject(r.body());
        assertThat(order.getString("status")).isEqualTo("CLOSED");
        assertThat(order.getJsonArray("parts")).isEmpty();
        assertThat(order.getValue("callback")).isNull();
        assertThat(store.stored).noneMatch(e -> e.type() == OrderEvent.Type.DISPATCHED);
        JsonObject found = search("q=" + q("居住证")).getJsonArray("orders").getJsonObject(0);
        assertThat(found.getString("number")).isEqualTo(order.getString("number"));
        assertThat(found.getString("answer")).isEqualTo("携带身份证、租房合同到社区服务站办理");
        assertThat(numbers(search("type=consultation&status=CLOSED"))).hasSize(1);
        assertThat(numbers(search("status=open"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"phone\":\"13800138000\",\"category\":\"policy\",\"urgency\":\"15d\",\"summary\":\"s\",\"channel\":\"phone\","
            + "\"requestType\":\"complaint\",\"answer\":\"答复\"}",
        "{\"phone\":\"13800138000\",\"category\":\"policy\",\"urgency\":\"15d\",\"summary\":\"s\",\"channel\":\"phone\","
            + "\"requestType\":\"consultation\",\"answer\":\"答复\",\"unitIds\":[\"s1\"]}",
        "{\"phone\":\"13800138000\",\"category\":\"policy\",\"urgency\":\"15d\",\"summary\":\"s\",\"channel\":\"phone\","
            + "\"requestType\":\"consultation\"}",
        "{\"phone\":\"13800138000\",\"category\":\"policy\",\"urgency\":\"15d\",\"summary\":\"s\",\"channel\":\"phone\","
            + "\"requestType\":\"gossip\",\"unitIds\":[\"s1\"]}"
    })
    void shouldRefuseAnAnswerOutsideAConsultationWithoutUnitsAndAnUnknownType(String body) throws Exception {
        HttpResponse<String> r = post("/api/orders", body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error")).containsAnyOf("answer:", "unitIds:", "requestType:");
    }

    @Test
    void shouldLetAUnitSearchOnlyItsOwnOrdersWithCallersMasked() throws Exception {
        String mine = order("13912345678", "八里庄街道", "24h", "balizhuang");
        order("13912345679", "八里庄街道", "24h", "other");

        HttpResponse<String> r = get("/api/units/balizhuang/search?q=" + q("八里庄"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject page = new JsonObject(r.body());
        assertThat(numbers(page)).containsExactly(mine);
        assertThat(page.getJsonArray("orders").getJsonObject(0).getString("phone")).doesNotContain("12345678")
                .contains("*");
        assertThat(get("/api/units/balizhuang/search?q=13912345678").statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"status=OPENED", "urgency=3d", "type=gossip", "overdue=yes", "limit=0", "limit=101",
        "offset=-1", "unit=a%20b", "sort=due", "category=Noise!"})
    void shouldAnswerA400NamingTheBadSearchParameter(String query) throws Exception {
        HttpResponse<String> r = get("/api/search/orders?" + query);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        String param = query.substring(0, query.indexOf('='));
        assertThat(new JsonObject(r.body()).getString("error")).startsWith(param + ":");
    }
}
