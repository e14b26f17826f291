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
import java.util.List;
import java.util.Objects;

/**
 * The routing leader's lease in Redis: {@value #KEY} holds {@code <nodeId>|<token>} with a time to live, the token
 * drawn from the counter {@value #TOKEN_KEY} (INCR) when the lease is granted. Each operation is one Lua script, so
 * "free? then take it with the next token" (SET NX PX + INCR) and "still mine? then extend it" are atomic.
 *
 * <p>Every answer is a {@link LeaderElection.Answer}; a Redis error is {@link Failed}, never an exception.
 *
 * <p>With {@code replicas > 0} (Redis Sentinel: replication is asynchronous) a grant or renewal counts only once that
 * many replicas have it: the script and a {@code WAIT replicas timeout} go down one connection as one batch (WAIT
 * counts the acknowledgements of that connection's own last write). A grant the replicas did not get is given back
 * and answered {@link Failed}; a renewal they did not get is {@link Failed} (the leader keeps its lease by its own
 * clock, counted from its last confirmed renewal, and steps down if that runs out). So a failover that promotes a
 * replica cannot lose the lease the leader is running on, nor the token counter's last increment.
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
    private final int replicas;
    private final long replicaTimeoutMillis;

    /** A lease without {@code WAIT} (one Redis server, or replicas not required). */
    public RedisLeaderLease(Redis redis, String nodeId, java.time.Duration ttl) {
        this(redis, nodeId, ttl, 0, java.time.Duration.ZERO);
    }

    /**
     * @param replicas       replicas that must acknowledge each grant and renewal; 0: no {@code WAIT}
     * @param replicaTimeout how long the {@code WAIT} may block (well below the renewal interval)
     */
    public RedisLeaderLease(Redis redis, String nodeId, java.time.Duration ttl, int replicas,
                            java.time.Duration replicaTimeout) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        if (nodeId.contains("|")) {
            throw new IllegalArgumentException("nodeId must not contain '|': " + nodeId);
        }
        this.ttlMillis = ttl.toMillis();
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0, was " + replicas);
        }
        this.replicas = replicas;
        this.replicaTimeoutMillis = Math.max(1, replicaTimeout.toMillis());
    }

    /** The lease's value while {@code token} holds it (what fenced writes compare with). */
    public String holder(long token) {
        return nodeId + "|" + token;
    }

    /** Takes the lease if nobody holds it: {@link Granted} with a new token, or {@link Refused} with the holder. */
    public Future<Answer> acquire() {
        return eval(ACQUIRE, nodeId).compose(r -> {
            if (r.script().get(0).toInteger() != 1) {
                return Future.succeededFuture((Answer) new Refused(r.script().get(1).toString()));
            }
            long token = Long.parseLong(r.script().get(1).toString());
            if (r.replicated()) {
                return Future.succeededFuture((Answer) new Granted(token));
            }
            // not on enough replicas: a failover now could hand out this token again; give the grant back
            String why = "lease grant (token " + token + ") reached " + r.acked() + " of " + replicas
                    + " replicas within " + replicaTimeoutMillis + " ms";
            return release(token).otherwise(false).map(released -> (Answer) new Failed(why));
        }).otherwise(err -> new Failed(err.getMessage()));
    }

    /** Extends the lease of {@code token}: {@link Granted} if still ours, else {@link Refused} with the holder. */
    public Future<Answer> renew(long token) {
        return eval(RENEW, holder(token)).map(r -> {
            if (r.script().get(0).toInteger() != 1) {
                String cur = r.script().get(1).toString();
                return (Answer) new Refused(cur.isEmpty() ? "nobody (expired)" : cur);
            }
            return r.replicated() ? (Answer) new Granted(token)
                    : new Failed("lease renewal reached " + r.acked() + " of " + replicas + " replicas within "
                            + replicaTimeoutMillis + " ms");
        }).otherwise(err -> new Failed(err.getMessage()));
    }

    /** Gives the lease up if {@code token} still holds it (graceful stop: the next node need not wait the ttl). */
    public Future<Boolean> release(long token) {
        return redis.send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(KEY).arg(holder(token)))
                .map(r -> r != null && r.toInteger() == 1);
    }

    private record Reply(Response script, long acked, boolean replicated) {
    }

    private Future<Reply> eval(String script, String arg) {
        Request eval = Request.cmd(Command.EVAL).arg(script).arg(2).arg(KEY).arg(TOKEN_KEY).arg(arg).arg(ttlMillis);
        if (replicas == 0) {
            return redis.send(eval).map(r -> new Reply(r, 0, true));
        }
        // one connection for both: WAIT waits for the replication of this connection's last write
        return redis.batch(List.of(eval, Request.cmd(Command.WAIT).arg(replicas).arg(replicaTimeoutMillis)))
                .map(rs -> {
                    long acked = rs.get(1).toLong();
                    return new Reply(rs.get(0), acked, acked >= replicas);
                });
    }
}
