package hotline.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.SeatsConfig;
import hotline.routing.acd.AcdConfig;
import hotline.routing.acd.AcdEngine;
import hotline.routing.acd.QueueConfig;
import hotline.server.call.CallController;
import hotline.server.call.FakeCallControl;
import hotline.server.call.FakeCallStore;
import hotline.server.call.FakeScheduler;
import hotline.telephony.TelephonyEvent.ChannelHungUp;
import hotline.telephony.TelephonyEvent.HangupRequested;
import hotline.telephony.agi.InboundCall;
import hotline.testkit.FakeClock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agents' JSON API over loopback HTTP: a real Vert.x HTTP server on an ephemeral port of 127.0.0.1 and the JDK's
 * HTTP client. The controller and the API live on one verticle's context, as in {@code HotlineVerticle}; the
 * telephony side is faked ({@link FakeCallControl}, {@link FakeCallStore}).
 */
class HttpApiProtocolTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Instant T0 = Instant.ofEpochSecond(1795323011L);
    private static final String CALLER_UID = "1795323011.14";
    private static final String CALLER = "PJSIP/carrier-0000000b";

    private static Vertx vertx;
    private static HttpClient client;

    private ApiVerticle verticle;
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

    @BeforeEach
    void deploy() throws Exception {
        verticle = new ApiVerticle();
        deploymentId = await(vertx.deployVerticle(verticle));
    }

    @AfterEach
    void undeploy() throws Exception {
        await(vertx.undeploy(deploymentId));
    }

    /** Controller, API and HTTP server, all created on this verticle's context. */
    private static final class ApiVerticle extends VerticleBase {
        final FakeCallStore store = new FakeCallStore();
        final FakeCallControl callControl = new FakeCallControl();
        final FakeClock clock = new FakeClock(T0);
        CallController controller;
        HttpServer server;

        @Override
        public Future<?> start() {
            AcdConfig config = new AcdConfig(List.of(
                    QueueConfig.simple("citizen", Map.of(), Duration.ofSeconds(300), 100),
                    QueueConfig.simple("callbacks", Map.of(), Duration.ofHours(24), 100)),
                    "callbacks", Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(24), Map.of(),
                    Duration.ofSeconds(180), List.of());
            controller = new CallController(new AcdEngine(config), "citizen", 10, callControl, store, clock,
                    new FakeScheduler(clock));
            HttpApi api = new HttpApi(vertx, controller, store, new SeatsConfig(4, 1001, "seat-secret-"), () -> true);
            FiguresFeed.start(vertx, api.router(), api::figures, Duration.ofMillis(50));
            // never started: a spy that passes validation meets "AMI not connected" (502)
            SpyApi.mount(api.router(), vertx, controller, new hotline.telephony.ami.AmiCallSpy(
                    new hotline.telephony.ami.AmiClient(new hotline.telephony.ami.AmiEndpoint("pbx", "127.0.0.1", 1,
                            "u", "s", Duration.ofSeconds(1)), new hotline.telephony.ami.Backoff(Duration.ofSeconds(1),
                            Duration.ofSeconds(1), () -> 0.5), e -> { }, clock)),
                    new SeatsConfig(4, 1001, "seat-secret-"));
            return vertx.createHttpServer().requestHandler(api.router()).listen(0, "127.0.0.1")
                    .onSuccess(s -> server = s);
        }

        /** Runs {@code action} on the controller's context and waits for its result. */
        <T> T onContext(Supplier<T> action) throws Exception {
            CompletableFuture<T> result = new CompletableFuture<>();
            context.runOnContext(v -> {
                try {
                    result.complete(action.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
            return result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    // ------------------------------------------------------------------ agent commands

    @Test
    void shouldLoginReadyNotReadyAndLogout() throws Exception {
        JsonObject login = json(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\"}"), 200);
        assertThat(login.getString("agentId")).isEqualTo("wang.fang");
        assertThat(login.getString("seat")).isEqualTo("1001");
        assertThat(login.getString("state")).isEqualTo("NOT_READY");
        assertThat(login.getString("reason")).isEqualTo("login");
        assertThat(login.getString("stateSince")).isEqualTo(T0.toString());

        JsonObject ready = json(post("/api/agents/wang.fang/ready", ""), 200);
        assertThat(ready.getString("state")).isEqualTo("READY");
        assertThat(ready.getString("reason")).isNull();
        assertThat(ready.getString("idleSince")).isEqualTo(T0.toString());

        JsonObject notReady = json(post("/api/agents/wang.fang/not-ready", "{\"reason\":\"break\"}"), 200);
        assertThat(notReady.getString("state")).isEqualTo("NOT_READY");
        assertThat(notReady.getString("reason")).isEqualTo("break");

        JsonArray agents = jsonArray(get("/api/agents"), 200);
        assertThat(agents).hasSize(1);
        assertThat(agents.getJsonObject(0).getString("agentId")).isEqualTo("wang.fang");

        JsonObject logout = json(post("/api/agents/wang.fang/logout", "{}"), 200);
        assertThat(logout).isEqualTo(new JsonObject().put("agentId", "wang.fang").put("state", "LOGGED_OUT"));
        assertThat(jsonArray(get("/api/agents"), 200)).isEmpty();
    }

    @Test
    void shouldDefaultNotReadyReasonWhenBodyIsEmpty() throws Exception {
        json(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\"}"), 200);

        JsonObject notReady = json(post("/api/agents/wang.fang/not-ready", ""), 200);

        assertThat(notReady.getString("reason")).isEqualTo("not-ready");
    }

    @Test
    void shouldReject400NamingSeatWhenSeatIsNotConfigured() throws Exception {
        JsonObject error = error(post("/api/agents/wang.fang/login", "{\"seat\":\"2001\"}"), 400, "BAD_REQUEST");

        assertThat(error.getString("error")).startsWith("seat:").contains("1001..1004");
        assertThat(jsonArray(get("/api/agents"), 200)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"seat\":1001}", "{\"seat\":null}", "{\"seat\":[\"1001\"]}", "{}", ""})
    void shouldReject400WhenSeatIsMissingOrNotAString(String body) throws Exception {
        JsonObject error = error(post("/api/agents/wang.fang/login", body), 400, "BAD_REQUEST");

        assertThat(error.getString("error")).startsWith("seat:");
        assertThat(jsonArray(get("/api/agents"), 200)).isEmpty();
    }

    @Test
    void shouldReject400NamingTheBodyWhenJsonIsMalformed() throws Exception {
        JsonObject error = error(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\""), 400, "BAD_REQUEST");

        assertThat(error.getString("error")).startsWith("body:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"1001\"]", "[]", "\"1001\"", "1001", "true", "null"})
    void shouldReject400WhenBodyIsJsonButNotAnObject(String body) throws Exception {
        JsonObject error = error(post("/api/agents/wang.fang/login", body), 400, "BAD_REQUEST");

        assertThat(error.getString("error")).startsWith("body:");
        assertThat(jsonArray(get("/api/agents"), 200)).isEmpty();
    }

    @Test
    void shouldReject400NamingAnUnknownField() throws Exception {
        JsonObject error = error(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\",\"skill\":\"water\"}"),
                400, "BAD_REQUEST");

        assertThat(error.getString("error")).startsWith("skill:").contains("unknown field");
        JsonObject onReady = error(post("/api/agents/wang.fang/ready", "{\"force\":true}"), 400, "BAD_REQUEST");
        assertThat(onReady.getString("error")).startsWith("force:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wang%20fang", "%20", "a234567890123456789012345678901234567890", "wang%2Ffang",
            "%E7%8E%8B%E8%8A%B3"})
    void shouldReject400WhenAgentIdHasIllegalCharactersOrLength(String agentId) throws Exception {
        JsonObject error = error(post("/api/agents/" + agentId + "/login", "{\"seat\":\"1001\"}"), 400,
                "BAD_REQUEST");

        assertThat(error.getString("error")).startsWith("agentId:");
        assertThat(jsonArray(get("/api/agents"), 200)).isEmpty();
    }

    @Test
    void shouldAnswer404UnknownAgentForReadyOfAgentNotLoggedIn() throws Exception {
        JsonObject error = error(post("/api/agents/nobody/ready", ""), 404, "UNKNOWN_AGENT");

        assertThat(error.getString("error")).contains("nobody");
        error(post("/api/agents/nobody/not-ready", "{\"reason\":\"break\"}"), 404, "UNKNOWN_AGENT");
        error(post("/api/agents/nobody/logout", ""), 404, "UNKNOWN_AGENT");
    }

    @Test
    void shouldPushTheFiguresToTheWallboardOverAWebSocket() throws Exception {
        json(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\"}"), 200);
        CompletableFuture<String> frame = new CompletableFuture<>();
        // held until the frame is in: Vert.x closes a client that is no longer referenced, even mid-handshake
        io.vertx.core.http.WebSocketClient ws = vertx.createWebSocketClient();
        ws.connect(verticle.server.actualPort(), "127.0.0.1", "/ws/figures")
                .onSuccess(socket -> socket.textMessageHandler(frame::complete))
                .onFailure(frame::completeExceptionally);

        JsonObject figures;
        try {
            figures = new JsonObject(frame.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } finally {
            ws.close();
        }

        assertThat(figures.getString("type")).isEqualTo("figures");
        assertThat(figures.getJsonArray("queues")).isNotEmpty();
        assertThat(figures.getJsonArray("agents").getJsonObject(0).getString("agentId")).isEqualTo("wang.fang");
    }

    @Test
    void shouldRefuseAnOutboundCallWithoutAValidNumberAndNameTheField() throws Exception {
        json(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\"}"), 200);

        assertThat(error(post("/api/agents/wang.fang/outbound", "{\"number\":\"12a\"}"), 400, "BAD_REQUEST")
                .getString("error")).startsWith("number:");
        assertThat(error(post("/api/agents/wang.fang/outbound", "{\"number\":\"13900000001\",\"orderId\":5}"),
                400, "BAD_REQUEST").getString("error")).startsWith("orderId:");
        error(post("/api/agents/wang.fang/outbound", "{\"number\":\"13900000001\",\"to\":1}"), 400,
                "BAD_REQUEST");
        error(post("/api/agents/nobody/outbound", "{\"number\":\"13900000001\"}"), 404, "UNKNOWN_AGENT");
    }

    @Test
    void shouldAnswer409WhenSeatIsTakenOrAgentAlreadyLoggedIn() throws Exception {
        json(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\"}"), 200);

        JsonObject taken = error(post("/api/agents/li.na/login", "{\"seat\":\"1001\"}"), 409, "SEAT_TAKEN");
        assertThat(taken.getString("error")).contains("1001").contains("wang.fang");
        error(post("/api/agents/wang.fang/login", "{\"seat\":\"1002\"}"), 409, "ALREADY_LOGGED_IN");

        JsonArray agents = jsonArray(get("/api/agents"), 200);
        assertThat(agents).hasSize(1);
        assertThat(agents.getJsonObject(0).getString("seat")).isEqualTo("1001");
    }

    @Test
    void shouldAnswer409WhenAgentWithACallLogsOut() throws Exception {
        json(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\"}"), 200);
        json(post("/api/agents/wang.fang/ready", ""), 200);
        String callId = verticle.onContext(() -> verticle.controller.inbound(
                new InboundCall(CALLER_UID, CALLER, "13900000000", "Citizen 0", "12345")).callId());

        error(post("/api/agents/wang.fang/logout", ""), 409, "INVALID_STATE");

        JsonArray agents = jsonArray(get("/api/agents"), 200);
        assertThat(agents.getJsonObject(0).getString("state")).isEqualTo("RESERVED");
        assertThat(agents.getJsonObject(0).getString("callId")).isEqualTo(callId);
    }

    @Test
    void shouldAnswer413WhenBodyIsLargerThan16KiB() throws Exception {
        String body = "{\"reason\":\"" + "a".repeat(16 * 1024) + "\"}";

        JsonObject error = error(post("/api/agents/wang.fang/not-ready", body), 413, "PAYLOAD_TOO_LARGE");

        assertThat(error.getString("error")).contains("16384");
        // the connection and the server survive
        json(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\"}"), 200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"reason\":\"coffee break\"}", "{\"reason\":\"Break\"}", "{\"reason\":\"\"}",
            "{\"reason\":42}", "{\"reason\":null}"})
    void shouldReject400WhenNotReadyReasonIsNotACode(String body) throws Exception {
        json(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\"}"), 200);

        JsonObject error = error(post("/api/agents/wang.fang/not-ready", body), 400, "BAD_REQUEST");

        assertThat(error.getString("error")).startsWith("reason:");
        assertThat(jsonArray(get("/api/agents"), 200).getJsonObject(0).getString("reason")).isEqualTo("login");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%3Cscript%3Ealert(1)%3C%2Fscript%3E", "x%27%3B%20DROP%20TABLE%20agents%3B--",
            "%22%7D%2C%7B%22a%22%3A%22"})
    void shouldRefuseInjectionLookingAgentIdsWithJsonNotHtml(String agentId) throws Exception {
        HttpResponse<String> response = post("/api/agents/" + agentId + "/login", "{\"seat\":\"1001\"}");

        JsonObject error = error(response, 400, "BAD_REQUEST");
        assertThat(error.getString("error")).startsWith("agentId:");
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json").doesNotContain("html"));
        assertThat(jsonArray(get("/api/agents"), 200)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"<script>alert(1)</script>", "'; DROP TABLE agents; --", "break\"}"})
    void shouldRefuseInjectionLookingReasonsWithJsonNotHtml(String reason) throws Exception {
        json(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\"}"), 200);

        HttpResponse<String> response = post("/api/agents/wang.fang/not-ready",
                new JsonObject().put("reason", reason).encode());

        JsonObject error = error(response, 400, "BAD_REQUEST");
        assertThat(error.getString("error")).startsWith("reason:");
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json").doesNotContain("html"));
        assertThat(jsonArray(get("/api/agents"), 200).getJsonObject(0).getString("reason")).isEqualTo("login");
    }

    // ------------------------------------------------------------------ calls

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "abc", "", "1.5", "99999999999"})
    void shouldReject400WhenCallsLimitIsNotAWholeNumberInRange(String limit) throws Exception {
        JsonObject error = error(get("/api/calls?limit=" + limit), 400, "BAD_REQUEST");

        assertThat(error.getString("error")).startsWith("limit:");
    }

    @Test
    void shouldListRecentCallsNewestFirst() throws Exception {
        assertThat(json(get("/api/calls"), 200)).isEqualTo(new JsonObject().put("calls", new JsonArray()));
        String first = arriveAndHangUp("1795323011.14", "PJSIP/carrier-0000000b");
        String second = arriveAndHangUp("1795323030.17", "PJSIP/carrier-0000000d");

        assertThat(json(get("/api/calls?limit=1"), 200).getJsonArray("calls")).containsExactly(second);
        assertThat(json(get("/api/calls"), 200).getJsonArray("calls")).containsExactly(second, first);
    }

    @Test
    void shouldAnswer404ForUnknownCall() throws Exception {
        JsonObject error = error(get("/api/calls/CNOSUCHCALL"), 404, "NOT_FOUND");

        assertThat(error.getString("error")).contains("CNOSUCHCALL");
        error(get("/api/calls/" + "C".repeat(65)), 400, "BAD_REQUEST");
        error(get("/api/calls/C%3Cscript%3E"), 400, "BAD_REQUEST");
    }

    @Test
    void shouldReturnCallFieldsAndTimelineOrderedBySeq() throws Exception {
        json(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\"}"), 200);
        json(post("/api/agents/wang.fang/ready", ""), 200);
        String callId = arriveAndHangUp(CALLER_UID, CALLER);

        JsonObject call = json(get("/api/calls/" + callId), 200);

        assertThat(call.getString("callId")).isEqualTo(callId);
        JsonObject fields = call.getJsonObject("fields");
        assertThat(fields.getString("uniqueId")).isEqualTo(CALLER_UID);
        assertThat(fields.getString("channel")).isEqualTo(CALLER);
        assertThat(fields.getString("callerNumber")).isEqualTo("13900000000");
        assertThat(fields.getString("state")).isEqualTo("ended");
        assertThat(fields.getString("endedBy")).isEqualTo("caller");
        assertThat(fields.getString("agentId")).isEqualTo("wang.fang");
        JsonArray timeline = call.getJsonArray("timeline");
        assertThat(timeline.stream().map(e -> ((JsonObject) e).getInteger("seq")).toList())
                .containsExactly(1, 2, 3, 4, 5);
        assertThat(timeline.stream().map(e -> ((JsonObject) e).getString("type")).toList())
                .containsExactly("arrived", "queued", "offered", "abandoned", "ended");
        assertThat(timeline.getJsonObject(0).getString("at")).isEqualTo(T0.toString());
        assertThat(timeline.getJsonObject(0).getJsonObject("data")).isEqualTo(
                new JsonObject().put("channel", CALLER).put("uniqueId", CALLER_UID));
        assertThat(timeline.getJsonObject(2).getJsonObject("data")).isEqualTo(
                new JsonObject().put("agentId", "wang.fang").put("seat", "1001"));
        assertThat(timeline.getJsonObject(4).getJsonObject("data")).isEqualTo(new JsonObject()
                .put("cause", "16").put("causeText", "Normal Clearing").put("endedBy", "caller"));
    }

    @Test
    void shouldLoginWithSkillsAndRefuseBadSkills() throws Exception {
        JsonObject login = json(post("/api/agents/wang.fang/login",
                "{\"seat\":\"1001\",\"skills\":{\"complaints\":7,\"english\":2}}"), 200);
        assertThat(login.getJsonObject("skills")).isEqualTo(new JsonObject().put("complaints", 7).put("english", 2));
        assertThat(login.getBoolean("registered")).isTrue();
        JsonObject bad = json(post("/api/agents/li.na/login", "{\"seat\":\"1002\",\"skills\":{\"english\":11}}"),
                400);
        assertThat(bad.getString("error")).startsWith("skills.english:");
        assertThat(json(post("/api/agents/wang.fang/wrap-up/extend", ""), 409).getString("code"))
                .isEqualTo("INVALID_STATE");
    }

    @Test
    void shouldRunAuditedSupervisorOperationsAndShowFigures() throws Exception {
        json(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\"}"), 200);
        String callId = verticle.onContext(() -> verticle.controller.inbound(
                new InboundCall(CALLER_UID, CALLER, "13900000000", "Citizen 0", "12345")).callId());

        JsonObject priority = json(post("/api/supervisor/calls/" + callId + "/priority",
                "{\"supervisorId\":\"sup1\",\"priority\":\"URGENT\"}"), 200);
        assertThat(priority.getBoolean("audited")).isTrue();
        assertThat(json(get("/api/queue"), 200).getJsonArray("calls").getJsonObject(0).getString("priority"))
                .isEqualTo("URGENT");
        assertThat(json(post("/api/supervisor/calls/" + callId + "/move",
                "{\"supervisorId\":\"sup1\",\"queue\":\"nowhere\"}"), 404).getString("code"))
                .isEqualTo("UNKNOWN_QUEUE");
        assertThat(json(post("/api/supervisor/agents/wang.fang/state", "{\"state\":\"READY\"}"), 400)
                .getString("error")).startsWith("supervisorId:");
        JsonObject forced = json(post("/api/supervisor/agents/wang.fang/state",
                "{\"supervisorId\":\"sup1\",\"state\":\"READY\"}"), 200);
        assertThat(forced.getJsonArray("events").getString(0)).isEqualTo("Audited");

        JsonObject figures = json(get("/api/figures"), 200);
        assertThat(figures.getJsonArray("queues").getJsonObject(0).getString("queue")).isEqualTo("citizen");
        assertThat(figures.getJsonArray("agents").getJsonObject(0).getString("state")).isEqualTo("RESERVED");
    }

    @Test
    void shouldValidateASpyOnAnAgentAndRefuseOneNotOnACall() throws Exception {
        String ok = "{\"supervisorId\":\"sup1\",\"seat\":\"1004\",\"mode\":\"listen\"}";
        assertThat(json(post("/api/supervisor/agents/nobody/spy", ok), 404).getString("code"))
                .isEqualTo("UNKNOWN_AGENT");
        json(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\"}"), 200);
        assertThat(json(post("/api/supervisor/agents/wang.fang/spy", ok), 409).getString("error"))
                .contains("NOT_READY");
        // a call waits; forced ready, the agent is offered it (RESERVED): still not on a call
        verticle.onContext(() -> verticle.controller.inbound(
                new InboundCall(CALLER_UID, CALLER, "13900000000", "Citizen 0", "12345")).callId());
        json(post("/api/supervisor/agents/wang.fang/state", "{\"supervisorId\":\"sup1\",\"state\":\"READY\"}"),
                200);
        assertThat(json(post("/api/supervisor/agents/wang.fang/spy", ok), 409).getString("code"))
                .isEqualTo("NOT_ON_CALL");
        assertThat(json(post("/api/supervisor/agents/wang.fang/spy",
                "{\"supervisorId\":\"sup1\",\"seat\":\"1004\",\"mode\":\"steal\"}"), 400).getString("error"))
                .startsWith("mode:");
        assertThat(json(post("/api/supervisor/agents/wang.fang/spy",
                "{\"supervisorId\":\"sup1\",\"seat\":\"2001\",\"mode\":\"barge\"}"), 400).getString("error"))
                .startsWith("seat:");
        assertThat(json(post("/api/supervisor/agents/wang.fang/spy",
                "{\"seat\":\"1004\",\"mode\":\"barge\"}"), 400).getString("error")).startsWith("supervisorId:");
        assertThat(json(get("/api/seats"), 200)).isEqualTo(new JsonObject().put("first", 1001).put("count", 4));
    }

    @Test
    void shouldShowQueueAndHealth() throws Exception {
        String callId = verticle.onContext(() -> verticle.controller.inbound(
                new InboundCall(CALLER_UID, CALLER, "13900000000", "Citizen 0", "12345")).callId());

        JsonObject queue = json(get("/api/queue"), 200);
        assertThat(queue.getJsonArray("waiting")).isEqualTo(new JsonArray().add(callId));
        JsonObject waiting = queue.getJsonArray("calls").getJsonObject(0);
        assertThat(waiting.getString("callId")).isEqualTo(callId);
        assertThat(waiting.getString("queue")).isEqualTo("citizen");
        assertThat(waiting.getString("priority")).isEqualTo("NORMAL");
        assertThat(waiting.getInteger("position")).isEqualTo(1);
        assertThat(waiting.getLong("estimatedWaitSeconds")).isEqualTo(180);
        assertThat(json(get("/health"), 200)).isEqualTo(new JsonObject().put("ami", true).put("activeCalls", 1));
    }

    // ------------------------------------------------------------------ routing of unknown requests

    @ParameterizedTest
    @ValueSource(strings = {"/api/nope", "/nope", "/api/agents/wang.fang", "/api/agents/wang.fang/dance",
            "/%3Cscript%3E"})
    void shouldAnswer404JsonForUnknownPaths(String path) throws Exception {
        JsonObject error = error(get(path), 404, "NOT_FOUND");

        assertThat(error.getString("error")).contains("no such resource");
        error(post(path, "{}"), 404, "NOT_FOUND");
    }

    @Test
    void shouldAnswer404JsonForWrongMethodOnKnownPath() throws Exception {
        error(get("/api/agents/wang.fang/login"), 404, "NOT_FOUND");
        error(post("/api/agents", "{}"), 404, "NOT_FOUND");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST /api/agents/%ZZ/login", "POST /api/agents/%/login", "GET /api/calls/%ZZ",
            "GET /api/calls?limit=%ZZ"})
    void shouldAnswer400JsonForMalformedPercentEscapes(String requestLine) throws Exception {
        // java.net.URI refuses these, so they go over a plain socket, as a scanner would send them
        RawResponse response = raw(requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
        JsonObject body = new JsonObject(response.body());
        assertThat(body.fieldNames()).containsExactlyInAnyOrder("error", "code");
        assertThat(body.getString("code")).isEqualTo("BAD_REQUEST");
        assertThat(body.getString("error")).isNotBlank();
        // the server is still fine
        json(post("/api/agents/wang.fang/login", "{\"seat\":\"1001\"}"), 200);
    }

    // ------------------------------------------------------------------ helpers

    /** An HTTP/1.1 response read off a raw socket. */
    private record RawResponse(int status, String contentType, String body) {
    }

    private RawResponse raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", verticle.server.actualPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = response.indexOf("\r\n\r\n");
            assertThat(headEnd).as("a complete response head: %s", response).isPositive();
            String[] head = response.substring(0, headEnd).split("\r\n");
            String contentType = null;
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                if (head[i].substring(0, colon).equalsIgnoreCase("content-type")) {
                    contentType = head[i].substring(colon + 1).trim();
                }
            }
            return new RawResponse(Integer.parseInt(head[0].split(" ")[1]), contentType,
                    response.substring(headEnd + 4));
        }
    }

    private String arriveAndHangUp(String uniqueId, String channel) throws Exception {
        return verticle.onContext(() -> {
            CallController c = verticle.controller;
            String callId = c.inbound(new InboundCall(uniqueId, channel, "13900000000", "Citizen 0", "12345"))
                    .callId();
            c.agiFinished(callId, true);
            Instant at = verticle.clock.advance(Duration.ofSeconds(1));
            c.onTelephonyEvent(new HangupRequested(at, uniqueId, uniqueId, channel, false, null));
            c.onTelephonyEvent(new ChannelHungUp(at, uniqueId, uniqueId, channel, 16, "Normal Clearing"));
            return callId;
        });
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET().build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
                .header("content-type", "application/json").POST(BodyPublishers.ofString(body)).build(),
                BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + verticle.server.actualPort() + path);
    }

    private static JsonObject json(HttpResponse<String> response, int status) {
        assertJsonResponse(response, status);
        return new JsonObject(response.body());
    }

    private static JsonArray jsonArray(HttpResponse<String> response, int status) {
        assertJsonResponse(response, status);
        return new JsonArray(response.body());
    }

    /** Every error is a JSON object with a non-blank {@code error} and the given {@code code}, and nothing else. */
    private static JsonObject error(HttpResponse<String> response, int status, String code) {
        JsonObject body = json(response, status);
        assertThat(body.fieldNames()).containsExactlyInAnyOrder("error", "code");
        assertThat(body.getValue("error")).isInstanceOf(String.class);
        assertThat(body.getString("error")).isNotBlank();
        assertThat(body.getString("code")).isEqualTo(code);
        return body;
    }

    private static void assertJsonResponse(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("%s %s -> %s", response.request().method(), response.uri(),
                response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
