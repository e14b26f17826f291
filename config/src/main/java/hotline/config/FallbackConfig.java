package hotline.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Asterisk's native fallback queue, used only when the hotline server cannot route a call ({@code hotline.fallback}).
 *
 * @param queueTimeout how long the fallback queue rings seats before the caller hears a goodbye message
 */
public record FallbackConfig(Duration queueTimeout) {

    public FallbackConfig {
        Objects.requireNonNull(queueTimeout, "queueTimeout");
    }
}
