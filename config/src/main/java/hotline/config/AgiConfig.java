package hotline.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The FastAGI server the pbx dialplan asks for routing decisions ({@code hotline.agi}).
 *
 * @param host            address the FastAGI server binds to and the dialplan connects to
 * @param port            FastAGI TCP port
 * @param decisionTimeout longest a call waits for a routing decision before it takes the native fallback queue
 * @param poolSize        FastAGI sessions served at once (a caller in the menu holds one throughout)
 */
public record AgiConfig(String host, int port, Duration decisionTimeout, int poolSize) {

    public AgiConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(decisionTimeout, "decisionTimeout");
    }

    /** The URL the dialplan calls, {@code agi://<host>:<port>/inbound}. */
    public String inboundUrl() {
        return "agi://" + host + ":" + port + "/inbound";
    }

    /** The URL of the queue announcement script, {@code agi://<host>:<port>/queued}. */
    public String queuedUrl() {
        return "agi://" + host + ":" + port + "/queued";
    }

    /** The URL of the menu script, {@code agi://<host>:<port>/ivr}. */
    public String ivrUrl() {
        return "agi://" + host + ":" + port + "/ivr";
    }
}
