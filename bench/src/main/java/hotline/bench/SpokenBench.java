package hotline.bench;

import hotline.asr.WordErrorRate;
import hotline.config.OrdersConfig;
import hotline.orders.extract.DraftExtractor;
import hotline.orders.extract.DraftOrder;
import hotline.server.HotlineServer;
import hotline.server.http.DraftsApi;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewExtenEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * {@code ./hotline bench spoken}: the public English utterances of {@code ../shared/asr-samples} as real citizen calls,
 * and the same audio through bare Vosk, in one run.
 *
 * <p>The WAVs are generated at run time by that directory's {@code gen-asr-audio.sh} (CMU Flite, 8 kHz, telephone
 * band 300-3400 Hz, G.711 μ-law round trip) into {@code .run/bench-spoken/audio}. Then:
 * <ol>
 *   <li><b>bare</b>: each WAV straight into a Vosk {@link Recognizer} of the model the server uses (the same
 *       directory, so the same {@code conf/mfcc.conf}), 20 ms frames; its text gives {@code wer_bare} and a draft
 *       extracted in-process (the {@code spoken-bare} line).</li>
 *   <li><b>pipeline</b>: the test lab (Redis, pbx and carrier Asterisk, baresip seats that auto-answer) and the server
 *       in-process with the front-door menu and live transcription on. Each utterance is one call through the carrier:
 *       the citizen dials 12345 and stays silent through the menu, presses 2 (English), 1 (report a problem) and 01
 *       (a district) as {@code ./hotline call} does (keys sent once {@code GET /api/ivr} shows the menu listening),
 *       waits for an English-skilled agent to answer (the call's {@code answered} step), then speaks the WAV (carrier
 *       {@code Playback}) and hangs up {@value #HOLD_S} s after it. The transcript ({@code GET
 *       /api/calls/<id>/transcript}, caller utterances) and draft ({@code GET /api/calls/<id>/draft}) are read back
 *       through the HTTP API when the call has ended.</li>
 * </ol>
 * {@code final_p99_ms}: per call, the end of the citizen's speech = the carrier's {@code Playback} start (its AMI
 * {@code Newexten} event time) + where the speech in the WAV ends (last 20 ms frame above 1/64 of the peak: the
 * generator pads 0.8 s of silence); the final = the arrival, on the answering agent's WebSocket, of the last non-empty
 * caller {@code final} of the call; p99 (nearest rank) over calls. {@code draft_p99_ms} likewise for the last draft
 * frame. All clocks are this machine's.
 *
 * <p>Options: {@code --at-once N} calls in flight (default 3; one seat and agent each), {@code --bare-only} (no lab: the
 * bare-Vosk text of each utterance as TSV lines {@code id<TAB>text}, to build a recogniser-text set),
 * {@code --set UTTERANCES EXPECTED} (another set in the same two formats). The last line is
 * {@code spoken n=… wer_pipeline=… wer_bare=… wer_ratio=… final_p99_ms=… phone=… category=… urgency=… surname=…}.
 */
public final class SpokenBench {
    static final int HOLD_S = 6;
    private static final int FRAME = 160;

    private SpokenBench() {
    }

    /** One call's outcome. */
    private record CallResult(String callId, String language, String text, JsonObject draft, double finalMs,
                              double draftMs, String problem) {
    }

    public static void main(String[] args) throws Exception {
        Path home = Lab.home();
        Path samples = Path.of(System.getProperty("hotline.asrSamples",
                home.resolve("../shared/asr-samples").toString())).toAbsolutePath().normalize();
        Path utterances = samples.resolve("utterances-public.txt");
        Path expected = samples.resolve("expected-fields-public.tsv");
        int atOnce = 3;
        boolean bareOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--at-once" -> atOnce = Integer.parseInt(args[++i]);
                case "--bare-only" -> bareOnly = true;
                case "--set" -> {
                    utterances = Path.of(args[++i]).toAbsolutePath();
                    expected = Path.of(args[++i]).toAbsolutePath();
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (options: --at-once N, --bare-only, --set UTTERANCES EXPECTED)");
            }
        }
        if (atOnce < 1 || atOnce > 8) {
            throw new IllegalArgumentException("--at-once must be 1..8, got " + atOnce);
        }
        Path run = Files.createDirectories(home.resolve(".run/bench-spoken"));
        List<SpokenSet.Item> items = SpokenSet.generate(samples.resolve("gen-asr-audio.sh"), utterances, expected,
                run.resolve("audio"));
        Path modelDir = home.resolve("asr/target/vosk-model-en-us");
        DraftExtractor extractor = DraftsApi.createExtractor(new OrdersConfig("110000", null));
        System.out.printf(Locale.ROOT, "spoken: %d utterances from %s (%s), audio %s; model %s%n", items.size(),
                utterances, expected.getFileName(), run.resolve("audio/ulaw8k"), modelDir);

