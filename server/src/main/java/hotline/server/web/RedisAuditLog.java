package hotline.server.web;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log in the Redis stream {@code hotline:audit}, capped at about {@link #MAX_LENGTH} entries
 * ({@code XADD MAXLEN ~}: the oldest go first), one field per {@link AuditLog.Entry} component (absent when null).
 */
public final class RedisAuditLog implements AuditLog {
    private static final Logger log = LoggerFactory.getLogger(RedisAuditLog.class);
    /** The stream's key. */
    public static final String STREAM = "hotline:audit";
    /** About how many entries are kept (a busy hall's few days). */
    public static final int MAX_LENGTH = 100_000;

    private final Redis redis;

    public RedisAuditLog(Redis redis) {
        this.redis = redis;
    }

    @Override
    public void record(Entry e) {
        Request r = Request.cmd(Command.XADD).arg(STREAM).arg("MAXLEN").arg("~").arg(MAX_LENGTH).arg("*")
                .arg("at").arg(e.at().toString());
        put(r, "user", e.user());
        put(r, "role", e.role());
        put(r, "unit", e.unit());
        r.arg("method").arg(e.method()).arg("path").arg(e.path()).arg("status").arg(e.status());
        redis.send(r).onFailure(err -> log.error("audit entry lost (Redis: {}): user={} {} {} status={}",
                err.getMessage(), e.user(), e.method(), e.path(), e.status()));
    }

    private static void put(Request r, String field, String value) {
        if (value != null) {
            r.arg(field).arg(value);
        }
    }

    @Override
    public Future<List<Entry>> recent(int limit) {
        return redis.send(Request.cmd(Command.XREVRANGE).arg(STREAM).arg("+").arg("-").arg("COUNT").arg(limit))
                .map(RedisAuditLog::entries);
    }

    private static List<Entry> entries(Response r) {
        List<Entry> out = new ArrayList<>();
        if (r == null) {
            return out;
        }
        for (Response item : r) {
            Response fields = item.get(1);
            Map<String, String> f = new HashMap<>();
            if (fields.isMap()) {
                for (String k : fields.getKeys()) {
                    f.put(k, fields.get(k).toString());
                }
            } else {
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    f.put(fields.get(i).toString(), fields.get(i + 1).toString());
                }
            }
            int status;
            try {
                status = Integer.parseInt(f.getOrDefault("status", "0"));
            } catch (NumberFormatException ex) {
                status = 0;
            }
            out.add(new Entry(Instant.parse(f.getOrDefault("at", Instant.EPOCH.toString())), f.get("user"),
                    f.get("role"), f.get("unit"), f.getOrDefault("method", ""), f.getOrDefault("path", ""), status));
        }
        return out;
    }
}
