package hotline.server.orders;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.HotlineConfig;
import hotline.config.HotlineConfigLoader;
import hotline.server.HotlineServer;
import hotline.testkit.FakeClock;
import hotline.testkit.FreePorts;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedis;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Work orders end to end on a real Redis: HTTP submit, live delivery to the unit's WebSocket, unit actions,
 * callback and rates, a server restart with nothing lost, and the deadline timer's escalation to the desk.
 */
class OrdersDispatchIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    // Tuesday 1 December 2026, 10:00 in Beijing
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();
    private final FakeClock clock = new FakeClock(T0);
    private LabRedis redis;
    private HotlineConfig config;
    private HotlineServer server;
    private String base;
    /** The lab supervisor's session (the API needs one); a restart logs it out, so it is renewed with the server. */
    private String cookie;

    @BeforeEach
    void start() throws Exception {
        redis = LabRedis.start(Lab.home().resolve(".run/it-orders-dispatch/redis"));
        Map<String, Object> overrides = new HashMap<>(Lab.testPorts());
        overrides.put("hotline.redis.uri", redis.uri());
        overrides.put("hotline.server.httpPort", FreePorts.tcp());
        overrides.put("hotline.agi.port", FreePorts.tcp());
        overrides.put("hotline.dispatch.deadlines.checkInterval", "50ms");
        overrides.put("hotline.asr.enabled", false); // no calls here: no speech model to load
        config = HotlineConfigLoader.load(Map.of(), overrides);
        startServer();
    }

    private void startServer() throws Exception {
        server = HotlineServer.start(config, clock);
        base = "http://127.0.0.1:" + server.httpPort();
        cookie = hotline.testkit.lab.LabLogin.cookie(base, hotline.testkit.lab.LabLogin.SUPERVISOR);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static String order(String requestId, String urgency, String units) {
        return "{" + (requestId == null ? "" : "\"requestId\":\"" + requestId + "\",")
                + "\"callerName\":\"王女士\",\"phone\":\"13800138000\",\"district\":\"朝阳区\","
                + "\"street\":\"八里庄街道\",\"community\":\"天伦北里\",\"category\":\"noise\",\"urgency\":\"" + urgency
                + "\",\"summary\":\"construction noise every night after 22:00\",\"unitIds\":" + units
                + ",\"callId\":\"1795323011.14\",\"channel\":\"phone\"}";
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT)
                .header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    /** A unit handler's (or the desk's) WebSocket, collecting frames. */
    private final class Feed implements WebSocket.Listener, AutoCloseable {
        final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket ws;

        Feed(String path) throws Exception {
            ws = http.newWebSocketBuilder().connectTimeout(WAIT).header("Cookie", cookie)
                    .buildAsync(URI.create(base.replace("http:", "ws:") + path), this).get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        JsonObject next() throws InterruptedException {
            JsonObject f = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(f).as("a frame within " + WAIT).isNotNull();
            return f;
        }

        @Override
        public void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    @Test
    void shouldPushASubmittedOrderToTheUnitLiveAndCarryItThroughToTheRates() throws Exception {
        try (Feed unit = new Feed("/ws/units/110101001"); Feed desk = new Feed("/ws/desk")) {
            HttpResponse<String> created = post("/api/orders", order("req-1", "7d", "[\"110101001\"]"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String number = new JsonObject(created.body()).getString("number");
            assertThat(number).startsWith("20261201-");

            JsonObject frame = unit.next();
            assertThat(frame.getString("type")).isEqualTo("dispatched");
            assertThat(frame.getJsonObject("order").getString("number")).isEqualTo(number);
            assertThat(frame.getJsonObject("order").getJsonArray("parts").getJsonObject(0).getString("dueAt"))
                    .isEqualTo("2026-12-10T09:30:00Z"); // 7th working day after Tuesday, 17:30 Beijing

            HttpResponse<String> retried = post("/api/orders", order("req-1", "7d", "[\"110101001\"]"));
            assertThat(retried.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(retried.body()).getString("number")).isEqualTo(number);
            assertThat(get("/api/units/110101001/orders").getJsonArray("orders")).hasSize(1);

            String unitPath = "/api/orders/" + number + "/units/110101001/";
            clock.advance(Duration.ofMinutes(10));
            assertThat(post(unitPath + "accept", "").statusCode()).isEqualTo(200);
            HttpResponse<String> twice = post(unitPath + "accept", "");
            assertThat(twice.statusCode()).isEqualTo(409);
            assertThat(new JsonObject(twice.body()).getString("code")).isEqualTo("WRONG_STATE");
            assertThat(post(unitPath + "reply", "{\"reply\":\"night work stopped\"}").statusCode()).isEqualTo(200);
            HttpResponse<String> closed = post(unitPath + "close", "");
            assertThat(new JsonObject(closed.body()).getString("status")).isEqualTo("CLOSED");
            assertThat(get("/api/callbacks").getJsonArray("orders")).hasSize(1);
            HttpResponse<String> callback = post("/api/orders/" + number + "/callback",
                    "{\"resolved\":true,\"satisfied\":false}");
            assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
            assertThat(get("/api/callbacks").getJsonArray("orders")).isEmpty();

            JsonObject rates = get("/api/units/110101001/rates");
            assertThat(rates.getInteger("rank")).isEqualTo(1);
            assertThat(rates.getJsonObject("response").getDouble("percent")).isEqualTo(100.0);
            assertThat(rates.getJsonObject("resolution").getDouble("percent")).isEqualTo(100.0);
            assertThat(rates.getJsonObject("satisfaction").getDouble("percent")).isEqualTo(0.0);
            assertThat(get("/api/ranking").getJsonArray("units")).hasSize(1);
            assertThat(desk.frames).isEmpty();
        }
    }

    @Test
    void shouldSendAReturnedOrderToTheDeskAndRedispatchItToAnotherUnit() throws Exception {
        try (Feed desk = new Feed("/ws/desk"); Feed s2 = new Feed("/ws/units/110101003")) {
            String number = new JsonObject(post("/api/orders", order(null, "24h", "[\"110101001\"]")).body())
                    .getString("number");
            HttpResponse<String> noReason = post("/api/orders/" + number + "/units/110101001/return", "{}");
            assertThat(noReason.statusCode()).isEqualTo(400);
            assertThat(new JsonObject(noReason.body()).getString("code")).isEqualTo("BAD_REQUEST");

            assertThat(post("/api/orders/" + number + "/units/110101001/return", "{\"reason\":\"not our street\"}")
                    .statusCode()).isEqualTo(200);
            JsonObject returned = desk.next();
            assertThat(returned.getString("type")).isEqualTo("returned");
            assertThat(returned.getJsonObject("order").getString("status")).isEqualTo("AT_DESK");

            HttpResponse<String> re = post("/api/orders/" + number + "/units/110101001/redispatch", "{\"toUnit\":\"110101003\"}");
            assertThat(re.statusCode()).as(re.body()).isEqualTo(200);
            JsonObject pushed = s2.next();
            assertThat(pushed.getJsonObject("order").getString("number")).isEqualTo(number);
            assertThat(pushed.getJsonObject("order").getString("status")).isEqualTo("IN_PROGRESS");
        }
    }

    @Test
    void shouldDeliverAfterARestartWhatWasSubmittedWhileNoUnitListened() throws Exception {
        String first;
        try (Feed unit = new Feed("/ws/units/110101001")) {
            first = new JsonObject(post("/api/orders", order("req-a", "7d", "[\"110101001\"]")).body()).getString("number");
            assertThat(unit.next().getJsonObject("order").getString("number")).isEqualTo(first);
        }
        String second = new JsonObject(post("/api/orders", order("req-b", "7d", "[\"110101001\",\"dept-water\"]")).body())
                .getString("number");
        server.close();
        server = null;

        startServer();

        assertThat(get("/api/orders/" + first).getString("number")).isEqualTo(first);
        JsonObject stored = get("/api/orders/" + second);
        assertThat(stored.getJsonArray("links").getList()).containsExactly(first); // same caller within 30 days
        try (Feed unit = new Feed("/ws/units/110101001"); Feed water = new Feed("/ws/units/dept-water")) {
            assertThat(unit.next().getJsonObject("order").getString("number")).isEqualTo(second);
            assertThat(water.next().getJsonObject("order").getString("number")).isEqualTo(second);
        }
        HttpResponse<String> retried = post("/api/orders", order("req-b", "7d", "[\"110101001\",\"dept-water\"]"));
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(retried.body()).getString("number")).isEqualTo(second);
    }

    @Test
    void shouldIndexAtStartWhatANodeStoredAndPushedButDiedBeforeIndexing() throws Exception {
        String first = new JsonObject(post("/api/orders", order("req-a", "7d", "[\"110101001\"]")).body())
                .getString("number");
        server.close();
        server = null;
        // a node that stored and pushed an order (submit.lua: the order, its unit's entry, its order-log entry) and
        // died before its indexer ran: nothing derived from it is written
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        String cut;
        try {
            io.vertx.redis.client.Redis client = io.vertx.redis.client.Redis.createClient(vertx, redis.uri());
            hotline.dispatch.orders.RedisOrderStore store = new hotline.dispatch.orders.RedisOrderStore(client,
                    config.dispatch().consumerGroup(), 1000);
            hotline.orders.lifecycle.Lifecycle lifecycle = new hotline.orders.lifecycle.Lifecycle(
                    new hotline.orders.lifecycle.DeadlineSchedule() {
                        @Override
                        public Instant dueAt(hotline.orders.lifecycle.UrgencyTier tier, Instant at) {
                            return at.plus(Duration.ofDays(7));
                        }

                        @Override
                        public java.util.Optional<Instant> remindAt(hotline.orders.lifecycle.UrgencyTier tier,
                                Instant at) {
                            return java.util.Optional.empty();
                        }
                    });
            hotline.orders.lifecycle.OrderRequest again = new hotline.orders.lifecycle.OrderRequest("王女士",
                    "13800138000", new hotline.orders.lifecycle.Address("朝阳区", "八里庄街道", "天伦北里"), "noise",
                    hotline.orders.lifecycle.UrgencyTier.DAYS_7, "still noisy", java.util.List.of("110101001"), null,
                    hotline.orders.lifecycle.Channel.PHONE);
            cut = store.submit("req-cut", again, T0.plusSeconds(60), java.time.LocalDate.of(2026, 12, 1), lifecycle,
                    new hotline.orders.lifecycle.RepeatRule(Duration.ofDays(30))).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS).order().number().toString();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        startServer();

        // the new node's indexer reads the log at start: the unit's list, the tally and the repeat link follow
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject stored = get("/api/orders/" + cut);
        while (stored.getJsonArray("links").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            stored = get("/api/orders/" + cut);
        }
        assertThat(stored.getJsonArray("links").getList()).containsExactly(first);
        assertThat(stored.getJsonArray("history").getJsonObject(stored.getJsonArray("history").size() - 1)
                .getString("type")).isEqualTo("LINKED");
        assertThat(get("/api/units/110101001/orders").getJsonArray("orders").stream()
                .map(o -> ((JsonObject) o).getString("number")).toList()).containsExactly(cut, first);
        // a retry of that very request (same body) gets the same order; the same id with another body is refused
        String sameBody = "{\"requestId\":\"req-cut\",\"callerName\":\"王女士\",\"phone\":\"13800138000\","
                + "\"district\":\"朝阳区\",\"street\":\"八里庄街道\",\"community\":\"天伦北里\",\"category\":\"noise\","
                + "\"urgency\":\"7d\",\"summary\":\"still noisy\",\"unitIds\":[\"110101001\"],\"channel\":\"phone\"}";
        HttpResponse<String> retried = post("/api/orders", sameBody);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(new JsonObject(retried.body()).getString("number")).isEqualTo(cut);
        assertThat(post("/api/orders", order("req-cut", "7d", "[\"110101001\"]")).statusCode()).isEqualTo(409);
    }

    @Test
    void shouldEscalateAnOverdueOrderToTheDesk() throws Exception {
        try (Feed desk = new Feed("/ws/desk")) {
            String number = new JsonObject(post("/api/orders", order(null, "2h", "[\"110101001\"]")).body())
                    .getString("number");

            clock.advance(Duration.ofHours(2).plusSeconds(1));

            JsonObject escalated = desk.next();
            assertThat(escalated.getString("type")).isEqualTo("escalated");
            assertThat(escalated.getJsonObject("order").getString("number")).isEqualTo(number);
            assertThat(get("/api/units/110101001/rates").getJsonObject("response").getDouble("percent")).isEqualTo(0.0);
        }
    }

    @Test
    void shouldAnswerBadOrdersWithA400NamingEveryBadField() throws Exception {
        HttpResponse<String> r = post("/api/orders", "{\"phone\":\"abc\",\"urgency\":\"3d\",\"unitIds\":[],"
                + "\"channel\":\"fax\",\"category\":\"noise\",\"summary\":\"x\"}");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("code")).isEqualTo("BAD_REQUEST");
        assertThat(body.getString("error")).contains("phone:", "urgency:", "unitIds:", "channel:");
        assertThat(post("/api/orders", "{\"colour\":1}").body()).contains("colour: unknown field");
        assertThat(post("/api/orders/nope/units/110101001/accept", "").statusCode()).isEqualTo(400);
        assertThat(post("/api/orders/20261201-999999/units/110101001/accept", "").statusCode()).isEqualTo(404);
    }
}
