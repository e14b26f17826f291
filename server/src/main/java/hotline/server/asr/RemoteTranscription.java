package hotline.server.asr;

import hotline.server.call.CallObserver;
import hotline.telephony.AudioFork;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live transcription on ASR worker nodes ({@code hotline.cluster.remoteAsr}), for the routing leader: when a call is
 * answered, it picks the worker with the most free streams from the cluster's registry ({@link AsrWorkers}), asks it
 * to open a stream for the caller (and the agent, with {@code hotline.asr.transcribeAgent}), and has Asterisk fork
 * that speaker's audio to the port the worker answered. A worker that refuses (full) or does not answer (gone) is
 * skipped and the next one asked; a worker whose registration is older than its time to live is not chosen, so a
 * dead worker's new streams go to the others. Its running streams end with it (their calls go on untranscribed).
 *
 * <p>The workers' partials and finals arrive on {@value AsrWorkerVerticle#RESULTS}: finals are stored with the call
 * ({@link TranscriptStore}) and both are published on the same event-bus addresses as {@link LiveTranscription}'s, so
 * the agent's desktop sees no difference. Not here yet: live drafts and priority admission (the local path's).
 *
 * <p>State confined to the hotline verticle's context.
 */
public final class RemoteTranscription implements CallObserver {
    private static final Logger log = LoggerFactory.getLogger(RemoteTranscription.class);
    /** A worker opens a stream in ~50 ms (a recogniser and a port); silence this long means it is gone. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final Context context;
    private final AudioFork fork;
    private final TranscriptStore store;
    private final Clock clock;
    private final boolean transcribeAgent;
    /** Per call: the worker of each forked speaker ("caller"/"agent" -> node id). */
    private final Map<String, Map<String, String>> streams = new LinkedHashMap<>();
    private MessageConsumer<JsonObject> results;
    /** Workers that did not answer a request, and when (skipped until they register again). */
    private final Map<String, java.time.Instant> failedAt = new java.util.HashMap<>();
    private long forked;
    private long skipped;

