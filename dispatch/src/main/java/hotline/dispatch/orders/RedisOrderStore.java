package hotline.dispatch.orders;

import hotline.dispatch.orders.internal.LuaScript;
import hotline.orders.lifecycle.OrderEvent;
import hotline.orders.lifecycle.OrderNumber;
import hotline.orders.lifecycle.RepeatRule;
import hotline.orders.lifecycle.RepeatRule.Candidate;
import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.rating.TallyDelta;
import hotline.orders.rating.UnitTally;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link OrderStore} in Redis (keys in {@link OrderKeys}, layout in docs/dispatch.md). Each order version is written
 * by one Lua script ({@code apply.lua}) that checks the stored version and then writes the document, the stream
 * entries, the indexes and the tally increments together, so a crash or a retry never leaves half an order or
 * pushes it twice. Numbers come from {@code reserve.lua} (INCR of the day's sequence, remembered per request id).
 *
 * <p>Keys an op touches are passed as script KEYS, but one script touches several units' keys: a single Redis (or
 * a primary with replicas), not Redis Cluster.
 */
public final class RedisOrderStore implements OrderStore {
    private static final LuaScript RESERVE = LuaScript.load("reserve.lua");
    private static final LuaScript APPLY = LuaScript.load("apply.lua");
    /** How long a submit request id keeps its number: long enough for any client retry. */
    private static final Duration REQUEST_MEMORY = Duration.ofDays(7);

    private final Redis redis;
    private final String group;
    private final int streamMaxLength;

