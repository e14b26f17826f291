package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.SipRegistration;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults at the seat, all real: during a call, the seat's softphone registration is removed from the pbx (a SIP
 * REGISTER {@code Contact: *, Expires: 0}, as a phone that unregisters) and the softphone registers again; the
 * agent's desktop WebSocket disconnects and reconnects. The call goes on throughout, the seat is marked unregistered
 * then registered (AMI {@code ContactStatus}), the desktop gets the agent's frames again after reconnecting, and the
 * next call reaches the seat through its new registration.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SeatFaultsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LiveLab live;

    @BeforeAll
    static void startLab() throws Exception {
        live = LiveLab.start("it-lab-seat-faults", Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled",
                false));
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void shouldKeepTheCallAndFollowTheSeatThroughUnregisterReRegisterAndADesktopReconnect() throws Exception {
        LiveApi api = live.api;
        Lab lab = live.lab;
        Path speech = lab.speech("citizen-seat", "Hello. The traffic light at the Dongzhimen crossing is dark.");
        try (Softphone phone = lab.softphone("1001", true, null)) {
            assertThat(api.post("/api/agents/alice/login", "{\"seat\":\"1001\"}").statusCode()).isEqualTo(200);
            assertThat(api.post("/api/agents/alice/ready", "").statusCode()).isEqualTo(200);
            String caller = LiveApi.newCaller("130");
            Originated o = live.carrier.callAndWait(new CitizenCall("12345", caller, Lab.playable(speech), 1,
                    Duration.ofMillis(500), Duration.ofSeconds(120)), Duration.ofSeconds(30));
            assertThat(o.success()).isTrue();
            String callId = api.awaitCall(caller, "answered").getString("callId");
            // the softphone's registration goes away mid-call; the desktop sees it, then disconnects
            var a = lab.config().asterisk();
            SipRegistration registrar = new SipRegistration(a.host(), a.sipPort(), "1001",
                    lab.config().seats().passwordPrefix() + "1001");
            try (Desktop desktop = new Desktop("alice")) {
                assertThat(registrar.unregisterAll()).isEqualTo(200);
                JsonObject unregistered = desktop.await(f -> "agent".equals(f.getString("type"))
                        && !f.getJsonObject("agent").getBoolean("registered"));
                assertThat(unregistered.getJsonObject("agent").getString("state")).isEqualTo("ON_CALL");
            }
            assertThat(api.agent("alice").getBoolean("registered")).isFalse();
            assertThat(api.agent("alice").getString("state")).isEqualTo("ON_CALL");
            assertThat(api.agent("alice").getString("callId")).isEqualTo(callId);
            assertThat(upSeatLegs(lab, "1001")).as("the call goes on while the seat is unregistered").isEqualTo(1);

            // it registers again while the desktop is away
            phone.registerAgain();
            LiveApi.awaitTrue(Duration.ofSeconds(10), () -> api.agent("alice").getBoolean("registered"));
            assertThat(upSeatLegs(lab, "1001")).isEqualTo(1);

            // the desktop reconnects and gets the agent's next frames: the call ends, the agent is ready
            try (Desktop desktop = new Desktop("alice")) {
                live.carrier.hangup(o.channel());
                JsonObject ready = desktop.await(f -> "agent".equals(f.getString("type"))
                        && "READY".equals(f.getJsonObject("agent").getString("state")));
                assertThat(ready.getJsonObject("agent").getBoolean("registered")).isTrue();
            }
            JsonObject call = api.awaitCall(caller, "ended");
            assertThat(LiveApi.types(call)).containsExactly("arrived", "queued", "offered", "ringing", "answered",
                    "ended");
            assertThat(LiveApi.step(call, "ended").getString("endedBy")).isEqualTo("caller");

            // the next call reaches the seat through its new registration
            String next = LiveApi.newCaller("130");
            Originated o2 = live.carrier.callAndWait(new CitizenCall("12345", next, Lab.playable(speech), 1,
                    Duration.ofMillis(500), Duration.ofSeconds(1)), Duration.ofSeconds(30));
            assertThat(o2.success()).isTrue();
            JsonObject second = api.awaitCall(next, "ended");
            assertThat(LiveApi.types(second)).containsExactly("arrived", "queued", "offered", "ringing", "answered",
                    "ended");
            assertThat(LiveApi.step(second, "answered").getString("agentId")).isEqualTo("alice");
            LiveApi.awaitTrue(Duration.ofSeconds(10), () -> "READY".equals(api.agent("alice").getString("state")));
            assertThat(api.post("/api/agents/alice/logout", "").statusCode()).isEqualTo(200);
        }
    }

    private static long upSeatLegs(Lab lab, String seat) throws Exception {
        return lab.pbxCli("core show channels concise").lines()
                .filter(l -> l.startsWith("PJSIP/" + seat + "-") && l.contains("!Up!")).count();
    }

    /** An agent's desktop WebSocket ({@code /ws/agents/<id>}), collecting JSON frames. */
    private static final class Desktop implements WebSocket.Listener, AutoCloseable {
        final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket ws;

        Desktop(String agentId) throws Exception {
            ws = HTTP.newWebSocketBuilder().header("Cookie", live.api.cookie()).buildAsync(URI.create("ws://127.0.0.1:" + live.server.httpPort()
                    + "/ws/agents/" + agentId), this).get(10, TimeUnit.SECONDS);
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

        JsonObject await(Predicate<JsonObject> match) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                JsonObject f = frames.poll(200, TimeUnit.MILLISECONDS);
                if (f != null && match.test(f)) {
                    return f;
                }
            }
            throw new AssertionError("no matching frame within 20 s");
        }

        @Override
        public void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }
}
