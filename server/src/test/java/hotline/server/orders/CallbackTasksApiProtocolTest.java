package hotline.server.orders;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.orders.deadline.WorkCalendar;
import hotline.orders.deadline.WorkingTimeDeadlines;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.RepeatRule;
import hotline.orders.rating.Rating;
import hotline.routing.acd.AcdConfig;
import hotline.routing.acd.AcdEngine;
import hotline.routing.acd.QueueConfig;
import hotline.server.call.CallController;
import hotline.server.call.FakeCallControl;
import hotline.server.call.FakeCallStore;
import hotline.server.call.FakeScheduler;
import hotline.server.callbacks.CallbackClaims;
import hotline.server.callbacks.CallbackTasksApi;
import hotline.server.http.OrdersApi;
import hotline.testkit.FakeClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent desktop's callback tasks over loopback HTTP: the real order service on {@link FakeOrderStore}, claims in
 * memory, the real ACD engine behind the controller with {@link FakeCallControl} for the dial-out.
 */
class CallbackTasksApiProtocolTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String ORDER = "{\"callerName\":\"王女士\",\"phone\":\"13800138000\",\"district\":\"朝阳区\","
            + "\"street\":\"八里庄街道\",\"community\":\"天伦北里\",\"category\":\"noise\",\"urgency\":\"24h\","
            + "\"summary\":\"夜间施工噪音\",\"unitIds\":[\"s1\"],\"channel\":\"phone\"}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final MemoryClaims claims = new MemoryClaims();
    private Vertx vertx;
    private String base;
    private FakeCallControl ami;
    private CallController controller;
    private FakeClock clock;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        clock = new FakeClock(Instant.parse("2026-12-01T02:00:00Z"));
        OrdersService service = new OrdersService(new FakeOrderStore(), new Lifecycle(new WorkingTimeDeadlines(
                new WorkCalendar(ZONE, LocalTime.of(9, 0), LocalTime.of(17, 30), Set.of(), Set.of()), false, 4)),
                new RepeatRule(RepeatRule.DEFAULT_WINDOW), Rating.standard(), clock, ZONE);
        ami = new FakeCallControl();
        AcdConfig config = new AcdConfig(List.of(
                QueueConfig.simple("citizen", Map.of(), Duration.ofSeconds(300), 100),
                QueueConfig.simple("callbacks", Map.of(), Duration.ofHours(24), 100)),
                "callbacks", Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(24), Map.of(),
                Duration.ofSeconds(180), List.of());
        controller = new CallController(new AcdEngine(config), "citizen", 10, ami, new FakeCallStore(), clock,
                new FakeScheduler(clock));
        Router router = Router.router(vertx);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(16 * 1024));
        new OrdersApi(service, new UnitFeed()).mount(router);
        new CallbackTasksApi(service, claims, controller).mount(router);
        int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldListClaimCallAndRecordOnlyTheAgentsOwnCallback() throws Exception {
        String n = closedOrder();
        JsonArray open = tasks("li.na");
        assertThat(open).hasSize(1);
        assertThat(open.getJsonObject(0).getMap()).containsEntry("number", n).containsEntry("phone", "13800138000")
                .containsEntry("category", "noise");
        assertThat(open.getJsonObject(0).getValue("claimedBy")).isNull();

        assertThat(post("/api/agents/wang.fang/callbacks/" + n + "/claim", "").statusCode()).isEqualTo(200);
        assertThat(tasks("li.na")).as("another agent's task is not listed").isEmpty();
        assertThat(tasks("wang.fang").getJsonObject(0).getMap()).containsEntry("claimedBy", "wang.fang");
        HttpResponse<String> taken = post("/api/agents/li.na/callbacks/" + n + "/claim", "");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(taken.body()).getString("code")).isEqualTo("CLAIMED");
        assertThat(post("/api/agents/li.na/callbacks/" + n + "/call", "").statusCode()).isEqualTo(409);
        assertThat(post("/api/agents/li.na/callbacks/" + n + "/result",
                "{\"resolved\":true,\"satisfied\":true}").statusCode()).isEqualTo(409);

        // call now: the agent's seat rings first, then the citizen's number on the order
        onContext(() -> controller.login("wang.fang", "1001"));
        HttpResponse<String> called = post("/api/agents/wang.fang/callbacks/" + n + "/call", "");
        assertThat(called.statusCode()).as(called.body()).isEqualTo(200);
        assertThat(new JsonObject(called.body()).getString("taskId")).isNotBlank();
        assertThat(ami.dialOuts()).singleElement().satisfies(d -> {
            assertThat(d.seat()).isEqualTo("1001");
            assertThat(d.number()).isEqualTo("13800138000");
        });

        HttpResponse<String> recorded = post("/api/agents/wang.fang/callbacks/" + n + "/result",
                "{\"resolved\":true,\"satisfied\":false}");
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(200);
        assertThat(new JsonObject(recorded.body()).getJsonObject("callback").getMap()).containsEntry("resolved", true)
                .containsEntry("satisfied", false);
        assertThat(tasks("wang.fang")).isEmpty();
        assertThat(claims.held).isEmpty();
    }

    @Test
    void shouldLetASupervisorAssignAndAnswerBadRequestsClearly() throws Exception {
        String n = closedOrder();
        assertThat(post("/api/supervisor/callbacks/" + n + "/assign", "{\"agentId\":\"li.na\"}").statusCode())
                .isEqualTo(200);
        assertThat(tasks("li.na").getJsonObject(0).getMap()).containsEntry("claimedBy", "li.na");
        assertThat(post("/api/agents/li.na/callbacks/not-a-number/claim", "").statusCode()).isEqualTo(400);
        assertThat(post("/api/agents/li.na/callbacks/20261201-000099/call", "").statusCode()).isEqualTo(404);
        HttpResponse<String> bad = post("/api/agents/li.na/callbacks/" + n + "/result", "{\"resolved\":\"yes\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("error")).contains("contact");
        assertThat(post("/api/supervisor/callbacks/" + n + "/assign", "{\"agentId\":\"a b\"}").statusCode())
                .isEqualTo(400);
    }

    // issue 17, defect 5: the result was two pre-ticked booleans; nothing happened to the order when unsatisfied
    @Test
    void shouldRecordAHallsResultAssumingNothingRetryingNoAnswerAndReopeningWhenUnsatisfied() throws Exception {
        String n = closedOrder();
        String result = "/api/agents/li.na/callbacks/" + n + "/result";
        JsonObject task = tasks("li.na").getJsonObject(0);
        // the card shows what the unit replied, to read out to the citizen, and its deadline
        assertThat(task.getJsonArray("parts").getJsonObject(0).getMap()).containsEntry("unitId", "s1")
                .containsEntry("reply", "已停工").containsKey("dueAt");

        // nothing is assumed: no answer, or a reached citizen without satisfaction, is refused naming the field
        HttpResponse<String> empty = post(result, "");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(empty.body()).getString("error")).startsWith("contact:");
        HttpResponse<String> half = post(result, "{\"contact\":\"reached\",\"resolution\":\"resolved\"}");
        assertThat(half.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(half.body()).getString("error")).startsWith("satisfaction:");
        assertThat(post(result, "{\"contact\":\"refused\",\"satisfaction\":\"satisfied\"}").statusCode())
                .isEqualTo(400);

        // 联系不上: the task leaves the list and comes back after the retry delay (default 2 h), attempt counted
        HttpResponse<String> noAnswer = post(result, "{\"contact\":\"noAnswer\",\"note\":\"无人接听\"}");
        assertThat(noAnswer.statusCode()).as(noAnswer.body()).isEqualTo(200);
        assertThat(new JsonObject(noAnswer.body()).getJsonObject("callback").getMap()).containsEntry("attempts", 1)
                .containsEntry("recordedAt", null);
        assertThat(tasks("li.na")).isEmpty();
        assertThat(claims.held).isEmpty();
        clock.advance(Duration.ofHours(2));
        assertThat(tasks("li.na").getJsonObject(0).getMap()).containsEntry("number", n).containsEntry("attempts", 1);

        // reached, resolved but 不满意: recorded, and the order goes back to its unit as 重办 with a fresh deadline
        HttpResponse<String> unsatisfied = post(result, "{\"contact\":\"reached\",\"resolution\":\"resolved\","
                + "\"satisfaction\":\"unsatisfied\",\"note\":\"夜里还在施工\"}");
        assertThat(unsatisfied.statusCode()).as(unsatisfied.body()).isEqualTo(200);
        JsonObject o = new JsonObject(unsatisfied.body());
        assertThat(o.getString("status")).isEqualTo("IN_PROGRESS");
        assertThat(o.getJsonObject("callback").getMap()).containsEntry("satisfaction", "unsatisfied")
                .containsEntry("satisfied", false).containsEntry("note", "夜里还在施工");
        JsonArray parts = o.getJsonArray("parts");
        assertThat(parts.getJsonObject(0).getString("state")).isEqualTo("REOPENED");
        JsonObject again = parts.getJsonObject(parts.size() - 1);
        assertThat(again.getMap()).containsEntry("unitId", "s1").containsEntry("state", "DISPATCHED")
                .containsEntry("dispatchedAt", clock.instant().toString());
        assertThat(o.getJsonArray("history").stream().map(h -> (JsonObject) h)
                .filter(h -> "REOPENED".equals(h.getString("type"))).findFirst().orElseThrow().getString("detail"))
                .isEqualTo("夜里还在施工");
        assertThat(tasks("li.na")).isEmpty();

        // the unit handles it again; its close brings a new follow-up
        String unit = "/api/orders/" + n + "/units/s1/";
        assertThat(post(unit + "accept", "").statusCode()).isEqualTo(200);
        assertThat(post(unit + "reply", "{\"reply\":\"已督促施工方夜间停工并现场核实\"}").statusCode()).isEqualTo(200);
        assertThat(post(unit + "close", "").statusCode()).isEqualTo(200);
        assertThat(tasks("li.na").getJsonObject(0).getMap()).containsEntry("number", n).containsEntry("attempts", 0);
        HttpResponse<String> basic = post(result, "{\"contact\":\"reached\",\"resolution\":\"resolved\","
                + "\"satisfaction\":\"basic\"}");
        assertThat(new JsonObject(basic.body()).getString("status")).isEqualTo("CLOSED");
        // 基本满意 counts as satisfied: one satisfied callback of two
        HttpResponse<String> rates = http.send(HttpRequest.newBuilder(URI.create(base + "/api/units/s1/rates")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonObject satisfaction = new JsonObject(rates.body()).getJsonObject("satisfaction");
        assertThat(satisfaction.getMap()).containsEntry("numerator", 1).containsEntry("denominator", 2);
    }

    @Test
    void shouldNotOfferAnOrderThatIsStillOpen() throws Exception {
        HttpResponse<String> created = post("/api/orders", ORDER);
        String n = new JsonObject(created.body()).getString("number");
        assertThat(tasks("li.na")).isEmpty();
        assertThat(post("/api/agents/li.na/callbacks/" + n + "/claim", "").statusCode()).isEqualTo(200);
        assertThat(post("/api/agents/li.na/callbacks/" + n + "/call", "").statusCode())
                .as("no pending callback yet").isEqualTo(404);
    }

    private String closedOrder() throws Exception {
        HttpResponse<String> created = post("/api/orders", ORDER);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String n = new JsonObject(created.body()).getString("number");
        String unit = "/api/orders/" + n + "/units/s1/";
        assertThat(post(unit + "accept", "").statusCode()).isEqualTo(200);
        assertThat(post(unit + "reply", "{\"reply\":\"已停工\"}").statusCode()).isEqualTo(200);
        assertThat(post(unit + "close", "").statusCode()).isEqualTo(200);
        return n;
    }

    private JsonArray tasks(String agentId) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/agents/" + agentId
                + "/callbacks")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonArray("tasks");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    // the controller is confined to one context: act on it from a Vert.x context as the handlers do
    private void onContext(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            action.run();
            done.complete(null);
        });
        done.get(5, TimeUnit.SECONDS);
    }

    /** Claims in a map, answered at once (as the Redis hash would be). */
    private static final class MemoryClaims implements CallbackClaims {
        final Map<String, String> held = new TreeMap<>();

        @Override
        public synchronized Future<String> claim(String orderNumber, String agentId) {
            return Future.succeededFuture(held.computeIfAbsent(orderNumber, k -> agentId));
        }

        @Override
        public synchronized Future<Void> assign(String orderNumber, String agentId) {
            held.put(orderNumber, agentId);
            return Future.succeededFuture();
        }

        @Override
        public synchronized Future<Optional<String>> holder(String orderNumber) {
            return Future.succeededFuture(Optional.ofNullable(held.get(orderNumber)));
        }

        @Override
        public synchronized Future<Map<String, String>> all() {
            return Future.succeededFuture(new TreeMap<>(held));
        }

        @Override
        public synchronized Future<Void> release(String orderNumber) {
            held.remove(orderNumber);
            return Future.succeededFuture();
        }
    }
}
