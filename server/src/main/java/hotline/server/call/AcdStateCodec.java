package hotline.server.call;

import hotline.routing.acd.AgentStatus;
import hotline.routing.acd.CallKind;
import hotline.routing.acd.CallPhase;
import hotline.routing.acd.EngineSnapshot;
import hotline.routing.acd.EngineSnapshot.AgentRecord;
import hotline.routing.acd.EngineSnapshot.CallRecord;
import hotline.routing.acd.EngineSnapshot.QueueCounters;
import hotline.routing.acd.EngineSnapshot.RecentCaller;
import hotline.routing.acd.EngineSnapshot.SessionCounters;
import hotline.routing.acd.Priority;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The controller's saved state as JSON: {@code {"version":1,"engine":{...},"calls":[...]}}. The engine part is the
 * {@link EngineSnapshot} field by field; the calls part is what the controller knows about each call's channels.
 * Decoding a document that is not this format throws {@link IllegalArgumentException} naming the field.
 */
public final class AcdStateCodec {
    private static final int VERSION = 1;

    private AcdStateCodec() {
    }

    /**
     * What the controller keeps about one call in progress.
     *
     * @param callId        the call id
     * @param uniqueId      the caller channel's uniqueid
     * @param channel       the caller channel
     * @param seq           the last timeline step number
     * @param agiDone       whether the FastAGI session is over
     * @param offeredAgent  the agent the call is offered to or connected with, or null
     * @param offeredSeat   that agent's seat, or null
     * @param agentUniqueId the seat leg's uniqueid, or null
     * @param connected     whether the call is connected
     * @param endedBy       who hung up first, or null
     */
    public record SavedCall(String callId, String uniqueId, String channel, int seq, boolean agiDone,
                            String offeredAgent, String offeredSeat, String agentUniqueId, boolean connected,
                            String endedBy) {
    }

    /**
     * The decoded document.
     *
     * @param engine the engine snapshot
     * @param calls  the calls in progress
     */
    public record Saved(EngineSnapshot engine, List<SavedCall> calls) {
    }

    /** Encodes the state. */
    public static String encode(EngineSnapshot s, List<SavedCall> calls) {
        List<JsonObject> agents = new ArrayList<>();
        for (AgentRecord a : s.agents()) {
            agents.add(agentJson(a));
        }
        List<JsonObject> engineCalls = new ArrayList<>();
        for (CallRecord c : s.calls()) {
            engineCalls.add(callJson(c));
        }
        List<JsonObject> recent = new ArrayList<>();
        for (RecentCaller r : s.recentCallers()) {
            recent.add(recentJson(r));
        }
        List<JsonObject> saved = new ArrayList<>();
        for (SavedCall c : calls) {
            saved.add(savedJson(c));
        }
        return document(meta(s), agents, engineCalls, recent, saved);
    }

    /**
     * The document from its parts, each in the form the per-part methods make: the same text {@link #encode} makes
     * when the parts are in the snapshot's order (agents by id, calls by arrival, recent callers by number, the
     * controller's calls by id).
     *
     * @param meta the {@link #meta} part
     */
    public static String document(JsonObject meta, List<JsonObject> agents, List<JsonObject> engineCalls,
                                  List<JsonObject> recentCallers, List<JsonObject> savedCalls) {
        JsonObject engine = new JsonObject().put("seq", meta.getLong("seq")).put("agents", new JsonArray(
                new ArrayList<>(agents))).put("calls", new JsonArray(new ArrayList<>(engineCalls)))
                .put("queues", meta.getJsonArray("queues")).put("sessions", meta.getJsonArray("sessions"))
                .put("recentCallers", new JsonArray(new ArrayList<>(recentCallers)))
                .put("unregisteredSeats", meta.getJsonArray("unregisteredSeats"))
                .put("sessionCalls", meta.getJsonObject("sessionCalls"));
        return new JsonObject().put("version", VERSION).put("engine", engine)
                .put("calls", new JsonArray(new ArrayList<>(savedCalls))).encode();
    }

