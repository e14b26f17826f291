package hotline.server.desk;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agents' typed order drafts, one per call, kept in Redis so that neither a reload of the desktop nor the next
 * call loses them (docs/web.md, "Unsubmitted calls"). A draft is {@code open} from the first save of its call until
 * an order is submitted for the call ({@code submitted}) or the agent dismisses it with a reason ({@code dismissed});
 * open drafts are the agent's 未提交工单 list and the supervisor's.
 *
 * <pre>
 * hotline:desk:draft:&lt;callId&gt;   hash: callId, agentId, callerNumber, state, draft (JSON {field: value}), edited
 *                                 (JSON [field...]), openedAt, savedAt, order (when submitted), reason, dismissedBy,
 *                                 dismissedAt (when dismissed)
 * hotline:desk:open:&lt;agentId&gt;   sorted set: the agent's open drafts' call ids, scored by when first saved (ms)
 * hotline:desk:open              sorted set: every open draft's call id, the same scores
 * </pre>
 * A save writes the draft's fields only ({@code HSETNX state open} the first time), so a save racing the order's
 * submission never re-opens a submitted draft. Records are kept {@value #KEEP_DAYS} days after their last change.
 */
public final class RedisDeskDrafts {
    static final int KEEP_DAYS = 7;
    private static final String ALL_OPEN = "hotline:desk:open";

    private final Redis redis;
    private final Clock clock;

    public RedisDeskDrafts(Redis redis, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    static String key(String callId) {
        return "hotline:desk:draft:" + callId;
    }

    static String agentOpen(String agentId) {
        return "hotline:desk:open:" + agentId;
    }

    /** The record of the call's draft, or empty. */
    public Future<Optional<JsonObject>> find(String callId) {
        return redis.send(Request.cmd(Command.HGETALL).arg(key(callId))).map(RedisDeskDrafts::record);
    }

    /** An HGETALL reply as the record (draft and edited parsed); empty when there is no such hash. */
    private static Optional<JsonObject> record(Response r) {
        if (r == null || r.size() == 0) {
            return Optional.empty();
        }
        JsonObject rec = new JsonObject();
        for (String k : r.getKeys()) {
            String v = r.get(k).toString();
            rec.put(k, k.equals("draft") ? new JsonObject(v) : k.equals("edited") ? new JsonArray(v) : v);
        }
        return Optional.of(rec);
    }

    /**
     * Saves what {@code agentId} typed for the call. The first save opens the draft (an unsubmitted call); a draft
     * already submitted or dismissed keeps its state (the agent may still be editing for an amendment).
     *
     * @return the record as stored
     */
    public Future<JsonObject> save(String agentId, String callId, String callerNumber, JsonObject draft,
            List<String> edited) {
        String now = clock.instant().toString();
        return redis.send(Request.cmd(Command.HSETNX).arg(key(callId)).arg("state").arg("open")).compose(opened -> {
            List<Request> batch = new ArrayList<>();
            Request set = Request.cmd(Command.HSET).arg(key(callId)).arg("draft").arg(draft.encode())
                    .arg("edited").arg(new JsonArray(edited).encode()).arg("savedAt").arg(now);
            if (callerNumber != null && !callerNumber.isEmpty()) {
                set.arg("callerNumber").arg(callerNumber);
            }
            if (opened.toInteger() == 1) {
                set.arg("callId").arg(callId).arg("agentId").arg(agentId).arg("openedAt").arg(now);
                long score = clock.millis();
                batch.add(Request.cmd(Command.ZADD).arg(agentOpen(agentId)).arg(score).arg(callId));
                batch.add(Request.cmd(Command.ZADD).arg(ALL_OPEN).arg(score).arg(callId));
            }
            batch.add(0, set);
            batch.add(Request.cmd(Command.EXPIRE).arg(key(callId)).arg(KEEP_DAYS * 86400L));
            return redis.batch(batch).compose(r -> find(callId)).map(o -> o.orElseThrow());
        });
    }

    /** An order was submitted for the call: its draft is no longer open. Nothing when the call has no draft. */
    public Future<Void> submitted(String callId, String orderNumber) {
        return close(callId, "state", "submitted", "order", orderNumber).mapEmpty();
    }

    /**
     * The agent dismisses an open draft (no order will be written for the call), with a reason.
     *
     * @return the record, or empty when the call has no draft
     */
    public Future<Optional<JsonObject>> dismiss(String callId, String reason, String by) {
        return close(callId, "state", "dismissed", "reason", reason, "dismissedBy", by, "dismissedAt",
                clock.instant().toString());
    }

    private Future<Optional<JsonObject>> close(String callId, String... fields) {
        return redis.send(Request.cmd(Command.HGET).arg(key(callId)).arg("agentId")).compose(agent -> {
            if (agent == null) {
                return Future.succeededFuture(Optional.<JsonObject>empty());
            }
            Request set = Request.cmd(Command.HSET).arg(key(callId));
            for (String f : fields) {
                set.arg(f);
            }
            return redis.batch(List.of(set,
                    Request.cmd(Command.ZREM).arg(agentOpen(agent.toString())).arg(callId),
                    Request.cmd(Command.ZREM).arg(ALL_OPEN).arg(callId))).compose(r -> find(callId));
        });
    }

    /** The agent's open drafts, oldest first. */
    public Future<List<JsonObject>> open(String agentId, int limit) {
        return list(agentOpen(agentId), limit);
    }

    /** Every agent's open drafts, oldest first (the supervisor's view). */
    public Future<List<JsonObject>> allOpen(int limit) {
        return list(ALL_OPEN, limit);
    }

    private Future<List<JsonObject>> list(String set, int limit) {
        return redis.send(Request.cmd(Command.ZRANGE).arg(set).arg(0).arg(limit - 1)).compose(ids -> {
            List<Future<Optional<JsonObject>>> all = new ArrayList<>();
            if (ids != null) {
                ids.forEach(r -> all.add(find(r.toString())));
            }
            return Future.all(all).map(v -> {
                List<JsonObject> out = new ArrayList<>();
                all.forEach(f -> f.result().filter(rec -> "open".equals(rec.getString("state"))).ifPresent(out::add));
                return out;
            });
        });
    }
}
