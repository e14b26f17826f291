package hotline.server.cluster;

import hotline.server.cluster.LeaderElection.Answer;
import hotline.server.cluster.LeaderElection.Failed;
import hotline.server.cluster.LeaderElection.Granted;
import hotline.server.cluster.LeaderElection.Refused;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Objects;

/**
 * The routing leader's lease in Redis: {@value #KEY} holds {@code <nodeId>|<token>} with a time to live, the token
 * drawn from the counter {@value #TOKEN_KEY} (INCR) when the lease is granted. Each operation is one Lua script, so
 * "free? then take it with the next token" (SET NX PX + INCR) and "still mine? then extend it" are atomic.
 *
 * <p>Every answer is a {@link LeaderElection.Answer}; a Redis error is {@link Failed}, never an exception.
 */
public final class RedisLeaderLease {
    /** The lease: {@code <nodeId>|<token>}, PX ttl. */
    public static final String KEY = "hotline:cluster:leader";
    /** The fencing token counter: only ever grows. */
    public static final String TOKEN_KEY = "hotline:cluster:leader:token";

    private static final String ACQUIRE = """
            local cur = redis.call('GET', KEYS[1])
            if cur then return {0, cur} end
            local token = redis.call('INCR', KEYS[2])
            redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
            return {1, tostring(token)}
            """;
    private static final String RENEW = """
            local cur = redis.call('GET', KEYS[1])
            if cur == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return {1, ARGV[1]} end
            return {0, cur or ''}
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    private final Redis redis;
    private final String nodeId;
    private final long ttlMillis;

    public RedisLeaderLease(Redis redis, String nodeId, java.time.Duration ttl) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        if (nodeId.contains("|")) {
            throw new IllegalArgumentException("nodeId must not contain '|': " + nodeId);
        }
        this.ttlMillis = ttl.toMillis();
    }

    /** The lease's value while {@code token} holds it (what fenced writes compare with). */
    public String holder(long token) {
        return nodeId + "|" + token;
    }

    /** Takes the lease if nobody holds it: {@link Granted} with a new token, or {@link Refused} with the holder. */
    public Future<Answer> acquire() {
        return eval(ACQUIRE, nodeId).map(r -> r.get(0).toInteger() == 1
                ? new Granted(Long.parseLong(r.get(1).toString()))
                : (Answer) new Refused(r.get(1).toString()))
            .otherwise(err -> new Failed(err.getMessage()));
    }

    /** Extends the lease of {@code token}: {@link Granted} if still ours, else {@link Refused} with the holder. */
    public Future<Answer> renew(long token) {
        return eval(RENEW, holder(token)).map(r -> r.get(0).toInteger() == 1 ? new Granted(token)
                : (Answer) new Refused(r.get(1).toString().isEmpty() ? "nobody (expired)" : r.get(1).toString()))
            .otherwise(err -> new Failed(err.getMessage()));
    }

    /** Gives the lease up if {@code token} still holds it (graceful stop: the next node need not wait the ttl). */
    public Future<Boolean> release(long token) {
        return redis.send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(KEY).arg(holder(token)))
                .map(r -> r != null && r.toInteger() == 1);
    }

    private Future<Response> eval(String script, String arg) {
        return redis.send(Request.cmd(Command.EVAL).arg(script).arg(2).arg(KEY).arg(TOKEN_KEY).arg(arg)
                .arg(ttlMillis));
    }
}
