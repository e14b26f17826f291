package hotline.server.callbacks;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link CallbackClaims} in one Redis hash, {@value #KEY}: order number to agent id ({@code HSETNX} claims). */
public final class RedisCallbackClaims implements CallbackClaims {
    /** The hash of claimed callbacks. */
    public static final String KEY = "hotline:callbacks:claims";

    private final Redis redis;

    public RedisCallbackClaims(Redis redis) {
        this.redis = redis;
    }

    @Override
    public Future<String> claim(String orderNumber, String agentId) {
        return redis.send(Request.cmd(Command.HSETNX).arg(KEY).arg(orderNumber).arg(agentId))
                .compose(r -> holder(orderNumber)).map(h -> h.orElse(agentId));
    }

    @Override
    public Future<Void> assign(String orderNumber, String agentId) {
        return redis.send(Request.cmd(Command.HSET).arg(KEY).arg(orderNumber).arg(agentId)).mapEmpty();
    }

    @Override
    public Future<Optional<String>> holder(String orderNumber) {
        return redis.send(Request.cmd(Command.HGET).arg(KEY).arg(orderNumber))
                .map(r -> r == null ? Optional.<String>empty() : Optional.of(r.toString()));
    }

    @Override
    public Future<Map<String, String>> all() {
        return redis.send(Request.cmd(Command.HGETALL).arg(KEY)).map(r -> {
            Map<String, String> out = new TreeMap<>();
            if (r != null) {
                for (String k : r.getKeys()) {
                    Response v = r.get(k);
                    out.put(k, v == null ? null : v.toString());
                }
            }
            return out;
        });
    }

    @Override
    public Future<Void> release(String orderNumber) {
        return redis.send(Request.cmd(Command.HDEL).arg(KEY).arg(orderNumber)).mapEmpty();
    }
}
