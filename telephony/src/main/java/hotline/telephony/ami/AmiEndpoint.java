package hotline.telephony.ami;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach one Asterisk's AMI.
 *
 * @param name          label for logs and thread names, e.g. {@code pbx}
 * @param actionTimeout how long to wait for an action's response
 */
public record AmiEndpoint(String name, String host, int port, String user, String secret, Duration actionTimeout) {
    public AmiEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(actionTimeout, "actionTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    @Override
    public String toString() {
        return "AmiEndpoint[" + name + " " + user + "@" + host + ":" + port + "]";
    }
}
