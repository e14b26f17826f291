package hotline.server.desk;

import io.vertx.core.Future;
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
 * hotline:desk:draft:&lt;callId&gt;   string, the record (JSON): callId, agentId, callerNumber, state, draft {field: value},
 *                                 edited [field...], openedAt, savedAt, order (when submitted), reason (when dismissed)
 * hotline:desk:open:&lt;agentId&gt;   sorted set: the agent's open drafts' call ids, scored by when first saved (ms)
 * hotline:desk:open              sorted set: every open draft's call id, the same scores
 * </pre>
 * Records are kept {@value #KEEP_DAYS} days after their last change.
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
        return redis.send(Request.cmd(Command.GET).arg(key(callId)))
                .map(r -> r == null ? Optional.empty() : Optional.of(new JsonObject(r.toString())));
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
        return find(callId).compose(found -> {
            JsonObject rec = found.orElseGet(() -> new JsonObject().put("callId", callId).put("agentId", agentId)
                    .put("state", "open").put("openedAt", now));
            if (callerNumber != null && !callerNumber.isEmpty()) {
                rec.put("callerNumber", callerNumber);
            }
            rec.put("draft", draft).put("edited", new io.vertx.core.json.JsonArray(edited)).put("savedAt", now);
            List<Request> batch = new ArrayList<>();
            batch.add(set(callId, rec));
            if (found.isEmpty()) {
                long score = clock.millis();
                batch.add(Request.cmd(Command.ZADD).arg(agentOpen(rec.getString("agentId"))).arg("NX").arg(score)
                        .arg(callId));
                batch.add(Request.cmd(Command.ZADD).arg(ALL_OPEN).arg("NX").arg(score).arg(callId));
            }
            return redis.batch(batch).map(r -> rec);
        });
    }

    /** An order was submitted for the call: its draft is no longer open. Nothing when the call has no draft. */
    public Future<Void> submitted(String callId, String orderNumber) {
        return close(callId, rec -> rec.put("state", "submitted").put("order", orderNumber)).mapEmpty();
    }

    /**
     * The agent dismisses an open draft (no order will be written for the call), with a reason.
     *
     * @return the record, or empty when the call has no draft
     */
    public Future<Optional<JsonObject>> dismiss(String callId, String reason, String by) {
        return close(callId, rec -> rec.put("state", "dismissed").put("reason", reason).put("dismissedBy", by)
                .put("dismissedAt", clock.instant().toString()));
    }

    private Future<Optional<JsonObject>> close(String callId, java.util.function.Consumer<JsonObject> change) {
        return find(callId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            JsonObject rec = found.get();
            change.accept(rec);
            return redis.batch(List.of(set(callId, rec),
                    Request.cmd(Command.ZREM).arg(agentOpen(rec.getString("agentId"))).arg(callId),
                    Request.cmd(Command.ZREM).arg(ALL_OPEN).arg(callId))).map(r -> Optional.of(rec));
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
            List<String> callIds = new ArrayList<>();
            if (ids != null) {
                ids.forEach(r -> callIds.add(r.toString()));
            }
            if (callIds.isEmpty()) {
                return Future.succeededFuture(List.<JsonObject>of());
            }
            Request mget = Request.cmd(Command.MGET);
            callIds.forEach(c -> mget.arg(key(c)));
            return redis.send(mget).map(docs -> {
                List<JsonObject> out = new ArrayList<>();
                for (Response d : docs) {
                    if (d != null) {
                        JsonObject rec = new JsonObject(d.toString());
                        if ("open".equals(rec.getString("state"))) {
                            out.add(rec);
                        }
                    }
                }
                return out;
            });
        });
    }

    private static Request set(String callId, JsonObject rec) {
        return Request.cmd(Command.SET).arg(key(callId)).arg(rec.encode()).arg("EX").arg(KEEP_DAYS * 86400L);
    }
}
