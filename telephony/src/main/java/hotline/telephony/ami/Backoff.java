package hotline.telephony.ami;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential reconnect backoff with jitter: the n-th delay is drawn from [d/2, d] where
 * d = min(initial * 2^n, max). Not thread-safe: owned by one connector thread.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;
    private int attempt;

    /**
     * @param random source of numbers in [0, 1) for the jitter ({@code Math::random} in production)
     */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        this.random = Objects.requireNonNull(random, "random");
        // delays are whole milliseconds: a sub-millisecond initial would truncate to 0 and retry in a busy loop
        if (initial.toMillis() < 1 || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 1 ms <= initial <= max, got " + initial + ", " + max);
        }
    }

    /** The delay before the next attempt; each call doubles the ceiling up to {@code max}. */
    public Duration next() {
        long ceiling = initial.toMillis();
        for (int i = 0; i < attempt && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, max.toMillis());
        attempt++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half + 1)));
    }

    /** Attempts since the last {@link #reset()}. */
    public int attempts() {
        return attempt;
    }

    /** Back to the initial delay (after a successful connect). */
    public void reset() {
        attempt = 0;
    }
}