        // ---- bare Vosk: the same WAVs, the same model directory
        Map<String, String> bare = new LinkedHashMap<>();
        try (Model model = new Model(modelDir.toString())) {
            for (SpokenSet.Item it : items) {
                bare.put(it.id(), bareVosk(model, SpokenSet.pcm(it.wav())));
            }
        }
        if (bareOnly) {
            for (SpokenSet.Item it : items) {
                System.out.println(it.id() + "\t" + bare.get(it.id()));
            }
            Scores b = new Scores();
            items.forEach(it -> b.add(it, bare.get(it.id()), toJson(extractor.extract(bare.get(it.id()), null))));
            System.out.println("spoken-bare n=" + items.size() + " wer_bare=" + f3(b.wer()) + b.fields());
            return;
        }

        // ---- the pipeline: real calls through the carrier into the pbx, the menu on, live transcription
        Map<String, CallResult> calls = pipeline(run, modelDir, items, atOnce);

        Scores pipe = new Scores();
        Scores bareScores = new Scores();
        List<Double> finals = new ArrayList<>();
        List<Double> drafts = new ArrayList<>();
        for (SpokenSet.Item it : items) {
            CallResult c = calls.get(it.id());
            String bareText = bare.get(it.id());
            JsonObject bareDraft = toJson(extractor.extract(bareText, null));
            bareScores.add(it, bareText, bareDraft);
            pipe.add(it, c.text(), c.draft());
            if (!Double.isNaN(c.finalMs())) {
                finals.add(c.finalMs());
            }
            if (!Double.isNaN(c.draftMs())) {
                drafts.add(c.draftMs());
            }
            JsonObject d = c.draft() == null ? new JsonObject() : c.draft();
            System.out.printf(Locale.ROOT, "call %s %s lang=%s speech_end->final_ms=%.0f ->draft_ms=%.0f"
                            + " wer_pipeline=%.3f wer_bare=%.3f phone=%s category=%s urgency=%s surname=%s%s%n",
                    it.id(), c.callId(), c.language(), c.finalMs(), c.draftMs(),
                    WordErrorRate.of(it.reference(), c.text()), WordErrorRate.of(it.reference(), bareText),
                    mark(d.getString("phone"), it.expected().phone()),
                    mark(d.getString("category"), it.expected().category()),
                    mark(d.getString("urgency"), it.expected().urgency()),
                    mark(d.getString("surname"), it.expected().surname()),
                    c.problem() == null ? "" : " problem=\"" + c.problem() + "\"");
            System.out.println("  pipeline: " + c.text());
            System.out.println("  bare:     " + bareText);
        }
        System.out.println("spoken-bare n=" + items.size() + " wer_bare=" + f3(bareScores.wer())
                + bareScores.fields() + " (drafts extracted in-process from the bare-Vosk text)");
        double ratio = bareScores.wer() == 0 ? Double.NaN : pipe.wer() / bareScores.wer();
        System.out.printf(Locale.ROOT, "spoken n=%d wer_pipeline=%.3f wer_bare=%.3f wer_ratio=%.2f final_p99_ms=%.0f%s"
                        + " at_once=%d final_median_ms=%.0f draft_p99_ms=%.0f finals=%d%n",
                items.size(), pipe.wer(), bareScores.wer(), ratio, pct(finals, 99), pipe.fields(), atOnce,
                pct(finals, 50), pct(drafts, 99), finals.size());
    }

    /** Per-set accuracy: corpus WER (errors / reference words) and the draft fields. */
    private static final class Scores {
        int errors;
        int words;
        int n;
        int phone;
        int category;
        int urgency;
        int surname;

        void add(SpokenSet.Item it, String text, JsonObject draft) {
            List<String> ref = WordErrorRate.words(it.reference());
            errors += WordErrorRate.errors(ref, WordErrorRate.words(text == null ? "" : text));
            words += ref.size();
            n++;
            JsonObject d = draft == null ? new JsonObject() : draft;
            phone += same(d.getString("phone"), it.expected().phone()) ? 1 : 0;
            category += same(d.getString("category"), it.expected().category()) ? 1 : 0;
            urgency += same(d.getString("urgency"), it.expected().urgency()) ? 1 : 0;
            surname += same(d.getString("surname"), it.expected().surname()) ? 1 : 0;
        }

        double wer() {
            return words == 0 ? 0 : errors / (double) words;
        }

        String fields() {
            return String.format(Locale.ROOT, " phone=%.2f category=%.2f urgency=%.2f surname=%.2f",
                    phone / (double) n, category / (double) n, urgency / (double) n, surname / (double) n);
        }
    }

    private static boolean same(String got, String want) {
        return got != null && want != null && got.strip().equalsIgnoreCase(want.strip());
    }

    private static String mark(String got, String want) {
        return same(got, want) ? "ok" : "MISS(" + got + "≠" + want + ")";
    }

    private static JsonObject toJson(DraftOrder d) {
        return new JsonObject().put("phone", d.phone().value()).put("category", d.category().value())
                .put("urgency", d.urgency().value()).put("surname", d.surname().value());
    }

    /** The WAV straight into Vosk, 20 ms frames: the results' text and the final's. */
    static String bareVosk(Model model, short[] pcm) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Recognizer r = new Recognizer(model, 8000)) {
            r.setWords(true);
            short[] frame = new short[FRAME];
            for (int off = 0; off + FRAME <= pcm.length; off += FRAME) {
                System.arraycopy(pcm, off, frame, 0, FRAME);
                if (r.acceptWaveForm(frame, FRAME)) {
                    text.append(new JsonObject(r.getResult()).getString("text", "")).append(' ');
                }
            }
            text.append(new JsonObject(r.getFinalResult()).getString("text", ""));
        }
        return text.toString().replaceAll("\\s+", " ").strip();
    }

    private static Map<String, CallResult> pipeline(Path run, Path modelDir, List<SpokenSet.Item> items, int atOnce)
            throws Exception {
        int rtp = 52000 + Lab.portOffset();
        Map<String, Object> overrides = new java.util.HashMap<>();
        overrides.put("hotline.ivr.enabled", true);
        overrides.put("hotline.asr.enabled", true);
        overrides.put("hotline.asr.models.en", modelDir.toString()); // the menu's English key picks it
        overrides.put("hotline.asr.transcribeAgent", false); // the citizen's words make the draft; the seats are silent
        overrides.put("hotline.asr.maxStreams", atOnce);
        overrides.put("hotline.asr.rtp.portStart", rtp);
        overrides.put("hotline.asr.rtp.portEnd", rtp + 49);
        Map<String, CallResult> results = new ConcurrentHashMap<>();
        try (Lab lab = Lab.start(run.resolve("lab"), overrides);
             HotlineServer server = startServer(lab)) {
            String base = "http://127.0.0.1:" + server.httpPort();
            BenchHttp.await(Duration.ofSeconds(30), () -> BenchHttp.get(base + "/health").getBoolean("ami"));
            BenchHttp.await(Duration.ofSeconds(120), () -> "ready".equals(BenchHttp.get(base + "/api/asr")
                    .getString("status")));
            // one English-speaking agent per call in flight, each at an auto-answering seat, each desktop's WebSocket
            Map<String, Desk> desks = new LinkedHashMap<>();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < atOnce; i++) {
                String seat = String.valueOf(1001 + i);
                String agent = "spoken" + (i + 1);
                lab.softphone(seat, true, null);
                Desk desk = new Desk();
                http.newWebSocketBuilder().header("Cookie", BenchHttp.cookie(base + "/api/"))
                        .buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws/agents/" + agent), desk)
                        .get(10, TimeUnit.SECONDS);
                BenchHttp.post(base + "/api/agents/" + agent + "/login",
                        "{\"seat\":\"" + seat + "\",\"skills\":{\"english\":5}}");
                BenchHttp.post(base + "/api/agents/" + agent + "/ready", "");
                desks.put(agent, desk);
            }
            var c = lab.config().carrier();
            ManagerConnection ami = new ManagerConnectionFactory(c.host(), c.amiPort(), c.amiUser(), c.amiSecret())
                    .createManagerConnection();
            Map<String, Instant> playbackStart = new ConcurrentHashMap<>();
            ami.addEventListener((ManagerEvent e) -> {
                if (e instanceof NewExtenEvent x && "Playback".equals(x.getApplication()) && x.getChannel() != null) {
                    Double ts = x.getTimestamp();
                    playbackStart.putIfAbsent(x.getChannel(), ts == null ? Instant.now()
                            : Instant.ofEpochSecond(0, Math.round(ts * 1_000_000d) * 1_000L));
                }
            });
            ami.login();
            Set<String> menuSeen = Collections.synchronizedSet(new HashSet<>());
            Object menuLock = new Object();
            AtomicInteger next = new AtomicInteger();
            try (CarrierDialer carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(),
                    c.amiUser(), c.amiSecret(), Duration.ofSeconds(5)))) {
                ExecutorService pool = Executors.newFixedThreadPool(atOnce);
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < atOnce; w++) {
                    workers.add(pool.submit(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < items.size()) {
                            SpokenSet.Item it = items.get(i);
                            CallResult r;
                            try {
                                r = oneCall(base, carrier, ami, playbackStart, desks, menuSeen, menuLock, it, i);
                            } catch (Exception e) {
                                r = new CallResult("-", "-", "", null, Double.NaN, Double.NaN, e.getMessage());
                            }
                            results.put(it.id(), r);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : workers) {
                    f.get();
                }
                pool.shutdown();
            } finally {
                ami.logoff();
            }
        }
        return results;
    }

    /** The server in-process; its start has a 30 s limit, which a machine under heavy load can miss: try 3 times. */
    private static HotlineServer startServer(Lab lab) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return HotlineServer.start(lab.config(), Clock.systemUTC());
            } catch (java.util.concurrent.TimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.out.println("server start took over 30 s (load average "
                        + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                        + "); trying again");
            }
        }
    }

    private static CallResult oneCall(String base, CarrierDialer carrier, ManagerConnection ami,
                                      Map<String, Instant> playbackStart, Map<String, Desk> desks,
                                      Set<String> menuSeen, Object menuLock, SpokenSet.Item it, int index)
            throws Exception {
        String caller = String.valueOf(17100000000L + index);
        Originated o;
        synchronized (menuLock) {
            // silent until the agent answers: no audio yet, on the line for up to 120 s
            o = carrier.callAndWait(new CitizenCall("12345", caller, null, 1, Duration.ZERO, Duration.ofSeconds(120)),
                    Duration.ofSeconds(30));
            if (!o.success()) {
                throw new IllegalStateException("the carrier's call failed: " + o.reason());
            }
            // the menu listens for this call's keys: a pbx channel in the menu that no earlier call had
            String[] mine = new String[1];
            BenchHttp.await(Duration.ofSeconds(30), () -> {
                for (Object a : BenchHttp.get(base + "/api/ivr").getJsonArray("active")) {
                    JsonObject active = (JsonObject) a;
                    if (active.getBoolean("listening") && !menuSeen.contains(active.getString("uniqueId"))) {
                        mine[0] = active.getString("uniqueId");
                        return true;
                    }
                }
                return false;
            });
            menuSeen.add(mine[0]);
            // English, report a problem, district 01: the key groups two seconds apart, as ./hotline call sends them
            carrier.sendDtmf(o.channel(), "2wwww1wwww01");
        }
        JsonObject call = awaitCall(base, caller, "answered", Duration.ofSeconds(60));
        String callId = call.getString("callId");
        String language = call.getJsonObject("fields").getString("ivr.language", "?");
        // the citizen speaks once the agent has answered, then stays HOLD_S s on the line and hangs up
        set(ami, o.channel(), "CITIZEN_AUDIO", Lab.playable(it.wav()));
        set(ami, o.channel(), "CITIZEN_PRE", "0.3");
        set(ami, o.channel(), "CITIZEN_REPEAT", "1");
        set(ami, o.channel(), "CITIZEN_HOLD", String.valueOf(HOLD_S));
        ManagerResponse r = ami.sendAction(new RedirectAction(o.channel(), "citizen", "talk", 1), 5_000);
        if (r instanceof ManagerError) {
            throw new IllegalStateException("carrier Redirect refused: " + r.getMessage());
        }
        awaitCall(base, caller, "ended", Duration.ofSeconds(120));
        Instant start = playbackStart.get(o.channel());
        // the stream's last utterance is flushed at the hang-up: let it land before reading (a recogniser behind
        // on a loaded machine may take a while: up to 60 s, until the transcript has stayed the same for 1.5 s)
        JsonArray utterances = new JsonArray();
        JsonObject[] draft = new JsonObject[1];
        Instant deadline = Instant.now().plusSeconds(60);
        int stable = 0;
        String last = null;
        while (Instant.now().isBefore(deadline) && stable < 5) {
            JsonObject t = BenchHttp.get(base + "/api/calls/" + callId + "/transcript");
            utterances = t.getJsonArray("utterances", new JsonArray());
            try {
                draft[0] = BenchHttp.get(base + "/api/calls/" + callId + "/draft");
            } catch (RuntimeException e) {
                draft[0] = null; // 404 before the first final
            }
            String now = utterances.encode() + (draft[0] == null ? "" : draft[0].encode());
            stable = now.equals(last) && utterances.size() > 0 ? stable + 1 : 0;
            last = now;
            Thread.sleep(300);
        }
        StringBuilder text = new StringBuilder();
        for (Object u : utterances) {
            JsonObject ut = (JsonObject) u;
            if (!"agent".equals(ut.getString("speaker"))) {
                text.append(ut.getString("text", "")).append(' ');
            }
        }
        if (draft[0] != null && draft[0].containsKey("error")) {
            draft[0] = null;
        }
        double finalMs = Double.NaN;
        double draftMs = Double.NaN;
        String problem = null;
        if (start == null) {
            problem = "no Playback event seen on the carrier";
        } else {
            Instant speechEnd = start.plusNanos(Math.round(it.speechEndS() * 1e9));
            Instant lastFinal = null;
            Instant lastDraft = null;
            for (Desk d : desks.values()) {
                for (Desk.Frame f : d.frames) {
                    if (!callId.equals(f.json().getString("callId"))) {
                        continue;
                    }
                    if ("final".equals(f.json().getString("type")) && "caller".equals(f.json().getString("speaker"))
                            && !f.json().getString("text", "").isBlank()) {
                        lastFinal = f.at();
                    } else if ("draft".equals(f.json().getString("type"))) {
                        lastDraft = f.at();
                    }
                }
            }
            if (lastFinal != null) {
                finalMs = Duration.between(speechEnd, lastFinal).toNanos() / 1e6;
            } else {
                problem = "no caller final on the agent's WebSocket";
            }
            if (lastDraft != null) {
                draftMs = Duration.between(speechEnd, lastDraft).toNanos() / 1e6;
            }
        }
        return new CallResult(callId, language, text.toString().strip(), draft[0], finalMs, draftMs, problem);
    }

    private static void set(ManagerConnection ami, String channel, String name, String value) throws Exception {
        ManagerResponse r = ami.sendAction(new SetVarAction(channel, name, value), 5_000);
        if (r instanceof ManagerError) {
            throw new IllegalStateException("carrier Setvar " + name + " refused: " + r.getMessage());
        }
    }

    /** The call record of the citizen {@code caller} once its timeline has {@code step}. */
    private static JsonObject awaitCall(String base, String caller, String step, Duration timeout) throws Exception {
        JsonObject[] found = new JsonObject[1];
        BenchHttp.await(timeout, () -> {
            for (Object id : BenchHttp.get(base + "/api/calls?limit=20").getJsonArray("calls")) {
                JsonObject call = BenchHttp.get(base + "/api/calls/" + id);
                if (!caller.equals(call.getJsonObject("fields").getString("callerNumber"))) {
                    continue;
                }
                boolean has = "ended".equals(step) ? "ended".equals(call.getJsonObject("fields").getString("state"))
                        : call.getJsonArray("timeline").stream().anyMatch(s -> step.equals(((JsonObject) s)
                        .getString("type")));
                if (has) {
                    found[0] = call;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** An agent's desktop WebSocket: every frame with its arrival time. */
    private static final class Desk implements WebSocket.Listener {
        record Frame(Instant at, JsonObject json) {
        }

        final List<Frame> frames = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(new Frame(Instant.now(), new JsonObject(partial.toString())));
                partial.setLength(0);
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }

    static double pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
