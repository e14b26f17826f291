package hotline.server.call;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Optional;

/**
 * {@link AcdStateStore} in one Redis string, {@value #KEY}: the whole document at each save. A save also deletes the
 * incremental store's hash ({@link RedisHashAcdStateStore#KEY}), in the same atomic step, and {@link #load} prefers
 * that hash when it is there, so a node switched from one store to the other restores the latest state.
 */
public final class RedisAcdStateStore implements AcdStateStore {
    /** The Redis key. */
    public static final String KEY = "hotline:acd:state";

    private static final String SAVE = """
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('DEL', KEYS[2])
            return 'OK'
            """;

    private final Redis redis;

    public RedisAcdStateStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public Future<Optional<String>> load() {
        return new RedisHashAcdStateStore(redis).load();
    }

    /** The document in {@value #KEY}, ignoring the hash. */
    Future<Optional<String>> loadDocument() {
        return redis.send(Request.cmd(Command.GET).arg(KEY))
                .map(r -> r == null ? Optional.empty() : Optional.of(r.toString()));
    }

    @Override
    public Future<Void> save(String state) {
        return redis.send(Request.cmd(Command.EVAL).arg(SAVE).arg(2).arg(KEY).arg(RedisHashAcdStateStore.KEY)
                .arg(state)).mapEmpty();
    }
}
