package hotline.server.asr;

import hotline.asr.Speaker;
import hotline.asr.StreamAdmission;
import hotline.orders.extract.DraftExtractor;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>Per language: a call goes to a worker that has a model for its language (the caller's menu language, else
 * {@code hotline.asr.defaultLanguage}; workers register theirs, {@link AsrWorkers#speaking}). When no live worker
 * has one the call is not transcribed (reason {@code no_model}, with the language), rather than transcribed by another
 * language's model.
 *
 * <p>Beyond capacity (every live worker full): the more important stream wins, as on one node
 * ({@link StreamAdmission#priority}: callers before agents, then leader session, urgent, repeat caller, normal). The
 * least important running stream, if less important than the new one (the newest among equals), is stopped
 * (Asterisk's fork hung up, the worker's stream closed) and the new one opened on that worker in its place; else the
 * new one is not transcribed. Either way the speaker left out is told to the agent and kept with the call as an
 * {@code untranscribed} message (reason {@code no_capacity}, {@code preempted}, {@code no_worker} or
 * {@code failed}), and counted in {@link #stats}.
 *
 * <p>The workers' partials and finals arrive on {@value AsrWorkerVerticle#RESULTS} and go through the same
 * {@link TranscriptFeed} as {@link LiveTranscription}'s: published on the same event-bus addresses, finals stored with
 * the call, the caller's finals made into the live draft ({@link #drafts}), so the agent's desktop sees no difference.
 * A call's feed is kept {@link #LINGER} after it ends, for the last final the worker flushes after the hang-up.
 *
 * <p>State confined to the hotline verticle's context.
 */
public final class RemoteTranscription implements CallObserver {
    private static final Logger log = LoggerFactory.getLogger(RemoteTranscription.class);
    /** A worker opens a stream in ~50 ms (a recogniser and a port); silence this long means it is gone. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** How long an ended call's last finals are still taken into its transcript and draft. */
    static final Duration LINGER = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final Context context;
    private final AudioFork fork;
    private final Clock clock;
    private final boolean transcribeAgent;
    private final String defaultLanguage;
    private final TranscriptFeed feed;
    /** The calls followed, by call id. */
    private final Map<String, RemoteCall> calls = new LinkedHashMap<>();
    /** Ended calls whose last finals may still come, by call id. */
    private final Map<String, TranscriptFeed.CallFeed> ended = new HashMap<>();
    /** Every stream running on a worker (forked by Asterisk), by {@code <callId>/<speaker>}. */
    private final Map<String, Running> running = new LinkedHashMap<>();
    /** Workers that did not answer a request, and when (skipped until they register again). */
    private final Map<String, Instant> failedAt = new HashMap<>();
    private MessageConsumer<JsonObject> results;
    private long started;
    private long forked;
    private long skipped;
    private long skippedCalls;
    private long preempted;

    private static final class RemoteCall {
        final TranscriptFeed.CallFeed feed;
        final int level;
        final String language;
        /** speaker ("caller"/"agent") -> the worker it was opened on */
        final Map<String, String> legs = new LinkedHashMap<>();

        RemoteCall(TranscriptFeed.CallFeed feed, int level, String language) {
            this.feed = feed;
            this.level = level;
            this.language = language;
        }
    }

    private record Running(AsrWorkers.Stream stream, String callId, String speaker, String host, int port) {
    }

    /** Why a leg is not transcribed, as a failure of its start. */
    private static final class NotTranscribed extends RuntimeException {
        final TranscriptFeed.Untranscribed reason;

        NotTranscribed(TranscriptFeed.Untranscribed reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    /** The call ended while its stream was starting: nothing to tell. */
    private static final class Gone extends RuntimeException {
        Gone() {
            super("call ended while starting", null, false, false);
        }
    }

    /**
     * @param defaultLanguage the language of a call whose caller chose none in the menu
     */
    public RemoteTranscription(Vertx vertx, Context context, AudioFork fork, TranscriptStore store, Clock clock,
                               boolean transcribeAgent, String defaultLanguage) {
        this.defaultLanguage = Objects.requireNonNull(defaultLanguage, "defaultLanguage");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.context = Objects.requireNonNull(context, "context");
        this.fork = Objects.requireNonNull(fork, "fork");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transcribeAgent = transcribeAgent;
        this.feed = new TranscriptFeed(vertx, Objects.requireNonNull(store, "store"), clock);
    }

    /** Starts taking the workers' results (call on the context). */
    public void start() {
        results = vertx.eventBus().consumer(AsrWorkerVerticle.RESULTS, m -> onResult(m.body()));
        log.info("ASR on worker nodes: streams go to the worker with the most free streams");
    }

    /**
     * Turns live drafts on: from now on, the caller's finals of every transcribed call are made into a draft work
     * order pushed to the agent. Call on the context.
     */
    public void drafts(DraftExtractor extractor) {
        feed.drafts(extractor);
    }

    @Override
    public void callAnswered(AnsweredCall call) {
        try {
            RemoteCall known = calls.get(call.callId());
            if (known != null) { // answered again: a colleague took the transferred call
                known.feed.reassign(call.agentId());
                return;
            }
            RemoteCall rc = new RemoteCall(feed.call(call.callId(), call.agentId(), call.callerNumber(), true),
                    LiveTranscription.callLevel(call.priority()),
                    hotline.asr.CallLanguage.of(call.language(), null, defaultLanguage));
            calls.put(call.callId(), rc);
            startLeg(call.callId(), Speaker.CALLER, call.uniqueId(), call.agentId(), rc);
            if (transcribeAgent && call.agentUniqueId() != null) {
                startLeg(call.callId(), Speaker.AGENT, call.agentUniqueId(), call.agentId(), rc);
            }
        } catch (RuntimeException e) {
            log.error("callId={} could not start transcription", call.callId(), e);
        }
    }

    @Override
    public void callEnded(String callId) {
        RemoteCall rc = calls.remove(callId);
        if (rc == null) {
            return;
        }
        rc.legs.forEach((speaker, worker) -> {
            running.remove(callId + "/" + speaker);
            closeOn(worker, callId, speaker);
        });
        ended.put(callId, rc.feed);
        vertx.setTimer(LINGER.toMillis(), id -> ended.remove(callId));
    }

    private void startLeg(String callId, Speaker speaker, String uniqueId, String agentId, RemoteCall rc) {
        String name = speaker.wireName();
        int priority = StreamAdmission.priority(speaker, rc.level);
        open(callId, name, agentId, priority, rc.language, new HashSet<>())
            .compose(opened -> {
                if (calls.get(callId) != rc) { // the call ended meanwhile
                    closeOn(opened.nodeId(), callId, name);
                    return Future.failedFuture(new Gone());
                }
                rc.legs.put(name, opened.nodeId());
                return Future.fromCompletionStage(fork.start(uniqueId, opened.host(), opened.port()), context)
                        .map(v -> opened);
            })
            .onSuccess(o -> {
                forked++;
                if (calls.get(callId) == rc && o.nodeId().equals(rc.legs.get(name))) {
                    String key = callId + "/" + name;
                    running.put(key, new Running(new AsrWorkers.Stream(key, o.nodeId(), priority, ++started), callId,
                            name, o.host(), o.port()));
                }
                log.info("callId={} speaker={} transcribing on worker {}: Asterisk forks uniqueid={} to {}:{}",
                        callId, name, o.nodeId(), uniqueId, o.host(), o.port());
            })
            .onFailure(err -> {
                if (err instanceof Gone) {
                    return;
                }
                skipped++;
                if (speaker == Speaker.CALLER) {
                    skippedCalls++;
                }
                log.warn("callId={} speaker={} not transcribed: {}", callId, name, err.getMessage());
                String worker = rc.legs.remove(name);
                if (worker != null) { // opened, but Asterisk did not fork: free the worker's stream
                    closeOn(worker, callId, name);
                }
                TranscriptFeed.Untranscribed why = err instanceof NotTranscribed nt ? nt.reason
                        : TranscriptFeed.Untranscribed.FAILED;
                if (why == TranscriptFeed.Untranscribed.NO_MODEL) {
                    rc.feed.untranscribed(name, why, rc.language, "no live worker has a model for it");
                } else {
                    rc.feed.untranscribed(name, why);
                }
            });
    }

    private record Opened(String nodeId, String host, int port) {
    }

    /**
     * Asks the best worker not tried yet (from the registry as it is now); on refusal or silence, the next. A worker
     * that did not answer is remembered as failed until it registers again, so later calls do not wait for it. When
     * none is left, a less important running stream makes room ({@link #preempt}), or the leg is not transcribed.
     */
    private Future<Opened> open(String callId, String speaker, String agentId, int priority, String language,
                                Set<String> tried) {
        return workers().compose(registered -> {
            Instant now = clock.instant();
            Duration ttl = Duration.ofMillis(AsrWorkerVerticle.REGISTRATION_TTL_MS);
            List<AsrWorkers.Worker> all = AsrWorkers.speaking(registered, language);
            var choice = AsrWorkers.choose(all, tried, failedAt, now, ttl);
            if (choice.isPresent()) {
                AsrWorkers.Worker w = choice.get();
                tried.add(w.nodeId());
                return ask(w.nodeId(), callId, speaker, agentId, language)
                    .recover(err -> open(callId, speaker, agentId, priority, language, tried));
            }
            if (AsrWorkers.live(registered, failedAt, now, ttl).isEmpty()) {
                return Future.failedFuture(new NotTranscribed(TranscriptFeed.Untranscribed.NO_WORKER,
                        "no ASR worker alive (" + registered.size() + " registered)"));
            }
            Set<String> live = AsrWorkers.live(all, failedAt, now, ttl);
            if (live.isEmpty()) {
                return Future.failedFuture(new NotTranscribed(TranscriptFeed.Untranscribed.NO_MODEL,
                        "no live ASR worker has a model for language " + language));
            }
            List<AsrWorkers.Stream> streams = running.values().stream().map(Running::stream).toList();
            var victim = AsrWorkers.victim(streams, priority, live);
            if (victim.isEmpty()) {
                return Future.failedFuture(new NotTranscribed(TranscriptFeed.Untranscribed.NO_CAPACITY,
                        "every ASR worker is full (" + live.size() + " alive, " + running.size()
                                + " streams running) with streams at least as important"));
            }
            return preempt(running.get(victim.get().key()), callId, speaker)
                .compose(v -> ask(victim.get().nodeId(), callId, speaker, agentId, language))
                .recover(err -> Future.failedFuture(new NotTranscribed(TranscriptFeed.Untranscribed.NO_CAPACITY,
                        "no room after stopping a less important stream: " + err.getMessage())));
        });
    }

    /** Asks one worker to open a stream; fails when it refuses or does not answer (then marked failed). */
    private Future<Opened> ask(String nodeId, String callId, String speaker, String agentId, String language) {
        JsonObject req = new JsonObject().put("op", "open").put("callId", callId).put("speaker", speaker)
                .put("agentId", agentId).put("language", language);
        return vertx.eventBus().<JsonObject>request(AsrWorkerVerticle.address(nodeId), req,
                        new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT.toMillis()))
            .map(reply -> new Opened(nodeId, reply.body().getString("host"), reply.body().getInteger("port")))
            .onFailure(err -> {
                if (err instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                    log.info("callId={} speaker={} worker {} refused: {}", callId, speaker, nodeId, err.getMessage());
                } else {
                    failedAt.put(nodeId, clock.instant());
                    log.warn("callId={} speaker={} worker {} did not answer ({})", callId, speaker, nodeId,
                            err.getMessage());
                }
            });
    }

    /**
     * Stops a running stream to make room: Asterisk's fork is hung up, the agent told, the worker's stream closed
     * (its last final still comes); completes when the worker has closed it.
     */
    private Future<Void> preempt(Running victim, String forCall, String forSpeaker) {
        preempted++;
        running.remove(victim.stream().key());
        RemoteCall rc = calls.get(victim.callId());
        if (rc != null) {
            rc.legs.remove(victim.speaker());
            rc.feed.untranscribed(victim.speaker(), TranscriptFeed.Untranscribed.PREEMPTED);
        }
        log.info("callId={} speaker={} transcription on worker {} stopped to make room for callId={} speaker={}",
                victim.callId(), victim.speaker(), victim.stream().nodeId(), forCall, forSpeaker);
        fork.stop(victim.host(), victim.port()).whenComplete((v, err) -> {
            if (err != null) {
                log.debug("callId={} fork stop: {}", victim.callId(), err.getMessage());
            }
        });
        return vertx.eventBus().request(AsrWorkerVerticle.address(victim.stream().nodeId()),
                        new JsonObject().put("op", "close").put("callId", victim.callId())
                                .put("speaker", victim.speaker()),
                        new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT.toMillis()))
            .mapEmpty();
    }

    private void closeOn(String worker, String callId, String speaker) {
        vertx.eventBus().request(AsrWorkerVerticle.address(worker), new JsonObject().put("op", "close")
                        .put("callId", callId).put("speaker", speaker),
                new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT.toMillis()))
            .onFailure(err -> log.debug("callId={} speaker={} close on worker {}: {}", callId, speaker, worker,
                    err.getMessage()));
    }

    private Future<List<AsrWorkers.Worker>> workers() {
        return vertx.sharedData().<String, String>getAsyncMap(AsrWorkerVerticle.REGISTRY)
            .compose(m -> m.values())
            .map(values -> {
                List<AsrWorkers.Worker> list = new ArrayList<>();
                for (String v : values) {
                    try {
                        JsonObject j = new JsonObject(v);
                        Set<String> languages = new java.util.TreeSet<>();
                        j.getJsonArray("languages", new io.vertx.core.json.JsonArray())
                                .forEach(l -> languages.add(String.valueOf(l)));
                        list.add(new AsrWorkers.Worker(j.getString("nodeId"), j.getString("rtpHost"),
                                j.getInteger("capacity"), j.getInteger("free"), Instant.parse(j.getString("at")),
                                languages));
                    } catch (RuntimeException e) {
                        log.warn("ASR worker registration ignored (unreadable: {})", e.getMessage());
                    }
                }
                return list;
            });
    }

    private void onResult(JsonObject m) {
        String callId = m.getString("callId");
        if (callId == null) {
            log.warn("ASR worker result without a callId ignored (from worker {})", m.getString("worker"));
            return;
        }
        m.remove("worker");
        RemoteCall rc = calls.get(callId);
        TranscriptFeed.CallFeed f = rc != null ? rc.feed : ended.get(callId);
        if (f == null) {
            // a call this leader did not start (its predecessor did): its words are kept, its draft is not remade
            f = feed.call(callId, m.getString("agentId"), null, false);
        }
        if ("final".equals(m.getString("type"))) {
            f.utterance(m);
        } else {
            f.partial(m);
        }
    }

    /**
     * {@code GET /api/asr} on a leader with remote ASR: status {@code workers}; streams forked, running, not
     * transcribed (all, and callers), preempted; finals and drafts; speakers not transcribed by reason.
     */
    public JsonObject stats() {
        return new JsonObject().put("status", "workers").put("forkedStreams", forked).put("skippedStreams", skipped)
                .put("skippedCalls", skippedCalls).put("preemptedStreams", preempted)
                .put("activeStreams", running.size()).put("activeCalls", calls.size()).put("finals", feed.finals())
                .put("drafts", feed.draftsMade()).put("untranscribed", feed.untranscribed());
    }

    /** Stops taking results. */
    public Future<Void> close() {
        return results == null ? Future.succeededFuture() : results.unregister();
    }
}
