package hotline.server.call;

import io.vertx.core.Vertx;
import java.time.Duration;

/** {@link Scheduler} on Vert.x timers; call it from the controller's context so the timers fire there. */
public final class VertxScheduler implements Scheduler {
    private final Vertx vertx;

    public VertxScheduler(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public long schedule(Duration delay, Runnable task) {
        // Vert.x timers need at least 1 ms.
        return vertx.setTimer(Math.max(1, delay.toMillis()), id -> task.run());
    }

    @Override
    public void cancel(long handle) {
        vertx.cancelTimer(handle);
    }
}
