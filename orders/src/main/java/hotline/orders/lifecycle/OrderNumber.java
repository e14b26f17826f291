package hotline.orders.lifecycle;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A work order's number: the dispatch date and that day's sequence, written {@code yyyyMMdd-NNNNNN}
 * ({@code 20261201-000042}); sequences above 999999 get more digits. Numbers sort by date, then (per day, with
 * equal width) by sequence.
 *
 * @param date     the day the number was issued, in the hotline's time zone
 * @param sequence 1-based sequence within that day
 */
public record OrderNumber(LocalDate date, long sequence) implements Comparable<OrderNumber> {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern FORMAT = Pattern.compile("([0-9]{8})-([0-9]{6,12})");

    public OrderNumber {
        Objects.requireNonNull(date, "date");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1, got " + sequence);
        }
    }

    /** The day part as written in a number and used in the per-day sequence key: {@code 20261201}. */
    public static String dayCode(LocalDate date) {
        return date.format(DAY);
    }

    /** Parses {@code yyyyMMdd-NNNNNN}; empty when the text is not a number in that form. */
    public static Optional<OrderNumber> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long seq = Long.parseLong(m.group(2));
            return seq < 1 ? Optional.empty() : Optional.of(new OrderNumber(LocalDate.parse(m.group(1), DAY), seq));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return dayCode(date) + "-" + String.format("%06d", sequence);
    }

    @Override
    public int compareTo(OrderNumber o) {
        int byDate = date.compareTo(o.date);
        return byDate != 0 ? byDate : Long.compare(sequence, o.sequence);
    }
}
