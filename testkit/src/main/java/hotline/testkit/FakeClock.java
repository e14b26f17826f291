package hotline.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that only moves when told to, for code that takes its time from an injected clock (as JVB's
 * {@code BandwidthAllocator} is tested with its {@code FakeClock}). Thread-safe; {@link #withZone} returns a view
 * that shares this clock's instant.
 */
public final class FakeClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock standing at {@code start}, in UTC. */
    public FakeClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /** A clock standing at {@code start}, in {@code zone}. */
    public FakeClock(Instant start, ZoneId zone) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), zone);
    }

    private FakeClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * Moves the clock forward.
     *
     * @return the new instant
     * @throws IllegalArgumentException if {@code amount} is negative (use {@link #set} to go back)
     */
    public Instant advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("cannot advance by a negative duration: " + amount);
        }
        return now.updateAndGet(t -> t.plus(amount));
    }

    /** Puts the clock at {@code instant}, forward or back. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public FakeClock withZone(ZoneId zone) {
        return new FakeClock(now, zone);
    }

    @Override
    public String toString() {
        return "FakeClock[" + now.get() + "," + zone + "]";
    }
}
