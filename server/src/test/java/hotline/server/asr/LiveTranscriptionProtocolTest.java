package hotline.server.asr;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.asr.AsrException;
import hotline.asr.Partial;
import hotline.asr.RecognitionStream;
import hotline.asr.Speaker;
import hotline.asr.SpeechRecognizer;
import hotline.asr.TranscriptListener;
import hotline.asr.Utterance;
import hotline.config.AsrConfig;
import hotline.orders.extract.DraftExtractor;
import hotline.orders.extract.ExtractionRules;
import hotline.orders.gazetteer.Gazetteer;
import hotline.routing.acd.Priority;
import hotline.server.call.CallObserver.AnsweredCall;
import hotline.server.http.DraftsApi;
import hotline.telephony.AudioFork;
import hotline.telephony.TelephonyException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LiveTranscription} with a fake recogniser and a fake AMI fork, and the real RTP receiver on loopback UDP:
 * what is forked, published, stored and counted, and that a call's streams and ports are always released.
 */
class LiveTranscriptionProtocolTest {
    private static final Instant NOW = Instant.parse("2026-12-01T20:00:00Z");
    private static DraftExtractor extractor;
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final FakeAudioFork fork = new FakeAudioFork();
    private final FakeTranscriptStore store = new FakeTranscriptStore();
    private final FakeSpeechRecognizer recognizer = new FakeSpeechRecognizer();
    private LiveTranscription asr;
    private int ports;

