package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabLogin;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Finals while the citizen is still on the line, all real: the carrier's citizen says a complaint and then stays on
 * the line saying nothing (the carrier sends no RTP while it waits, so the ChanSpy fork sends nothing either). The
 * receiver plays that silence to Vosk on the wall clock, so the caller's utterance ends by Vosk's end-of-utterance
 * rule about a second after the last word: the final, and the live draft from it, reach the agent's desktop while
 * the call is up, long before the citizen hangs up.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LiveFinalsIT {
    /** Vosk's rule (~1.1 s of silence) plus the hold-off and delivery; generous for a loaded 2-core machine. */
    static final Duration FINAL_BOUND = Duration.ofMillis(3000);
    static final Duration DRAFT_BOUND = Duration.ofMillis(4000);
    static final Duration HOLD = Duration.ofSeconds(25);

    private static final HttpClient http = HttpClient.newHttpClient();
    private static Lab lab;
    private static HotlineServer server;
    private static String base;
    private static String cookie;
    private static CarrierDialer carrier;

    @BeforeAll
    static void startLab() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-lab-finals"));
        int asrPorts = 51000 + Lab.portOffset();
        lab = Lab.start(run, Map.of("hotline.routing.ringTimeout", "4s", "hotline.ivr.enabled", false,
                "hotline.asr.models.en", Lab.home().resolve("asr/target/vosk-model-en-us").toString(),
                "hotline.asr.transcribeAgent", false,
                "hotline.asr.rtp.portStart", asrPorts, "hotline.asr.rtp.portEnd", asrPorts + 49));
        server = HotlineServer.start(lab.config(), Clock.systemUTC());
        base = "http://127.0.0.1:" + server.httpPort();
        cookie = LabLogin.cookie(base, LabLogin.SUPERVISOR);
        var c = lab.config().carrier();
        carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(), c.amiUser(), c.amiSecret(),
                Duration.ofSeconds(5)));
        awaitTrue(Duration.ofSeconds(20), () -> get("/health").getBoolean("ami"));
        awaitTrue(Duration.ofSeconds(90), () -> "ready".equals(get("/api/asr").getString("status")));
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (carrier != null) {
            carrier.close();
        }
        if (server != null) {
            server.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void shouldDeliverTheCallersFinalAndDraftAboutASecondAfterTheLastWordWhileTheCitizenStaysOnTheLine()
            throws Exception {
        Path citizenWav = speech("finals-citizen-rms", LiveTranscriptionIT.CITIZEN);
        double speechEnd = lastLoudSecond(citizenWav);
        Softphone phone = lab.softphone("1003", true, null);
        Socket socket = new Socket();
        WebSocket ws = http.newWebSocketBuilder().header("Cookie", cookie).buildAsync(URI.create("ws://127.0.0.1:"
                + server.httpPort() + "/ws/agents/carol"), socket).get(10, TimeUnit.SECONDS);
        try {
            awaitTrue(Duration.ofSeconds(5), () -> !socket.of("hello").isEmpty());
            assertThat(post("/api/agents/carol/login", "{\"seat\":\"1003\"}").statusCode()).isEqualTo(200);
            assertThat(post("/api/agents/carol/ready", "").statusCode()).isEqualTo(200);

            String caller = "139" + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
            Duration pre = Duration.ofSeconds(1);
            Originated o = carrier.callAndWait(new CitizenCall("12345", caller, Lab.playable(citizenWav), 1, pre,
                    HOLD), Duration.ofSeconds(30));
            Instant answered = Instant.now();
            assertThat(o.success()).as("the contact center answered the citizen").isTrue();
            Instant lastWord = answered.plus(pre).plusMillis((long) (speechEnd * 1000));
            Instant hangUp = answered.plus(pre).plusMillis((long) (duration(citizenWav) * 1000)).plus(HOLD);

            // eight seconds after the last word, the citizen still on the line: what has the desktop got?
            awaitTrue(Duration.ofSeconds(60), () -> Instant.now().isAfter(lastWord.plusSeconds(8)));
            boolean up = !callEnded(caller);
            List<Instant> finals = socket.arrivals("final", "caller");
            List<Instant> drafts = socket.arrivals("draft", null);
            assertThat(up).as("the citizen is still on the line").isTrue();
            assertThat(finals).as("the caller's final came while the citizen is on the line").isNotEmpty();
            assertThat(drafts).as("the live draft came while the citizen is on the line").isNotEmpty();
            Instant finalAt = finals.get(finals.size() - 1);
            Instant draftAt = drafts.get(drafts.size() - 1);
            long finalMs = Duration.between(lastWord, finalAt).toMillis();
            long draftMs = Duration.between(lastWord, draftAt).toMillis();
            List<JsonObject> texts = socket.of("final");
            System.out.printf("live finals: last word -> caller final %d ms, -> draft %d ms; the citizen hangs up"
                            + " %d ms after the last word; %d caller final(s), last \"%s\"; load average %s%n",
                    finalMs, draftMs, Duration.between(lastWord, hangUp).toMillis(), finals.size(),
                    texts.get(texts.size() - 1).getString("text"), loadAverage());
            assertThat(Duration.ofMillis(finalMs)).as("last word -> caller final").isLessThan(FINAL_BOUND);
            assertThat(Duration.ofMillis(draftMs)).as("last word -> draft on the desktop").isLessThan(DRAFT_BOUND);
            carrier.hangup(o.channel());
            awaitTrue(Duration.ofSeconds(30), () -> callEnded(caller));
        } finally {
            ws.abort();
            awaitTrue(Duration.ofSeconds(20), () -> {
                int status = post("/api/agents/carol/logout", "").statusCode();
                return status == 200 || status == 404;
            });
            phone.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** CMU Flite (rms voice), 8 kHz mono, telephone band, 0.2 s of silence before and 0.5 s after. */
    private static Path speech(String name, String text) throws Exception {
        Path dir = Files.createDirectories(lab.config().runDir().resolve("audio"));
        Path wav = dir.resolve(name + ".wav");
        if (!Files.exists(wav)) {
            Path tts = dir.resolve(name + ".tts.wav");
            exec("flite", "-voice", LiveTranscriptionIT.CITIZEN_VOICE, "-t", text, "-o", tts.toString());
            exec("sox", tts.toString(), "-r", "8000", "-c", "1", "-b", "16", wav.toString(), "gain", "-n", "-6",
                    "sinc", "300-3400", "pad", "0.2", "0.5");
        }
        return wav;
    }

    /** Where the last sample above -30 dBFS is, in seconds from the start of the file (16-bit mono). */
    static double lastLoudSecond(Path wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            byte[] b = in.readAllBytes();
            int last = 0;
            for (int i = 0; i + 1 < b.length; i += 2) {
                int s = (short) ((b[i] & 0xFF) | (b[i + 1] << 8));
                if (Math.abs(s) > 1036) {
                    last = i / 2;
                }
            }
            return last / (double) in.getFormat().getSampleRate();
        }
    }

    private static double duration(Path wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            return in.getFrameLength() / (double) in.getFormat().getFrameRate();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static void exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + new String(out));
        }
    }

    private static boolean callEnded(String caller) {
        for (Object id : get("/api/calls?limit=20").getJsonArray("calls")) {
            JsonObject fields = get("/api/calls/" + id).getJsonObject("fields");
            if (caller.equals(fields.getString("callerNumber")) && "ended".equals(fields.getString("state"))) {
                return true;
            }
        }
        return false;
    }

    /** The agent desktop's side of the WebSocket: the JSON text frames and when each arrived. */
    private static final class Socket implements WebSocket.Listener {
        final List<JsonObject> messages = new CopyOnWriteArrayList<>();
        final List<Instant> at = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Instant now = Instant.now();
                messages.add(new JsonObject(partial.toString()));
                at.add(now);
                partial.setLength(0);
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        List<JsonObject> of(String type) {
            return messages.stream().filter(m -> type.equals(m.getString("type"))).toList();
        }

        List<Instant> arrivals(String type, String speaker) {
            List<Instant> out = new java.util.ArrayList<>();
            for (int i = 0; i < messages.size() && i < at.size(); i++) {
                JsonObject m = messages.get(i);
                if (type.equals(m.getString("type")) && (speaker == null || speaker.equals(m.getString("speaker")))) {
                    out.add(at.get(i));
                }
            }
            return out;
        }
    }

    private static JsonObject get(String path) {
        return new JsonObject(send(HttpRequest.newBuilder(URI.create(base + path)).GET()).body());
    }

    private static HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Cookie", cookie).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Duration timeout, Check check) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Throwable last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception | AssertionError e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition not met within " + timeout, last);
    }
}
