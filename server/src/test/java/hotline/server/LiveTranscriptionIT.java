package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.asr.WordErrorRate;
import hotline.server.asr.LiveTranscription;
import hotline.telephony.ami.AmiAudioFork;
import hotline.telephony.ami.AmiClient;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.ami.Backoff;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Live transcription end to end, all real: the carrier Asterisk calls 12345 and plays a citizen's words (CMU Flite,
 * telephone band); a baresip seat auto-answers and plays the agent's words; the server forks both voices from the
 * pbx over AMI (UnicastRTP + ChanSpy) to its Netty RTP receiver, Vosk recognises them, and the transcript arrives on
 * the event bus, over the agent's WebSocket and in Redis with the call; the caller's words become a live draft on the
 * agent's WebSocket, which the agent submits as an order linked to the call.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LiveTranscriptionIT {
    /**
     * Said by flite's rms voice: straight into Vosk (telephone band, μ-law) it heard every digit of the number and two
     * other words wrong ("a" as "the", "the" as "that"); the slt voice dropped digits ("eight eight" as "eight",
     * "zero zero" as "they are a girl").
     */
    static final String CITIZEN = "A water pipe is broken in front of my building and water is flooding the road."
            + " My phone number is one three six seven seven eight eight nine nine zero zero.";
    static final String CITIZEN_VOICE = "rms";
    /** What the draft must get from the caller's words (not the caller ID, which is another number). */
    static final String SPOKEN_PHONE = "13677889900";
    static final String CATEGORY = "water_drainage";
    static final String AGENT = "Thank you for calling the city hotline. How can I help you today?";
    /**
     * Measured on this path (flite, Asterisk playback, pbx PCMU, ChanSpy fork, our receiver, Vosk small English
     * model, dither off): the earlier street-light sentence (slt) caller 0.158, agent 0.0 (13 words); this sentence
     * (rms) caller 0.065 ("a" as "the", "building" as "getting"; every digit right) at a fork ratio of 0.87. The
     * bounds allow one or two more errors, for a busy machine dropping a few frames.
     */
    static final double CALLER_WER_BOUND = 0.22;
    static final double AGENT_WER_BOUND = 0.16;
    /** When the fork lost frames (audio ratio below 0.95); 0.316 was measured at ratio 0.78. */
    static final double DEGRADED_WER_BOUND = 0.45;
    /** A fork below this received-audio / wall-clock ratio is degraded (the server warns below it too). */
    static final double DEGRADED_RATIO = 0.95;
    /** A spoken phone number is expected digit for digit only from a fork this close to real time. */
    static final double DIGITS_RATIO = 0.99;

    private static final HttpClient http = HttpClient.newHttpClient();
    private static Lab lab;
    private static HotlineServer server;
    private static String base;
    private static String cookie;
    private static CarrierDialer carrier;

    @BeforeAll
    static void startLab() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-lab-asr"));
        int asrPorts = 51000 + Lab.portOffset();
        // straight to the seat, without the front-door menu (IvrIT covers it)
        lab = Lab.start(run, Map.of("hotline.routing.ringTimeout", "4s", "hotline.ivr.enabled", false,
                "hotline.asr.models.en", Lab.home().resolve("asr/target/vosk-model-en-us").toString(),
                "hotline.asr.rtp.portStart", asrPorts, "hotline.asr.rtp.portEnd", asrPorts + 49));
        server = HotlineServer.start(lab.config(), Clock.systemUTC());
        base = "http://127.0.0.1:" + server.httpPort();
        cookie = hotline.testkit.lab.LabLogin.cookie(base, hotline.testkit.lab.LabLogin.SUPERVISOR);
        var c = lab.config().carrier();
        carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(), c.amiUser(), c.amiSecret(),
                Duration.ofSeconds(5)));
        awaitTrue(Duration.ofSeconds(20), () -> get("/health").getBoolean("ami"));
        awaitTrue(Duration.ofSeconds(60), () -> "ready".equals(get("/api/asr").getString("status")));
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
    void shouldShowTheCallersAndTheAgentsWordsLiveOnTheAgentsWebSocketAndStoreThemWithTheCall() throws Exception {
        Path citizenWav = speech("asr-citizen-rms", CITIZEN_VOICE, CITIZEN, 0.2);
        Path agentWav = speech("asr-agent", "slt", AGENT, 1.5); // starts talking 1.5 s after answering
        Softphone phone = lab.softphone("1001", true, agentWav);
        List<JsonObject> bus = new CopyOnWriteArrayList<>();
        MessageConsumer<String> consumer = server.vertx().eventBus()
                .consumer(LiveTranscription.ALL_ADDRESS, m -> {
                    JsonObject message = new JsonObject(m.body());
                    if ("alice".equals(message.getString("agentId"))) { // this test's call only
                        bus.add(message);
                    }
                });
        consumer.completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Socket socket = new Socket();
        WebSocket ws = http.newWebSocketBuilder().header("Cookie", cookie).buildAsync(URI.create("ws://127.0.0.1:"
                + server.httpPort()
                + "/ws/agents/alice"), socket).get(10, TimeUnit.SECONDS);
        try {
            awaitTrue(Duration.ofSeconds(5), () -> socket.messages.stream().anyMatch(m -> "hello".equals(
                    m.getString("type"))));
            assertThat(post("/api/agents/alice/login", "{\"seat\":\"1001\"}").statusCode()).isEqualTo(200);
            assertThat(post("/api/agents/alice/ready", "").statusCode()).isEqualTo(200);

            String caller = "139" + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
            Originated o = carrier.callAndWait(new CitizenCall("12345", caller, Lab.playable(citizenWav), 1,
                    Duration.ofMillis(1500), Duration.ofSeconds(3)), Duration.ofSeconds(30));
            assertThat(o.success()).as("the contact center answered the citizen").isTrue();

            // live: the first words reach the agent's desktop while the citizen is still talking
            awaitTrue(Duration.ofSeconds(30), () -> socket.of("partial", "caller").size() > 0);
            JsonObject streamsDuringCall = get("/api/asr");
            // Asterisk runs one UnicastRTP channel per voice sending to our ports, fed by ChanSpy or an ARI snoop
            String channels = lab.pbxCli("core show channels concise");
            for (Object stream : streamsDuringCall.getJsonArray("streams")) {
                assertThat(channels).contains("UnicastRTP/127.0.0.1:" + ((JsonObject) stream).getInteger("port")
                        + "-");
            }
            assertThat(channels).contains(hotline.config.AsrConfig.FORK_ARI.equals(lab.config().asr().fork())
                    ? "Snoop/" : "ChanSpy");

            // sample each fork's received-audio / wall-clock ratio until its stream closes (the last sample is at
            // most ~100 ms before the end, so it is the whole call's ratio)
            Map<String, Double> ratio = new java.util.concurrent.ConcurrentHashMap<>();
            awaitTrue(Duration.ofSeconds(60), () -> {
                for (Object st : get("/api/asr").getJsonArray("streams")) {
                    JsonObject stream = (JsonObject) st;
                    if (stream.containsKey("audioRatio")) {
                        ratio.put(stream.getString("speaker"), stream.getDouble("audioRatio"));
                    }
                }
                return callEnded(caller);
            });
            awaitTrue(Duration.ofSeconds(30), () -> get("/api/asr").getInteger("activeStreams") == 0
                    && get("/api/asr").getJsonArray("streams").isEmpty());
            // closing a stream flushes its last utterance: give the hop to the event loop a moment to land
            awaitTrue(Duration.ofSeconds(10), () -> !finals(bus, "agent").isEmpty() && !finals(bus, "caller").isEmpty());

            String callId = finals(bus, "caller").get(0).getString("callId");
            String callerText = text(finals(bus, "caller"));
            String agentText = text(finals(bus, "agent"));
            double callerWer = WordErrorRate.of(CITIZEN, callerText);
            double agentWer = WordErrorRate.of(AGENT, agentText);
            System.out.printf("live transcription: caller WER %.3f \"%s\"; agent WER %.3f \"%s\"; fork audio ratios %s;"
                    + " during the call %s%n", callerWer, callerText, agentWer, agentText, ratio,
                    streamsDuringCall.getJsonArray("streams").encode());

            // the live draft: re-extracted from the caller's words at each of their finals, pushed to the desktop
            // an intact fork carries every digit; one that lost frames may lose a digit (measured: at ratio 0.952,
            // 25 frames filled, "one three six seven seven eight nine nine…" lost one eight), so below
            // DIGITS_RATIO only the draft's arrival is checked
            boolean intact = ratio.getOrDefault("caller", 1.0) >= DIGITS_RATIO;
            awaitTrue(Duration.ofSeconds(20), () -> socket.of("draft", null).stream()
                    .anyMatch(d -> !intact || SPOKEN_PHONE.equals(d.getString("phone"))));
            List<JsonObject> drafts = socket.of("draft", null);
            JsonObject draft = drafts.get(drafts.size() - 1);
            System.out.printf("live draft: %d draft(s), last %s%n", drafts.size(), draft.encode());
            assertThat(draft.getString("callId")).isEqualTo(callId);
            assertThat(draft.getString("agentId")).isEqualTo("alice");
            if (intact) {
                assertThat(draft.getString("phone")).as("the number the caller said, not the caller ID " + caller)
                        .isEqualTo(SPOKEN_PHONE);
                assertThat(draft.getString("category")).isEqualTo(CATEGORY);
                assertThat(draft.getJsonObject("confidence").getDouble("phone")).isGreaterThan(0.6);
            }
            // the latest draft is kept with the call (a later one may still be on its way: compare with the newest)
            awaitTrue(Duration.ofSeconds(10), () -> {
                List<JsonObject> now = socket.of("draft", null);
                return now.get(now.size() - 1).equals(get("/api/calls/" + callId + "/draft"));
            });

            // the agent confirms it: the order carries the call id and the call record links the order
            JsonObject order = new JsonObject().put("requestId", "it-" + callId).put("callerName", "")
                    .put("phone", draft.getString("phone")).put("district", "").put("street", "")
                    .put("community", "").put("category", draft.getString("category"))
                    .put("urgency", draft.getString("urgency"))
                    .put("summary", draft.getString("summary") == null ? "water pipe" : draft.getString("summary"))
                    .put("unitIds", new JsonArray().add("dept-water")).put("callId", callId).put("channel", "phone");
            HttpResponse<String> submitted = post("/api/orders", order.encode());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
            JsonObject created = new JsonObject(submitted.body());
            assertThat(created.getString("callId")).isEqualTo(callId);
            JsonObject record = get("/api/calls/" + callId);
            assertThat(record.getJsonObject("fields").getString("orderNumber")).isEqualTo(created.getString("number"));
            assertThat(record.getJsonArray("timeline").stream().map(t -> (JsonObject) t)
                    .filter(t -> "order".equals(t.getString("type"))).toList())
                    .singleElement().satisfies(t -> assertThat(t.getJsonObject("data").getString("orderNumber"))
                            .isEqualTo(created.getString("number")));
            assertWer("caller", CITIZEN, callerText, callerWer, CALLER_WER_BOUND, ratio.getOrDefault("caller", 1.0));
            assertWer("agent", AGENT, agentText, agentWer, AGENT_WER_BOUND, ratio.getOrDefault("agent", 1.0));

            // every final is tagged, ordered and timed
            for (JsonObject f : finals(bus, null)) {
                assertThat(f.getString("callId")).isEqualTo(callId);
                assertThat(f.getString("agentId")).isEqualTo("alice");
                assertThat(f.getLong("startMs")).isLessThanOrEqualTo(f.getLong("endMs"));
                assertThat(f.getJsonArray("words")).isNotEmpty();
            }
            // the agent's desktop got the same finals over its WebSocket
            awaitTrue(Duration.ofSeconds(10), () -> socket.of("final", null).size() == finals(bus, null).size());
            assertThat(text(socket.of("final", "caller"))).isEqualTo(callerText);
            // and they are stored with the call, in order
            JsonArray stored = get("/api/calls/" + callId + "/transcript").getJsonArray("utterances");
            assertThat(stored.stream().map(u -> ((JsonObject) u).getString("text")).toList())
                    .containsExactlyInAnyOrderElementsOf(finals(bus, null).stream().map(f -> f.getString("text"))
                            .toList());

            JsonObject asr = get("/api/asr");
            assertThat(asr.getLong("transcribedCalls")).isGreaterThanOrEqualTo(1);
            assertThat(asr.getLong("skippedCalls")).isZero();
            assertThat(asr.getLong("failedStreams")).isZero();
            assertThat(asr.getInteger("freePorts")).as("both RTP ports released").isEqualTo(50);
            assertThat(phone.receivedRecordings()).hasSize(1);
        } finally {
            ws.abort();
            consumer.unregister();
            awaitTrue(Duration.ofSeconds(20), () -> {
                int status = post("/api/agents/alice/logout", "").statusCode();
                return status == 200 || status == 404;
            });
            phone.close();
        }
    }

    @Test
    void shouldStopOneForkInAsteriskByItsPortAndKeepTheOther() throws Exception {
        Path citizenWav = speech("asr-citizen-rms", CITIZEN_VOICE, CITIZEN, 0.2);
        Softphone phone = lab.softphone("1002", true, null);
        var a = lab.config().asterisk();
        AmiClient ami = new AmiClient(new AmiEndpoint("pbx-test", a.host(), a.amiPort(), a.amiUser(), a.amiSecret(),
                Duration.ofSeconds(5)), new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Math::random),
                event -> { }, Clock.systemUTC());
        ami.start();
        try {
            awaitTrue(Duration.ofSeconds(10), ami::isConnected);
            assertThat(post("/api/agents/bob/login", "{\"seat\":\"1002\"}").statusCode()).isEqualTo(200);
            assertThat(post("/api/agents/bob/ready", "").statusCode()).isEqualTo(200);
            String caller = "139" + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
            Originated o = carrier.callAndWait(new CitizenCall("12345", caller, Lab.playable(citizenWav), 1,
                    Duration.ofMillis(500), Duration.ofSeconds(8)), Duration.ofSeconds(30));
            assertThat(o.success()).isTrue();
            awaitTrue(Duration.ofSeconds(20), () -> get("/api/asr").getJsonArray("streams").stream()
                    .filter(s -> ((JsonObject) s).containsKey("port")).count() == 2);
            int agentPort = -1;
            int callerPort = -1;
            for (Object s : get("/api/asr").getJsonArray("streams")) {
                JsonObject stream = (JsonObject) s;
                if ("agent".equals(stream.getString("speaker"))) {
                    agentPort = stream.getInteger("port");
                } else {
                    callerPort = stream.getInteger("port");
                }
            }
            String agentFork = "UnicastRTP/127.0.0.1:" + agentPort + "-";
            String callerFork = "UnicastRTP/127.0.0.1:" + callerPort + "-";
            awaitTrue(Duration.ofSeconds(10), () -> lab.pbxCli("core show channels concise").contains(agentFork));

            new AmiAudioFork(ami).stop("127.0.0.1", agentPort).toCompletableFuture().get(10, TimeUnit.SECONDS);

            awaitTrue(Duration.ofSeconds(10), () -> !lab.pbxCli("core show channels concise").contains(agentFork));
            assertThat(lab.pbxCli("core show channels concise")).as("the caller's fork is untouched")
                    .contains(callerFork);
            // sample each fork's received-audio / wall-clock ratio until its stream closes (the last sample is at
            // most ~100 ms before the end, so it is the whole call's ratio)
            Map<String, Double> ratio = new java.util.concurrent.ConcurrentHashMap<>();
            awaitTrue(Duration.ofSeconds(60), () -> {
                for (Object st : get("/api/asr").getJsonArray("streams")) {
                    JsonObject stream = (JsonObject) st;
                    if (stream.containsKey("audioRatio")) {
                        ratio.put(stream.getString("speaker"), stream.getDouble("audioRatio"));
                    }
                }
                return callEnded(caller);
            });
            awaitTrue(Duration.ofSeconds(30), () -> get("/api/asr").getInteger("activeStreams") == 0
                    && get("/api/asr").getInteger("freePorts") == 50);
        } finally {
            ami.close();
            awaitTrue(Duration.ofSeconds(20), () -> {
                int status = post("/api/agents/bob/logout", "").statusCode();
                return status == 200 || status == 404;
            });
            phone.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The measured bound holds for an intact fork. When the pbx is CPU-starved, ChanSpy drops 20 ms frames with the
     * sequence numbers and timestamps still contiguous (the lab saw a fifth of them go). Runs of this test on the
     * shared 2-core machine: ratio 0.78 with the frames spliced, caller WER 0.316; ratio 0.78 with the left-out
     * frames found from arrival times and filled with the previous frame (RtpDecoder), caller WER 0.0. Then the
     * receiver must have flagged the stream as degraded and the words must still mostly come through.
     */
    private static void assertWer(String speaker, String said, String heard, double wer, double bound,
                                  double audioRatio) {
        if (audioRatio >= DEGRADED_RATIO) {
            assertThat(wer).as("%s said \"%s\", heard \"%s\"", speaker, said, heard).isLessThanOrEqualTo(bound);
        } else {
            System.out.printf("%s fork degraded (received %.2f of real time): WER bound %.2f instead of %.2f%n",
                    speaker, audioRatio, DEGRADED_WER_BOUND, bound);
            assertThat(get("/api/asr").getLong("degradedStreams")).as("degraded fork counted").isPositive();
            assertThat(wer).as("%s said \"%s\", heard \"%s\" (fork degraded)", speaker, said, heard)
                    .isLessThanOrEqualTo(DEGRADED_WER_BOUND);
        }
    }

    /** CMU Flite, 8 kHz mono, telephone band, with leading silence. */
    private static Path speech(String name, String voice, String text, double leadSeconds) throws Exception {
        Path dir = Files.createDirectories(lab.config().runDir().resolve("audio"));
        Path wav = dir.resolve(name + ".wav");
        if (!Files.exists(wav)) {
            Path tts = dir.resolve(name + ".tts.wav");
            exec("flite", "-voice", voice, "-t", text, "-o", tts.toString());
            exec("sox", tts.toString(), "-r", "8000", "-c", "1", "-b", "16", wav.toString(), "gain", "-n", "-6",
                    "sinc", "300-3400", "pad", String.valueOf(leadSeconds), "0.5");
        }
        return wav;
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

    private static List<JsonObject> finals(List<JsonObject> messages, String speaker) {
        return messages.stream().filter(m -> "final".equals(m.getString("type")))
                .filter(m -> speaker == null || speaker.equals(m.getString("speaker"))).toList();
    }

    private static String text(List<JsonObject> utterances) {
        return String.join(" ", utterances.stream().map(u -> u.getString("text")).toList());
    }

    /** The agent desktop's side of the WebSocket: collects the JSON text frames. */
    private static final class Socket implements WebSocket.Listener {
        final List<JsonObject> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        List<JsonObject> of(String type, String speaker) {
            return messages.stream().filter(m -> type.equals(m.getString("type")))
                    .filter(m -> speaker == null || speaker.equals(m.getString("speaker"))).toList();
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

    /** Polls a condition against the live system (real processes with their own clocks). */
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
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met within " + timeout, last);
    }
}
