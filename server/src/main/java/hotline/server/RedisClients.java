package hotline.server;

import hotline.config.RedisConfig;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.util.ArrayList;

/**
 * The options of every Redis client the server creates (call control, dispatch readers, the cluster lease), from
 * {@code hotline.redis}: one server, or the master that Redis Sentinel names.
 *
 * <p>With Sentinel the Vert.x client asks the sentinels, in the order given, for the master's address on each new
 * connection (cached for one second), always connects to the master ({@link RedisRole#MASTER}: the server writes),
 * and with auto-failover subscribes to the sentinels' {@code +switch-master} and closes its connections to the old
 * master, so the pool reconnects to the promoted replica.
 */
public final class RedisClients {

    private RedisClients() {
    }

    /** New options for {@code config}; the caller may adjust pool sizes on them. */
    public static RedisOptions options(RedisConfig config) {
        RedisOptions options = new RedisOptions();
        if (config.mode() == RedisConfig.Mode.SENTINEL) {
            options.setType(RedisClientType.SENTINEL)
                    .setEndpoints(new ArrayList<>(config.sentinels()))
                    .setMasterName(config.masterName())
                    .setRole(RedisRole.MASTER)
                    .setAutoFailover(true);
        } else {
            options.setType(RedisClientType.STANDALONE).setConnectionString(config.uri());
        }
        return options;
    }
}
