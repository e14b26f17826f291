package hotline.server.asr;

import hotline.asr.AsrCapacity;
import hotline.asr.AsrException;
import hotline.asr.CallLanguage;
import hotline.asr.Partial;
import hotline.asr.RecognitionStream;
import hotline.asr.Speaker;
import hotline.asr.SpeechRecognizer;
import hotline.asr.StreamAdmission;
import hotline.asr.TranscriptListener;
import hotline.asr.Utterance;
import hotline.config.AsrConfig;
import hotline.orders.extract.DraftExtractor;
import hotline.routing.acd.Priority;
import hotline.server.call.CallObserver;
import hotline.telephony.AudioFork;
import hotline.telephony.rtp.AudioSink;
import hotline.telephony.rtp.PcmFrame;
import hotline.telephony.rtp.RtpDecoder;
import hotline.telephony.rtp.RtpReceiver;
import hotline.telephony.rtp.RtpStream;
import hotline.telephony.rtp.RtpStreamStats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live transcription of answered calls. When an agent answers, it asks Asterisk (over AMI, {@link AudioFork}) to
 * fork the caller's voice, and the agent's, as RTP to a port of the {@link RtpReceiver}; the receiver's decoded
 * 20 ms frames go to a {@link SpeechRecognizer} stream per speaker. Partials and finals are published on the event
 * bus ({@value #ALL_ADDRESS} and {@code hotline.transcript.agent.<agentId>}); finals are stored with the call
 * ({@link TranscriptStore}); with a {@link DraftExtractor} ({@link #drafts}) the caller's finals make the call's live
 * draft work order. All of that is {@link TranscriptFeed}'s, shared with {@link RemoteTranscription}.
 *
 * <p>One model per language ({@link AsrModels}, {@code hotline.asr.models}): a call is transcribed by the model of
 * its caller's menu language, else of {@code hotline.asr.defaultLanguage} ({@link CallLanguage}); a call whose
 * language has no loaded model is not transcribed at all (another language's model would fill the agent's desktop
 * with that language's words): the agent is told ({@code untranscribed}, reason {@code no_model}, with the language)
 * and the call keeps the reason.
 *
 * <p>Never in call control's way: the models load in the background after start-up (a missing or broken model is
 * logged as an ERROR and only its language goes untranscribed); recognisers are created on worker threads, recognition runs on
 * the recogniser's own threads, RTP on the receiver's event loop. Beyond the node's capacity ({@link AsrCapacity})
 * the more important streams win ({@link StreamAdmission#priority}: callers before agents, then by the call's routing
 * priority: leader session, urgent, repeat caller, normal); a speaker skipped or pushed out is told to the agent as
 * an {@code untranscribed} message, kept with the call and counted.
 *
 * <p>State accessed exclusively from the hotline verticle's event-loop context (the {@link CallObserver} callbacks
 * arrive there; listener and fork callbacks hop back there).
 */
public final class LiveTranscription implements CallObserver {
    private static final Logger log = LoggerFactory.getLogger(LiveTranscription.class);

    /** Event-bus address of every partial and final (JSON text). */
    public static final String ALL_ADDRESS = "hotline.transcript";

    /** The event-bus address of one agent's transcripts (what that agent's desktop WebSocket receives). */
    public static String agentAddress(String agentId) {
        return "hotline.transcript.agent." + agentId;
    }

    private final Vertx vertx;
    private final Context context;
    private final AsrConfig config;
    private final AudioFork fork;
    private final RtpReceiver receiver;
    private final StreamAdmission admission;
    private final Map<String, Leg> legs = new LinkedHashMap<>();
    private final Map<String, List<Leg>> legsByCall = new LinkedHashMap<>();
    private final TranscriptFeed feed;
    private final AsrModels models;
    private long transcribedCalls;
    private long skippedCalls;
    private long failedStreams;
    private long degradedStreams;

    /** One forked, transcribed speaker of a call. */
    private static final class Leg {
        final String key;
        final String callId;
        final Speaker speaker;
        /** The call's transcript and draft; held by the leg's listener, so the finals after the hang-up still count. */
        final TranscriptFeed.CallFeed feed;
        final SpeechRecognizer recognizer;
        volatile RecognitionStream recognition;
        RtpStream rtp;
        boolean stopped;

        Leg(String callId, Speaker speaker, TranscriptFeed.CallFeed feed, SpeechRecognizer recognizer) {
            this.key = callId + "/" + speaker.wireName();
            this.callId = callId;
            this.speaker = speaker;
            this.feed = feed;
            this.recognizer = recognizer;
        }
    }

    /**
     * @param context the hotline verticle's context: every method must be called on it
     */
    public LiveTranscription(Vertx vertx, Context context, AsrConfig config, AudioFork fork, TranscriptStore store,
                             Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.context = Objects.requireNonNull(context, "context");
        this.config = Objects.requireNonNull(config, "config");
        this.fork = Objects.requireNonNull(fork, "fork");
        this.feed = new TranscriptFeed(vertx, Objects.requireNonNull(store, "store"), clock);
        int cores = Runtime.getRuntime().availableProcessors();
        int capacity = AsrCapacity.streams(cores, config.realTimeFactor(), config.cpuShare(), config.maxStreams());
        this.admission = new StreamAdmission(capacity);
        this.receiver = new RtpReceiver(config.rtpHost(), config.rtpStart(), config.rtpEnd(), config.jitterDepth(), 1,
                clock);
        this.models = new AsrModels(vertx, config.defaultLanguage());
        log.info("ASR capacity {} streams ({} cores, realTimeFactor {}, cpuShare {}{}), RTP ports {}:{}..{}", capacity,
                cores, config.realTimeFactor(), config.cpuShare(), config.maxStreams() > 0 ? ", fixed" : "",
                config.rtpHost(), config.rtpStart(), config.rtpEnd());
    }

    /**
     * Loads every language's model in the background ({@code hotline.asr.models}); completes when all are ready or
     * have failed (never fails: a broken model is logged and its language stays untranscribed).
     */
    public Future<Void> start() {
        if (!config.enabled()) {
            log.info("ASR disabled (hotline.asr.enabled = false): calls are not transcribed");
            return Future.succeededFuture();
        }
        return models.loadAll(config);
    }

    /**
     * Turns live drafts on: from now on, the caller's finals of every transcribed call are made into a draft work
     * order pushed to the agent. Call on the context.
     */
    public void drafts(DraftExtractor extractor) {
        feed.drafts(extractor);
    }

    /** As {@link #start()} with another recogniser for the default language, and no other (tests). */
    Future<Void> start(java.util.concurrent.Callable<SpeechRecognizer> load) {
        if (!config.enabled()) {
            log.info("ASR disabled (hotline.asr.enabled = false): calls are not transcribed");
            return Future.succeededFuture();
        }
        return load(config.defaultLanguage(), load);
    }

    /**
     * Installs (or replaces) the recogniser of one language, loaded by {@code load} on a worker thread: calls in that
     * language answered from then on are transcribed by it. Completes when it is ready or has failed (never fails).
     * Any thread (it hops onto the context). Tests install a recogniser of their own this way.
     */
    public Future<Void> load(String language, java.util.concurrent.Callable<SpeechRecognizer> load) {
        java.nio.file.Path dir = config.models().getOrDefault(language, java.nio.file.Path.of("(installed)"));
        if (Vertx.currentContext() == context) {
            return models.load(language, dir, load);
        }
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        context.runOnContext(v -> models.load(language, dir, load).onComplete(done));
        return done.future();
    }

    // ------------------------------------------------------------------ call events (the controller's context)

    @Override
    public void callAnswered(AnsweredCall call) {
        try {
            if (!config.enabled()) {
                return;
            }
            List<Leg> legs = legsByCall.get(call.callId());
            if (legs != null) { // answered again: a colleague took the transferred call
                legs.forEach(leg -> leg.feed.reassign(call.agentId()));
                return;
            }
            TranscriptFeed.CallFeed calls = feed.call(call.callId(), call.agentId(), call.callerNumber(), true);
            String language = CallLanguage.of(call.language(), null, config.defaultLanguage());
            SpeechRecognizer recognizer = models.recognizer(language).orElse(null);
            if (recognizer == null) {
                String why = models.missing(language);
                skippedCalls++;
                log.info("callId={} agentId={} language={} not transcribed: no model for the call's language ({})",
                        call.callId(), call.agentId(), language, why);
                calls.untranscribed(Speaker.CALLER.wireName(), TranscriptFeed.Untranscribed.NO_MODEL, language, why);
                if (config.transcribeAgent() && call.agentUniqueId() != null) {
                    calls.untranscribed(Speaker.AGENT.wireName(), TranscriptFeed.Untranscribed.NO_MODEL, language,
                            why);
                }
                return;
            }
            int level = callLevel(call.priority());
            log.debug("callId={} language={} transcribed by the {} model", call.callId(), language,
                    recognizer.language());
            boolean caller = startLeg(call.callId(), Speaker.CALLER, call.uniqueId(), call.agentId(),
                    StreamAdmission.priority(Speaker.CALLER, level), calls, recognizer);
            if (caller) {
                transcribedCalls++;
            } else {
                skippedCalls++;
            }
            if (config.transcribeAgent() && call.agentUniqueId() != null) {
                startLeg(call.callId(), Speaker.AGENT, call.agentUniqueId(), call.agentId(),
                        StreamAdmission.priority(Speaker.AGENT, level), calls, recognizer);
            }
        } catch (RuntimeException e) {
            log.error("callId={} could not start transcription", call.callId(), e);
        }
    }

    @Override
    public void callEnded(String callId) {
        try {
            List<Leg> ofCall = legsByCall.remove(callId);
            if (ofCall != null) {
                ofCall.forEach(leg -> teardown(leg, false));
            }
        } catch (RuntimeException e) {
            log.error("callId={} could not stop transcription", callId, e);
        }
    }

    /** The call's level for {@link StreamAdmission#priority}: leader session 3, urgent 2, repeat caller 1, else 0. */
    static int callLevel(Priority priority) {
        return switch (priority == null ? Priority.NORMAL : priority) {
            case LEADER_SESSION -> 3;
            case URGENT -> 2;
            case REPEAT_CALLER -> 1;
            case NORMAL -> 0;
        };
    }

    private boolean startLeg(String callId, Speaker speaker, String uniqueId, String agentId, int priority,
                             TranscriptFeed.CallFeed calls, SpeechRecognizer recognizer) {
        Leg leg = new Leg(callId, speaker, calls, recognizer);
        StreamAdmission.Decision decision = admission.request(leg.key, priority);
        if (decision instanceof StreamAdmission.Skip skip) {
            log.warn("callId={} speaker={} not transcribed: the node is at its capacity of {} streams ({} calls"
                    + " skipped so far)", callId, speaker.wireName(), skip.capacity(), skippedCalls + 1);
            calls.untranscribed(speaker.wireName(), TranscriptFeed.Untranscribed.NO_CAPACITY);
            return false;
        }
        if (decision instanceof StreamAdmission.Preempt p) {
            Leg victim = legs.get(p.victim());
            if (victim != null) {
                log.info("callId={} speaker={} transcription stopped to make room for callId={} speaker={}",
                        victim.callId, victim.speaker.wireName(), callId, speaker.wireName());
                teardown(victim, true);
                victim.feed.untranscribed(victim.speaker.wireName(), TranscriptFeed.Untranscribed.PREEMPTED);
            }
        }
        legs.put(leg.key, leg);
        legsByCall.computeIfAbsent(callId, k -> new ArrayList<>()).add(leg);
        String name = "callId=" + callId + " speaker=" + speaker.wireName();
        TranscriptListener listener = new Listener(leg);
        long started = System.nanoTime();
        vertx.executeBlocking(() -> leg.recognizer.open(callId, speaker, PcmFrame.SAMPLE_RATE, listener), false)
                .compose(stream -> {
                    leg.recognition = stream;
                    return leg.stopped ? Future.failedFuture("call ended while starting")
                            : Future.fromCompletionStage(receiver.open(name, sink(leg)), context);
                })
                .compose(rtp -> {
                    leg.rtp = rtp;
                    return leg.stopped ? Future.failedFuture("call ended while starting")
                            : Future.fromCompletionStage(fork.start(uniqueId, config.rtpHost(), rtp.port()), context);
                })
                .onSuccess(v -> log.info("{} transcribing: Asterisk forks uniqueid={} to {}:{} ({} ms after answer)",
                        name, uniqueId, config.rtpHost(), leg.rtp.port(), (System.nanoTime() - started) / 1_000_000))
                .onFailure(err -> {
                    if (!leg.stopped) {
                        failedStreams++;
                        log.warn("{} not transcribed: {}", name, err.getMessage());
                        leg.feed.untranscribed(leg.speaker.wireName(), TranscriptFeed.Untranscribed.FAILED);
                    }
                    teardown(leg, false);
                });
        return true;
    }

    private AudioSink sink(Leg leg) {
        return new AudioSink() {
            @Override
            public void onFrame(PcmFrame frame) {
                leg.recognition.accept(frame.samples());
            }

            @Override
            public void onEnd() {
                leg.recognition.close();
            }
        };
    }

    /** Stops a leg: releases its capacity and port; the recogniser delivers its last final, then closes. */
    private void teardown(Leg leg, boolean stopFork) {
        boolean first = !leg.stopped;
        leg.stopped = true;
        if (legs.remove(leg.key) != null) {
            admission.release(leg.key);
        }
        if (stopFork && leg.rtp != null) {
            fork.stop(config.rtpHost(), leg.rtp.port()).whenComplete((v, err) -> {
                if (err != null) {
                    log.debug("callId={} fork stop: {}", leg.callId, err.getMessage());
                }
            });
        }
        if (!first) {
            return;
        }
        if (leg.rtp != null) {
            RtpStreamStats r = leg.rtp.stats();
            if (r.packets() > 0 && r.audioRatio() < RtpDecoder.MIN_AUDIO_RATIO) {
                degradedStreams++;
            }
            log.info("callId={} speaker={} fork ended: {} packets, {} lost, {} late, {} garbage, {} s of audio in {} s"
                    + " (ratio {}), {} frames left out by the sender (filled), {} timestamp gaps skipping {} s",
                    leg.callId, leg.speaker.wireName(), r.packets(), r.lost(), r.late(), r.garbage(),
                    round2(r.receivedSeconds()), round2(r.wallSeconds()), round2(r.audioRatio()), r.senderDrops(),
                    r.timestampGaps(), round2(r.timestampGapSeconds()));
            leg.rtp.close(); // the sink's onEnd closes the recogniser after the last frames
        } else if (leg.recognition != null) {
            leg.recognition.close();
        }
    }

    /** Recogniser callbacks arrive on its worker threads: hop to the context before touching anything. */
    private final class Listener implements TranscriptListener {
        private final Leg leg;

        Listener(Leg leg) {
            this.leg = leg;
        }

        @Override
        public void onPartial(Partial partial) {
            context.runOnContext(v -> leg.feed.partial(TranscriptJson.partial(partial, leg.feed.agentId())));
        }

        @Override
        public void onFinal(Utterance utterance) {
            context.runOnContext(v -> leg.feed.utterance(TranscriptJson.utterance(utterance, leg.feed.agentId())));
        }

        @Override
        public void onError(AsrException error) {
            context.runOnContext(v -> failedStreams++);
        }
    }

    // ------------------------------------------------------------------ metrics and shutdown

    /**
     * The state of transcription on this node: {@code status} ({@code loading} while a model loads, {@code ready}
     * when one is, {@code disabled}, {@code failed: <why>}), {@code defaultLanguage}, {@code models} (each
     * language's {@code status} and {@code modelDir}), capacity, counters, and each live stream with its received-audio / wall-clock ratio.
     */
    public JsonObject stats() {
        JsonArray streams = new JsonArray();
        for (Leg leg : legs.values()) {
            JsonObject s = new JsonObject().put("callId", leg.callId).put("speaker", leg.speaker.wireName());
            if (leg.rtp != null) {
                RtpStreamStats r = leg.rtp.stats();
                s.put("port", leg.rtp.port()).put("packets", r.packets()).put("lost", r.lost())
                        .put("garbage", r.garbage()).put("late", r.late()).put("ssrcChanges", r.ssrcChanges())
                        .put("senderDrops", r.senderDrops()).put("timestampGaps", r.timestampGaps())
                        .put("audioRatio", Math.round(r.audioRatio() * 1000) / 1000.0)
                        .put("degraded", leg.rtp.degraded());
            }
            RecognitionStream rs = leg.recognition;
            if (rs != null) {
                s.put("recognisedSeconds", Math.round(rs.recognisedSeconds() * 100) / 100.0)
                        .put("droppedFrames", rs.droppedFrames());
            }
            streams.add(s);
        }
        return new JsonObject().put("status", config.enabled() ? models.status() : "disabled")
                .put("defaultLanguage", config.defaultLanguage()).put("models", models.json())
                .put("capacity", admission.capacity()).put("activeStreams", admission.active())
                .put("transcribedCalls", transcribedCalls).put("skippedCalls", skippedCalls)
                .put("skippedStreams", admission.skipped()).put("preemptedStreams", admission.preempted())
                .put("failedStreams", failedStreams).put("degradedStreams", degradedStreams)
                .put("finals", feed.finals()).put("drafts", feed.draftsMade())
                .put("untranscribed", feed.untranscribed())
                .put("freePorts", receiver.freePorts()).put("streams", streams);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** True once a model is loaded. */
    public boolean ready() {
        return !models.ready().isEmpty();
    }

    /** Stops every stream and releases the receiver and the model (blocking parts run on a worker). */
    public Future<Void> close() {
        legsByCall.values().forEach(l -> l.forEach(leg -> teardown(leg, false)));
        legsByCall.clear();
        List<SpeechRecognizer> all = models.takeAll();
        return vertx.executeBlocking(() -> {
            receiver.close();
            all.forEach(SpeechRecognizer::close);
            return null;
        }, false).mapEmpty();
    }
}
