package hotline.dispatch.orders;

import hotline.dispatch.calls.RedisCallStore;
import hotline.dispatch.orders.internal.LuaScript;
import hotline.dispatch.orders.internal.NumberBlocks;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.OrderEvent;
import hotline.orders.lifecycle.OrderStatus;
import hotline.orders.lifecycle.OrderNumber;
import hotline.orders.lifecycle.OrderRequest;
import hotline.orders.lifecycle.RepeatRule;
import hotline.orders.lifecycle.RepeatRule.Candidate;
import hotline.orders.lifecycle.Transition;
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
 * pushes it twice. A new order is submitted by {@code submit.lua} in one round trip with only what its push needs:
 * its number (from this node's block of the day's sequence, {@link NumberBlocks}) kept for the request id, the
 * document, the entries on its units' streams and one on the order log ({@link OrderKeys#LOG}). {@link #index}
 * ({@code index.lua}), run from the log in its order, then adds what is derived from it: the order list, the unit
 * indexes and tallies, the deadline alert, the repeat indexes and links, the link to its call.
 * ({@code reserve.lua} serves {@link #prepare}, the two-step path kept for callers of the port's parts.)
 *
 * <p>Keys an op touches are passed as script KEYS, but one script touches several units' keys: a single Redis (or
 * a primary with replicas), not Redis Cluster.
 */
public final class RedisOrderStore implements OrderStore {
    private static final LuaScript RESERVE = LuaScript.load("reserve.lua");
    private static final LuaScript APPLY = LuaScript.load("apply.lua");
    private static final LuaScript SUBMIT = LuaScript.load("submit.lua");
    private static final LuaScript INDEX = LuaScript.load("index.lua");
    /** Numbers per block of the day's sequence a node takes at a time. */
    public static final int NUMBER_BLOCK = 50;
    /** How long a submit request id keeps its number: long enough for any client retry. */
    private static final Duration REQUEST_MEMORY = Duration.ofDays(7);

    private final Redis redis;
    private final String group;
    private final int streamMaxLength;
    private final NumberBlocks numbers;

    /**
     * @param group           the consumer group created on new unit streams
     * @param streamMaxLength each stream is trimmed to about this many entries
     */
    public RedisOrderStore(Redis redis, String group, int streamMaxLength) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.group = Objects.requireNonNull(group, "group");
        this.streamMaxLength = streamMaxLength;
        this.numbers = new NumberBlocks(redis, NUMBER_BLOCK);
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
    public Future<Submitted> submit(String requestId, OrderRequest request, Instant now, LocalDate day,
            Lifecycle lifecycle, RepeatRule repeats) {
        return numbers.next(day).compose(number -> {
            Transition.Applied t = lifecycle.submit(number, request, List.of(), now);
            WorkOrder order = t.order();
            String n = number.toString();
            List<String> keys = new ArrayList<>(List.of(OrderKeys.request(requestId), OrderKeys.order(n),
                    OrderKeys.LOG));
            List<String> args = new ArrayList<>(List.of(n, String.valueOf(REQUEST_MEMORY.toSeconds()),
                    OrderJson.encode(order), order.status().name(), String.valueOf(streamMaxLength)));
            for (OrderEvent e : t.events()) {
                if (e.type() == OrderEvent.Type.DISPATCHED) {
                    keys.add(OrderKeys.unitStream(e.unitId()));
                    args.add("dispatched");
                    args.add(e.unitId());
                }
            }
            return SUBMIT.run(redis, keys, args).compose(r -> {
                String text = r.get(1).toString();
                if (r.get(0).toInteger() == 1) {
                    return Future.succeededFuture(new Submitted(order, true));
                }
                // a retry: the number this request id stored first (the one taken for this try is skipped)
                return find(text).map(existing -> new Submitted(existing.orElseThrow(() -> new IllegalStateException(
                        "request " + requestId + " stored order " + text + ", which is not found")), false));
            });
        });
    }

    /**
     * Runs index.lua for each order (see {@link OrderStore#index}): what the order's first version adds to the
     * indexes, the tallies and its call, and its repeat lookup. Three round trips for the lot: the documents, the
     * scripts in one pipelined batch (on one connection, so Redis runs them in this order), and nothing more. Call in
     * the order log's order: each lookup finds the orders indexed before it.
     */
    @Override
    public Future<List<Indexed>> index(List<String> numbers, RepeatRule repeats) {
        if (numbers.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        List<Request> reads = new ArrayList<>();
        numbers.forEach(n -> reads.add(Request.cmd(Command.HGET).arg(OrderKeys.order(n)).arg("doc")));
        return redis.batch(reads).compose(docs -> {
            List<WorkOrder> orders = new ArrayList<>();
            List<Request> scripts = new ArrayList<>();
            // the first script's keys and arguments, for the EVAL that caches it again if Redis lost it
            List<List<String>> first = new ArrayList<>();
            for (int i = 0; i < numbers.size(); i++) {
                Response doc = docs.get(i);
                WorkOrder order = doc == null ? null : OrderJson.fromJson(new JsonObject(doc.toString()));
                orders.add(order);
                if (order != null) {
                    Ops ops = indexOps(numbers.get(i), order, repeats);
                    List<String> args = new ArrayList<>(List.of(numbers.get(i),
                            String.valueOf(repeats.windowStart(order.createdAt()).toEpochMilli()),
                            String.valueOf(order.createdAt().toEpochMilli()), order.createdAt().toString()));
                    args.addAll(ops.args);
                    if (first.isEmpty()) {
                        first.addAll(List.of(ops.keys, args));
                    }
                    scripts.add(INDEX.evalsha(ops.keys, args));
                }
            }
            java.util.function.Supplier<Future<List<Response>>> run = () -> scripts.isEmpty()
                    ? Future.succeededFuture(List.of()) : redis.batch(scripts);
            return run.get().recover(err -> LuaScript.isNoScript(err)
                    // Redis lost its script cache: run the first with EVAL (which caches it), then the batch again
                    ? INDEX.run(redis, first.get(0), first.get(1)).compose(v -> run.get()) : Future.failedFuture(err))
                .map(replies -> {
                    List<Indexed> out = new ArrayList<>();
                    int r = 0;
                    for (int i = 0; i < numbers.size(); i++) {
                        WorkOrder order = orders.get(i);
                        if (order == null) {
                            out.add(new Indexed(numbers.get(i), null, List.of()));
                            continue;
                        }
                        String csv = replies.get(r++).get(1).toString();
                        out.add(new Indexed(numbers.get(i), order, csv.isEmpty() ? List.of() : List.of(csv.split(","))));
                    }
                    return out;
                });
        });
    }

    /** index.lua's ops: the repeat lookup, what the first version adds beside its push, the link to its call. */
    private static Ops indexOps(String number, WorkOrder order, RepeatRule repeats) {
        Ops ops = new Ops(OrderKeys.order(number));
        ops.number = number;
        String caller = RepeatRule.callerKey(order.request().phone());
        String place = RepeatRule.placeKey(order.request().address(), order.request().category());
        if (!caller.isEmpty()) {
            ops.candidates(OrderKeys.repeatCaller(caller), repeats.maxLinks());
        }
        if (!place.isEmpty()) {
            ops.candidates(OrderKeys.repeatPlace(place), repeats.maxLinks());
        }
        writeOps(ops, order, submitted(order), true, true);
        if (order.request().callId() != null && !order.request().callId().isEmpty()) {
            ops.linkCall(RedisCallStore.key(order.request().callId()),
                    RedisCallStore.timelineKey(order.request().callId()));
        }
        return ops;
    }

    /** Forgets order log entries (indexed, nothing more to do with them). */
    public Future<Void> forgetLogEntries(List<String> ids) {
        if (ids.isEmpty()) {
            return Future.succeededFuture();
        }
        Request del = Request.cmd(Command.XDEL).arg(OrderKeys.LOG);
        ids.forEach(del::arg);
        return redis.send(del).mapEmpty();
    }

    /** The events of the order's first version: SUBMITTED and one DISPATCHED per unit, all at its submission. */
    private static List<OrderEvent> submitted(WorkOrder order) {
        List<OrderEvent> first = new ArrayList<>();
        for (OrderEvent e : order.history()) {
            if (!e.at().equals(order.createdAt())
                    || (e.type() != OrderEvent.Type.SUBMITTED && e.type() != OrderEvent.Type.DISPATCHED)) {
                break;
            }
            first.add(e);
        }
        return first;
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
        ops.number = number;
        writeOps(ops, order, events, create, false);
        List<String> args = new ArrayList<>(List.of(create ? "0" : String.valueOf(order.version() - 1),
                String.valueOf(order.version()), OrderJson.encode(order), number, group,
                String.valueOf(streamMaxLength), order.status().name()));
        args.addAll(ops.args);
        return APPLY.run(redis, ops.keys, args).map(r -> r.get(0).toInteger() == 1);
    }

    /**
     * The index, stream and tally ops of an order version (apply.lua's and index.lua's op codes).
     *
     * @param pushed index.lua's: the version's stream entries were written by submit.lua already, and its deadline
     *               alert is written only while the order is still at that version
     */
    private static void writeOps(Ops ops, WorkOrder order, List<OrderEvent> events, boolean create, boolean pushed) {
        long created = order.createdAt().toEpochMilli();
        if (create) {
            ops.zaddNumber(OrderKeys.ALL, created);
            if (order.status() != OrderStatus.CLOSED) {
                ops.zaddNumber(OrderKeys.OPEN, created);
            }
            String caller = RepeatRule.callerKey(order.request().phone());
            if (!caller.isEmpty()) {
                ops.zaddNumber(OrderKeys.repeatCaller(caller), created);
            }
            String place = RepeatRule.placeKey(order.request().address(), order.request().category());
            if (!place.isEmpty()) {
                ops.zaddNumber(OrderKeys.repeatPlace(place), created);
            }
        }
        for (OrderEvent e : events) {
            switch (e.type()) {
                case DISPATCHED -> {
                    if (!pushed) {
                        // a 重办 reaches the unit's board as such (type=reopened)
                        ops.xadd(OrderKeys.unitStream(e.unitId()),
                                Lifecycle.REOPENED_DISPATCH.equals(e.detail()) ? "reopened" : "dispatched",
                                e.unitId());
                    }
                    ops.zaddNumber(OrderKeys.unitIndex(e.unitId()), e.at().toEpochMilli());
                    ops.zadd(OrderKeys.UNITS, 0, e.unitId());
                }
                case REMINDED -> ops.xadd(OrderKeys.unitStream(e.unitId()), "reminder", e.unitId());
                case RETURNED -> {
                    ops.xadd(OrderKeys.DESK_STREAM, "returned", e.unitId());
                    ops.zaddNumber(OrderKeys.DESK, e.at().toEpochMilli());
                }
                case ESCALATED -> ops.xadd(OrderKeys.DESK_STREAM, "escalated", e.unitId());
                // the unit's board sees the citizen's verdict (and its rates move) as it is recorded
                case CALLBACK_RECORDED -> ops.xadd(OrderKeys.unitStream(e.unitId()), "callback", e.unitId());
                case CLOSED -> {
                    ops.zaddNumber(OrderKeys.CALLBACKS_PENDING, e.at().toEpochMilli());
                    ops.zremNumber(OrderKeys.OPEN);
                }
                // an amendment (修改工单) reaches every unit working on the order live, as its new version
                case AMENDED -> order.currentParts().forEach(p -> ops.xadd(OrderKeys.unitStream(p.unitId()),
                        "amended", p.unitId()));
                // 联系不上: the task comes back at its retry time (the pending list is by when it is due)
                case CALLBACK_ATTEMPT -> ops.zaddNumber(OrderKeys.CALLBACKS_PENDING,
                        order.callback().retryAt().toEpochMilli());
                // 催办 and 补充诉求 reach the unit's board live; 催办 is counted per unit
                case URGED -> {
                    ops.xadd(OrderKeys.unitStream(e.unitId()), "urged", e.unitId());
                    ops.hincrby(OrderKeys.unitTally(e.unitId()), OrderKeys.TALLY_URGED, 1);
                }
                case SUPPLEMENTED -> ops.xadd(OrderKeys.unitStream(e.unitId()), "supplemented", e.unitId());
                // 重办: the closed order is open again (the desk's open list and open/overdue searches find it)
                case REOPENED -> ops.zaddNumber(OrderKeys.OPEN, created);
                default -> {
                }
            }
        }
        // only a re-dispatch takes an order away from the desk (a returned part is never closed)
        if (!create && order.status() != OrderStatus.AT_DESK
                && events.stream().anyMatch(e -> e.type() == OrderEvent.Type.REASSIGNED)) {
            ops.zremNumber(OrderKeys.DESK);
        }
        if (events.stream().anyMatch(e -> e.type() == OrderEvent.Type.CALLBACK_RECORDED)) {
            ops.zremNumber(OrderKeys.CALLBACKS_PENDING);
        }
        for (TallyDelta d : TallyDelta.of(events)) {
            ops.hincrby(OrderKeys.unitTally(d.unitId()), d.field(), d.amount());
        }
        Optional<Instant> alert = order.nextAlertAt();
        if (alert.isPresent() && pushed) {
            ops.alert(OrderKeys.ALERTS, alert.get().toEpochMilli());
        } else if (alert.isPresent()) {
            ops.zaddNumber(OrderKeys.ALERTS, alert.get().toEpochMilli());
        } else if (!create) {
            ops.zremNumber(OrderKeys.ALERTS);
        }
    }

    /** Builds apply.lua's or index.lua's KEYS and op list. */
    private static final class Ops {
        final List<String> keys = new ArrayList<>();
        final List<String> args = new ArrayList<>();
        /** The order's number. */
        String number;

        Ops(String... firstKeys) {
            keys.addAll(List.of(firstKeys));
        }

        private String key(String key) {
            int i = keys.indexOf(key);
            if (i < 0) {
                keys.add(key);
                i = keys.size() - 1;
            }
            return String.valueOf(i + 1);
        }

        void candidates(String set, int max) {
            args.addAll(List.of("C", key(set), String.valueOf(max)));
        }

        void linkCall(String callHash, String timeline) {
            args.addAll(List.of("L", key(callHash), key(timeline)));
        }

        void xadd(String stream, String type, String unit) {
            args.addAll(List.of("X", key(stream), type, unit));
        }

        void zaddNumber(String set, long score) {
            zadd(set, score, number);
        }

        void zremNumber(String set) {
            args.addAll(List.of("R", key(set), number));
        }

        void alert(String set, long score) {
            args.addAll(List.of("A", key(set), String.valueOf(score)));
        }

        void zadd(String set, long score, String member) {
            args.addAll(List.of("Z", key(set), String.valueOf(score), member));
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
    public Future<List<String>> submittedBetween(Instant from, Instant to, int limit) {
        return redis.send(Request.cmd(Command.ZREVRANGEBYSCORE).arg(OrderKeys.ALL).arg("(" + to.toEpochMilli())
                .arg(from.toEpochMilli()).arg("LIMIT").arg(0).arg(limit)).map(RedisOrderStore::strings);
    }

    @Override
    public Future<List<String>> openOrders(int limit) {
        return redis.send(Request.cmd(Command.ZREVRANGE).arg(OrderKeys.OPEN).arg(0).arg(Math.max(0, limit - 1)))
                .map(RedisOrderStore::strings);
    }

    @Override
    public Future<List<String>> recentOrders(int limit) {
        return redis.send(Request.cmd(Command.ZREVRANGE).arg(OrderKeys.ALL).arg(0).arg(Math.max(0, limit - 1)))
                .map(RedisOrderStore::strings);
    }

    @Override
    public Future<List<String>> deskOrders(int limit) {
        return redis.send(Request.cmd(Command.ZRANGE).arg(OrderKeys.DESK).arg(0).arg(Math.max(0, limit - 1)))
                .map(RedisOrderStore::strings);
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
                f.getOrDefault(UnitTally.RESOLVED, 0L), f.getOrDefault(UnitTally.SATISFIED, 0L),
                f.getOrDefault(UnitTally.RESPONSE_DUE, 0L));
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
