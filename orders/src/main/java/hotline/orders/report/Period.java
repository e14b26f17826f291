package hotline.orders.report;

import java.util.Locale;
import java.util.Optional;

/** The length of a report: a calendar day, an ISO week (Monday to Sunday) or a calendar month. */
public enum Period {
    DAY, WEEK, MONTH;

    /** {@code "day"}, {@code "week"}, {@code "month"} (any case), or empty. */
    public static Optional<Period> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "day" -> Optional.of(DAY);
            case "week" -> Optional.of(WEEK);
            case "month" -> Optional.of(MONTH);
            default -> Optional.empty();
        };
    }

    /** The lower-case name used in the API. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
