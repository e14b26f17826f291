package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ASR on worker nodes, all separate JVMs from the built jar on the real lab: a leader that transcribes nothing
 * itself ({@code hotline.cluster.remoteAsr}) and two workers ({@code worker}) with the small English model. An
 * answered citizen's voice is forked by Asterisk to the worker the leader picked, and its words come back over the
 * event bus into the call's transcript in Redis, and the caller's words become the call's live draft work order on
 * the agent's WebSocket and with the call ({@code GET /api/calls/<id>/draft}), as on one node. One worker is killed
 * (SIGKILL); the next call's stream goes to the other one and is transcribed too.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterAsrWorkersIT {
    private static final String CITIZEN = "hello the street light outside number eighteen has been broken for a week";

    @Test
    void shouldTranscribeOnAWorkerAndMoveNewStreamsToTheOtherWhenOneDies() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-cluster-asr"));
        Map<String, Object> overrides = Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled", true,
                "hotline.asr.transcribeAgent", false, "hotline.asr.maxStreams", 2,
                "hotline.asr.models.en", Lab.home().resolve("asr/target/vosk-model-en-us").toString());
        int base = 45000 + Lab.portOffset();
        int rtp = 52000 + Lab.portOffset(); // beside the default 51000..51999, away from the lab carrier's RTP
        Map<String, Integer> ports = new HashMap<>(Map.of("leader", base + 11, "w1", base + 12, "w2", base + 13));
        try (Lab lab = Lab.start(run, overrides);
             ClusterNodes nodes = new ClusterNodes(run, ClusterNodes.labSettings(run, overrides), ports)) {
            var cfg = lab.config();
            LiveApi api = new LiveApi("http://127.0.0.1:" + cfg.server().httpPort());
            Map<String, String> remote = Map.of("HOTLINE_CLUSTER_REMOTE_ASR", "true");
            nodes.start("leader", "run", remote);
            nodes.start("w1", "worker", Map.of("HOTLINE_CLUSTER_REMOTE_ASR", "true",
                    "HOTLINE_ASR_RTP_START", String.valueOf(rtp), "HOTLINE_ASR_RTP_END", String.valueOf(rtp + 49)));
            nodes.start("w2", "worker", Map.of("HOTLINE_CLUSTER_REMOTE_ASR", "true",
                    "HOTLINE_ASR_RTP_START", String.valueOf(rtp + 50),
                    "HOTLINE_ASR_RTP_END", String.valueOf(rtp + 99)));
            LiveApi.awaitTrue(Duration.ofSeconds(90), () -> api.get("/health").getBoolean("ami"));
            LiveApi.awaitTrue(Duration.ofSeconds(120), () -> nodes.logOf("w1").contains("ASR worker w1 up")
                    && nodes.logOf("w2").contains("ASR worker w2 up")
                    && nodes.logOf("leader").contains("Members {size:3"));

            Path wav = lab.speech("cluster-citizen", CITIZEN);
            lab.softphone("1001", true, null);
            assertThat(api.post("/api/agents/ann/login", "{\"seat\":\"1001\"}").statusCode()).isEqualTo(200);
            assertThat(api.post("/api/agents/ann/ready", "").statusCode()).isEqualTo(200);
            var c = cfg.carrier();
            Desktop desktop = new Desktop();
            java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Cookie", api.cookie()).buildAsync(java.net.URI.create("ws://127.0.0.1:"
                            + cfg.server().httpPort() + "/ws/agents/ann"), desktop).get(10, TimeUnit.SECONDS);
            try (CarrierDialer carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(),
                    c.amiUser(), c.amiSecret(), Duration.ofSeconds(5)))) {
                // both workers free (2 streams each): the tie goes to w1
                String first = transcribedCall(api, carrier, wav);
                assertThat(nodes.logOf("leader")).contains("callId=" + first + " speaker=caller transcribing on"
                        + " worker w1");
                assertThat(nodes.logOf("w1")).contains("callId=" + first);
                // the live draft, made on the leader from w1's finals: pushed to ann's desktop, kept with the call
                LiveApi.awaitTrue(Duration.ofSeconds(30), () -> !desktop.drafts(first).isEmpty());
                var drafts = desktop.drafts(first);
                JsonObject newest = drafts.get(drafts.size() - 1);
                LiveApi.awaitTrue(Duration.ofSeconds(10), () -> api.get("/api/calls/" + first + "/draft")
                        .getInteger("seq", 0) >= newest.getInteger("seq"));
                JsonObject draft = api.get("/api/calls/" + first + "/draft");
                System.out.println("cluster-asr-workers draft " + draft.encode());
                assertThat(draft.getString("type")).isEqualTo("draft");
                assertThat(draft.getString("callId")).isEqualTo(first);
                assertThat(draft.getString("agentId")).isEqualTo("ann");
                assertThat(draft.getInteger("seq")).isPositive();
                String said = api.get("/api/calls/" + first + "/transcript").getJsonArray("utterances").stream()
                        .map(u -> ((JsonObject) u).getString("text")).reduce("", (x, y) -> x + " " + y);
                if (said.contains("street light")) { // the words the category comes from were recognised
                    assertThat(draft.getString("category")).isEqualTo("street_light");
                }

                nodes.kill("w1");
                Instant killed = Instant.now();
                String second = transcribedCall(api, carrier, wav);
                assertThat(nodes.logOf("leader")).contains("callId=" + second + " speaker=caller transcribing on"
                        + " worker w2");
                assertThat(nodes.logOf("w2")).contains("callId=" + second);
                JsonObject asr = api.get("/api/asr");
                assertThat(asr.getString("status")).isEqualTo("workers");
                assertThat(asr.getLong("forkedStreams")).isEqualTo(2);
                assertThat(asr.getLong("drafts")).isPositive();
                assertThat(asr.getLong("skippedCalls")).isZero();
                System.out.println("cluster-asr-workers first=" + first + " worker=w1 second=" + second
                        + " worker=w2 kill_to_second_transcript_ms=" + Duration.between(killed, Instant.now())
                        .toMillis());
            } finally {
                ws.abort();
            }
        }
    }

    /** The agent's desktop: every message its WebSocket receives. */
    private static final class Desktop implements java.net.http.WebSocket.Listener {
        private final java.util.List<JsonObject> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data,
                                                              boolean last) {
            partial.append(data);
            if (last) {
                messages.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        java.util.List<JsonObject> drafts(String callId) {
            return messages.stream().filter(m -> "draft".equals(m.getString("type"))
                    && callId.equals(m.getString("callId"))).toList();
        }
    }

    /**
     * A citizen speaks to ann; returns the call's id once its transcript in Redis has the caller's words (their
     * second half: a fork started late on a loaded machine may miss the first words, which is not what is tested).
     */
    private static String transcribedCall(LiveApi api, CarrierDialer carrier, Path wav) throws Exception {
        String caller = LiveApi.newCaller("138");
        Originated o = carrier.callAndWait(new CitizenCall("12345", caller, Lab.playable(wav), 1,
                Duration.ofMillis(1500), Duration.ofSeconds(2)), Duration.ofSeconds(30));
        assertThat(o.success()).isTrue();
        String callId = api.awaitCall(caller, "answered").getJsonObject("fields").getString("callId");
        JsonArray[] last = {new JsonArray()};
        try {
            LiveApi.awaitTrue(Duration.ofSeconds(90), () -> {
                JsonArray u = api.get("/api/calls/" + callId + "/transcript").getJsonArray("utterances");
                last[0] = u;
                return u.stream().map(x -> (JsonObject) x).anyMatch(x -> "caller".equals(x.getString("speaker"))
                        && x.getString("text").contains("broken"));
            });
        } catch (AssertionError e) {
            // what was recognised instead, for the reader of a failed run
            throw new AssertionError("call " + callId + ": no caller utterance with \"broken\" in " + last[0].encode(),
                    e);
        }
        api.awaitCall(caller, "ended");
        return callId;
    }
}
