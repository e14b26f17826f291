package hotline.server.call;

import java.time.Duration;

/**
 * One-shot timers on the controller's context, for the ACD engine's deadlines (wrap-up ends, overflow steps, max
 * wait, leader sessions). The Vert.x implementation is {@link VertxScheduler}; tests use a fake driven by a fake
 * clock.
 */
public interface Scheduler {

    /**
     * Runs {@code task} once after {@code delay}, on the controller's context.
     *
     * @param delay not negative
     * @param task  what to run
     * @return a handle for {@link #cancel}
     */
    long schedule(Duration delay, Runnable task);

    /**
     * Cancels a pending task; unknown or finished handles are ignored.
     *
     * @param handle from {@link #schedule}
     */
    void cancel(long handle);
}
