package hotline.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Automatic call distribution by the hotline server ({@code hotline.routing}).
 *
 * @param ringTimeout    how long an offered call rings one seat before it is offered elsewhere
 * @param maxQueueLength most callers on hold at once
 * @param maxWait        how long a caller waits on hold before Asterisk's native fallback queue takes over
 */
public record RoutingConfig(Duration ringTimeout, int maxQueueLength, Duration maxWait) {

    public RoutingConfig {
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        Objects.requireNonNull(maxWait, "maxWait");
    }
}
