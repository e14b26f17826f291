package hotline.server.cluster;

import hotline.server.call.AcdStateStore;
import hotline.server.call.RedisAcdStateStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.Objects;
import java.util.Optional;

/**
 * The routing state ({@link RedisAcdStateStore#KEY}) written only by the lease's current holder: the write is a Lua
 * script that compares {@link RedisLeaderLease#KEY} with this leader's {@code <nodeId>|<token>} and refuses
 * ({@code FENCED}) otherwise, in the same atomic step. A leader that lost its lease without noticing (a long pause)
 * cannot overwrite the state its successor restored and works on. The token that wrote the state is kept beside it
 * ({@value #TOKEN_KEY}) for the operator.
 */
public final class FencedAcdStateStore implements AcdStateStore {
    /** The fencing token of the last write of the state. */
    public static final String TOKEN_KEY = RedisAcdStateStore.KEY + ":token";

    private static final String SAVE = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then
              return redis.error_reply('FENCED lease is ' .. (redis.call('GET', KEYS[1]) or 'free') .. ', not ' .. ARGV[1])
            end
            redis.call('SET', KEYS[2], ARGV[3])
            redis.call('SET', KEYS[3], ARGV[2])
            return 'OK'
            """;

    private final Redis redis;
    private final RedisAcdStateStore plain;
    private final String holder;
    private final long token;

    /**
     * @param holder the lease's value while this leader holds it ({@link RedisLeaderLease#holder})
     * @param token  the lease's fencing token
     */
    public FencedAcdStateStore(Redis redis, String holder, long token) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.plain = new RedisAcdStateStore(redis);
        this.holder = Objects.requireNonNull(holder, "holder");
        this.token = token;
    }

    @Override
    public Future<Optional<String>> load() {
        return plain.load();
    }

    @Override
    public Future<Void> save(String state) {
        return redis.send(Request.cmd(Command.EVAL).arg(SAVE).arg(3).arg(RedisLeaderLease.KEY)
                .arg(RedisAcdStateStore.KEY).arg(TOKEN_KEY).arg(holder).arg(token).arg(state)).mapEmpty();
    }
}
