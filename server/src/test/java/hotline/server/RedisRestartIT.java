package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.call.RedisHashAcdStateStore;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault: the server's Redis restarts (AOF on, as {@code scripts/redis-ctl.sh} runs it) during traffic, all real.
 * A call is talking and a unit's WebSocket is open when Redis stops; while it is down a second call arrives, is
 * answered and ends, the first ends, and an order submit is refused (503). When Redis is back the server has
 * reconnected by itself (pooled client, the stream consumer's own connection, the routing-state store) and nothing
 * is lost: both calls' whole timelines, the routing state as it is now, every order, each delivered once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RedisRestartIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LiveLab live;
    private static Path speech;

    @BeforeAll
    static void startLab() throws Exception {
        live = LiveLab.start("it-lab-redis-restart", Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled",
                false));
        speech = live.lab.speech("citizen-restart", "Hello. The water pipe under Jiaodaokou street is leaking.");
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void shouldLoseNoCallStepAndNoOrderAcrossARedisRestartAndReconnectByItself() throws Exception {
        LiveApi api = live.api;
        Lab lab = live.lab;
        CarrierDialer carrier = live.carrier;
        Softphone alicePhone = lab.softphone("1001", true, null);
        Softphone bobPhone = lab.softphone("1002", true, null);
        loginReady(api, "alice", "1001");
        try (Feed s1 = new Feed("/ws/units/110101006")) {
            String a = submit(api, "restart-a", "110101006", 201);
            assertThat(s1.next().getJsonObject("order").getString("number")).isEqualTo(a);

            // call 1 talks to alice through the outage
            String caller1 = LiveApi.newCaller("137");
            Originated o1 = carrier.callAndWait(new CitizenCall("12345", caller1, Lab.playable(speech), 1,
                    Duration.ofMillis(500), Duration.ofSeconds(120)), Duration.ofSeconds(30));
            assertThat(o1.success()).isTrue();
            String call1 = api.awaitCall(caller1, "answered").getString("callId");
            String b = submit(api, "restart-b", "110101007", 201); // nobody listens on s2: it waits in the stream

            lab.stopRedis();

            loginReady(api, "bob", "1002");
            String caller2 = LiveApi.newCaller("136");
            Originated o2 = carrier.callAndWait(new CitizenCall("12345", caller2, Lab.playable(speech), 1,
                    Duration.ofMillis(500), Duration.ofSeconds(1)), Duration.ofSeconds(30));
            assertThat(o2.success()).as("a call is answered while Redis is down").isTrue();
            LiveApi.awaitTrue(Duration.ofSeconds(30), () -> api.agent("bob").getInteger("callsToday") == 1
                    && "READY".equals(api.agent("bob").getString("state")));
            carrier.hangup(o1.channel());
            LiveApi.awaitTrue(Duration.ofSeconds(20), () -> "READY".equals(api.agent("alice").getString("state")));
            assertThat(api.get("/health").getInteger("activeCalls")).isZero();
            submit(api, "restart-d", "110101006", 503);

            lab.startRedis();

            // the steps kept while Redis was down land once it is back, in order, once each
            JsonObject first = awaitCall(api, call1, "ended");
            assertThat(LiveApi.types(first)).containsExactly("arrived", "queued", "offered", "ringing", "answered",
                    "ended");
            assertThat(LiveApi.step(first, "ended").getString("endedBy")).isEqualTo("caller");
            assertThat(first.getJsonObject("fields").getString("state")).isEqualTo("ended");
            JsonObject second = api.awaitCall(caller2, "ended");
            assertThat(LiveApi.types(second)).containsExactly("arrived", "queued", "offered", "ringing", "answered",
                    "ended");
            assertThat(LiveApi.step(second, "answered").getString("agentId")).isEqualTo("bob");
            assertThat(second.getJsonObject("fields").getString("state")).isEqualTo("ended");
            LiveApi.assertOrdered(first);
            LiveApi.assertOrdered(second);

            // the routing state saved after the outage is the state now: two agents, no call
            LiveApi.awaitTrue(Duration.ofSeconds(20), () -> {
                // one hash field per agent (a:), engine call (c:) and call's channels (k:)
                List<String> fields = List.of(redisCli("HKEYS", RedisHashAcdStateStore.KEY).split("\\s+"));
                List<String> agents = fields.stream().filter(f -> f.startsWith("a:")).sorted().toList();
                return agents.equals(List.of("a:alice", "a:bob"))
                        && fields.stream().noneMatch(f -> f.startsWith("c:") || f.startsWith("k:"));
            });

            // orders: the refused submit retried with its requestId is created once; the open feed gets it on the
            // consumer's new connection; the order that waited in s2's stream reaches s2 when it connects
            String d = submit(api, "restart-d", "110101006", 201);
            assertThat(submit(api, "restart-d", "110101006", 200)).isEqualTo(d);
            JsonObject pushed = s1.next();
            assertThat(pushed.getJsonObject("order").getString("number")).isEqualTo(d);
            try (Feed s2 = new Feed("/ws/units/110101007")) {
                assertThat(s2.next().getJsonObject("order").getString("number")).isEqualTo(b);
                assertThat(s2.frames.poll(1, TimeUnit.SECONDS)).as("b is delivered once").isNull();
            }
            assertThat(api.get("/api/orders/" + a).getString("number")).isEqualTo(a);
            assertThat(api.get("/api/units/110101006/orders").getJsonArray("orders")).hasSize(2);
            assertThat(s1.frames.poll(1, TimeUnit.SECONDS)).as("nothing pushed twice to s1").isNull();
        }
        for (String agent : List.of("alice", "bob")) {
            assertThat(api.post("/api/agents/" + agent + "/logout", "").statusCode()).isEqualTo(200);
        }
        alicePhone.close();
        bobPhone.close();
    }

    private static void loginReady(LiveApi api, String agent, String seat) {
        assertThat(api.post("/api/agents/" + agent + "/login", "{\"seat\":\"" + seat + "\"}").statusCode())
                .isEqualTo(200);
        assertThat(api.post("/api/agents/" + agent + "/ready", "").statusCode()).isEqualTo(200);
    }

    /** Submits an order and returns its number; the status must be {@code expected}. */
    private static String submit(LiveApi api, String requestId, String unit, int expected) {
        HttpResponse<String> r = api.post("/api/orders", "{\"requestId\":\"" + requestId + "\",\"callerName\":\"王女士\","
                + "\"phone\":\"13800138000\",\"district\":\"东城区\",\"street\":\"交道口街道\",\"community\":\"菊儿社区\","
                + "\"category\":\"water\",\"urgency\":\"24h\",\"summary\":\"water pipe leaking\",\"unitIds\":[\""
                + unit + "\"],\"channel\":\"phone\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return new JsonObject(r.body()).getString("number");
    }

    /** The call by id once its stored timeline has a step of {@code type}. */
    private static JsonObject awaitCall(LiveApi api, String callId, String type) throws Exception {
        JsonObject[] found = new JsonObject[1];
        LiveApi.awaitTrue(Duration.ofSeconds(30), () -> {
            found[0] = api.get("/api/calls/" + callId);
            return LiveApi.types(found[0]).contains(type);
        });
        return found[0];
    }

    private static String redisCli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p",
                String.valueOf(URI.create(live.lab.config().redis().uri()).getPort())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /** A unit handler's WebSocket, collecting frames. */
    private static final class Feed implements WebSocket.Listener, AutoCloseable {
        final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket ws;

        Feed(String path) throws Exception {
            ws = HTTP.newWebSocketBuilder().header("Cookie", live.api.cookie()).buildAsync(URI.create("ws://127.0.0.1:" + live.server.httpPort() + path),
                    this).get(10, TimeUnit.SECONDS);
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
            JsonObject f = frames.poll(30, TimeUnit.SECONDS);
            assertThat(f).as("a frame within 30 s").isNotNull();
            return f;
        }

        @Override
        public void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }
}
