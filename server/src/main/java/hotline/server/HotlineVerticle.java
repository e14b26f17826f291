package hotline.server;

import hotline.config.HotlineConfig;
import hotline.dispatch.calls.RedisCallStore;
import hotline.routing.Router;
import hotline.routing.RouterConfig;
import hotline.server.asr.AsrRoutes;
import hotline.server.asr.LiveTranscription;
import hotline.server.asr.RedisTranscriptStore;
import hotline.server.asr.TranscriptStore;
import hotline.server.call.CallController;
import hotline.server.call.ContextCallControl;
import hotline.server.http.HttpApi;
import hotline.telephony.ami.AmiAudioFork;
import hotline.telephony.ami.AmiCallControl;
import hotline.telephony.ami.AmiClient;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.ami.Backoff;
import hotline.telephony.agi.FastAgiServer;
import hotline.telephony.agi.InboundCall;
import hotline.telephony.agi.InboundCallHandler;
import hotline.telephony.agi.InboundDecision;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contact center on one node: FastAGI in, AMI out, routing in the middle, HTTP API for the agents.
 *
 * <p>Everything that touches call or agent state runs on this verticle's event-loop context: AMI events and
 * FastAGI requests arrive on Asterisk-Java threads and hop here with {@code context.runOnContext}.
 */
public final class HotlineVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(HotlineVerticle.class);

    private final HotlineConfig config;
    private final Clock clock;
    private Redis redis;
    private AmiClient ami;
    private FastAgiServer agi;
    private HttpServer http;
    private CallController controller;
    private LiveTranscription transcription;

    public HotlineVerticle(HotlineConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redis().uri())
                .setMaxPoolWaiting(10_000));
        var a = config.asterisk();
        AmiEndpoint endpoint = new AmiEndpoint("pbx", a.host(), a.amiPort(), a.amiUser(), a.amiSecret(),
                a.actionTimeout());
        ami = new AmiClient(endpoint, new Backoff(a.reconnectInitialDelay(), a.reconnectMaxDelay(), Math::random),
                event -> context.runOnContext(v -> controller.onTelephonyEvent(event)), clock);
        controller = new CallController(new Router(new RouterConfig(config.routing().maxQueueLength())),
                new ContextCallControl(new AmiCallControl(ami), context), new RedisCallStore(redis), clock);
        TranscriptStore transcripts = new RedisTranscriptStore(redis);
        transcription = new LiveTranscription(vertx, context, config.asr(), new AmiAudioFork(ami), transcripts, clock);
        controller.setObserver(transcription);
        transcription.start(); // loads the model in the background: calls are routed meanwhile
        ami.start();
        agi = new FastAgiServer(config.agi().host(), config.agi().port(), 16, new Inbound());
        HttpApi api = new HttpApi(vertx, controller, new RedisCallStore(redis), config.seats(), ami::isConnected);
        AsrRoutes.mount(api.router(), vertx, transcription, transcripts);
        return redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.PING))
            .onFailure(err -> log.error("Redis at {} not reachable: {}; call timelines cannot be stored until it is",
                    config.redis().uri(), err.getMessage()))
            .recover(err -> Future.succeededFuture())
            .compose(v -> vertx.executeBlocking(() -> {
                agi.start();
                return null;
            }))
            .compose(v -> vertx.createHttpServer().requestHandler(api.router())
                .listen(config.server().httpPort(), config.server().host()))
            .onSuccess(s -> {
                http = s;
                log.info("hotline server up: HTTP {}:{}, FastAGI {}:{}, AMI {}", config.server().host(),
                        s.actualPort(), config.agi().host(), config.agi().port(), endpoint);
            });
    }

    @Override
    public Future<?> stop() {
        if (agi != null) {
            agi.close();
        }
        if (ami != null) {
            ami.close();
        }
        Future<Void> closeHttp = http == null ? Future.succeededFuture() : http.close();
        Future<Void> closeAsr = transcription == null ? Future.succeededFuture() : transcription.close();
        return Future.join(closeHttp, closeAsr)
                .eventually(() -> redis == null ? Future.succeededFuture() : redis.close());
    }

    /** Live transcription on this node (status, counters). */
    public LiveTranscription transcription() {
        return transcription;
    }

    /** The HTTP port actually bound (useful when configured as 0). */
    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    /** FastAGI entry: hops onto the verticle's context and waits, bounded, for the routing decision. */
    private final class Inbound implements InboundCallHandler {
        @Override
        public InboundDecision onInbound(InboundCall call) throws Exception {
            CompletableFuture<InboundDecision> decision = new CompletableFuture<>();
            context.runOnContext(v -> {
                try {
                    decision.complete(controller.inbound(call));
                } catch (RuntimeException e) {
                    decision.completeExceptionally(e);
                }
            });
            try {
                return decision.get(config.agi().decisionTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                context.runOnContext(v -> controller.inboundTimedOut(call.uniqueId()));
                throw e;
            } catch (java.util.concurrent.ExecutionException e) {
                throw (Exception) e.getCause();
            }
        }

        @Override
        public void onAgiFinished(String callId, boolean ok) {
            context.runOnContext(v -> controller.agiFinished(callId, ok));
        }
    }
}
