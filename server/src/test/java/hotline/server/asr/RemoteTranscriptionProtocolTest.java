package hotline.server.asr;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.asr.LiveTranscriptionProtocolTest.FakeAudioFork;
import hotline.server.asr.LiveTranscriptionProtocolTest.FakeTranscriptStore;
import hotline.routing.acd.Priority;
import hotline.server.call.CallObserver.AnsweredCall;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RemoteTranscription} on a local event bus and shared map, with workers played by event-bus consumers: which
 * worker is asked, where Asterisk is told to send the audio, what a dead worker costs, and what happens to the
 * results the workers send back.
 */
class RemoteTranscriptionProtocolTest {
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final FakeAudioFork fork = new FakeAudioFork();
    private final FakeTranscriptStore store = new FakeTranscriptStore();
    private final BlockingQueue<JsonObject> toW2 = new LinkedBlockingQueue<>();
    /** Streams w2 transcribes at once (it refuses more, as AsrWorkerVerticle does). */
    private volatile int w2Capacity = 8;
    private final java.util.Set<String> w2Streams = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger w2Ports = new java.util.concurrent.atomic.AtomicInteger();
    private RemoteTranscription asr;

    @BeforeEach
    void start() throws Exception {
        asr = new RemoteTranscription(vertx, context, fork, store, Clock.systemUTC(), false, "en");
        run(() -> asr.start());
        // w2 answers like AsrWorkerVerticle: its RTP host and a port, or a refusal when full
        vertx.eventBus().<JsonObject>consumer(AsrWorkerVerticle.address("w2"), m -> {
            toW2.add(m.body());
            String key = m.body().getString("callId") + "/" + m.body().getString("speaker");
            if ("open".equals(m.body().getString("op"))) {
                if (w2Streams.size() >= w2Capacity) {
                    m.fail(503, "worker w2 is at its capacity of " + w2Capacity + " streams");
                    return;
                }
                w2Streams.add(key);
                m.reply(new JsonObject().put("host", "10.0.0.2").put("port", 40002 + w2Ports.getAndIncrement()));
            } else {
                m.reply(new JsonObject().put("closed", w2Streams.remove(key)));
            }
        }).completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldForkTheCallerToTheWorkerWithTheMostFreeStreams() throws Exception {
        register("w1", 1);
        register("w2", 2);
        run(() -> asr.callAnswered(answered("C1", "1.1")));
        FakeAudioFork.Started started = fork.next(1).get("1.1");
        assertThat(started.host()).isEqualTo("10.0.0.2");
        assertThat(started.port()).isEqualTo(40002);
        JsonObject open = toW2.poll(5, TimeUnit.SECONDS);
        assertThat(open).isNotNull();
        assertThat(open.getString("op")).isEqualTo("open");
        assertThat(open.getString("callId")).isEqualTo("C1");
        assertThat(open.getString("speaker")).isEqualTo("caller");
        assertThat(open.getString("agentId")).isEqualTo("alice");

        run(() -> asr.callEnded("C1"));
        JsonObject close = toW2.poll(5, TimeUnit.SECONDS);
        assertThat(close).isNotNull();
        assertThat(close.getString("op")).isEqualTo("close");
        assertThat(close.getString("callId")).isEqualTo("C1");
    }

    @Test
    void shouldMoveTheStreamToAnotherWorkerWhenTheChosenOneIsGone() throws Exception {
        register("w1", 5); // registered, but its node is gone: nobody consumes its address
        register("w2", 1);
        run(() -> asr.callAnswered(answered("C1", "1.1")));
        assertThat(fork.next(1).get("1.1").host()).isEqualTo("10.0.0.2");
        run(() -> asr.callAnswered(answered("C2", "2.1")));
        assertThat(fork.next(1).get("2.1").host()).as("w1 is not asked again until it registers")
                .isEqualTo("10.0.0.2");
        assertThat(run(() -> asr.stats()).getLong("forkedStreams")).isEqualTo(2);
    }

    @Test
    void shouldSkipTheCallerWhenNoWorkerHasAFreeStream() throws Exception {
        register("w2", 0);
        run(() -> asr.callAnswered(answered("C1", "1.1")));
        await(() -> asr.stats(), st -> st.getLong("skippedStreams") == 1);
        assertThat(fork.started).isEmpty();
        assertThat(toW2).isEmpty();
    }

    @Test
    void shouldTellTheAgentAndKeepWithTheCallThatNoWorkerHadRoomForTheCaller() throws Exception {
        BlockingQueue<JsonObject> alice = consume(LiveTranscription.agentAddress("alice"));
        w2Capacity = 1;
        register("w2", 1);
        run(() -> asr.callAnswered(answered("C1", "1.1")));
        fork.next(1);
        register("w2", 0);
        // an ordinary call is no more important than the one running: it is not transcribed, and says why
        run(() -> asr.callAnswered(answered("C2", "2.1")));
        JsonObject told = next(alice, "untranscribed");
        assertThat(told.getString("callId")).isEqualTo("C2");
        assertThat(told.getString("agentId")).isEqualTo("alice");
        assertThat(told.getString("speaker")).isEqualTo("caller");
        assertThat(told.getString("reason")).isEqualTo("no_capacity");
        assertThat(store.status("C2").result().getJsonObject("caller")).isEqualTo(told);
        assertThat(store.status("C1").result().isEmpty()).isTrue();
        JsonObject stats = run(() -> asr.stats());
        assertThat(stats.getLong("skippedCalls")).isEqualTo(1);
        assertThat(stats.getLong("activeStreams")).isEqualTo(1);
        assertThat(stats.getJsonObject("untranscribed").getLong("no_capacity")).isEqualTo(1);
        assertThat(fork.stopped).as("nothing was pushed out").isEmpty();
    }

    @Test
    void shouldGiveAFullClustersStreamToTheUrgentCallerAndTellTheAgentWhoseCallLostIt() throws Exception {
        BlockingQueue<JsonObject> alice = consume(LiveTranscription.agentAddress("alice"));
        w2Capacity = 1;
        register("w2", 1);
        run(() -> asr.callAnswered(answered("C1", "1.1")));
        FakeAudioFork.Started first = fork.next(1).get("1.1");
        register("w2", 0);

        run(() -> asr.callAnswered(new AnsweredCall("C2", "2.1", "PJSIP/carrier-2", "alice", "1001", null,
                Instant.now(), "13800138002", Priority.URGENT)));
        // C1's fork is hung up in Asterisk and its stream closed on w2, then C2's opened there
        assertThat(fork.stopped.poll(5, TimeUnit.SECONDS)).isEqualTo(first.port());
        FakeAudioFork.Started urgent = fork.next(1).get("2.1");
        assertThat(urgent.host()).isEqualTo("10.0.0.2");
        assertThat(w2Streams).containsExactly("C2/caller");
        JsonObject lost = next(alice, "untranscribed");
        assertThat(lost.getString("callId")).isEqualTo("C1");
        assertThat(lost.getString("reason")).isEqualTo("preempted");

        // a normal caller does not push out the urgent one
        run(() -> asr.callAnswered(answered("C3", "3.1")));
        assertThat(next(alice, "untranscribed").getString("reason")).isEqualTo("no_capacity");
        JsonObject stats = run(() -> asr.stats());
        assertThat(stats.getLong("preemptedStreams")).isEqualTo(1);
        assertThat(stats.getJsonObject("untranscribed").getLong("preempted")).isEqualTo(1);
        assertThat(stats.getJsonObject("untranscribed").getLong("no_capacity")).isEqualTo(1);
        assertThat(w2Streams).containsExactly("C2/caller");
        run(() -> asr.callEnded("C2"));
        awaitTrue(() -> w2Streams.isEmpty());
    }

    @Test
    void shouldSayNoWorkerWhenNoneIsRegistered() throws Exception {
        BlockingQueue<JsonObject> alice = consume(LiveTranscription.agentAddress("alice"));
        run(() -> asr.callAnswered(answered("C1", "1.1")));
        assertThat(next(alice, "untranscribed").getString("reason")).isEqualTo("no_worker");
        assertThat(run(() -> asr.stats()).getJsonObject("untranscribed").getLong("no_worker")).isEqualTo(1);
    }

    @Test
    void shouldMakeTheLiveDraftFromTheCallersFinalsAWorkerSendsBackAsTheLocalPathDoes() throws Exception {
        var extractor = LiveTranscriptionProtocolTest.extractor(); // loads the gazetteer: seconds on a busy machine
        run(() -> asr.drafts(extractor));
        BlockingQueue<JsonObject> alice = consume(LiveTranscription.agentAddress("alice"));
        register("w2", 2);
        run(() -> asr.callAnswered(new AnsweredCall("C1", "1.1", "PJSIP/carrier-1", "alice", "1001", null,
                Instant.now(), "13900001111", Priority.NORMAL)));
        fork.next(1);

        result("final", "C1", "caller", "hello the street light outside my building has been broken for a week");
        result("final", "C1", "agent", "can i call you back on one three eight zero zero one three eight zero zero"
                + " zero");
        JsonObject first = next(alice, "draft");
        assertThat(first.getString("callId")).isEqualTo("C1");
        assertThat(first.getString("agentId")).isEqualTo("alice");
        assertThat(first.getInteger("seq")).isEqualTo(1);
        assertThat(first.getString("category")).isEqualTo("street_light");
        assertThat(first.getString("phone")).as("the caller ID until a number is said").isEqualTo("13900001111");

        // the caller's last words, sent by the worker after the hang-up, still update the draft
        run(() -> asr.callEnded("C1"));
        result("final", "C1", "caller", "please call me back on one three six seven seven eight eight nine nine zero"
                + " zero");
        JsonObject last = next(alice, "draft");
        while (!"13677889900".equals(last.getString("phone"))) {
            last = next(alice, "draft");
        }
        JsonObject latest = last;
        awaitTrue(() -> latest.equals(store.draft("C1").result().orElse(null)));
        assertThat(store.texts("C1")).hasSize(3);
        JsonObject stats = run(() -> asr.stats());
        assertThat(stats.getLong("finals")).isEqualTo(3);
        assertThat(stats.getLong("drafts")).isEqualTo(last.getInteger("seq").longValue());
    }

    @Test
    void shouldSendNoCallToAWorkerWithoutAModelForItsLanguage() throws Exception {
        register("w2", 2); // an English model only
        BlockingQueue<JsonObject> alice = consume(LiveTranscription.agentAddress("alice"));
        run(() -> asr.callAnswered(new AnsweredCall("Z1", "1.1", "PJSIP/carrier-1", "alice", "1001", null,
                Instant.now(), null, Priority.NORMAL, "zh")));

        JsonObject told = next(alice, "untranscribed");
        assertThat(told.getString("reason")).isEqualTo("no_model");
        assertThat(told.getString("language")).isEqualTo("zh");
        assertThat(toW2).as("the English worker is not asked for a Chinese call").isEmpty();
        assertThat(fork.started).isEmpty();
        assertThat(store.status("Z1").result().getJsonObject("caller").getString("reason")).isEqualTo("no_model");
    }

    @Test
    void shouldKeepTheWordsButMakeNoDraftForACallThisLeaderDidNotStart() throws Exception {
        var extractor = LiveTranscriptionProtocolTest.extractor(); // loads the gazetteer: seconds on a busy machine
        run(() -> asr.drafts(extractor));
        BlockingQueue<JsonObject> alice = consume(LiveTranscription.agentAddress("alice"));
        result("final", "C9", "caller", "hello the street light outside my building has been broken for a week");
        assertThat(next(alice, "final").getString("callId")).isEqualTo("C9");
        assertThat(store.texts("C9")).hasSize(1);
        assertThat(run(() -> asr.stats()).getLong("drafts")).isZero();
    }

    @Test
    void shouldStoreAndPublishTheFinalsAWorkerSendsBack() throws Exception {
        BlockingQueue<JsonObject> alice = new LinkedBlockingQueue<>();
        vertx.eventBus().<String>consumer(LiveTranscription.agentAddress("alice"), m -> alice.add(new JsonObject(
                m.body()))).completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.eventBus().send(AsrWorkerVerticle.RESULTS, new JsonObject().put("type", "partial").put("callId", "C1")
                .put("agentId", "alice").put("speaker", "caller").put("text", "street").put("worker", "w2"));
        vertx.eventBus().send(AsrWorkerVerticle.RESULTS, new JsonObject().put("type", "final").put("callId", "C1")
                .put("agentId", "alice").put("speaker", "caller").put("text", "street light").put("worker", "w2"));
        JsonObject partial = alice.poll(5, TimeUnit.SECONDS);
        JsonObject last = alice.poll(5, TimeUnit.SECONDS);
        assertThat(partial.getString("type")).isEqualTo("partial");
        assertThat(last.getString("text")).isEqualTo("street light");
        assertThat(last.containsKey("worker")).as("the worker's name stays inside the cluster").isFalse();
        assertThat(store.texts("C1")).containsExactly("street light");
    }

    private void result(String type, String callId, String speaker, String text) {
        vertx.eventBus().send(AsrWorkerVerticle.RESULTS, new JsonObject().put("type", type).put("callId", callId)
                .put("agentId", "alice").put("speaker", speaker).put("text", text).put("startMs", 0)
                .put("endMs", 1000).put("words", new io.vertx.core.json.JsonArray()).put("worker", "w2"));
    }

    private BlockingQueue<JsonObject> consume(String address) throws Exception {
        BlockingQueue<JsonObject> q = new LinkedBlockingQueue<>();
        vertx.eventBus().<String>consumer(address, m -> q.add(new JsonObject(m.body()))).completion()
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return q;
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

    private void awaitTrue(java.util.function.BooleanSupplier done) throws Exception {
        await(() -> done.getAsBoolean(), b -> b);
    }

    private void register(String nodeId, int free) throws Exception {
        JsonObject me = new JsonObject().put("nodeId", nodeId).put("rtpHost", "10.0.0." + nodeId.substring(1))
                .put("capacity", 5).put("free", free).put("at", Instant.now().toString())
                .put("languages", new io.vertx.core.json.JsonArray().add("en"));
        vertx.sharedData().<String, String>getAsyncMap(AsrWorkerVerticle.REGISTRY)
                .compose(m -> m.put(nodeId, me.encode(), AsrWorkerVerticle.REGISTRATION_TTL_MS))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static AnsweredCall answered(String callId, String uniqueId) {
        return new AnsweredCall(callId, uniqueId, "PJSIP/carrier-1", "alice", "1001", null, Instant.now(),
                "13800138000", null);
    }

    private <T> T run(java.util.concurrent.Callable<T> action) throws Exception {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                f.complete(action.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(5, TimeUnit.SECONDS);
    }

    private void run(Runnable action) throws Exception {
        run(() -> {
            action.run();
            return null;
        });
    }

    /** Reads {@code value} on the context until {@code done} holds (the system's own threads get there). */
    private <T> T await(java.util.concurrent.Callable<T> value, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        T last = null;
        while (System.nanoTime() < deadline) {
            last = run(value);
            if (done.test(last)) {
                return last;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("condition not met within 10 s, last: " + last);
    }
}