    @AfterEach
    void close() throws Exception {
        if (asr != null) {
            join(() -> asr.close());
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldForkBothVoicesOnAnswerThenPublishAndStoreWhatWasRecognised() throws Exception {
        start(0);
        BlockingQueue<JsonObject> all = consume(LiveTranscription.ALL_ADDRESS);
        BlockingQueue<JsonObject> alice = consume(LiveTranscription.agentAddress("alice"));

        run(() -> asr.callAnswered(answered("C1", "1795323011.14", "1795323012.16")));
        Map<String, FakeAudioFork.Started> forks = fork.next(2);
        FakeAudioFork.Started caller = forks.get("1795323011.14");
        FakeAudioFork.Started agent = forks.get("1795323012.16");
        assertThat(forks).containsOnlyKeys("1795323011.14", "1795323012.16");
        assertThat(caller.host()).isEqualTo("127.0.0.1");
        assertThat(caller.port()).isNotEqualTo(agent.port());

        sendRtp(caller.port(), 10);
        sendRtp(agent.port(), 4);
        JsonObject partial = all.poll(5, TimeUnit.SECONDS);
        assertThat(partial).isNotNull();
        assertThat(partial.getString("type")).isEqualTo("partial");
        // the jitter buffer holds the last 3 packets: the call's end plays them out before the last final
        recognizer.awaitFrames("C1", Speaker.CALLER, 7);
        // and the agent's first packet past its jitter buffer: its 4 packets are in before the call ends
        recognizer.awaitFrames("C1", Speaker.AGENT, 1);
        run(() -> asr.callEnded("C1"));

        List<JsonObject> finals = new ArrayList<>();
        while (finals.size() < 2) {
            JsonObject m = all.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("two finals on the event bus").isNotNull();
            if ("final".equals(m.getString("type"))) {
                finals.add(m);
            }
        }
        assertThat(finals).extracting(f -> f.getString("speaker") + ": " + f.getString("text"))
                .containsExactlyInAnyOrder("caller: heard 10 frames", "agent: heard 4 frames");
        assertThat(finals).allSatisfy(f -> {
            assertThat(f.getString("callId")).isEqualTo("C1");
            assertThat(f.getString("agentId")).isEqualTo("alice");
        });
        List<JsonObject> toAlice = new ArrayList<>();
        while (toAlice.stream().filter(m -> "final".equals(m.getString("type"))).count() < 2) {
            JsonObject m = alice.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("the finals on alice's address too").isNotNull();
            toAlice.add(m);
        }
        assertThat(store.texts("C1")).containsExactlyInAnyOrder("heard 10 frames", "heard 4 frames");
        JsonObject stats = await(() -> asr.stats(), s -> s.getInteger("freePorts") == ports);
        assertThat(stats.getInteger("activeStreams")).isZero();
        assertThat(stats.getLong("transcribedCalls")).isEqualTo(1);
        assertThat(stats.getJsonArray("streams")).isEmpty();
    }

    @Test
    void shouldHandTheTranscriptToTheColleagueWhoAnswersATransferredCall() throws Exception {
        start(0);
        BlockingQueue<JsonObject> bob = consume(LiveTranscription.agentAddress("bob"));
        run(() -> asr.callAnswered(answered("C1", "1795323011.14", "1795323012.16")));
        FakeAudioFork.Started caller = fork.next(2).get("1795323011.14");

        // alice transferred the call and bob answered it: the same call answered again, by another agent
        run(() -> asr.callAnswered(new AnsweredCall("C1", "1795323011.14", "PJSIP/carrier-0000000b", "bob", "1002",
                "1795323013.18", NOW)));
        assertThat(fork.started).as("no second fork of the same caller").isEmpty();
        sendRtp(caller.port(), 10);
        JsonObject partial = bob.poll(5, TimeUnit.SECONDS);
        assertThat(partial).as("the caller's words on bob's desktop").isNotNull();
        assertThat(partial.getString("type")).isEqualTo("partial");
        assertThat(partial.getString("agentId")).isEqualTo("bob");
        assertThat(partial.getString("callId")).isEqualTo("C1");
        run(() -> asr.callEnded("C1"));
    }

    @Test
    void shouldTranscribeCallersFirstAndCountTheCallsSkippedBeyondCapacity() throws Exception {
        start(2);
        run(() -> asr.callAnswered(answered("A", "1.1", "1.2")));
        FakeAudioFork.Started agentOfA = fork.next(2).get("1.2");

        // B's caller outranks A's agent leg: that fork is stopped in Asterisk; B's own agent leg does not fit
        run(() -> asr.callAnswered(answered("B", "2.1", "2.2")));
        assertThat(fork.next(1)).containsOnlyKeys("2.1");
        assertThat(fork.stopped.poll(5, TimeUnit.SECONDS)).isEqualTo(agentOfA.port());

        // C's caller is no more important than the two callers transcribed: skipped and counted
        run(() -> asr.callAnswered(answered("C", "3.1", "3.2")));
        JsonObject stats = await(() -> asr.stats(), s -> s.getJsonArray("streams").stream()
                .allMatch(o -> ((JsonObject) o).containsKey("port")));
        assertThat(stats.getInteger("capacity")).isEqualTo(2);
        assertThat(stats.getInteger("activeStreams")).isEqualTo(2);
        assertThat(stats.getLong("skippedCalls")).isEqualTo(1);
        assertThat(stats.getLong("skippedStreams")).as("B's agent, C's caller and C's agent").isEqualTo(3);
        assertThat(stats.getLong("preemptedStreams")).isEqualTo(1);
        assertThat(fork.started).isEmpty();
        // each speaker left out is kept with its call, with the reason
        assertThat(store.status("A").result().getJsonObject("agent").getString("reason")).isEqualTo("preempted");
        assertThat(store.status("A").result().containsKey("caller")).isFalse();
        assertThat(store.status("B").result().getJsonObject("agent").getString("reason")).isEqualTo("no_capacity");
        assertThat(store.status("C").result().getJsonObject("caller").getString("reason")).isEqualTo("no_capacity");
        assertThat(stats.getJsonObject("untranscribed").getLong("no_capacity")).isEqualTo(3);
        assertThat(stats.getJsonObject("untranscribed").getLong("preempted")).isEqualTo(1);

        run(() -> {
            asr.callEnded("A");
            asr.callEnded("B");
            asr.callEnded("C");
        });
        assertThat(await(() -> asr.stats(), s -> s.getInteger("freePorts") == ports).getInteger("activeStreams"))
                .isZero();
    }

    @Test
    void shouldPushTheCallersDraftToTheAgentAsTheCallersFinalsArriveAndKeepTheLatestWithTheCall() throws Exception {
        start(0);
        run(() -> asr.drafts(extractor()));
        BlockingQueue<JsonObject> alice = consume(LiveTranscription.agentAddress("alice"));
        run(() -> asr.callAnswered(new AnsweredCall("C1", "1.1", "PJSIP/carrier-0000000b", "alice", "1001", "1.2",
                NOW, "13900001111", Priority.NORMAL)));
        fork.next(2);
        FakeStream caller = recognizer.awaitStream("C1", Speaker.CALLER);
        FakeStream agent = recognizer.awaitStream("C1", Speaker.AGENT);

        caller.say("hello the street light outside my building has been broken for a week");
        JsonObject first = next(alice, "draft");
        assertThat(first.getString("callId")).isEqualTo("C1");
        assertThat(first.getString("agentId")).isEqualTo("alice");
        assertThat(first.getInteger("seq")).isEqualTo(1);
        assertThat(first.getString("category")).isEqualTo("street_light");
        // no number said yet: the caller ID is proposed, at lower confidence
        assertThat(first.getString("phone")).isEqualTo("13900001111");
        assertThat(first.getJsonObject("confidence").getDouble("phone")).isEqualTo(0.6);
        // the fields of POST /api/drafts, and the message's own
        Set<String> apiFields = DraftsApi.toJson(null, extractor().extract("x", null)).fieldNames();
        assertThat(first.fieldNames()).containsAll(apiFields).containsAll(List.of("type", "callId", "agentId", "seq"))
                .hasSize(apiFields.size() + 4);

        // the agent's words never make the draft; the caller's next final does
        agent.say("can i call you back on one three eight zero zero one three eight zero zero zero");
        caller.say("please call me back on one three six seven seven eight eight nine nine zero zero");
        JsonObject withNumber = next(alice, "draft");
        while (!"13677889900".equals(withNumber.getString("phone"))) {
            withNumber = next(alice, "draft");
        }
        assertThat(withNumber.getString("category")).isEqualTo("street_light");
        assertThat(withNumber.getInteger("seq")).isGreaterThan(1);
        assertThat(call(() -> asr.stats()).getLong("drafts")).isEqualTo(withNumber.getInteger("seq").longValue());

        // the caller's last words, flushed after the hang-up, still update the draft; the latest is kept
        run(() -> asr.callEnded("C1"));
        JsonObject last = next(alice, "draft");
        assertThat(last.getInteger("seq")).isEqualTo(withNumber.getInteger("seq") + 1);
        assertThat(last.getString("phone")).isEqualTo("13677889900");
        assertThat(store.draft("C1").result()).contains(last);
        assertThat(store.draft("C2").result()).isEmpty();
    }

    @Test
    void shouldGiveAFullNodesPlaceToTheUrgentCallersVoice() throws Exception {
        start(1);
        run(() -> asr.callAnswered(answered("A", "1.1", "1.2")));
        FakeAudioFork.Started callerOfA = fork.next(1).get("1.1");

        run(() -> asr.callAnswered(new AnsweredCall("B", "2.1", "PJSIP/carrier-0000000c", "alice", "1001", "2.2", NOW,
                null, Priority.URGENT)));
        assertThat(fork.next(1)).containsOnlyKeys("2.1");
        assertThat(fork.stopped.poll(5, TimeUnit.SECONDS)).isEqualTo(callerOfA.port());
        // a normal caller does not push out the urgent one
        run(() -> asr.callAnswered(answered("C", "3.1", "3.2")));
        JsonObject stats = call(() -> asr.stats());
        assertThat(stats.getLong("preemptedStreams")).isEqualTo(1);
        assertThat(stats.getLong("skippedCalls")).isEqualTo(1);
        assertThat(stats.getJsonArray("streams")).extracting(o -> ((JsonObject) o).getString("callId"))
                .containsExactly("B");
        run(() -> {
            asr.callEnded("A");
            asr.callEnded("B");
            asr.callEnded("C");
        });
        await(() -> asr.stats(), st -> st.getInteger("freePorts") == ports);
    }

    @Test
    void shouldRankLeaderSessionThenUrgentThenRepeatThenNormalCalls() {
        assertThat(List.of(Priority.LEADER_SESSION, Priority.URGENT, Priority.REPEAT_CALLER, Priority.NORMAL))
                .extracting(LiveTranscription::callLevel).containsExactly(3, 2, 1, 0);
        assertThat(LiveTranscription.callLevel(null)).isZero();
    }

    @Test
    void shouldReleaseThePortAndTheRecogniserWhenAsteriskRefusesTheFork() throws Exception {
        start(0);
        fork.refuse = true;
        run(() -> asr.callAnswered(answered("C1", "1.1", null)));

        JsonObject stats = await(() -> asr.stats(), s -> s.getLong("failedStreams") == 1
                && s.getInteger("freePorts") == ports && recognizer.openStreams() == 0);
        assertThat(stats.getInteger("activeStreams")).isZero();
        run(() -> asr.callEnded("C1"));
    }

    @Test
    void shouldNotTranscribeACallWhoseLanguageHasNoModelAndTellTheAgentWhy() throws Exception {
        start(0); // the English model only
        BlockingQueue<JsonObject> alice = consume(LiveTranscription.agentAddress("alice"));

        run(() -> asr.callAnswered(new AnsweredCall("Z1", "1.1", "PJSIP/carrier-1", "alice", "1001", "1.2", NOW,
                "13800138000", Priority.NORMAL, "zh")));

        JsonObject caller = alice.poll(5, TimeUnit.SECONDS);
        JsonObject agent = alice.poll(5, TimeUnit.SECONDS);
        assertThat(caller).isNotNull();
        assertThat(agent).isNotNull();
        assertThat(List.of(caller, agent)).allSatisfy(m -> {
            assertThat(m.getString("type")).isEqualTo("untranscribed");
            assertThat(m.getString("reason")).isEqualTo("no_model");
            assertThat(m.getString("language")).isEqualTo("zh");
            assertThat(m.getString("detail")).isEqualTo("not installed");
        });
        assertThat(fork.started).as("nothing forked: another language's model would write nonsense").isEmpty();
        assertThat(recognizer.openStreams()).isZero();
        assertThat(store.status("Z1").result().getJsonObject("caller").getString("reason")).isEqualTo("no_model");
        assertThat(call(() -> asr.stats()).getJsonObject("untranscribed").getLong("no_model")).isEqualTo(2);

        // an English caller (menu key 2) is transcribed by the English model
        run(() -> asr.callAnswered(new AnsweredCall("E1", "2.1", "PJSIP/carrier-2", "alice", "1001", null, NOW,
                null, Priority.NORMAL, "en")));
        assertThat(fork.next(1)).containsKey("2.1");
        recognizer.awaitStream("E1", Speaker.CALLER);
        run(() -> asr.callEnded("E1"));
    }

    @Test
    void shouldTranscribeEachCallWithItsLanguagesModel() throws Exception {
        start(0);
        FakeSpeechRecognizer chinese = new FakeSpeechRecognizer();
        join(() -> asr.load("zh", () -> chinese));
        JsonObject models = call(() -> asr.stats()).getJsonObject("models");
        assertThat(models.getJsonObject("zh").getString("status")).isEqualTo("ready");
        assertThat(models.getJsonObject("en").getString("status")).isEqualTo("ready");

        run(() -> asr.callAnswered(new AnsweredCall("Z1", "1.1", "PJSIP/carrier-1", "alice", "1001", null, NOW,
                null, Priority.NORMAL, "zh")));
        run(() -> asr.callAnswered(new AnsweredCall("N1", "3.1", "PJSIP/carrier-3", "alice", "1001", null, NOW)));
        fork.next(2);
        chinese.awaitStream("Z1", Speaker.CALLER);
        recognizer.awaitStream("N1", Speaker.CALLER); // no menu choice: the default language (en here)
        assertThat(chinese.streams).containsOnlyKeys("Z1/" + Speaker.CALLER);
        run(() -> asr.callEnded("Z1"));
        run(() -> asr.callEnded("N1"));
    }

    @Test
    void shouldKeepCallsGoingUntranscribedWhenTheModelFailsToLoad() throws Exception {
        asr = new LiveTranscription(vertx, context, config(0), fork, store, STILL);
        join(() -> asr.start(() -> {
            throw new AsrException("ASR model directory /opt/vosk/zh does not exist");
        }));

        run(() -> asr.callAnswered(answered("C1", "1.1", "1.2")));
        run(() -> asr.callEnded("C1"));
        JsonObject stats = call(() -> asr.stats());
        assertThat(stats.getString("status")).isEqualTo("failed: ASR model directory /opt/vosk/zh does not exist");
        assertThat(fork.started).isEmpty();
        assertThat(asr.ready()).isFalse();
    }

    // ------------------------------------------------------------------ helpers

    private void start(int maxStreams) throws Exception {
        asr = new LiveTranscription(vertx, context, config(maxStreams), fork, store, STILL);
        join(() -> asr.start(() -> recognizer));
        assertThat(asr.ready()).isTrue();
    }

    /**
     * A clock that stands still: the test sends each stream's packets in one burst, and with the wall clock a receiver
     * stalled by a loaded machine between two of them would fill in frames the "sender dropped" (RtpDecoder's silent
     * drop detection) and count 11 frames where 10 were sent.
     */
    private static final Clock STILL = Clock.fixed(java.time.Instant.parse("2026-12-01T09:00:00Z"), java.time.ZoneOffset.UTC);

    private AsrConfig config(int maxStreams) throws Exception {
        ports = 8;
        int base = freeUdpRange(ports);
        return new AsrConfig(true, AsrConfig.model("en", Path.of("unused")), "en", true, "127.0.0.1", base, base + ports - 1, 3, 1, 0.2,
                0.5, maxStreams, Duration.ofMillis(200), Duration.ofSeconds(10), true,
                AsrConfig.FORK_CHANSPY);
    }

    private static AnsweredCall answered(String callId, String uniqueId, String agentUniqueId) {
        return new AnsweredCall(callId, uniqueId, "PJSIP/carrier-0000000b", "alice", "1001", agentUniqueId, NOW);
    }

    /** Runs {@code action} on the verticle's context (where the controller calls the observer) and waits for it. */
    private void run(Runnable action) throws Exception {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Evaluates {@code value} on the context and returns it. */
    private <T> T call(Supplier<T> value) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(value.get());
            } catch (RuntimeException | AssertionError e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    /** Waits for a future obtained on the context. */
    private void join(Supplier<Future<?>> action) throws Exception {
        CompletableFuture<Object> done = new CompletableFuture<>();
        context.runOnContext(v -> action.get().onComplete(ar -> done.complete(null)));
        done.get(10, TimeUnit.SECONDS);
    }

    /** Reads {@code value} on the context until {@code done} holds (the system's own threads get there). */
    private <T> T await(Supplier<T> value, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        T last = null;
        while (System.nanoTime() < deadline) {
            last = call(value);
            if (done.test(last)) {
                return last;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("condition not met within 10 s, last: " + last);
    }

    static synchronized DraftExtractor extractor() {
        if (extractor == null) {
            extractor = new DraftExtractor(Gazetteer.load("110000"), ExtractionRules.defaults());
        }
        return extractor;
    }

    /** The next message of {@code type} on {@code q}, skipping the others. */
    private static JsonObject next(BlockingQueue<JsonObject> q, String type) throws InterruptedException {
        while (true) {
            JsonObject m = q.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a %s message", type).isNotNull();
            if (type.equals(m.getString("type"))) {
                return m;
            }
        }
    }

    private BlockingQueue<JsonObject> consume(String address) throws Exception {
        BlockingQueue<JsonObject> q = new LinkedBlockingQueue<>();
        vertx.eventBus().<String>consumer(address, m -> q.add(new JsonObject(m.body()))).completion()
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return q;
    }

    private static void sendRtp(int port, int packets) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int seq = 0; seq < packets; seq++) {
                byte[] b = new byte[12 + 160];
                b[0] = (byte) 0x80; // V=2,P=false,X=false,CC=0,M=false,PT=0,SeqNum=seq,SSRC=0x01020304
                b[3] = (byte) seq;
                b[8] = 1;
                b[9] = 2;
                b[10] = 3;
                b[11] = 4;
                java.util.Arrays.fill(b, 12, b.length, (byte) 0xFF);
                s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    private static int freeUdpRange(int n) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            // above Linux's ephemeral range (32768..60999): ports the kernel hands to other processes' sockets meanwhile
            // (this machine's other labs, DNS lookups) would race this test between the probe and the bind
            int base = 61000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(4000);
            if (base + n > 65535) {
                continue;
            }
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (DatagramSocket s = new DatagramSocket(p, InetAddress.getLoopbackAddress())) {
                    free = s.isBound();
                } catch (java.net.SocketException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free UDP port range of " + n);
    }

    // ------------------------------------------------------------------ fakes

    /** Records fork requests; answers like Asterisk ("Originate successfully queued") or refuses. */
    static final class FakeAudioFork implements AudioFork {
        record Started(String uniqueId, String host, int port) {
        }

        final BlockingQueue<Started> started = new LinkedBlockingQueue<>();
        final BlockingQueue<Integer> stopped = new LinkedBlockingQueue<>();
        volatile boolean refuse;

        @Override
        public CompletionStage<Void> start(String uniqueId, String host, int port) {
            if (refuse) {
                return CompletableFuture.failedFuture(new TelephonyException("pbx: Originate refused: Originate"
                        + " failed"));
            }
            started.add(new Started(uniqueId, host, port));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> stop(String host, int port) {
            stopped.add(port);
            return CompletableFuture.completedFuture(null);
        }

        /** The next {@code n} forks (started concurrently, in any order) by spied uniqueid. */
        Map<String, Started> next(int n) throws InterruptedException {
            Map<String, Started> out = new java.util.HashMap<>();
            for (int i = 0; i < n; i++) {
                Started s = started.poll(5, TimeUnit.SECONDS);
                assertThat(s).as("a fork was started").isNotNull();
                out.put(s.uniqueId(), s);
            }
            return out;
        }
    }

    /** Counts frames; a partial on the first frame; on close one final "heard N frames". */
    static final class FakeSpeechRecognizer implements SpeechRecognizer {
        final Map<String, FakeStream> streams = new ConcurrentHashMap<>();

        @Override
        public String language() {
            return "en-us";
        }

        @Override
        public RecognitionStream open(String callId, Speaker speaker, int sampleRate, TranscriptListener listener) {
            FakeStream s = new FakeStream(callId, speaker, listener);
            streams.put(callId + "/" + speaker, s);
            return s;
        }

        @Override
        public int openStreams() {
            return (int) streams.values().stream().filter(s -> !s.closed.isDone()).count();
        }

        FakeStream awaitStream(String callId, Speaker speaker) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                FakeStream s = streams.get(callId + "/" + speaker);
                if (s != null) {
                    return s;
                }
                Thread.onSpinWait();
            }
            throw new AssertionError("no recogniser opened for " + callId + " " + speaker);
        }

        void awaitFrames(String callId, Speaker speaker, int n) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                FakeStream s = streams.get(callId + "/" + speaker);
                if (s != null && s.frames.size() >= n) {
                    return;
                }
                Thread.onSpinWait();
            }
            throw new AssertionError("fewer than " + n + " frames reached the recogniser");
        }

        @Override
        public void close() {
        }
    }

    static final class FakeStream implements RecognitionStream {
        final String callId;
        final Speaker speaker;
        final TranscriptListener listener;
        final List<short[]> frames = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        FakeStream(String callId, Speaker speaker, TranscriptListener listener) {
            this.callId = callId;
            this.speaker = speaker;
            this.listener = listener;
        }

        /** What Vosk does at the end of an utterance: a final with {@code text}. */
        void say(String text) {
            listener.onFinal(new Utterance(callId, speaker, text, Duration.ZERO, Duration.ofSeconds(1), List.of()));
        }

        @Override
        public void accept(short[] samples) {
            frames.add(samples);
            if (frames.size() == 1) {
                listener.onPartial(new Partial(callId, speaker, "heard", Duration.ofMillis(20)));
            }
        }

        @Override
        public CompletionStage<Void> close() {
            if (!closed.isDone()) {
                listener.onFinal(new Utterance(callId, speaker, "heard " + frames.size() + " frames",
                        Duration.ZERO, Duration.ofMillis(20L * frames.size()), List.of()));
                closed.complete(null);
            }
            return closed;
        }

        @Override
        public long droppedFrames() {
            return 0;
        }

        @Override
        public double recognisedSeconds() {
            return frames.size() * 0.02;
        }
    }

    static final class FakeTranscriptStore implements TranscriptStore {
        final Map<String, List<JsonObject>> byCall = new ConcurrentHashMap<>();

        @Override
        public Future<Void> append(String callId, JsonObject utterance) {
            byCall.computeIfAbsent(callId, k -> new CopyOnWriteArrayList<>()).add(utterance);
            return Future.succeededFuture();
        }

        @Override
        public Future<List<JsonObject>> transcript(String callId) {
            return Future.succeededFuture(byCall.getOrDefault(callId, List.of()));
        }

        final Map<String, JsonObject> drafts = new ConcurrentHashMap<>();

        @Override
        public Future<Void> saveDraft(String callId, JsonObject draft) {
            drafts.put(callId, draft);
            return Future.succeededFuture();
        }

        @Override
        public Future<Optional<JsonObject>> draft(String callId) {
            return Future.succeededFuture(Optional.ofNullable(drafts.get(callId)));
        }

        final Map<String, JsonObject> statuses = new ConcurrentHashMap<>();

        @Override
        public Future<Void> saveStatus(String callId, String speaker, JsonObject status) {
            statuses.computeIfAbsent(callId, k -> new JsonObject()).put(speaker, status);
            return Future.succeededFuture();
        }

        @Override
        public Future<JsonObject> status(String callId) {
            return Future.succeededFuture(statuses.getOrDefault(callId, new JsonObject()).copy());
        }

        List<String> texts(String callId) {
            return transcript(callId).result().stream().map(u -> u.getString("text")).toList();
        }
    }
}
