package hotline.server.http;

import static hotline.server.http.JsonReplies.body;
import static hotline.server.http.JsonReplies.error;
import static hotline.server.http.JsonReplies.json;

import hotline.config.SeatsConfig;
import hotline.dispatch.calls.CallStore;
import hotline.dispatch.calls.TimelineEntry;
import hotline.routing.acd.AcdOutcome;
import hotline.routing.acd.AcdRejection;
import hotline.routing.acd.AgentFigures;
import hotline.routing.acd.AgentInfo;
import hotline.routing.acd.AgentStatus;
import hotline.routing.acd.Priority;
import hotline.routing.acd.QueueFigures;
import hotline.routing.acd.SessionFigures;
import hotline.routing.acd.WaitingCall;
import hotline.server.call.CallController;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' HTTP JSON API. Handlers run on the hotline verticle's context (the controller's), so they call
 * the controller directly.
 *
 * <pre>
 * POST /api/agents/{agentId}/login      {"seat":"1001","skills":{"complaints":5}} -> 200 agent (skills optional)
 * POST /api/agents/{agentId}/ready                         -> 200 agent (also ends wrap-up)
 * POST /api/agents/{agentId}/not-ready  {"reason":"break"} -> 200 agent
 * POST /api/agents/{agentId}/wrap-up/end                   -> 200 agent
 * POST /api/agents/{agentId}/wrap-up/extend                -> 200 agent (once per call)
 * POST /api/agents/{agentId}/outbound   {"number":"139…","orderId":"20261201-000017"} -> 200 agent (the seat rings,
 *                                       then the citizen: a leader's callback about an order)
 * POST /api/agents/{agentId}/hangup                       -> 200 agent (hangs up the seat's current call; the
 *                                       state follows when Asterisk reports the hang-up)
 * POST /api/agents/{agentId}/logout                        -> 200 {"agentId":..,"state":"LOGGED_OUT"}
 * GET  /api/agents                                         -> 200 [agent...]
 * GET  /api/seats                                          -> 200 {"first":1001,"count":20} the hall's seats
 * GET  /api/queue                                          -> 200 {"waiting":[callId...],"calls":[waiting call...]}
 * GET  /api/figures                                        -> 200 {"queues":[..],"agents":[..],"sessions":[..]}
 *                                                             (pushed every second on /ws/figures: {@link FiguresFeed})
 * POST /api/supervisor/agents/{agentId}/state {"supervisorId":"s1","state":"NOT_READY","reason":"meeting"}
 * POST /api/supervisor/agents/{agentId}/skills {"supervisorId":"s1","skills":{"english":3}}
 * POST /api/supervisor/calls/{callId}/move     {"supervisorId":"s1","queue":"enterprise"}
 * POST /api/supervisor/calls/{callId}/assign   {"supervisorId":"s1","agentId":"li.na"}
 * POST /api/supervisor/calls/{callId}/priority {"supervisorId":"s1","priority":"URGENT"}
 *                                                         -> 200 {"audited":true} (each operation is audited)
 * GET  /api/calls?limit=20                                -> 200 {"calls":[callId...]} newest first
 * GET  /api/calls/{callId}                                 -> 200 call with timeline | 404
 * GET  /health                                             -> 200 {"ami":true,...}
 * </pre>
 * Errors: {@code {"error":"<what was wrong>","code":"<REJECTION|BAD_REQUEST|NOT_FOUND>"}} with 400, 404 or 409.
 */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern REASON = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SKILL = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int MAX_BODY = 16 * 1024;

    private final Router router;
    private final CallController controller;
    private final CallStore store;
    private final SeatsConfig seats;
    private final BooleanSupplier amiUp;

    public HttpApi(Vertx vertx, CallController controller, CallStore store, SeatsConfig seats, BooleanSupplier amiUp) {
        this.controller = controller;
        this.store = store;
        this.seats = seats;
        this.amiUp = amiUp;
        this.router = Router.router(vertx);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
        router.post("/api/agents/:agentId/login").handler(ctx -> agentCommand(ctx, Set.of("seat", "skills"), body -> {
            String seat = body.getValue("seat") instanceof String s ? s : null;
            if (seat == null || !seats.isSeat(seat)) {
                return badRequest(ctx, "seat: expected one of the configured seats " + seats.first() + ".."
                        + (seats.first() + seats.count() - 1) + " as a string, got " + body.getValue("seat"));
            }
            Map<String, Integer> skills = skills(ctx, body);
            return skills == null ? null : controller.login(ctx.pathParam("agentId"), seat, skills);
        }));
        router.post("/api/agents/:agentId/wrap-up/end").handler(ctx -> agentCommand(ctx, Set.of(),
                body -> controller.endWrapUp(ctx.pathParam("agentId"))));
        router.post("/api/agents/:agentId/wrap-up/extend").handler(ctx -> agentCommand(ctx, Set.of(),
                body -> controller.extendWrapUp(ctx.pathParam("agentId"))));
        router.post("/api/supervisor/agents/:agentId/state").handler(ctx -> supervisorCommand(ctx,
                Set.of("state", "reason"), body -> {
                    AgentStatus target = switch (String.valueOf(body.getValue("state"))) {
                        case "READY" -> AgentStatus.READY;
                        case "NOT_READY" -> AgentStatus.NOT_READY;
                        case "LOGGED_OUT" -> AgentStatus.LOGGED_OUT;
                        default -> null;
                    };
                    if (target == null) {
                        return badRequest(ctx, "state: expected READY, NOT_READY or LOGGED_OUT, got "
                                + body.getValue("state"));
                    }
                    Object reason = body.getValue("reason", target == AgentStatus.NOT_READY ? "supervisor" : null);
                    if (target == AgentStatus.NOT_READY
                            && (!(reason instanceof String r) || !REASON.matcher(r).matches())) {
                        return badRequest(ctx, "reason: expected a code of 1-32 lower-case letters, digits or '-',"
                                + " got " + reason);
                    }
                    return controller.forceState(body.getString("supervisorId"), ctx.pathParam("agentId"), target,
                            (String) reason);
                }));
        router.post("/api/supervisor/agents/:agentId/skills").handler(ctx -> supervisorCommand(ctx,
                Set.of("skills"), body -> {
                    Map<String, Integer> skills = skills(ctx, body);
                    return skills == null ? null
                            : controller.setSkills(body.getString("supervisorId"), ctx.pathParam("agentId"), skills);
                }));
        router.post("/api/supervisor/calls/:callId/move").handler(ctx -> supervisorCommand(ctx, Set.of("queue"),
                body -> body.getValue("queue") instanceof String q
                        ? controller.moveCall(body.getString("supervisorId"), ctx.pathParam("callId"), q)
                        : badRequest(ctx, "queue: expected a queue id, got " + body.getValue("queue"))));
        router.post("/api/supervisor/calls/:callId/assign").handler(ctx -> supervisorCommand(ctx, Set.of("agentId"),
                body -> body.getValue("agentId") instanceof String a
                        ? controller.assignCall(body.getString("supervisorId"), ctx.pathParam("callId"), a)
                        : badRequest(ctx, "agentId: expected an agent id, got " + body.getValue("agentId"))));
        router.post("/api/supervisor/calls/:callId/priority").handler(ctx -> supervisorCommand(ctx,
                Set.of("priority"), body -> {
                    Priority p = priority(body.getValue("priority"));
                    return p == null
                            ? badRequest(ctx, "priority: expected LEADER_SESSION, URGENT, REPEAT_CALLER or NORMAL, got "
                                    + body.getValue("priority"))
                            : controller.changePriority(body.getString("supervisorId"), ctx.pathParam("callId"), p);
                }));
        router.get("/api/figures").handler(ctx -> json(ctx, 200, figures().encode()));
        router.post("/api/agents/:agentId/ready").handler(ctx -> agentCommand(ctx, Set.of(),
                body -> controller.ready(ctx.pathParam("agentId"))));
        router.post("/api/agents/:agentId/not-ready").handler(ctx -> agentCommand(ctx, Set.of("reason"), body -> {
            Object reason = body.getValue("reason", "not-ready");
            if (!(reason instanceof String r) || !REASON.matcher(r).matches()) {
                return badRequest(ctx, "reason: expected a code of 1-32 lower-case letters, digits or '-', got "
                        + reason);
            }
            return controller.notReady(ctx.pathParam("agentId"), r);
        }));
        router.post("/api/agents/:agentId/outbound").handler(ctx -> agentCommand(ctx, Set.of("number", "orderId"),
                body -> {
                    Object number = body.getValue("number");
                    if (!(number instanceof String n) || !n.matches("[0-9]{3,20}")) {
                        return badRequest(ctx, "number: expected the citizen's number, 3-20 digits as a string, got "
                                + number);
                    }
                    Object order = body.getValue("orderId");
                    if (order != null && (!(order instanceof String o) || !o.matches("[A-Za-z0-9_.:-]{1,64}"))) {
                        return badRequest(ctx, "orderId: expected an order number such as 20261201-000017, got "
                                + order);
                    }
                    return controller.placeOutbound(ctx.pathParam("agentId"), n, (String) order);
                }));
        router.post("/api/agents/:agentId/hold").handler(ctx -> agentCommand(ctx, Set.of(),
                body -> controller.hold(ctx.pathParam("agentId"))));
        router.post("/api/agents/:agentId/resume").handler(ctx -> agentCommand(ctx, Set.of(),
                body -> controller.resumeHeld(ctx.pathParam("agentId"))));
        router.post("/api/agents/:agentId/hangup").handler(ctx -> agentCommand(ctx, Set.of(),
                body -> controller.hangupSeat(ctx.pathParam("agentId"))));
        router.post("/api/agents/:agentId/transfer").handler(ctx -> agentCommand(ctx, Set.of("queue", "agentId"),
                body -> {
                    Object queue = body.getValue("queue");
                    Object to = body.getValue("agentId");
                    if ((queue == null) == (to == null)) {
                        return badRequest(ctx, "body: expected exactly one of \"queue\" (a queue id) or"
                                + " \"agentId\" (a colleague who is ready)");
                    }
                    if (queue != null) {
                        if (!(queue instanceof String q) || !q.matches("[A-Za-z0-9_.:-]{1,64}")) {
                            return badRequest(ctx, "queue: expected a queue id such as citizen, got " + queue);
                        }
                        return controller.transferToQueue(ctx.pathParam("agentId"), q);
                    }
                    if (!(to instanceof String t) || !AGENT_ID.matcher(t).matches()) {
                        return badRequest(ctx, "agentId: expected 1-32 letters, digits, '.', '_' or '-', got " + to);
                    }
                    return controller.transferToAgent(ctx.pathParam("agentId"), t);
                }));
        router.post("/api/agents/:agentId/logout").handler(ctx -> agentCommand(ctx, Set.of(),
                body -> controller.logout(ctx.pathParam("agentId"))));
        router.get("/api/agents").handler(ctx -> {
            JsonArray list = new JsonArray();
            controller.agents().forEach(a -> list.add(toJson(a)));
            json(ctx, 200, list.encode());
        });
        router.get("/api/seats").handler(ctx -> json(ctx, 200, new JsonObject().put("first", seats.first())
                .put("count", seats.count()).encode()));
        router.get("/api/queue").handler(ctx -> {
            JsonArray waiting = new JsonArray();
            JsonArray calls = new JsonArray();
            for (WaitingCall w : controller.waiting()) {
                waiting.add(w.callId());
                calls.add(new JsonObject().put("callId", w.callId()).put("queue", w.queueId())
                        .put("priority", w.priority().name()).put("tier", w.tier()).put("position", w.position())
                        .put("estimatedWaitSeconds", w.estimatedWait().toSeconds())
                        .put("arrivedAt", w.arrivedAt().toString()));
            }
            json(ctx, 200, new JsonObject().put("waiting", waiting).put("calls", calls).encode());
        });
        router.get("/api/calls").handler(this::recentCalls);
        router.get("/api/calls/:callId").handler(this::getCall);
        router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("ami", amiUp.getAsBoolean())
                .put("activeCalls", controller.activeCalls()).encode()));
        router.route().last().handler(ctx -> error(ctx, 404, "NOT_FOUND", "no such resource: " + ctx.request().method()
                + " " + ctx.request().path()));
        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            if (status == 413) {
                error(ctx, 413, "PAYLOAD_TOO_LARGE", "body: request body larger than " + MAX_BODY + " bytes");
            } else if (status >= 500) {
                log.error("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
                error(ctx, 500, "INTERNAL", "internal error");
            } else {
                error(ctx, status, "BAD_REQUEST", ctx.failure() == null ? "bad request" : ctx.failure().getMessage());
            }
        });
        // A malformed escape in the path (/api/agents/%ZZ/login) fails while Vert.x Web matches routes, before any
        // route's failure handler runs: without this it answers a plain-text 400 and logs the client's mistake at
        // ERROR with a stack trace (RoutingContextImplBase#unhandledFailure).
        router.errorHandler(400, ctx -> error(ctx, 400, "BAD_REQUEST", "malformed request path"));
    }

    /** The Vert.x router to mount on the HTTP server. */
    public Router router() {
        return router;
    }

    private void agentCommand(RoutingContext ctx, Set<String> allowed, Function<JsonObject, AcdOutcome> command) {
        String agentId = ctx.pathParam("agentId");
        if (!AGENT_ID.matcher(agentId).matches()) {
            badRequest(ctx, "agentId: expected 1-32 letters, digits, '.', '_' or '-', got \"" + agentId + "\"");
            return;
        }
        JsonObject body = body(ctx, allowed);
        if (body == null) {
            return;
        }
        AcdOutcome outcome = command.apply(body);
        if (outcome == null || rejected(ctx, outcome)) {
            return;
        }
        JsonObject agent = controller.agents().stream().filter(a -> a.agentId().equals(agentId)).findFirst()
                .map(HttpApi::toJson).orElse(new JsonObject().put("agentId", agentId).put("state", "LOGGED_OUT"));
        json(ctx, 200, agent.encode());
    }

    private void supervisorCommand(RoutingContext ctx, Set<String> allowed, Function<JsonObject, AcdOutcome> command) {
        Set<String> fields = new java.util.HashSet<>(allowed);
        fields.add("supervisorId");
        JsonObject body = body(ctx, fields);
        if (body == null) {
            return;
        }
        if (!(body.getValue("supervisorId") instanceof String id) || !AGENT_ID.matcher(id).matches()) {
            badRequest(ctx, "supervisorId: expected 1-32 letters, digits, '.', '_' or '-', got "
                    + body.getValue("supervisorId"));
            return;
        }
        AcdOutcome outcome = command.apply(body);
        if (outcome == null || rejected(ctx, outcome)) {
            return;
        }
        JsonArray events = new JsonArray();
        outcome.events().forEach(e -> events.add(e.getClass().getSimpleName()));
        json(ctx, 200, new JsonObject().put("audited", true).put("events", events).encode());
    }

    private static boolean rejected(RoutingContext ctx, AcdOutcome outcome) {
        if (outcome instanceof AcdOutcome.Rejected r) {
            int status = r.reason() == AcdRejection.UNKNOWN_AGENT || r.reason() == AcdRejection.UNKNOWN_CALL
                    || r.reason() == AcdRejection.UNKNOWN_QUEUE ? 404
                    : r.reason() == AcdRejection.INVALID_ARGUMENT ? 400 : 409;
            error(ctx, status, r.reason().name(), r.detail());
            return true;
        }
        return false;
    }

    private static Map<String, Integer> skills(RoutingContext ctx, JsonObject body) {
        Object raw = body.getValue("skills", new JsonObject());
        if (!(raw instanceof JsonObject object)) {
            badRequest(ctx, "skills: expected an object of skill name to level 1..10, got " + raw);
            return null;
        }
        Map<String, Integer> skills = new TreeMap<>();
        for (String name : object.fieldNames()) {
            Object level = object.getValue(name);
            if (!SKILL.matcher(name).matches() || !(level instanceof Integer l) || l < 1 || l > 10) {
                badRequest(ctx, "skills." + name + ": expected a skill name of letters, digits, '_' or '-' with a"
                        + " whole level 1..10, got " + level);
                return null;
            }
            skills.put(name, l);
        }
        return skills;
    }

    private static Priority priority(Object raw) {
        if (raw instanceof String s) {
            try {
                return Priority.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** The figures of {@code GET /api/figures}; call on the controller's context. */
    public JsonObject figures() {
        JsonArray queues = new JsonArray();
        for (QueueFigures q : controller.queueFigures()) {
            queues.add(new JsonObject().put("queue", q.queueId()).put("waiting", q.waiting())
                    .put("longestWaitSeconds", q.longestWait().toSeconds()).put("answered", q.answered())
                    .put("answeredInTarget", q.answeredInTarget()).put("abandoned", q.abandoned())
                    .put("serviceLevel", q.serviceLevel()).put("averageHandleSeconds", q.averageHandleTime().toSeconds())
                    .put("callbacksOffered", q.callbacksOffered()).put("callbacksScheduled", q.callbacksScheduled())
                    .put("staffed", q.staffed()));
        }
        JsonArray agents = new JsonArray();
        for (AgentFigures a : controller.agentFigures()) {
            agents.add(new JsonObject().put("agentId", a.agentId()).put("seat", a.seat()).put("state", a.status().name())
                    .put("registered", a.registered()).put("secondsInState", a.timeInState().toSeconds())
                    .put("callsToday", a.callsToday()).put("occupancy", a.occupancy())
                    .put("held", a.held()));
        }
        JsonArray sessions = new JsonArray();
        for (SessionFigures s : controller.sessionFigures()) {
            sessions.add(new JsonObject().put("session", s.sessionId()).put("district", s.district())
                    .put("running", s.running()).put("received", s.received())
                    .put("answeredByLeaders", s.answeredByLeaders()).put("answeredByOthers", s.answeredByOthers())
                    .put("callbacksMade", s.callbacksMade()).put("ordersCreated", s.ordersCreated()));
        }
        return new JsonObject().put("queues", queues).put("agents", agents).put("sessions", sessions);
    }

    private void recentCalls(RoutingContext ctx) {
        String limitParam = ctx.queryParams().get("limit");
        int limit;
        try {
            limit = limitParam == null ? 20 : Integer.parseInt(limitParam);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 1000) {
            badRequest(ctx, "limit: expected a whole number 1..1000, got " + limitParam);
            return;
        }
        store.recent(limit).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, 503, "STORE_UNAVAILABLE", "call store unavailable: " + ar.cause().getMessage());
            } else {
                json(ctx, 200, new JsonObject().put("calls", new JsonArray(ar.result())).encode());
            }
        });
    }

    private void getCall(RoutingContext ctx) {
        String callId = ctx.pathParam("callId");
        if (!CALL_ID.matcher(callId).matches()) {
            badRequest(ctx, "callId: expected 1-64 letters, digits, '_' or '-'");
            return;
        }
        store.find(callId).onComplete(ar -> {
            if (ar.failed()) {
                log.error("callId={} lookup failed: {}", callId, ar.cause().getMessage());
                error(ctx, 503, "STORE_UNAVAILABLE", "call store unavailable: " + ar.cause().getMessage());
            } else if (ar.result().isEmpty()) {
                error(ctx, 404, "NOT_FOUND", "no call " + callId);
            } else {
                var rec = ar.result().get();
                JsonArray timeline = new JsonArray();
                for (TimelineEntry e : rec.timeline()) {
                    timeline.add(new JsonObject().put("seq", e.seq()).put("type", e.type()).put("at", e.at().toString())
                            .put("data", new JsonObject(new java.util.TreeMap<String, Object>(e.data()))));
                }
                json(ctx, 200, new JsonObject().put("callId", callId)
                        .put("fields", new JsonObject(new java.util.TreeMap<String, Object>(rec.fields())))
                        .put("timeline", timeline).encode());
            }
        });
    }

    /** The wire form of one agent (GET /api/agents, the agent WebSocket's {"type":"agent"} frames). */
    public static JsonObject toJson(AgentInfo a) {
        return new JsonObject().put("agentId", a.agentId()).put("seat", a.seat()).put("state", a.status().name())
                .put("reason", a.reason()).put("stateSince", a.since() == null ? null : a.since().toString())
                .put("idleSince", a.idleSince() == null ? null : a.idleSince().toString()).put("callId", a.callId())
                .put("registered", a.registered()).put("skills", new JsonObject(new TreeMap<String, Object>(a.skills())))
                .put("callsToday", a.callsToday()).put("held", a.held())
                .put("wrapUpEnds", a.wrapUpEnds() == null ? null : a.wrapUpEnds().toString());
    }

    private static AcdOutcome badRequest(RoutingContext ctx, String message) {
        JsonReplies.badRequest(ctx, message);
        return null;
    }
}
