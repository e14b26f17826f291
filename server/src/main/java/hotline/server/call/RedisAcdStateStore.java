package hotline.server.call;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Optional;

/** {@link AcdStateStore} in one Redis string, {@value #KEY}. */
public final class RedisAcdStateStore implements AcdStateStore {
    /** The Redis key. */
    public static final String KEY = "hotline:acd:state";

    private final Redis redis;

    public RedisAcdStateStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public Future<Optional<String>> load() {
        return redis.send(Request.cmd(Command.GET).arg(KEY))
                .map(r -> r == null ? Optional.empty() : Optional.of(r.toString()));
    }

    @Override
    public Future<Void> save(String state) {
        return redis.send(Request.cmd(Command.SET).arg(KEY).arg(state)).mapEmpty();
    }
}
