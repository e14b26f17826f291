package hotline.orders.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Repeat detection: a new order repeats an earlier one when the same caller (phone number) called, or the same place
 * (district, street, community) had an order of the same category, within the window (30 days by default).
 *
 * <p>The store indexes orders under {@link #callerKey} and {@link #placeKey}; {@link #links} picks, from the
 * candidates found under the new order's keys, the ones inside the window, newest first (ties by number).
 */
public final class RepeatRule {
    /** The default look-back window. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    private final Duration window;

    public RepeatRule(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.window = window;
    }

    /**
     * An earlier order found under one of the new order's keys.
     *
     * @param number    its number
     * @param createdAt when it was submitted
     */
    public record Candidate(String number, Instant createdAt) {
        public Candidate {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    /** The earliest submission time that still counts as a repeat at {@code now}. */
    public Instant windowStart(Instant now) {
        return now.minus(window);
    }

    /** The index key of a caller: the phone's digits; empty when the phone has no digits (then no caller match). */
    public static String callerKey(String phone) {
        return phone.replaceAll("[^0-9]", "");
    }

    /**
     * The index key of a place and category; empty when the street is unknown (a district alone is too coarse to call
     * two orders the same matter).
     */
    public static String placeKey(Address a, String category) {
        if (a.street().isEmpty()) {
            return "";
        }
        return (a.district() + "|" + a.street() + "|" + a.community() + "|" + category).toLowerCase(Locale.ROOT);
    }

    /** The candidates submitted within the window before {@code now}, distinct, newest first, ties by number. */
    public List<String> links(List<Candidate> candidates, Instant now) {
        Instant start = windowStart(now);
        List<Candidate> in = new ArrayList<>();
        for (Candidate c : candidates) {
            if (!c.createdAt().isBefore(start) && !c.createdAt().isAfter(now)) {
                in.add(c);
            }
        }
        in.sort(Comparator.comparing(Candidate::createdAt).reversed().thenComparing(Candidate::number));
        LinkedHashSet<String> numbers = new LinkedHashSet<>();
        in.forEach(c -> numbers.add(c.number()));
        return List.copyOf(numbers);
    }
}
