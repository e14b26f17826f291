package hotline.dispatch.calls;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link CallStore} in Redis:
 * <ul>
 *   <li>{@code hotline:call:<id>} hash: the call's summary fields;</li>
 *   <li>{@code hotline:call:<id>:timeline} list: one JSON object per step
 *       ({@code {"seq":1,"type":"arrived","at":"2026-...Z","data":{...}}});</li>
 *   <li>{@code hotline:calls} sorted set: call ids scored by arrival time (epoch ms).</li>
 * </ul>
 * Each append is one pipelined batch (HSET, RPUSH, ZADD), so a step and its fields land together.
 */
public final class RedisCallStore implements CallStore {
    private static final String PREFIX = "hotline:call:";
    private static final String INDEX = "hotline:calls";

    private final Redis redis;

    public RedisCallStore(Redis redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** The call's hash. */
    public static String key(String callId) {
        return PREFIX + callId;
    }

    /** The call's timeline list. */
    public static String timelineKey(String callId) {
        return PREFIX + callId + ":timeline";
    }

    @Override
    public Future<Void> append(String callId, TimelineEntry entry, Map<String, String> fields) {
        List<Request> batch = new ArrayList<>(3);
        if (!fields.isEmpty()) {
            Request hset = Request.cmd(Command.HSET).arg(key(callId));
            fields.forEach((k, v) -> hset.arg(k).arg(v == null ? "" : v));
            batch.add(hset);
        }
        batch.add(Request.cmd(Command.RPUSH).arg(timelineKey(callId)).arg(toJson(entry).encode()));
        if ("arrived".equals(entry.type())) {
            batch.add(Request.cmd(Command.ZADD).arg(INDEX).arg(entry.at().toEpochMilli()).arg(callId));
        }
        return redis.batch(batch).mapEmpty();
    }

    @Override
    public Future<List<String>> recent(int limit) {
        return redis.send(Request.cmd(Command.ZREVRANGE).arg(INDEX).arg(0).arg(Math.max(0, limit - 1)))
            .map(r -> {
                List<String> ids = new ArrayList<>();
                if (r != null) {
                    for (Response item : r) {
                        ids.add(item.toString());
                    }
                }
                return ids;
            });
    }

    @Override
    public Future<Optional<CallRecord>> find(String callId) {
        return redis.batch(List.of(
                Request.cmd(Command.HGETALL).arg(key(callId)),
                Request.cmd(Command.LRANGE).arg(timelineKey(callId)).arg(0).arg(-1)))
            .map(responses -> {
                Response hash = responses.get(0);
                Response list = responses.get(1);
                if ((hash == null || hash.size() == 0) && (list == null || list.size() == 0)) {
                    return Optional.empty();
                }
                Map<String, String> fields = new LinkedHashMap<>();
                if (hash != null) {
                    for (String k : hash.getKeys()) {
                        fields.put(k, hash.get(k).toString());
                    }
                }
                // one step per seq: a step written again after its reply was lost (RetryingCallStore) is kept once
                Map<Integer, TimelineEntry> bySeq = new java.util.TreeMap<>();
                if (list != null) {
                    for (Response item : list) {
                        TimelineEntry e = fromJson(new JsonObject(item.toString()));
                        bySeq.putIfAbsent(e.seq(), e);
                    }
                }
                List<TimelineEntry> timeline = new ArrayList<>(bySeq.values());
                return Optional.of(new CallRecord(callId, fields, timeline));
            });
    }

    static JsonObject toJson(TimelineEntry e) {
        JsonObject data = new JsonObject();
        e.data().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(d -> data.put(d.getKey(), d.getValue()));
        return new JsonObject().put("seq", e.seq()).put("type", e.type()).put("at", e.at().toString()).put("data", data);
    }

    static TimelineEntry fromJson(JsonObject o) {
        Map<String, String> data = new LinkedHashMap<>();
        JsonObject d = o.getJsonObject("data", new JsonObject());
        for (String k : d.fieldNames()) {
            data.put(k, String.valueOf(d.getValue(k)));
        }
        return new TimelineEntry(o.getInteger("seq"), o.getString("type"), Instant.parse(o.getString("at")), data);
    }
}
