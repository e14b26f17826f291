package hotline.server.call;

import hotline.routing.acd.EngineSnapshot;
import hotline.routing.acd.EngineSnapshot.AgentRecord;
import hotline.routing.acd.EngineSnapshot.CallRecord;
import hotline.routing.acd.EngineSnapshot.RecentCaller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link AcdStateStore} as one Redis hash, {@value #KEY}, written incrementally: one field per agent
 * ({@code a:<agentId>}), per engine call ({@code c:<callId>}), per call's channels ({@code k:<callId>}), per recent
 * caller ({@code r:<number>}), the small hall-wide rest ({@code meta}: sequence, queue and session counters) and the
 * generation of the last whole write ({@code gen}). Each save sends only the fields that changed since this store's
 * previous save ({@code HSET}) and the ones gone ({@code HDEL}), found by comparing the snapshot's records with the
 * ones last written; a busy hall's save is a few agents and calls instead of the whole document.
 *
 * <p>One Lua script per save, atomic: with a fence (the cluster's leader, {@code holder} not null) it first compares
 * the lease with this leader's {@code <nodeId>|<token>} and refuses ({@code FENCED}) otherwise, then checks that the
 * hash is still of this store's generation (else {@code RESYNC}: Redis lost it, or another writer replaced it), then
 * applies the changes; so the hash is always one consistent state. The first save, a save after a failed one (whose
 * outcome is unknown) and a save answered {@code RESYNC} write the whole state (delete, then every field, under a
 * new generation); a {@code RESYNC} is retried that way at once. Saves are sent one at a time, each diffed against
 * the previous one's outcome. A whole write also deletes the document key {@value RedisAcdStateStore#KEY}
 * ({@link RedisAcdStateStore}), and {@link #load} falls back to that document when the hash is absent (a node that
 * ran with the whole-document store before).
 *
 * <p>{@link #load} assembles the document {@link AcdStateCodec#decode} reads, in the snapshot's own order: for the
 * same state it is the same text {@link AcdStateCodec#encode} makes. State confined to the caller's context (the
 * controller's).
 */
public final class RedisHashAcdStateStore implements AcdStateStore {
    /** The Redis hash. */
    public static final String KEY = "hotline:acd:state:parts";

    private static final String SAVE = """
            if ARGV[1] ~= '' then
              local lease = redis.call('GET', KEYS[1])
              if lease ~= ARGV[1] then
                return redis.error_reply('FENCED lease is ' .. (lease or 'free') .. ', not ' .. ARGV[1])
              end
            end
            if ARGV[3] == 'full' then
              redis.call('DEL', KEYS[2], KEYS[4])
              redis.call('HSET', KEYS[2], 'gen', ARGV[4])
            else
              local gen = redis.call('HGET', KEYS[2], 'gen')
              if gen ~= ARGV[4] then
                return redis.error_reply('RESYNC state generation is ' .. (gen or 'none') .. ', not ' .. ARGV[4])
              end
            end
            local n = tonumber(ARGV[5])
            local i = 6
            for _ = 1, n do
              redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
              i = i + 2
            end
            while i <= #ARGV do
              redis.call('HDEL', KEYS[2], ARGV[i])
              i = i + 1
            end
            if ARGV[1] ~= '' then
              redis.call('SET', KEYS[3], ARGV[2])
            end
            return n
            """;

    private final Redis redis;
    private final String leaseKey;
    private final String tokenKey;
    private final String holder;
    private final long token;
    /** Field -> the record (or, for meta, the text) last written; valid while {@link #synced}. */
    private Map<String, Object> written = Map.of();
    private boolean synced;
    private String generation;
    private Future<Void> tail = Future.succeededFuture();
    private long fieldsSent;
    private long bytesSent;

    /** Without a fence (one node). */
    public RedisHashAcdStateStore(Redis redis) {
        this(redis, null, null, null, 0);
    }

    /**
     * Fenced: every save first checks that {@code leaseKey} holds {@code holder}, and records {@code token} in
     * {@code tokenKey}.
     */
    public RedisHashAcdStateStore(Redis redis, String leaseKey, String tokenKey, String holder, long token) {
        this.redis = Objects.requireNonNull(redis, "redis");
        if (holder != null) {
            Objects.requireNonNull(leaseKey, "leaseKey");
            Objects.requireNonNull(tokenKey, "tokenKey");
        }
        this.leaseKey = leaseKey == null ? KEY + ":nolease" : leaseKey;
        this.tokenKey = tokenKey == null ? KEY + ":notoken" : tokenKey;
        this.holder = holder;
        this.token = token;
    }

    @Override
    public Future<Optional<String>> load() {
        return redis.send(Request.cmd(Command.HGETALL).arg(KEY)).compose(r -> {
            if (r == null || !r.containsKey("meta")) {
                return new RedisAcdStateStore(redis).loadDocument();
            }
            return Future.succeededFuture(Optional.of(document(r)));
        });
    }

    /** Writes the whole document's state: decoded, then saved field by field (tests and tools). */
    @Override
    public Future<Void> save(String state) {
        AcdStateCodec.Saved saved;
        try {
            saved = AcdStateCodec.decode(state);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return save(saved.engine(), saved.calls());
    }

    @Override
    public Future<Void> save(EngineSnapshot engine, List<AcdStateCodec.SavedCall> calls) {
        Map<String, Object> now = parts(engine, calls);
        Future<Void> mine = tail.transform(ar -> write(now, true));
        tail = mine;
        return mine;
    }

    /** Fields sent to Redis by the saves so far (the whole writes' and the changes'). */
    public long fieldsSent() {
        return fieldsSent;
    }

    /** Bytes of field names and values sent to Redis by the saves so far. */
    public long bytesSent() {
        return bytesSent;
    }

    private Future<Void> write(Map<String, Object> now, boolean mayResync) {
        boolean full = !synced;
        List<String> set = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        if (full) {
            generation = UUID.randomUUID().toString();
            now.forEach((field, part) -> {
                set.add(field);
                set.add(encode(part));
            });
        } else {
            now.forEach((field, part) -> {
                if (!part.equals(written.get(field))) {
                    set.add(field);
                    set.add(encode(part));
                }
            });
            for (String field : written.keySet()) {
                if (!now.containsKey(field)) {
                    delete.add(field);
                }
            }
            if (set.isEmpty() && delete.isEmpty()) {
                return Future.succeededFuture();
            }
        }
        Request eval = Request.cmd(Command.EVAL).arg(SAVE).arg(4).arg(leaseKey).arg(KEY).arg(tokenKey)
                .arg(RedisAcdStateStore.KEY).arg(holder == null ? "" : holder).arg(token).arg(full ? "full" : "diff")
                .arg(generation).arg(set.size() / 2);
        for (String s : set) {
            eval.arg(s);
            bytesSent += s.length();
        }
        for (String d : delete) {
            eval.arg(d);
            bytesSent += d.length();
        }
        fieldsSent += set.size() / 2 + delete.size();
        synced = false; // until Redis answers: a lost answer leaves the hash unknown
        return redis.send(eval).<Void>mapEmpty().andThen(ar -> {
            if (ar.succeeded()) {
                written = now;
                synced = true;
            }
        }).recover(err -> mayResync && String.valueOf(err.getMessage()).startsWith("RESYNC")
                ? write(now, false) : Future.failedFuture(err));
    }

    /** The state's fields, each the record itself (compared with the last written by equality) or meta's text. */
    private static Map<String, Object> parts(EngineSnapshot s, List<AcdStateCodec.SavedCall> calls) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meta", AcdStateCodec.meta(s).encode());
        for (AgentRecord a : s.agents()) {
            out.put("a:" + a.agentId(), a);
        }
        for (CallRecord c : s.calls()) {
            out.put("c:" + c.callId(), c);
        }
        for (RecentCaller r : s.recentCallers()) {
            out.put("r:" + r.number(), r);
        }
        for (AcdStateCodec.SavedCall c : calls) {
            out.put("k:" + c.callId(), c);
        }
        return out;
    }

    private static String encode(Object part) {
        if (part instanceof String meta) {
            return meta;
        } else if (part instanceof AgentRecord a) {
            return AcdStateCodec.agentJson(a).encode();
        } else if (part instanceof CallRecord c) {
            return AcdStateCodec.callJson(c).encode();
        } else if (part instanceof RecentCaller r) {
            return AcdStateCodec.recentJson(r).encode();
        }
        return AcdStateCodec.savedJson((AcdStateCodec.SavedCall) part).encode();
    }

    /** The document from the hash's fields, in the snapshot's order. */
    private static String document(Response hash) {
        JsonObject meta = null;
        Map<String, List<JsonObject>> byKind = new HashMap<>();
        for (String field : hash.getKeys()) {
            if ("gen".equals(field)) {
                continue;
            }
            JsonObject value = new JsonObject(hash.get(field).toString());
            if ("meta".equals(field)) {
                meta = value;
            } else {
                byKind.computeIfAbsent(field.substring(0, 2), k -> new ArrayList<>()).add(value);
            }
        }
        List<JsonObject> agents = sorted(byKind, "a:", Comparator.comparing(a -> a.getString("agentId")));
        List<JsonObject> calls = sorted(byKind, "c:", Comparator.<JsonObject>comparingLong(c -> c.getLong("seq"))
                .thenComparing(c -> c.getString("callId")));
        List<JsonObject> recent = sorted(byKind, "r:", Comparator.comparing(r -> r.getString("number")));
        List<JsonObject> saved = sorted(byKind, "k:", Comparator.comparing(c -> c.getString("callId")));
        return AcdStateCodec.document(Objects.requireNonNull(meta, "meta"), agents, calls, recent, saved);
    }

    private static List<JsonObject> sorted(Map<String, List<JsonObject>> byKind, String kind,
                                           Comparator<JsonObject> order) {
        List<JsonObject> out = new ArrayList<>(byKind.getOrDefault(kind, List.of()));
        out.sort(order);
        return out;
    }
}