    /**
     * @param group           the consumer group created on new unit streams
     * @param streamMaxLength each stream is trimmed to about this many entries
     */
    public RedisOrderStore(Redis redis, String group, int streamMaxLength) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.group = Objects.requireNonNull(group, "group");
        this.streamMaxLength = streamMaxLength;
    }

    @Override
    public Future<Prepared> prepare(String requestId, LocalDate day, String callerKey, String placeKey,
            Instant since) {
        String dayCode = OrderNumber.dayCode(day);
        List<String> keys = List.of(OrderKeys.request(requestId), OrderKeys.daySequence(dayCode));
        List<String> args = List.of(dayCode, String.valueOf(REQUEST_MEMORY.toSeconds()));
        // one pipelined batch, one round trip: the reservation and both repeat lookups
        java.util.function.Supplier<List<Request>> batch = () -> List.of(RESERVE.evalsha(keys, args),
                candidatesRequest(callerKey.isEmpty() ? null : OrderKeys.repeatCaller(callerKey), since),
                candidatesRequest(placeKey.isEmpty() ? null : OrderKeys.repeatPlace(placeKey), since));
        return redis.batch(batch.get()).recover(err -> {
            if (!LuaScript.isNoScript(err)) {
                return Future.failedFuture(err);
            }
            // Redis lost its script cache (restart, SCRIPT FLUSH): run it once with EVAL, which caches it again
            return RESERVE.run(redis, keys, args).compose(v -> redis.batch(batch.get()));
        }).map(replies -> {
            String text = replies.get(0).toString();
            OrderNumber number = OrderNumber.parse(text).orElseThrow(() ->
                    new IllegalStateException("reserve.lua returned " + text + ", not an order number"));
            List<Candidate> candidates = new ArrayList<>(candidates(replies.get(1)));
            candidates.addAll(candidates(replies.get(2)));
            return new Prepared(number, candidates);
        });
    }

    /** ZRANGEBYSCORE of a repeat index since the window start; a harmless PING when there is no key to look up. */
    private static Request candidatesRequest(String key, Instant since) {
        if (key == null) {
            return Request.cmd(Command.PING);
        }
        return Request.cmd(Command.ZRANGEBYSCORE).arg(key).arg(since.toEpochMilli()).arg("+inf").arg("WITHSCORES");
    }

    private static List<Candidate> candidates(Response r) {
        List<Candidate> out = new ArrayList<>();
        if (r == null || r.type() != io.vertx.redis.client.ResponseType.MULTI) {
            return out; // PING's PONG
        }
        for (Map.Entry<String, Long> e : scored(r).entrySet()) {
            out.add(new Candidate(e.getKey(), Instant.ofEpochMilli(e.getValue())));
        }
        return out;
    }

    /** A WITHSCORES reply: flat member/score pairs (RESP2) or [member, score] pairs (RESP3). */
    private static Map<String, Long> scored(Response r) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (r == null) {
            return out;
        }
        List<Response> items = new ArrayList<>();
        r.forEach(items::add);
        if (!items.isEmpty() && items.get(0) != null && items.get(0).type() == io.vertx.redis.client.ResponseType.MULTI) {
            for (Response pair : items) {
                out.put(pair.get(0).toString(), (long) Double.parseDouble(pair.get(1).toString()));
            }
        } else {
            for (int i = 0; i + 1 < items.size(); i += 2) {
                out.put(items.get(i).toString(), (long) Double.parseDouble(items.get(i + 1).toString()));
            }
        }
        return out;
    }

    @Override
    public Future<Boolean> create(WorkOrder order, List<OrderEvent> events) {
        if (order.version() != 1) {
            throw new IllegalArgumentException("a new order has version 1, got " + order.version());
        }
        return apply(order, events, true);
    }

    @Override
    public Future<Boolean> update(WorkOrder order, List<OrderEvent> events) {
        if (order.version() < 2) {
            throw new IllegalArgumentException("an updated order has version >= 2, got " + order.version());
        }
        return apply(order, events, false);
    }

    private Future<Boolean> apply(WorkOrder order, List<OrderEvent> events, boolean create) {
        String number = order.number().toString();
        Ops ops = new Ops(OrderKeys.order(number));
        long created = order.createdAt().toEpochMilli();
        if (create) {
            ops.zadd(OrderKeys.ALL, created, number);
            String caller = RepeatRule.callerKey(order.request().phone());
            if (!caller.isEmpty()) {
                ops.zadd(OrderKeys.repeatCaller(caller), created, number);
            }
            String place = RepeatRule.placeKey(order.request().address(), order.request().category());
            if (!place.isEmpty()) {
                ops.zadd(OrderKeys.repeatPlace(place), created, number);
            }
        }
        for (OrderEvent e : events) {
            switch (e.type()) {
                case DISPATCHED -> {
                    ops.xadd(OrderKeys.unitStream(e.unitId()), "dispatched", e.unitId());
                    ops.zadd(OrderKeys.unitIndex(e.unitId()), e.at().toEpochMilli(), number);
                    ops.zadd(OrderKeys.UNITS, 0, e.unitId());
                }
                case REMINDED -> ops.xadd(OrderKeys.unitStream(e.unitId()), "reminder", e.unitId());
                case RETURNED -> ops.xadd(OrderKeys.DESK_STREAM, "returned", e.unitId());
                case ESCALATED -> ops.xadd(OrderKeys.DESK_STREAM, "escalated", e.unitId());
                case CLOSED -> ops.zadd(OrderKeys.CALLBACKS_PENDING, e.at().toEpochMilli(), number);
                default -> {
                }
            }
        }
        if (events.stream().anyMatch(e -> e.type() == OrderEvent.Type.CALLBACK_RECORDED)) {
            ops.zrem(OrderKeys.CALLBACKS_PENDING, number);
        }
        for (TallyDelta d : TallyDelta.of(events)) {
            ops.hincrby(OrderKeys.unitTally(d.unitId()), d.field(), d.amount());
        }
        Optional<Instant> alert = order.nextAlertAt();
        if (alert.isPresent()) {
            ops.zadd(OrderKeys.ALERTS, alert.get().toEpochMilli(), number);
        } else if (!create) {
            ops.zrem(OrderKeys.ALERTS, number);
        }
        List<String> args = new ArrayList<>(List.of(create ? "0" : String.valueOf(order.version() - 1),
                String.valueOf(order.version()), OrderJson.toJson(order).encode(), number, group,
                String.valueOf(streamMaxLength), order.status().name()));
        args.addAll(ops.args);
        return APPLY.run(redis, ops.keys, args).map(r -> r.get(0).toInteger() == 1);
    }

    /** Builds apply.lua's KEYS and op list. */
    private static final class Ops {
        final List<String> keys = new ArrayList<>();
        final List<String> args = new ArrayList<>();

        Ops(String orderKey) {
            keys.add(orderKey);
        }

        private String key(String key) {
            int i = keys.indexOf(key);
            if (i < 0) {
                keys.add(key);
                i = keys.size() - 1;
            }
            return String.valueOf(i + 1);
        }

        void xadd(String stream, String type, String unit) {
            args.addAll(List.of("X", key(stream), type, unit));
        }

        void zadd(String set, long score, String member) {
            args.addAll(List.of("Z", key(set), String.valueOf(score), member));
        }

        void zrem(String set, String member) {
            args.addAll(List.of("R", key(set), member));
        }

        void hincrby(String hash, String field, long amount) {
            args.addAll(List.of("H", key(hash), field, String.valueOf(amount)));
        }
    }

    @Override
    public Future<Optional<WorkOrder>> find(String number) {
        return redis.send(Request.cmd(Command.HGET).arg(OrderKeys.order(number)).arg("doc"))
            .map(r -> r == null ? Optional.empty() : Optional.of(OrderJson.fromJson(new JsonObject(r.toString()))));
    }

    @Override
    public Future<List<String>> unitOrders(String unitId, int limit) {
        return redis.send(Request.cmd(Command.ZREVRANGE).arg(OrderKeys.unitIndex(unitId)).arg(0)
                .arg(Math.max(0, limit - 1))).map(RedisOrderStore::strings);
    }

    @Override
    public Future<List<String>> callerOrders(String callerKey, int limit) {
        if (callerKey.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return redis.send(Request.cmd(Command.ZREVRANGE).arg(OrderKeys.repeatCaller(callerKey)).arg(0)
                .arg(Math.max(0, limit - 1))).map(RedisOrderStore::strings);
    }

    @Override
    public Future<List<String>> dueAlerts(Instant now, int limit) {
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(OrderKeys.ALERTS).arg("-inf").arg(now.toEpochMilli())
                .arg("LIMIT").arg(0).arg(limit)).map(RedisOrderStore::strings);
    }

    @Override
    public Future<List<String>> pendingCallbacks(int limit) {
        return redis.send(Request.cmd(Command.ZRANGE).arg(OrderKeys.CALLBACKS_PENDING).arg(0)
                .arg(Math.max(0, limit - 1))).map(RedisOrderStore::strings);
    }

    @Override
    public Future<List<UnitTally>> tallies() {
        return redis.send(Request.cmd(Command.ZRANGE).arg(OrderKeys.UNITS).arg(0).arg(-1)).compose(r -> {
            List<String> units = strings(r);
            if (units.isEmpty()) {
                return Future.succeededFuture(List.of());
            }
            List<Request> batch = new ArrayList<>();
            units.forEach(u -> batch.add(Request.cmd(Command.HGETALL).arg(OrderKeys.unitTally(u))));
            return redis.batch(batch).map(replies -> {
                List<UnitTally> out = new ArrayList<>();
                for (int i = 0; i < units.size(); i++) {
                    out.add(tally(units.get(i), replies.get(i)));
                }
                return out;
            });
        });
    }

    private static UnitTally tally(String unit, Response hash) {
        Map<String, Long> f = new LinkedHashMap<>();
        if (hash != null) {
            if (hash.isMap()) {
                for (String k : hash.getKeys()) {
                    f.put(k, hash.get(k).toLong());
                }
            } else {
                for (int i = 0; i + 1 < hash.size(); i += 2) {
                    f.put(hash.get(i).toString(), hash.get(i + 1).toLong());
                }
            }
        }
        return new UnitTally(unit, f.getOrDefault(UnitTally.DISPATCHED, 0L),
                f.getOrDefault(UnitTally.RESPONDED_ON_TIME, 0L), f.getOrDefault(UnitTally.RETURNED, 0L),
                f.getOrDefault(UnitTally.OVERDUE, 0L), f.getOrDefault(UnitTally.CALLBACKS, 0L),
                f.getOrDefault(UnitTally.RESOLVED, 0L), f.getOrDefault(UnitTally.SATISFIED, 0L));
    }

    private static List<String> strings(Response r) {
        List<String> out = new ArrayList<>();
        if (r != null) {
            for (Response item : r) {
                out.add(item.toString());
            }
        }
        return out;
    }
}
