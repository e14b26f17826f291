package hotline.config;

import hotline.config.internal.Secrets;
import java.util.Objects;

/**
 * Redis connection ({@code hotline.redis}).
 *
 * @param uri {@code redis://} or {@code rediss://} URI; a password in it is printed as {@code ***} by
 *            {@link #toString()}
 */
public record RedisConfig(String uri) {

    public RedisConfig {
        Objects.requireNonNull(uri, "uri");
    }

    @Override
    public String toString() {
        return "RedisConfig[uri=" + Secrets.maskUserInfo(uri) + "]";
    }
}