    public RemoteTranscription(Vertx vertx, Context context, AudioFork fork, TranscriptStore store, Clock clock,
                               boolean transcribeAgent) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.context = Objects.requireNonNull(context, "context");
        this.fork = Objects.requireNonNull(fork, "fork");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transcribeAgent = transcribeAgent;
    }

    /** Starts taking the workers' results (call on the context). */
    public void start() {
        results = vertx.eventBus().consumer(AsrWorkerVerticle.RESULTS, m -> onResult(m.body()));
        log.info("ASR on worker nodes: streams go to the worker with the most free streams");
    }

    @Override
    public void callAnswered(AnsweredCall call) {
        if (streams.containsKey(call.callId())) {
            return;
        }
        streams.put(call.callId(), new LinkedHashMap<>());
        startLeg(call.callId(), "caller", call.uniqueId(), call.agentId());
        if (transcribeAgent && call.agentUniqueId() != null) {
            startLeg(call.callId(), "agent", call.agentUniqueId(), call.agentId());
        }
    }

    @Override
    public void callEnded(String callId) {
        Map<String, String> legs = streams.remove(callId);
        if (legs == null) {
            return;
        }
        legs.forEach((speaker, worker) -> vertx.eventBus().request(AsrWorkerVerticle.address(worker),
                new JsonObject().put("op", "close").put("callId", callId).put("speaker", speaker),
                new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT.toMillis()))
            .onFailure(err -> log.debug("callId={} speaker={} close on worker {}: {}", callId, speaker, worker,
                    err.getMessage())));
    }

    private void startLeg(String callId, String speaker, String uniqueId, String agentId) {
        open(callId, speaker, agentId, new HashSet<>())
            .compose(opened -> {
                Map<String, String> legs = streams.get(callId);
                if (legs == null) { // the call ended meanwhile
                    closeOn(opened.nodeId(), callId, speaker);
                    return Future.failedFuture("call ended while starting");
                }
                legs.put(speaker, opened.nodeId());
                return Future.fromCompletionStage(fork.start(uniqueId, opened.host(), opened.port()), context)
                        .map(v -> opened);
            })
            .onSuccess(o -> {
                forked++;
                log.info("callId={} speaker={} transcribing on worker {}: Asterisk forks uniqueid={} to {}:{}",
                        callId, speaker, o.nodeId(), uniqueId, o.host(), o.port());
            })
            .onFailure(err -> {
                skipped++;
                log.warn("callId={} speaker={} not transcribed: {}", callId, speaker, err.getMessage());
            });
    }

    private record Opened(String nodeId, String host, int port) {
    }

    /**
     * Asks the best worker not tried yet (from the registry as it is now); on refusal or silence, the next. A worker
     * that did not answer is remembered as failed until it registers again, so later calls do not wait for it.
     */
    private Future<Opened> open(String callId, String speaker, String agentId, Set<String> tried) {
        return workers().compose(all -> {
            var choice = AsrWorkers.choose(all, tried, failedAt, clock.instant(),
                    Duration.ofMillis(AsrWorkerVerticle.REGISTRATION_TTL_MS));
            if (choice.isEmpty()) {
                return Future.failedFuture("no ASR worker with a free stream (" + all.size() + " registered, "
                        + tried.size() + " tried)");
            }
            AsrWorkers.Worker w = choice.get();
            tried.add(w.nodeId());
            JsonObject req = new JsonObject().put("op", "open").put("callId", callId).put("speaker", speaker)
                    .put("agentId", agentId);
            return vertx.eventBus().<JsonObject>request(AsrWorkerVerticle.address(w.nodeId()), req,
                            new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT.toMillis()))
                .map(reply -> new Opened(w.nodeId(), reply.body().getString("host"),
                        reply.body().getInteger("port")))
                .recover(err -> {
                    if (err instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                        log.info("callId={} speaker={} worker {} refused: {}; trying the next", callId, speaker,
                                w.nodeId(), err.getMessage());
                    } else {
                        failedAt.put(w.nodeId(), clock.instant());
                        log.warn("callId={} speaker={} worker {} did not answer ({}); trying the next", callId,
                                speaker, w.nodeId(), err.getMessage());
                    }
                    return open(callId, speaker, agentId, tried);
                });
        });
    }

    private void closeOn(String worker, String callId, String speaker) {
        vertx.eventBus().request(AsrWorkerVerticle.address(worker), new JsonObject().put("op", "close")
                .put("callId", callId).put("speaker", speaker));
    }

    private Future<List<AsrWorkers.Worker>> workers() {
        return vertx.sharedData().<String, String>getAsyncMap(AsrWorkerVerticle.REGISTRY)
            .compose(m -> m.values())
            .map(values -> {
                List<AsrWorkers.Worker> list = new ArrayList<>();
                for (String v : values) {
                    try {
                        JsonObject j = new JsonObject(v);
                        list.add(new AsrWorkers.Worker(j.getString("nodeId"), j.getString("rtpHost"),
                                j.getInteger("capacity"), j.getInteger("free"),
                                java.time.Instant.parse(j.getString("at"))));
                    } catch (RuntimeException e) {
                        log.warn("ASR worker registration ignored (unreadable: {})", e.getMessage());
                    }
                }
                return list;
            });
    }

    private void onResult(JsonObject m) {
        String callId = m.getString("callId");
        String agentId = m.getString("agentId");
        m.remove("worker");
        if ("final".equals(m.getString("type"))) {
            store.append(callId, m).onFailure(err -> log.error("callId={} could not store an utterance: {}", callId,
                    err.getMessage()));
        }
        String text = m.encode();
        vertx.eventBus().publish(LiveTranscription.ALL_ADDRESS, text);
        if (agentId != null) {
            vertx.eventBus().publish(LiveTranscription.agentAddress(agentId), text);
        }
    }

    /** {@code GET /api/asr} on a leader with remote ASR: status {@code workers}, streams forked, not transcribed. */
    public JsonObject stats() {
        return new JsonObject().put("status", "workers").put("forkedStreams", forked).put("skippedStreams", skipped)
                .put("activeCalls", streams.size());
    }

    /** Stops taking results. */
    public Future<Void> close() {
        return results == null ? Future.succeededFuture() : results.unregister();
    }
}
