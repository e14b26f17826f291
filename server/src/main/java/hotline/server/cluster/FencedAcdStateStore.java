package hotline.server.cluster;

import hotline.routing.acd.EngineSnapshot;
import hotline.server.call.AcdStateCodec;
import hotline.server.call.AcdStateStore;
import hotline.server.call.RedisAcdStateStore;
import hotline.server.call.RedisHashAcdStateStore;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The routing state written only by the lease's current holder, incrementally ({@link RedisHashAcdStateStore}: one
 * hash field per agent and call, only what changed at each save): the write is a Lua script that compares
 * {@link RedisLeaderLease#KEY} with this leader's {@code <nodeId>|<token>} and refuses ({@code FENCED}) otherwise,
 * in the same atomic step as the changes. A leader that lost its lease without noticing (a long pause) cannot
 * overwrite the state its successor restored and works on. The token that wrote the state is kept beside it
 * ({@value #TOKEN_KEY}) for the operator.
 */
public final class FencedAcdStateStore implements AcdStateStore {
    /** The fencing token of the last write of the state. */
    public static final String TOKEN_KEY = RedisAcdStateStore.KEY + ":token";

    private final RedisHashAcdStateStore store;

    /**
     * @param holder the lease's value while this leader holds it ({@link RedisLeaderLease#holder})
     * @param token  the lease's fencing token
     */
    public FencedAcdStateStore(Redis redis, String holder, long token) {
        this.store = new RedisHashAcdStateStore(Objects.requireNonNull(redis, "redis"), RedisLeaderLease.KEY,
                TOKEN_KEY, Objects.requireNonNull(holder, "holder"), token);
    }

    @Override
    public Future<Optional<String>> load() {
        return store.load();
    }

    @Override
    public Future<Void> save(String state) {
        return store.save(state);
    }

    @Override
    public Future<Void> save(EngineSnapshot engine, List<AcdStateCodec.SavedCall> calls) {
        return store.save(engine, calls);
    }

    /** Bytes of field names and values sent to Redis so far (what the incremental save costs). */
    public long bytesSent() {
        return store.bytesSent();
    }
}
