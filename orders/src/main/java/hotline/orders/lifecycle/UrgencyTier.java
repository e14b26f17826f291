package hotline.orders.lifecycle;

import java.util.Optional;

/**
 * How fast a work order must be handled. The code is what the API, the configuration and the draft extraction use.
 */
public enum UrgencyTier {
    /** Immediate danger to life or property: two hours. */
    HOURS_2("2h"),
    /** Loss of an essential service or an acute nuisance: 24 hours. */
    HOURS_24("24h"),
    /** The ordinary case: seven working days. */
    DAYS_7("7d"),
    /** Matters needing investigation or planning: fifteen working days. */
    DAYS_15("15d");

    private final String code;

    UrgencyTier(String code) {
        this.code = code;
    }

    /** The wire code: {@code 2h}, {@code 24h}, {@code 7d} or {@code 15d}. */
    public String code() {
        return code;
    }

    /** The tier for a wire code, or empty when the code is none of {@code 2h 24h 7d 15d} (or null). */
    public static Optional<UrgencyTier> fromCode(String code) {
        for (UrgencyTier t : values()) {
            if (t.code.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
