package hotline.config;

import java.util.Objects;

/**
 * The HTTP/WebSocket API and web UI ({@code hotline.server}).
 *
 * @param host     address the HTTP server binds to
 * @param httpPort TCP port of the HTTP server
 */
public record ServerConfig(String host, int httpPort) {

    public ServerConfig {
        Objects.requireNonNull(host, "host");
    }
}
