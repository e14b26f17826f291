package hotline.server.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Failed logins counted per key (a user name, a client address) in a sliding window: after {@code maxFailures}
 * within {@code window} the key is refused until its oldest failure in the window ages out, without checking the
 * password (guessing costs the server a PBKDF2 run each). A success clears the key. Keeps at most
 * {@code maxKeys} keys (beyond, the ones with the oldest last failure go). Confined to the hotline verticle's
 * context: not thread-safe.
 */
public final class LoginThrottle {
    private final int maxFailures;
    private final Duration window;
    private final int maxKeys;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public LoginThrottle(int maxFailures, Duration window, int maxKeys, Clock clock) {
        if (maxFailures < 1 || maxKeys < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("maxFailures and maxKeys must be >= 1 and window > 0");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /** When {@code key} may try again, or empty when it may now. */
    public Optional<Instant> blockedUntil(String key) {
        Deque<Instant> d = recent(key);
        if (d == null || d.size() < maxFailures) {
            return Optional.empty();
        }
        return Optional.of(d.peekFirst().plus(window));
    }

    /** Counts a failed login of {@code key}. */
    public void failed(String key) {
        Deque<Instant> d = recent(key);
        if (d == null) {
            if (failures.size() >= maxKeys) {
                evictOldest();
            }
            d = new ArrayDeque<>();
            failures.put(key, d);
        }
        d.addLast(clock.instant());
        while (d.size() > maxFailures) {
            d.removeFirst();
        }
    }

    /** Forgets {@code key}'s failures (it logged in). */
    public void succeeded(String key) {
        failures.remove(key);
    }

    /** The failures of {@code key} still in the window (null when none). */
    private Deque<Instant> recent(String key) {
        Deque<Instant> d = failures.get(key);
        if (d == null) {
            return null;
        }
        Instant since = clock.instant().minus(window);
        while (!d.isEmpty() && !d.peekFirst().isAfter(since)) {
            d.removeFirst();
        }
        if (d.isEmpty()) {
            failures.remove(key);
            return null;
        }
        return d;
    }

    private void evictOldest() {
        String oldest = null;
        Instant at = null;
        for (Iterator<Map.Entry<String, Deque<Instant>>> it = failures.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Deque<Instant>> e = it.next();
            Instant last = e.getValue().peekLast();
            if (at == null || last.isBefore(at)) {
                oldest = e.getKey();
                at = last;
            }
        }
        failures.remove(oldest);
    }
}