    /**
     * The small, hall-wide part of the state: {@code {"version","seq","queues","sessions","unregisteredSeats",
     * "sessionCalls"}} (everything but agents, calls and recent callers).
     */
    public static JsonObject meta(EngineSnapshot s) {
        JsonArray queues = new JsonArray();
        for (QueueCounters q : s.queues()) {
            queues.add(new JsonObject().put("queueId", q.queueId()).put("answered", q.answered())
                    .put("answeredInTarget", q.answeredInTarget()).put("abandoned", q.abandoned())
                    .put("handled", q.handled()).put("handleMillis", q.handleMillis())
                    .put("callbacksOffered", q.callbacksOffered()).put("callbacksScheduled", q.callbacksScheduled()));
        }
        JsonArray sessions = new JsonArray();
        for (SessionCounters x : s.sessions()) {
            sessions.add(new JsonObject().put("sessionId", x.sessionId()).put("running", x.running())
                    .put("ended", x.ended()).put("received", x.received())
                    .put("answeredByLeaders", x.answeredByLeaders()).put("answeredByOthers", x.answeredByOthers())
                    .put("callbacksMade", x.callbacksMade()).put("ordersCreated", x.ordersCreated()));
        }
        return new JsonObject().put("version", VERSION).put("seq", s.seq()).put("queues", queues)
                .put("sessions", sessions).put("unregisteredSeats", new JsonArray(new ArrayList<>(
                        s.unregisteredSeats())))
                .put("sessionCalls", new JsonObject(new TreeMap<String, Object>(s.sessionCalls())));
    }

    /** One agent of the engine's snapshot. */
    public static JsonObject agentJson(AgentRecord a) {
        return new JsonObject().put("agentId", a.agentId()).put("seat", a.seat())
                .put("skills", new JsonObject(new TreeMap<String, Object>(a.skills()))).put("status", a.status().name())
                .put("reason", a.reason()).put("registered", a.registered()).put("since", str(a.since()))
                .put("idleSince", str(a.idleSince())).put("callId", a.callId()).put("callsToday", a.callsToday())
                .put("lastOfferSeq", a.lastOfferSeq()).put("wrapUpEnds", str(a.wrapUpEnds()))
                .put("wrapUpExtended", a.wrapUpExtended()).put("busyMillis", a.busyMillis())
                .put("readyMillis", a.readyMillis()).put("lastQueue", a.lastQueue())
                .put("handleStart", str(a.handleStart())).put("returnReason", a.returnReason());
    }

    /** One call of the engine's snapshot. */
    public static JsonObject callJson(CallRecord c) {
        return new JsonObject().put("callId", c.callId()).put("kind", c.kind().name())
                .put("phase", c.phase().name()).put("queueId", c.queueId()).put("tier", c.tier())
                .put("priority", c.priority().name()).put("headOfLine", c.headOfLine())
                .put("arrivedAt", str(c.arrivedAt())).put("queuedAt", str(c.queuedAt())).put("seq", c.seq())
                .put("agentId", c.agentId()).put("connectedAt", str(c.connectedAt()))
                .put("callerNumber", c.callerNumber()).put("district", c.district()).put("number", c.number())
                .put("orderId", c.orderId()).put("callbackOffered", c.callbackOffered())
                .put("sessionId", c.sessionId()).put("held", c.held()).put("answeredOnce", c.answeredOnce());
    }

    /** One recent caller of the engine's snapshot. */
    public static JsonObject recentJson(RecentCaller r) {
        return new JsonObject().put("number", r.number()).put("at", str(r.at()));
    }

    /** What the controller keeps about one call. */
    public static JsonObject savedJson(SavedCall c) {
        return new JsonObject().put("callId", c.callId()).put("uniqueId", c.uniqueId())
                .put("channel", c.channel()).put("seq", c.seq()).put("agiDone", c.agiDone())
                .put("offeredAgent", c.offeredAgent()).put("offeredSeat", c.offeredSeat())
                .put("agentUniqueId", c.agentUniqueId()).put("connected", c.connected())
                .put("endedBy", c.endedBy());
    }

