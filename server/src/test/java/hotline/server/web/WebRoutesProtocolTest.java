package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.SeatsConfig;
import hotline.config.WebConfig;
import hotline.routing.acd.AcdConfig;
import hotline.routing.acd.AcdEngine;
import hotline.routing.acd.QueueConfig;
import hotline.server.asr.LiveTranscription;
import hotline.server.call.CallController;
import hotline.server.call.FakeCallControl;
import hotline.server.call.FakeCallStore;
import hotline.server.call.FakeScheduler;
import hotline.server.http.HttpApi;
import hotline.telephony.agi.InboundCall;
import hotline.testkit.FakeClock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pages, login, the access guard and the agent frames over loopback HTTP: a real Vert.x HTTP server on an ephemeral
 * port with the agents' API and the web routes on one verticle's context, as in {@code HotlineVerticle}; telephony
 * faked. Users are hashed with 10 000 iterations to keep the test fast.
 */
class WebRoutesProtocolTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Instant T0 = Instant.ofEpochSecond(1795323011L);
    private static final List<WebConfig.User> USERS = List.of(
            new WebConfig.User("ann", WebConfig.Role.AGENT, PasswordHash.hash("ann-pw".toCharArray(), 10_000)),
            new WebConfig.User("boss", WebConfig.Role.SUPERVISOR, PasswordHash.hash("boss-pw".toCharArray(), 10_000)),
            new WebConfig.User("bl", WebConfig.Role.UNIT, PasswordHash.hash("bl-pw".toCharArray(), 10_000),
                    "balizhuang"),
            new WebConfig.User("lee", WebConfig.Role.LEADER, PasswordHash.hash("lee-pw".toCharArray(), 10_000)),
            new WebConfig.User("desk", WebConfig.Role.DISPATCHER, PasswordHash.hash("desk-pw".toCharArray(), 10_000)),
            new WebConfig.User("root", WebConfig.Role.ADMIN, PasswordHash.hash("root-pw".toCharArray(), 10_000)));
    /** The fake order store behind the unit handler's {@code GET /api/orders/<n>}: 9 cannot be read. */
    private static final WebRoutes.OrderUnits ORDER_UNITS = n -> switch (n) {
        case "20261201-000001" -> Future.succeededFuture(java.util.Optional.of(java.util.Set.of("balizhuang")));
        case "20261201-000002" -> Future.succeededFuture(java.util.Optional.of(java.util.Set.of("dept-gas")));
        case "20261201-000009" -> Future.failedFuture("redis down");
        default -> Future.succeededFuture(java.util.Optional.empty());
    };

    private static Vertx vertx;
    private static HttpClient client;
    private WebVerticle verticle;
    private String deploymentId;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        await(vertx.close());
    }

    @AfterEach
    void undeploy() throws Exception {
        if (deploymentId != null) {
            await(vertx.undeploy(deploymentId));
        }
    }

    private void deploy(boolean requireLogin) throws Exception {
        verticle = new WebVerticle(new WebConfig(requireLogin, Duration.ofHours(8), USERS));
        deploymentId = await(vertx.deployVerticle(verticle));
    }

    private static final class WebVerticle extends VerticleBase {
        final FakeCallStore store = new FakeCallStore();
        final FakeClock clock = new FakeClock(T0);
        final FakeAuditLog audit = new FakeAuditLog();
        final WebConfig web;
        CallController controller;
        WebRoutes routes;
        HttpServer server;

        WebVerticle(WebConfig web) {
            this.web = web;
        }

        @Override
        public Future<?> start() {
            AcdConfig config = new AcdConfig(List.of(
                    QueueConfig.simple("citizen", Map.of(), Duration.ofSeconds(300), 100),
                    QueueConfig.simple("callbacks", Map.of(), Duration.ofHours(24), 100)),
                    "callbacks", Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(24), Map.of(),
                    Duration.ofSeconds(180), List.of());
            controller = new CallController(new AcdEngine(config), "citizen", 10, new FakeCallControl(), store, clock,
                    new FakeScheduler(clock));
            HttpApi api = new HttpApi(vertx, controller, store, new SeatsConfig(4, 1001, "seat-secret-"), () -> true);
            hotline.config.AcdConfig acd = hotline.config.HotlineConfigLoader.load(Map.of(), Map.of()).acd();
            routes = WebRoutes.mount(api.router(), vertx, web, acd, controller, store, clock, ORDER_UNITS,
                    audit);
            return vertx.createHttpServer().requestHandler(api.router()).listen(0, "127.0.0.1")
                    .onSuccess(s -> server = s);
        }

        @Override
        public Future<?> stop() {
            routes.stop();
            return Future.succeededFuture();
        }

        <T> T onContext(Supplier<T> action) throws Exception {
            CompletableFuture<T> result = new CompletableFuture<>();
            context.runOnContext(v -> result.complete(action.get()));
            return result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void shouldServeThePagesAndTheirTextsFromTheServerItself() throws Exception {
        deploy(false);

        HttpResponse<String> index = send("GET", "/", null, null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(index.body()).contains("/js/common.js").doesNotContain("http://").doesNotContain("https://");
        JsonObject zh = new JsonObject(send("GET", "/i18n/zh.json", null, null).body());
        JsonObject en = new JsonObject(send("GET", "/i18n/en.json", null, null).body());
        assertThat(zh.fieldNames()).isEqualTo(en.fieldNames());
        assertThat(zh.getString("login.title")).isEqualTo("登录");
        assertThat(send("GET", "/agent.html", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/wallboard.html", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAssembleBothDesktopPagesFromTheOneSharedPane() throws Exception {
        deploy(false);

        for (String page : List.of("/agent.html", "/leader.html")) {
            HttpResponse<String> r = send("GET", page, null, null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/html");
            assertThat(r.body()).as(page).doesNotContain("<!--#include").contains("id=\"sign-in\"")
                    .contains("id=\"call-tools\"").contains("id=\"draft\"").contains("/js/calltools.js");
            assertThat(r.body().split("id=\"pop\"", -1)).as("one screen pop in " + page).hasSize(2);
        }
        assertThat(send("GET", "/leader.html", null, null).body()).contains("id=\"callbacks\"");
    }

    @Test
    void shouldLogInWithAnHttpOnlyCookieAndRefuseAWrongPassword() throws Exception {
        deploy(false);

        HttpResponse<String> wrong = send("POST", "/api/session", "{\"name\":\"ann\",\"password\":\"nope\"}", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/session", "{\"name\":\"nobody\",\"password\":\"x\"}", null).statusCode())
                .isEqualTo(401);
        assertThat(send("POST", "/api/session", "[1]", null).statusCode()).isEqualTo(400);

        HttpResponse<String> ok = send("POST", "/api/session", "{\"name\":\"ann\",\"password\":\"ann-pw\"}", null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ok.body()).getString("role")).isEqualTo("agent");
        String setCookie = ok.headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie).startsWith("hotline_session=").containsIgnoringCase("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Max-Age=28800");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(new JsonObject(send("GET", "/api/session", null, cookie).body()).getString("user"))
                .isEqualTo("ann");
        assertThat(send("GET", "/api/session", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/web/queues", null, cookie).body()).contains("\"queue\":\"citizen\"");
        assertThat(send("DELETE", "/api/session", null, cookie).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/session", null, cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldKeepTheApiOpenWhenLoginIsNotRequired() throws Exception {
        deploy(false);

        assertThat(send("GET", "/api/agents", null, null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/agents/zoe/login", "{\"seat\":\"1001\"}", null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRequireASessionAndTheRightRoleWhenLoginIsRequired() throws Exception {
        deploy(true);
        String agent = login("ann", "ann-pw");
        String boss = login("boss", "boss-pw");

        HttpResponse<String> anonymous = send("GET", "/api/agents", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(anonymous.body()).getString("code")).isEqualTo("UNAUTHENTICATED");
        assertThat(send("GET", "/ws/agents/ann", null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/agents/ann/login", "{\"seat\":\"1001\"}", agent).statusCode()).isEqualTo(200);
        HttpResponse<String> other = send("POST", "/api/agents/zoe/login", "{\"seat\":\"1002\"}", agent);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(other.body()).getString("code")).isEqualTo("FORBIDDEN");
        assertThat(send("POST", "/api/supervisor/agents/ann/state",
                "{\"supervisorId\":\"ann\",\"state\":\"READY\"}", agent).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/supervisor/agents/ann/state",
                "{\"supervisorId\":\"boss\",\"state\":\"READY\"}", boss).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/", null, null).statusCode()).isEqualTo(200); // the login page itself is open
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/web/login-info", null, null).body()).isEqualTo("{\"labDemoUsers\":false}");
    }

    @Test
    void shouldGuardTheLeaderTheDispatcherAndTheAdminByTheirRoles() throws Exception {
        deploy(true);
        String leader = login("lee", "lee-pw");
        String desk = login("desk", "desk-pw");
        String admin = login("root", "root-pw");
        String boss = login("boss", "boss-pw");

        assertThat(send("POST", "/api/agents/lee/login", "{\"seat\":\"1001\"}", leader).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/figures", null, leader).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/agents/ann/ready", null, leader).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/supervisor/agents/lee/state", "{\"supervisorId\":\"lee\",\"state\":\"READY\"}",
                leader).statusCode()).isEqualTo(403);
        // no orders API on this router: what the guard lets through meets the catch-all 404
        assertThat(send("GET", "/api/desk/orders", null, desk).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/agents", null, desk).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/desk/orders", null, leader).statusCode()).isEqualTo(403); // the desk's, not a seat's

        HttpResponse<String> users = send("GET", "/api/web/users", null, admin);
        assertThat(users.statusCode()).isEqualTo(200);
        assertThat(new JsonArray(users.body()).stream().map(u -> ((JsonObject) u).getString("name") + ":"
                + ((JsonObject) u).getString("role"))).containsExactly("ann:agent", "boss:supervisor", "bl:unit",
                        "lee:leader", "desk:dispatcher", "root:admin");
        assertThat(users.body()).doesNotContain("pbkdf2");
        assertThat(send("GET", "/api/web/users", null, boss).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/web/users", null, desk).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/web/sessions", null, leader).body()).isEqualTo("[]");
    }

    @Test
    void shouldAnswerTheUsersListToAnAdminOnlyEvenWithoutRequiredLogin() throws Exception {
        deploy(false);

        assertThat(send("GET", "/api/web/users", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/web/users", null, login("boss", "boss-pw")).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/web/users", null, login("root", "root-pw")).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldSayWhetherTheSessionIsMissingUnknownOrExpired() throws Exception {
        deploy(true);
        String agent = login("ann", "ann-pw");

        JsonObject missing = new JsonObject(send("GET", "/api/queue", null, null).body());
        assertThat(missing.getString("reason")).isEqualTo("missing");
        assertThat(missing.getString("error")).contains("cookie hotline_session missing", "POST /api/session");
        JsonObject unknown = new JsonObject(send("GET", "/api/queue", null, "hotline_session=made-up").body());
        assertThat(unknown.getString("reason")).isEqualTo("unknown");
        assertThat(send("GET", "/api/queue", null, agent).statusCode()).isEqualTo(200);

        verticle.clock.advance(Duration.ofHours(8));

        HttpResponse<String> expired = send("GET", "/api/queue", null, agent);
        assertThat(expired.statusCode()).isEqualTo(401);
        JsonObject body = new JsonObject(expired.body());
        assertThat(body.getString("code")).isEqualTo("UNAUTHENTICATED");
        assertThat(body.getString("reason")).isEqualTo("expired");
        assertThat(body.getString("error")).contains("session expired at " + T0.plus(Duration.ofHours(8)));
        assertThat(send("GET", "/ws/agents/ann", null, agent).statusCode()).isEqualTo(401);
        assertThat(new JsonObject(send("GET", "/api/session", null, agent).body()).getString("reason"))
                .isEqualTo("expired");
    }

    @Test
    void shouldAuditLoginsReadsOfCallsChangesAndRefusalsButNeverAPasswordTokenOrHash() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            deploy(true);
            assertThat(send("POST", "/api/session", "{\"name\":\"ann\",\"password\":\"Wr0ng-Secret!\"}", null)
                    .statusCode()).isEqualTo(401);
            assertThat(send("POST", "/api/session", "{\"name\":\"ann pw=Typed In Name\",\"password\":\"x\"}",
                    null).statusCode()).isEqualTo(401);
            String agent = login("ann", "ann-pw");
            String boss = login("boss", "boss-pw");
            send("GET", "/api/agents", null, agent);                        // polled by the screens: not recorded
            send("GET", "/api/calls/C1", null, agent);                      // a call read
            send("POST", "/api/agents/ann/login", "{\"seat\":\"1001\"}", agent);  // a change
            send("POST", "/api/agents/zoe/ready", null, agent);            // refused
            assertThat(send("GET", "/api/audit", null, agent).statusCode()).isEqualTo(403);
            send("DELETE", "/api/session", null, agent);

            JsonObject page = new JsonObject(send("GET", "/api/audit?limit=50", null, boss).body());
            List<String> lines = page.getJsonArray("entries").stream().map(o -> {
                JsonObject e = (JsonObject) o;
                return e.getString("user") + " " + e.getString("role") + " " + e.getString("method") + " "
                        + e.getString("path") + " " + e.getInteger("status");
            }).toList();
            assertThat(lines).as(verticle.audit.entries.toString()).containsExactly(
                    "ann agent DELETE /api/session 204",
                    "ann agent GET /api/audit 403",
                    "ann agent POST /api/agents/zoe/ready 403",
                    "ann agent POST /api/agents/ann/login 200",
                    "ann agent GET /api/calls/C1 404",
                    "boss supervisor POST /api/session 200",
                    "ann agent POST /api/session 200",
                    "null null POST /api/session 401",
                    "ann null POST /api/session 401");
            assertThat(page.getJsonArray("entries").getJsonObject(0).getString("at")).isEqualTo(T0.toString());
            assertThat(send("GET", "/api/audit?limit=0", null, boss).statusCode()).isEqualTo(400);

            String everything = page.encode() + verticle.audit.entries + logged.list.stream()
                    .map(e -> e.getFormattedMessage() + e.getMDCPropertyMap()).toList();
            assertThat(everything).doesNotContain("Wr0ng-Secret!", "ann-pw", "boss-pw", "Typed In Name",
                    agent.substring(agent.indexOf('=') + 1), boss.substring(boss.indexOf('=') + 1), "pbkdf2");
        } finally {
            root.detachAppender(logged);
        }
    }

    @Test
    void shouldRefuseChangesAndFeedsABrowserSendsFromAnotherOrigin() throws Exception {
        deploy(true);
        String agent = login("ann", "ann-pw");
        String self = "http://127.0.0.1:" + verticle.server.actualPort();

        for (String origin : List.of("http://evil.example", "http://127.0.0.1:9", "null", "http://localhost")) {
            HttpResponse<String> r = sendFrom(origin, "POST", "/api/agents/ann/login", "{\"seat\":\"1001\"}", agent);
            assertThat(r.statusCode()).as(origin).isEqualTo(403);
            assertThat(new JsonObject(r.body()).getString("error")).startsWith("cross-origin request refused");
            assertThat(sendFrom(origin, "POST", "/api/session", "{\"name\":\"ann\",\"password\":\"ann-pw\"}",
                    null).statusCode()).isEqualTo(403);
        }
        assertThat(sendFrom("http://evil.example", "GET", "/api/agents", null, agent).statusCode()).isEqualTo(200);
        assertThat(sendFrom(self, "POST", "/api/agents/ann/login", "{\"seat\":\"1001\"}", agent).statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/api/agents/ann/ready", "", agent).statusCode()).isEqualTo(200); // no Origin
    }

    private HttpResponse<String> sendFrom(String origin, String method, String path, String body, String cookie)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + verticle.server.actualPort()
                + path)).timeout(TIMEOUT).header("Origin", origin).method(method, body == null
                ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return client.send(b.build(), BodyHandlers.ofString());
    }

    @Test
    void shouldMakeANameWaitAfterTooManyFailedLoginsWithoutCheckingItsPassword() throws Exception {
        deploy(true);
        for (int i = 0; i < WebRoutes.MAX_FAILURES_PER_NAME; i++) {
            assertThat(send("POST", "/api/session", "{\"name\":\"ann\",\"password\":\"guess" + i + "\"}", null)
                    .statusCode()).isEqualTo(401);
        }

        HttpResponse<String> waiting = send("POST", "/api/session", "{\"name\":\"ann\",\"password\":\"ann-pw\"}",
                null);
        assertThat(waiting.statusCode()).isEqualTo(429);
        assertThat(new JsonObject(waiting.body()).getString("code")).isEqualTo("TOO_MANY_ATTEMPTS");
        assertThat(new JsonObject(waiting.body()).getString("error"))
                .contains("try again after " + T0.plus(WebRoutes.THROTTLE_WINDOW));
        assertThat(waiting.headers().firstValue("retry-after")).contains("900");
        assertThat(verticle.audit.entries.get(verticle.audit.entries.size() - 1).status()).isEqualTo(429);
        login("boss", "boss-pw"); // another name may
        verticle.clock.advance(WebRoutes.THROTTLE_WINDOW);
        login("ann", "ann-pw");
    }

    @Test
    void shouldKeepAUnitHandlerToItsOwnUnitsOrders() throws Exception {
        deploy(true);
        String unit = login("bl", "bl-pw");

        JsonObject session = new JsonObject(send("GET", "/api/session", null, unit).body());
        assertThat(session.getString("role")).isEqualTo("unit");
        assertThat(session.getString("unit")).isEqualTo("balizhuang");
        // no orders API on this router: what the guard lets through meets the catch-all 404
        assertThat(send("GET", "/api/units/balizhuang/orders", null, unit).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/orders/20261201-000001", null, unit).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/orders/20261201-000003", null, unit).statusCode()).isEqualTo(404);
        HttpResponse<String> foreign = send("GET", "/api/orders/20261201-000002", null, unit);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(foreign.body()).getString("error")).contains("role unit of unit balizhuang");
        HttpResponse<String> down = send("GET", "/api/orders/20261201-000009", null, unit);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(down.body()).getString("code")).isEqualTo("STORE_UNAVAILABLE");
        assertThat(send("GET", "/api/units/dept-gas/orders", null, unit).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/ws/units/dept-gas", null, unit).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/agents", null, unit).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/orders", "{}", unit).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/unit.html", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldPushTheAgentsStateAndAScreenPopWithTheCallersNumberAndMenuChoices() throws Exception {
        deploy(false);
        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        MessageConsumer<String> consumer = vertx.eventBus().consumer(LiveTranscription.agentAddress("ann"),
                m -> frames.add(new JsonObject(m.body())));
        await(consumer.completion());
        try {
            send("POST", "/api/agents/ann/login", "{\"seat\":\"1001\"}", null);
            assertThat(next(frames, "agent").getJsonObject("agent").getString("state")).isEqualTo("NOT_READY");
            send("POST", "/api/agents/ann/ready", null, null);
            assertThat(next(frames, "agent").getJsonObject("agent").getString("state")).isEqualTo("READY");

            String callId = verticle.onContext(() -> verticle.controller.inbound(new InboundCall("1795323011.14",
                    "PJSIP/carrier-0000000b", "13900000000", "Citizen 0", "12345", Map.of())).callId());

            JsonObject pop = next(frames, "call");
            assertThat(pop.getString("callId")).isEqualTo(callId);
            assertThat(pop.getJsonObject("fields").getString("callerNumber")).isEqualTo("13900000000");
            send("POST", "/api/agents/ann/not-ready", "{\"reason\":\"break\"}", null);
        } finally {
            consumer.unregister();
        }
    }

    @Test
    void shouldSendAReconnectedDesktopTheAgentsCurrentStateAtOnce() throws Exception {
        deploy(false);
        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        MessageConsumer<String> consumer = vertx.eventBus().consumer(LiveTranscription.agentAddress("ann"),
                m -> frames.add(new JsonObject(m.body())));
        MessageConsumer<String> nobody = vertx.eventBus().consumer(LiveTranscription.agentAddress("nobody"),
                m -> frames.add(new JsonObject(m.body())));
        await(consumer.completion());
        await(nobody.completion());
        try {
            send("POST", "/api/agents/ann/login", "{\"seat\":\"1001\"}", null);
            send("POST", "/api/agents/ann/ready", null, null);
            while (!"READY".equals(next(frames, "agent").getJsonObject("agent").getString("state"))) {
                // the login's NOT_READY first
            }
            // nothing changes, but a desktop socket opens (AsrRoutes publishes this after its hello frame)
            vertx.eventBus().publish(hotline.server.asr.AsrRoutes.SOCKET_OPENED, "ann");
            JsonObject state = next(frames, "agent").getJsonObject("agent");
            assertThat(state.getString("agentId")).isEqualTo("ann");
            assertThat(state.getString("state")).isEqualTo("READY");
            assertThat(state.getBoolean("held")).isFalse();
            vertx.eventBus().publish(hotline.server.asr.AsrRoutes.SOCKET_OPENED, "nobody");
            assertThat(next(frames, "agent").getJsonObject("agent").getString("state")).isEqualTo("LOGGED_OUT");
            send("POST", "/api/agents/ann/logout", null, null);
        } finally {
            consumer.unregister();
            nobody.unregister();
        }
    }

    private static JsonObject next(LinkedBlockingQueue<JsonObject> frames, String type) throws InterruptedException {
        while (true) {
            JsonObject f = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(f).as("a %s frame", type).isNotNull();
            if (type.equals(f.getString("type"))) {
                return f;
            }
        }
    }

    private String login(String name, String password) throws Exception {
        HttpResponse<String> ok = send("POST", "/api/session",
                new JsonObject().put("name", name).put("password", password).encode(), null);
        assertThat(ok.statusCode()).isEqualTo(200);
        String setCookie = ok.headers().firstValue("set-cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private HttpResponse<String> send(String method, String path, String body, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + verticle.server.actualPort()
                + path)).timeout(TIMEOUT).method(method, body == null ? BodyPublishers.noBody()
                : BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return client.send(b.build(), BodyHandlers.ofString());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
