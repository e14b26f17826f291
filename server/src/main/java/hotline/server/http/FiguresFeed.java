package hotline.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time figures for the wallboard, pushed: every {@code interval} the figures of {@code GET /api/figures}
 * (per queue, per agent, per leader session) are published on the event bus address {@value #ADDRESS}, and
 * {@code /ws/figures} forwards each one as a text frame {@code {"type":"figures",...}}.
 *
 * <p>The supplier is read on the verticle's context (the timer runs there), as the controller requires.
 */
public final class FiguresFeed {
    private static final Logger log = LoggerFactory.getLogger(FiguresFeed.class);

    /** The event bus address the figures are published on. */
    public static final String ADDRESS = "hotline.figures";

    private FiguresFeed() {
    }

    /**
     * Starts publishing and mounts {@code /ws/figures}.
     *
     * @return the timer id (cancel it on stop)
     */
    public static long start(Vertx vertx, Router router, Supplier<JsonObject> figures, Duration interval) {
        router.get("/ws/figures").handler(ctx -> ctx.request().toWebSocket().onSuccess(ws -> {
            MessageConsumer<String> consumer = vertx.eventBus().consumer(ADDRESS, msg -> {
                if (!ws.isClosed()) {
                    ws.writeTextMessage(msg.body());
                }
            });
            ws.closeHandler(v -> consumer.unregister());
            ws.exceptionHandler(e -> log.debug("figures socket: {}", e.toString()));
        }).onFailure(err -> {
            if (!ctx.response().ended()) {
                JsonReplies.badRequest(ctx, "expected a WebSocket upgrade: " + err.getMessage());
            }
        }));
        return vertx.setPeriodic(interval.toMillis(), id -> vertx.eventBus().publish(ADDRESS,
                figures.get().put("type", "figures").encode()));
    }
}
