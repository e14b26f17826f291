package hotline.server;

import hotline.config.HotlineConfig;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** A running contact-center node: one Vert.x instance with the {@link HotlineVerticle} deployed. */
public final class HotlineServer implements AutoCloseable {
    private final Vertx vertx;
    private final HotlineVerticle verticle;

    private HotlineServer(Vertx vertx, HotlineVerticle verticle) {
        this.vertx = vertx;
        this.verticle = verticle;
    }

    /** Starts a node and waits until HTTP, FastAGI and the Redis client are up (AMI connects in the background). */
    public static HotlineServer start(HotlineConfig config, Clock clock) throws Exception {
        Vertx vertx = Vertx.vertx();
        HotlineVerticle verticle = new HotlineVerticle(config, clock);
        try {
            vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
        return new HotlineServer(vertx, verticle);
    }

    /** The node's Vert.x instance (its event bus carries the live transcripts). */
    public Vertx vertx() {
        return vertx;
    }

    /** Live transcription on this node (a test installs a recogniser of its own with {@link LiveTranscription#load}). */
    public hotline.server.asr.LiveTranscription transcription() {
        return verticle.transcription();
    }

    /** The HTTP port bound. */
    public int httpPort() {
        return verticle.httpPort();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
