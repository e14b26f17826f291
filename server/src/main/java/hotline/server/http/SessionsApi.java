package hotline.server.http;

import static hotline.server.http.JsonReplies.badRequest;
import static hotline.server.http.JsonReplies.body;
import static hotline.server.http.JsonReplies.error;
import static hotline.server.http.JsonReplies.json;

import hotline.config.SeatsConfig;
import hotline.routing.acd.AcdOutcome;
import hotline.routing.acd.LeaderSessionConfig;
import hotline.server.call.CallController;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader sessions scheduled on a screen (the wallboard) by a supervisor or an administrator, without a restart: the
 * ACD adds the session's queue at once ({@link CallController#addSession}), the session is kept in the Redis hash
 * {@value #KEY} (id to JSON) so it survives a restart (read back before the ACD is built, {@link #load}), and the
 * scheduling is audited (the ACD's INFO {@code audit ... action=schedule-session} line). Sessions of
 * {@code hotline.acd.sessions} in the configuration go on working as before.
 * <pre>
 * POST /api/supervisor/sessions {"supervisorId","district":"朝阳区","leaderSeats":["1001"],"assistantSeats":[],
 *                                "start":"2026-12-08T02:00:00Z","end":"2026-12-08T04:00:00Z"}
 *      -> 201 {"audited":true,"session":{...}} | 400 naming the field (unknown district, not a seat, end before
 *      start or passed, a leader seat already in an overlapping session)
 * </pre>
 * Everyone with a session reads the schedule at {@code GET /api/web/sessions}. Handlers run on the hotline verticle's
 * context.
 */
public final class SessionsApi {
    /** The Redis hash of scheduled sessions. */
    public static final String KEY = "hotline:acd:scheduled-sessions";
    /** How long a scheduled session's call waits before agents other than the leaders and assistants may take it. */
    public static final Duration OTHERS_AFTER = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(SessionsApi.class);

    private SessionsApi() {
    }

    /** Adds the route. {@code districts}: the district names a session may name (the gazetteer's). */
    public static void mount(Router router, CallController controller, Redis redis, SeatsConfig seats,
                             Collection<String> districts, String queue, Clock clock) {
        router.post("/api/supervisor/sessions").handler(ctx -> schedule(ctx, controller, redis, seats, districts,
                queue, clock));
    }

    private static void schedule(RoutingContext ctx, CallController controller, Redis redis, SeatsConfig seats,
                                 Collection<String> districts, String queue, Clock clock) {
        JsonObject body = body(ctx, Set.of("supervisorId", "district", "leaderSeats", "assistantSeats", "start",
                "end"));
        if (body == null) {
            return;
        }
        String supervisor = body.getValue("supervisorId") instanceof String s ? s : null;
        if (supervisor == null || !supervisor.matches("[A-Za-z0-9_.-]{1,32}")) {
            badRequest(ctx, "supervisorId: expected 1-32 letters, digits, '.', '_' or '-', got "
                    + body.getValue("supervisorId"));
            return;
        }
        Object parsed = parse(body, seats, districts, queue, controller.sessions(), clock.instant(),
                newId(clock.instant()));
        if (parsed instanceof String problem) {
            badRequest(ctx, problem);
            return;
        }
        LeaderSessionConfig session = (LeaderSessionConfig) parsed;
        AcdOutcome outcome = controller.addSession(supervisor, session);
        if (outcome instanceof AcdOutcome.Rejected r) {
            badRequest(ctx, r.detail());
            return;
        }
        redis.send(Request.cmd(Command.HSET).arg(KEY).arg(session.id()).arg(toJson(session).encode()))
                .onFailure(err -> log.error("leader session {} scheduled but not saved to Redis ({}): it is lost at "
                        + "the next restart", session.id(), err.getMessage()));
        json(ctx, 201, new JsonObject().put("audited", true).put("session", toJson(session).put("source",
                "scheduled")));
    }

    /**
     * The session a request asks for, or the problem naming the field. Pure: {@code existing} are the sessions the
     * ACD has, {@code now} the current time.
     */
    static Object parse(JsonObject body, SeatsConfig seats, Collection<String> districts, String queue,
                        List<LeaderSessionConfig> existing, Instant now, String id) {
        String district = body.getValue("district") instanceof String d ? d.trim() : null;
        if (district == null || district.isEmpty() || !districts.contains(district)) {
            return "district: expected a district of the city such as 朝阳区, got " + body.getValue("district");
        }
        Object leaders = seatList(body.getValue("leaderSeats"), seats, "leaderSeats", true);
        if (leaders instanceof String problem) {
            return problem;
        }
        Object assistants = seatList(body.getValue("assistantSeats"), seats, "assistantSeats", false);
        if (assistants instanceof String problem) {
            return problem;
        }
        Instant start;
        Instant end;
        try {
            start = Instant.parse(String.valueOf(body.getValue("start")));
            end = Instant.parse(String.valueOf(body.getValue("end")));
        } catch (DateTimeParseException e) {
            return "start, end: expected times such as 2026-12-08T02:00:00Z, got " + body.getValue("start") + " and "
                    + body.getValue("end");
        }
        if (!end.isAfter(start)) {
            return "end: must be after start (" + start + "), got " + end;
        }
        if (!end.isAfter(now)) {
            return "end: " + end + " has passed";
        }
        @SuppressWarnings("unchecked")
        Set<String> leaderSeats = (Set<String>) leaders;
        for (LeaderSessionConfig s : existing) {
            boolean overlaps = s.start().isBefore(end) && start.isBefore(s.end());
            for (String seat : leaderSeats) {
                if (overlaps && s.leaderSeats().contains(seat)) {
                    return "leaderSeats: seat " + seat + " already leads session " + s.id() + " (" + s.district()
                            + ", " + s.start() + " – " + s.end() + ")";
                }
            }
        }
        @SuppressWarnings("unchecked")
        Set<String> assistantSeats = (Set<String>) assistants;
        return new LeaderSessionConfig(id, district, start, end, leaderSeats, assistantSeats, queue, OTHERS_AFTER);
    }

    private static Object seatList(Object value, SeatsConfig seats, String field, boolean required) {
        Set<String> out = new LinkedHashSet<>();
        if (value == null && !required) {
            return out;
        }
        if (!(value instanceof JsonArray list) || (required && list.isEmpty()) || list.size() > 10) {
            return field + ": expected " + (required ? "1" : "0") + "-10 seats as strings, got " + value;
        }
        for (Object o : list) {
            if (!(o instanceof String seat) || !seats.isSeat(seat)) {
                return field + ": " + o + " is not a configured seat (" + seats.first() + ".."
                        + (seats.first() + seats.count() - 1) + ")";
            }
            out.add(seat);
        }
        return out;
    }

    /** A new session's id: {@code sch-} and base-36 time and randomness. */
    static String newId(Instant now) {
        return "sch-" + Long.toString(now.getEpochSecond(), 36) + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36, 36 * 36 * 36), 36);
    }

    /** The JSON of a session, as stored and as listed. */
    public static JsonObject toJson(LeaderSessionConfig x) {
        return new JsonObject().put("id", x.id()).put("district", x.district()).put("start", x.start().toString())
                .put("end", x.end().toString()).put("leaderSeats", new JsonArray(new ArrayList<>(x.leaderSeats())))
                .put("assistantSeats", new JsonArray(new ArrayList<>(x.assistantSeats()))).put("queue", x.queue())
                .put("othersAfterSeconds", x.othersAfter().toSeconds());
    }

    /** A stored session; throws IllegalArgumentException naming what is wrong. */
    static LeaderSessionConfig fromJson(JsonObject j) {
        try {
            Set<String> leaders = new LinkedHashSet<>();
            j.getJsonArray("leaderSeats").forEach(o -> leaders.add((String) o));
            Set<String> assistants = new LinkedHashSet<>();
            j.getJsonArray("assistantSeats").forEach(o -> assistants.add((String) o));
            return new LeaderSessionConfig(j.getString("id"), j.getString("district"),
                    Instant.parse(j.getString("start")), Instant.parse(j.getString("end")), leaders, assistants,
                    j.getString("queue"), Duration.ofSeconds(j.getLong("othersAfterSeconds")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("stored leader session " + j.encode() + " unreadable: " + e, e);
        }
    }

    /**
     * The scheduled sessions kept in Redis that have not ended by {@code now} and whose ids the configuration does not
     * use; an unreadable entry is logged and skipped. Read before the ACD is built.
     */
    public static Future<List<LeaderSessionConfig>> load(Redis redis, Set<String> configuredIds,
                                                         Set<String> queues, Instant now) {
        return redis.send(Request.cmd(Command.HGETALL).arg(KEY)).map(r -> {
            List<LeaderSessionConfig> out = new ArrayList<>();
            if (r == null) {
                return out;
            }
            for (String k : r.getKeys()) {
                Response v = r.get(k);
                try {
                    LeaderSessionConfig s = fromJson(new JsonObject(v.toString()));
                    if (s.end().isAfter(now) && !configuredIds.contains(s.id()) && queues.contains(s.queue())) {
                        out.add(s);
                    }
                } catch (RuntimeException e) {
                    log.warn("scheduled leader session {} skipped: {}", k, e.getMessage());
                }
            }
            out.sort(java.util.Comparator.comparing(LeaderSessionConfig::start));
            log.info("{} scheduled leader session(s) read from Redis", out.size());
            return out;
        });
    }

    /** {@code sch-…} ids are scheduled ones, others come from the configuration. */
    public static String source(LeaderSessionConfig s, Set<String> configuredIds) {
        return configuredIds.contains(s.id()) ? "config" : "scheduled";
    }
}
