package hotline.orders.lifecycle;

import java.util.Locale;
import java.util.Optional;

/** Where a work order came from. */
public enum Channel {
    /** Taken by a seat agent during a call. */
    PHONE,
    /** Submitted through the web form or the API. */
    ONLINE;

    /** The wire code, {@code phone} or {@code online}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The channel for a wire code, or empty. */
    public static Optional<Channel> fromCode(String code) {
        for (Channel c : values()) {
            if (c.code().equals(code)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
