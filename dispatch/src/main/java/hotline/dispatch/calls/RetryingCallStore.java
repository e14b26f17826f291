package hotline.dispatch.calls;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CallStore} that keeps timeline steps its delegate could not write (Redis restarting, a socket cut) and
 * writes them again until they land, so a call's record survives a store outage.
 *
 * <ul>
 *   <li>While the delegate answers, appends pass straight through (concurrently, as the delegate allows).</li>
 *   <li>An append that fails joins a backlog, ordered by when it was issued; from then on new appends queue behind
 *       it, and the backlog is written one step at a time, oldest first, retrying the head after a delay that doubles
 *       from {@code initialDelay} to {@code maxDelay}. When the backlog is empty, appends pass through again.
 *       Writing in issue order keeps a call's summary fields ending at its latest step's values.</li>
 *   <li>The backlog holds at most {@code capacity} steps; beyond that the oldest is dropped with an ERROR naming
 *       the call (memory is bounded through a long outage).</li>
 * </ul>
 * The future of an append completes when the step is stored, or fails when it is dropped. A step whose reply was
 * lost may be stored twice; {@link RedisCallStore#find} keeps one step per {@link TimelineEntry#seq()}.
 *
 * <p>Not thread-safe: use from one Vert.x context (the controller's), on which the delegate's futures complete.
 */
public final class RetryingCallStore implements CallStore {
    private static final Logger log = LoggerFactory.getLogger(RetryingCallStore.class);

    /** Runs an action after a delay (a Vert.x timer in production, a fake scheduler in tests). */
    @FunctionalInterface
    public interface Timer {
        void schedule(Duration delay, Runnable action);
    }

    private record Step(long issued, String callId, TimelineEntry entry, Map<String, String> fields,
                        Promise<Void> done) {
    }

    private final CallStore delegate;
    private final Timer timer;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final int capacity;
    // State accessed exclusively from the owning context
    private final Deque<Step> backlog = new ArrayDeque<>();
    private long issued;
    private boolean writing;
    private Duration delay;
    private long dropped;

    /**
     * @param capacity most steps kept while the delegate fails, {@code >= 1}
     */
    public RetryingCallStore(CallStore delegate, Timer timer, Duration initialDelay, Duration maxDelay, int capacity) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay");
        this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 < initialDelay <= maxDelay, got " + initialDelay + ", "
                    + maxDelay);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.delay = initialDelay;
    }

    @Override
    public Future<Void> append(String callId, TimelineEntry entry, Map<String, String> fields) {
        Step step = new Step(++issued, callId, entry, Map.copyOf(fields), Promise.promise());
        if (backlog.isEmpty()) {
            delegate.append(callId, entry, fields).onComplete(ar -> {
                if (ar.succeeded()) {
                    step.done().tryComplete();
                } else {
                    keep(step, ar.cause());
                }
            });
        } else {
            enqueue(step);
        }
        return step.done().future();
    }

    /** Steps waiting to be written again. */
    public int backlog() {
        return backlog.size();
    }

    /** Steps dropped because the backlog was full, since start. */
    public long dropped() {
        return dropped;
    }

    private void keep(Step step, Throwable cause) {
        if (backlog.isEmpty()) {
            log.warn("call store unavailable ({}); keeping timeline steps and retrying from callId={} step={}",
                    cause.getMessage(), step.callId(), step.entry().type());
        }
        // failures of steps issued together arrive in any order: keep the backlog in issue order
        if (backlog.isEmpty() || backlog.peekLast().issued() < step.issued()) {
            enqueue(step);
        } else {
            Deque<Step> later = new ArrayDeque<>();
            while (!backlog.isEmpty() && backlog.peekLast().issued() > step.issued()) {
                later.addFirst(backlog.pollLast());
            }
            backlog.addLast(step);
            backlog.addAll(later);
        }
        if (!writing) {
            writing = true;
            timer.schedule(delay, this::writeHead);
        }
    }

    private void enqueue(Step step) {
        if (backlog.size() >= capacity) {
            Step oldest = backlog.pollFirst();
            dropped++;
            log.error("callId={} timeline step {} (seq {}) dropped: call store unavailable and {} steps waiting",
                    oldest.callId(), oldest.entry().type(), oldest.entry().seq(), capacity);
            oldest.done().tryFail("dropped: call store unavailable and backlog full");
        }
        backlog.addLast(step);
    }

    private void writeHead() {
        Step head = backlog.peekFirst();
        if (head == null) {
            writing = false;
            delay = initialDelay;
            return;
        }
        delegate.append(head.callId(), head.entry(), head.fields()).onComplete(ar -> {
            if (ar.succeeded()) {
                if (backlog.peekFirst() == head) {
                    backlog.pollFirst();
                }
                head.done().tryComplete();
                delay = initialDelay;
                if (backlog.isEmpty()) {
                    writing = false;
                    log.info("call store back: every kept timeline step written");
                } else {
                    writeHead();
                }
            } else {
                log.debug("call store still unavailable ({}); {} steps waiting", ar.cause().getMessage(),
                        backlog.size());
                Duration next = delay;
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
                timer.schedule(next, this::writeHead);
            }
        });
    }

    @Override
    public Future<List<String>> recent(int limit) {
        return delegate.recent(limit);
    }

    @Override
    public Future<Optional<CallRecord>> find(String callId) {
        return delegate.find(callId);
    }
}
