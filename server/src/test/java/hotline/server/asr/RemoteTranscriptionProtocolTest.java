package hotline.server.asr;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.asr.LiveTranscriptionProtocolTest.FakeAudioFork;
import hotline.server.asr.LiveTranscriptionProtocolTest.FakeTranscriptStore;
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
    private RemoteTranscription asr;

    @BeforeEach
    void start() throws Exception {
        asr = new RemoteTranscription(vertx, context, fork, store, Clock.systemUTC(), false);
        run(() -> asr.start());
        // w2 answers like AsrWorkerVerticle: its RTP host and a port
        vertx.eventBus().<JsonObject>consumer(AsrWorkerVerticle.address("w2"), m -> {
            toW2.add(m.body());
            if ("open".equals(m.body().getString("op"))) {
                m.reply(new JsonObject().put("host", "10.0.0.2").put("port", 40002));
            } else {
                m.reply(new JsonObject().put("closed", true));
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

    private void register(String nodeId, int free) throws Exception {
        JsonObject me = new JsonObject().put("nodeId", nodeId).put("rtpHost", "10.0.0." + nodeId.substring(1))
                .put("capacity", 5).put("free", free).put("at", Instant.now().toString());
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