    /**
     * Decodes a saved state.
     *
     * @throws IllegalArgumentException if the document is not a version-1 state, naming what is wrong
     */
    public static Saved decode(String text) {
        try {
            JsonObject doc = new JsonObject(text);
            if (doc.getInteger("version", -1) != VERSION) {
                throw new IllegalArgumentException("version: expected " + VERSION + ", got " + doc.getValue("version"));
            }
            JsonObject e = doc.getJsonObject("engine");
            List<AgentRecord> agents = new ArrayList<>();
            for (JsonObject a : objects(e, "agents")) {
                Map<String, Integer> skills = new TreeMap<>();
                a.getJsonObject("skills").forEach(en -> skills.put(en.getKey(), ((Number) en.getValue()).intValue()));
                agents.add(new AgentRecord(a.getString("agentId"), a.getString("seat"), skills,
                        AgentStatus.valueOf(a.getString("status")), a.getString("reason"), a.getBoolean("registered"),
                        instant(a, "since"), instant(a, "idleSince"), a.getString("callId"), a.getInteger("callsToday"),
                        a.getLong("lastOfferSeq"), instant(a, "wrapUpEnds"), a.getBoolean("wrapUpExtended"),
                        a.getLong("busyMillis"), a.getLong("readyMillis"), a.getString("lastQueue"),
                        instant(a, "handleStart"), a.getString("returnReason")));
            }
            List<CallRecord> engineCalls = new ArrayList<>();
            for (JsonObject c : objects(e, "calls")) {
                engineCalls.add(new CallRecord(c.getString("callId"), CallKind.valueOf(c.getString("kind")),
                        CallPhase.valueOf(c.getString("phase")), c.getString("queueId"), c.getInteger("tier"),
                        Priority.valueOf(c.getString("priority")), c.getBoolean("headOfLine"), instant(c, "arrivedAt"),
                        instant(c, "queuedAt"), c.getLong("seq"), c.getString("agentId"), instant(c, "connectedAt"),
                        c.getString("callerNumber"), c.getString("district"), c.getString("number"),
                        c.getString("orderId"), c.getBoolean("callbackOffered"), c.getString("sessionId"),
                        c.getBoolean("held", false), c.getBoolean("answeredOnce", false)));
            }
            List<QueueCounters> queues = new ArrayList<>();
            for (JsonObject q : objects(e, "queues")) {
                queues.add(new QueueCounters(q.getString("queueId"), q.getLong("answered"), q.getLong("answeredInTarget"),
                        q.getLong("abandoned"), q.getLong("handled"), q.getLong("handleMillis"),
                        q.getLong("callbacksOffered"), q.getLong("callbacksScheduled")));
            }
            List<SessionCounters> sessions = new ArrayList<>();
            for (JsonObject x : objects(e, "sessions")) {
                sessions.add(new SessionCounters(x.getString("sessionId"), x.getBoolean("running"), x.getBoolean("ended"),
                        x.getLong("received"), x.getLong("answeredByLeaders"), x.getLong("answeredByOthers"),
                        x.getLong("callbacksMade"), x.getLong("ordersCreated")));
            }
            List<RecentCaller> recent = new ArrayList<>();
            for (JsonObject r : objects(e, "recentCallers")) {
                recent.add(new RecentCaller(r.getString("number"), instant(r, "at")));
            }
            List<String> unregistered = new ArrayList<>();
            e.getJsonArray("unregisteredSeats").forEach(v -> unregistered.add((String) v));
            Map<String, String> sessionCalls = new TreeMap<>();
            e.getJsonObject("sessionCalls").forEach(en -> sessionCalls.put(en.getKey(), (String) en.getValue()));
            EngineSnapshot snapshot = new EngineSnapshot(e.getLong("seq"), agents, engineCalls, queues, sessions, recent,
                    unregistered, sessionCalls);
            List<SavedCall> calls = new ArrayList<>();
            for (JsonObject c : objects(doc, "calls")) {
                calls.add(new SavedCall(c.getString("callId"), c.getString("uniqueId"), c.getString("channel"),
                        c.getInteger("seq"), c.getBoolean("agiDone"), c.getString("offeredAgent"),
                        c.getString("offeredSeat"), c.getString("agentUniqueId"), c.getBoolean("connected"),
                        c.getString("endedBy")));
            }
            return new Saved(snapshot, calls);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("saved ACD state")) {
                throw iae;
            }
            throw new IllegalArgumentException("saved ACD state is unreadable: " + e, e);
        }
    }

    private static List<JsonObject> objects(JsonObject parent, String field) {
        List<JsonObject> out = new ArrayList<>();
        for (Object o : parent.getJsonArray(field)) {
            out.add((JsonObject) o);
        }
        return out;
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(JsonObject o, String field) {
        String v = o.getString(field);
        return v == null ? null : Instant.parse(v);
    }
}
