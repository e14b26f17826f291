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
 * candidates found under the new order's keys, the ones inside the window, newest first (ties by the higher number,
 * the later reservation: Redis's own {@code ZREVRANGEBYSCORE} order), at most {@link #maxLinks()} of them.
 */
public final class RepeatRule {
    /** The default look-back window. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    /** The default number of earlier orders linked at most (the newest). */
    public static final int DEFAULT_MAX_LINKS = 20;

    private final Duration window;
    private final int maxLinks;

    public RepeatRule(Duration window) {
        this(window, DEFAULT_MAX_LINKS);
    }

    /**
     * @param maxLinks at most this many earlier orders are linked, the newest: a place with hundreds of complaints
     *                 in the window links its latest ones, not every one (the order document stays small)
     */
    public RepeatRule(Duration window, int maxLinks) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (maxLinks < 1 || maxLinks > 1000) {
            throw new IllegalArgumentException("maxLinks must be 1..1000, got " + maxLinks);
        }
        this.window = window;
        this.maxLinks = maxLinks;
    }

    /** How many earlier orders are linked at most. */
    public int maxLinks() {
        return maxLinks;
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
        StringBuilder digits = new StringBuilder(phone.length());
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
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

    /**
     * The candidates submitted within the window before {@code now}, distinct, newest first, ties by the higher number
     * (numbers of one day grow with their reservation), at most {@link #maxLinks} of them.
     */
    public List<String> links(List<Candidate> candidates, Instant now) {
        Instant start = windowStart(now);
        List<Candidate> in = new ArrayList<>();
        for (Candidate c : candidates) {
            if (!c.createdAt().isBefore(start) && !c.createdAt().isAfter(now)) {
                in.add(c);
            }
        }
        in.sort(Comparator.comparing(Candidate::createdAt).thenComparing(Candidate::number).reversed());
        LinkedHashSet<String> numbers = new LinkedHashSet<>();
        for (Candidate c : in) {
            if (numbers.size() == maxLinks) {
                break;
            }
            numbers.add(c.number());
        }
        return List.copyOf(numbers);
    }
}
