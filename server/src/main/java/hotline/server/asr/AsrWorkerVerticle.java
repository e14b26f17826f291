package hotline.server.asr;

import hotline.asr.AsrCapacity;
import hotline.asr.AsrException;
import hotline.asr.Partial;
import hotline.asr.RecognitionStream;
import hotline.asr.Speaker;
import hotline.asr.SpeechRecognizer;
import hotline.asr.TranscriptListener;
import hotline.asr.Utterance;
import hotline.config.AsrConfig;
import hotline.telephony.rtp.AudioSink;
import hotline.telephony.rtp.PcmFrame;
import hotline.telephony.rtp.RtpReceiver;
import hotline.telephony.rtp.RtpStream;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ASR worker node's transcription (the {@code worker} command, {@code hotline.cluster.remoteAsr}): the Vosk models
 * ({@code hotline.asr.models}, one per language) and the RTP receiver of {@code hotline.asr}, no call control. It
 * registers its capacity and the languages it has a loaded model for ({@code "languages":[..]}) in the cluster map
 * {@value #REGISTRY} every second (time to live {@link #REGISTRATION_TTL_MS} ms, so a dead worker drops out by
 * itself), and takes requests on {@code hotline.asr.worker.<nodeId>}:
 * {@code {"op":"open","callId","speaker","agentId","language"}} binds a port and opens a recogniser of that language's
 * model ({@link hotline.asr.CallLanguage#model}), answering {@code {"host","port"}} (the leader then has Asterisk
 * fork the speaker's audio there) or failing when full (503) or without a model for the language (404);
 * {@code {"op":"close","callId","speaker"}} ends the stream (its last final follows). Partials and finals go to the
 * leader over the event bus ({@value #RESULTS}), as {@link LiveTranscription} formats them.
 *
 * <p>State confined to this verticle's context; recogniser and RTP callbacks hop onto it.
 */
public final class AsrWorkerVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(AsrWorkerVerticle.class);

    /** The cluster map of workers: node id to registration JSON. */
    public static final String REGISTRY = "hotline.asr.workers";
    /** Where the leader receives the workers' partials and finals. */
    public static final String RESULTS = "hotline.asr.results";
    /** A registration's time to live. */
    public static final long REGISTRATION_TTL_MS = 3000;

    /** The request address of worker {@code nodeId}. */
    public static String address(String nodeId) {
        return "hotline.asr.worker." + nodeId;
    }

    private final AsrConfig config;
    private final String nodeId;
    private final Clock clock;
    private final Map<String, Stream> streams = new HashMap<>();
    private AsrModels models;
    private RtpReceiver receiver;
    private int capacity;
    private long timer = -1;
    private MessageConsumer<JsonObject> consumer;

    private static final class Stream {
        volatile RecognitionStream recognition;
        RtpStream rtp;
        boolean closed;
    }

    public AsrWorkerVerticle(AsrConfig config, String nodeId, Clock clock) {
        this.config = config;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        int cores = Runtime.getRuntime().availableProcessors();
        capacity = AsrCapacity.streams(cores, config.realTimeFactor(), config.cpuShare(), config.maxStreams());
        receiver = new RtpReceiver(config.rtpHost(), config.rtpStart(), config.rtpEnd(), config.jitterDepth(), 1,
                clock);
        models = new AsrModels(vertx, config.defaultLanguage());
        return models.loadAll(config).compose(v -> {
            if (models.ready().isEmpty()) {
                return Future.failedFuture(new AsrException("ASR worker " + nodeId + " has no model: "
                        + models.status()));
            }
            consumer = vertx.eventBus().consumer(address(nodeId), this::request);
            timer = vertx.setPeriodic(0, 1000, id -> register());
            log.info("ASR worker {} up: {} streams, languages {}, RTP {}:{}..{}", nodeId, capacity, models.ready(),
                    config.rtpHost(), config.rtpStart(), config.rtpEnd());
            return Future.succeededFuture();
        });
    }

    private void register() {
        JsonObject me = new JsonObject().put("nodeId", nodeId).put("rtpHost", config.rtpHost())
                .put("capacity", capacity).put("free", Math.max(0, capacity - streams.size()))
                .put("languages", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(models.ready())))
                .put("at", clock.instant().toString());
        vertx.sharedData().<String, String>getAsyncMap(REGISTRY)
                .compose(m -> m.put(nodeId, me.encode(), REGISTRATION_TTL_MS))
                .onFailure(err -> log.warn("ASR worker {} could not register: {}", nodeId, err.getMessage()));
    }

    private void request(Message<JsonObject> m) {
        JsonObject b = m.body();
        String callId = b.getString("callId", "");
        Speaker speaker = "agent".equals(b.getString("speaker")) ? Speaker.AGENT : Speaker.CALLER;
        String key = callId + "/" + speaker.wireName();
        if ("close".equals(b.getString("op"))) {
            Stream s = streams.remove(key);
            if (s != null) {
                close(s);
                register();
            }
            m.reply(new JsonObject().put("closed", s != null));
            return;
        }
        if (streams.containsKey(key)) {
            m.fail(409, "already transcribing " + key);
            return;
        }
        if (streams.size() >= capacity) {
            m.fail(503, "worker " + nodeId + " is at its capacity of " + capacity + " streams");
            return;
        }
        String language = b.getString("language", config.defaultLanguage());
        SpeechRecognizer recognizer = models.recognizer(language).orElse(null);
        if (recognizer == null) {
            m.fail(404, "worker " + nodeId + " has no model for language " + language + " ("
                    + models.missing(language) + ")");
            return;
        }
        String agentId = b.getString("agentId");
        Stream s = new Stream();
        streams.put(key, s);
        register();
        String name = "callId=" + callId + " speaker=" + speaker.wireName();
        vertx.executeBlocking(() -> recognizer.open(callId, speaker, PcmFrame.SAMPLE_RATE, listener(agentId)), false)
                .compose(rs -> {
                    s.recognition = rs;
                    return Future.fromCompletionStage(receiver.open(name, sink(s)), context);
                })
                .onSuccess(rtp -> {
                    s.rtp = rtp;
                    if (s.closed) {
                        rtp.close();
                        return;
                    }
                    log.info("{} transcribing on worker {}: RTP {}:{}", name, nodeId, config.rtpHost(), rtp.port());
                    m.reply(new JsonObject().put("host", config.rtpHost()).put("port", rtp.port()));
                })
                .onFailure(err -> {
                    streams.remove(key);
                    close(s);
                    register();
                    log.warn("{} not opened on worker {}: {}", name, nodeId, err.getMessage());
                    m.fail(500, err.getMessage());
                });
    }

    private void close(Stream s) {
        s.closed = true;
        if (s.rtp != null) {
            s.rtp.close(); // the sink's onEnd closes the recogniser after the last frames: the last final follows
        } else if (s.recognition != null) {
            s.recognition.close();
        }
    }

    private AudioSink sink(Stream s) {
        return new AudioSink() {
            @Override
            public void onFrame(PcmFrame frame) {
                s.recognition.accept(frame.samples());
            }

            @Override
            public void onEnd() {
                s.recognition.close();
            }
        };
    }

    private TranscriptListener listener(String agentId) {
        return new TranscriptListener() {
            @Override
            public void onPartial(Partial partial) {
                vertx.eventBus().send(RESULTS, TranscriptJson.partial(partial, agentId).put("worker", nodeId));
            }

            @Override
            public void onFinal(Utterance utterance) {
                log.info("callId={} speaker={} utterance {}..{} ms on worker {}", utterance.callId(),
                        utterance.speaker().wireName(), utterance.start().toMillis(), utterance.end().toMillis(),
                        nodeId);
                vertx.eventBus().send(RESULTS, TranscriptJson.utterance(utterance, agentId).put("worker", nodeId));
            }

            @Override
            public void onError(AsrException error) {
                log.warn("ASR worker {} recogniser error: {}", nodeId, error.getMessage());
            }
        };
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        streams.values().forEach(this::close);
        streams.clear();
        Future<Void> unregister = consumer == null ? Future.succeededFuture() : consumer.unregister();
        List<SpeechRecognizer> all = models == null ? List.of() : models.takeAll();
        return unregister.eventually(() -> vertx.executeBlocking(() -> {
            receiver.close();
            all.forEach(SpeechRecognizer::close);
            return null;
        }, false));
    }
}
