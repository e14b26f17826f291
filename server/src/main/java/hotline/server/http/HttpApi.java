package hotline.server.http;

import hotline.config.SeatsConfig;
import hotline.dispatch.calls.CallStore;
import hotline.dispatch.calls.TimelineEntry;
import hotline.routing.AgentView;
import hotline.routing.Outcome;
import hotline.routing.Rejection;
import hotline.server.call.CallController;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;
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
 * POST /api/agents/{agentId}/login      {"seat":"1001"}   -> 200 agent
 * POST /api/agents/{agentId}/ready                         -> 200 agent
 * POST /api/agents/{agentId}/not-ready  {"reason":"break"} -> 200 agent
 * POST /api/agents/{agentId}/logout                        -> 200 {"agentId":..,"state":"LOGGED_OUT"}
 * GET  /api/agents                                         -> 200 [agent...]
 * GET  /api/queue                                          -> 200 {"waiting":[callId...]}
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
        router.post("/api/agents/:agentId/login").handler(ctx -> agentCommand(ctx, Set.of("seat"), body -> {
            String seat = body.getValue("seat") instanceof String s ? s : null;
            if (seat == null || !seats.isSeat(seat)) {
                return badRequest(ctx, "seat: expected one of the configured seats " + seats.first() + ".."
                        + (seats.first() + seats.count() - 1) + " as a string, got " + body.getValue("seat"));
            }
            return controller.login(ctx.pathParam("agentId"), seat);
        }));
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
        router.post("/api/agents/:agentId/logout").handler(ctx -> agentCommand(ctx, Set.of(),
                body -> controller.logout(ctx.pathParam("agentId"))));
        router.get("/api/agents").handler(ctx -> {
            JsonArray list = new JsonArray();
            controller.agents().forEach(a -> list.add(toJson(a)));
            json(ctx, 200, list.encode());
        });
        router.get("/api/queue").handler(ctx ->
                json(ctx, 200, new JsonObject().put("waiting", new JsonArray(controller.queue())).encode()));
        router.get("/api/calls").handler(this::recentCalls);
        router.get("/api/calls/:callId").handler(this::getCall);
        router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("ami", amiUp.getAsBoolean())
                .put("activeCalls", controller.activeCalls()).encode()));
        router.route().last().handler(ctx -> error(ctx, 404, "NOT_FOUND", "no such resource: " + ctx.request().method()
                + " " + ctx.request().path()));
        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            if (status == 413) {
                error(ctx, 413, "BAD_REQUEST", "request body larger than " + MAX_BODY + " bytes");
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

    private void agentCommand(RoutingContext ctx, Set<String> allowed, Function<JsonObject, Outcome> command) {
        String agentId = ctx.pathParam("agentId");
        if (!AGENT_ID.matcher(agentId).matches()) {
            badRequest(ctx, "agentId: expected 1-32 letters, digits, '.', '_' or '-', got \"" + agentId + "\"");
            return;
        }
        JsonObject body;
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            body = new JsonObject();
        } else {
            try {
                body = new JsonObject(text);
            } catch (DecodeException e) {
                badRequest(ctx, "body: expected a JSON object: " + e.getMessage());
                return;
            } catch (ClassCastException e) {
                badRequest(ctx, "body: expected a JSON object");
                return;
            }
        }
        for (String field : body.fieldNames()) {
            if (!allowed.contains(field)) {
                badRequest(ctx, field + ": unknown field (allowed: " + allowed + ")");
                return;
            }
        }
        Outcome outcome = command.apply(body);
        if (outcome == null) {
            return; // already answered
        }
        if (outcome instanceof Outcome.Rejected r) {
            int status = r.reason() == Rejection.UNKNOWN_AGENT ? 404
                    : r.reason() == Rejection.INVALID_ARGUMENT ? 400 : 409;
            error(ctx, status, r.reason().name(), r.detail());
            return;
        }
        JsonObject agent = controller.agents().stream().filter(a -> a.agentId().equals(agentId)).findFirst()
                .map(HttpApi::toJson).orElse(new JsonObject().put("agentId", agentId).put("state", "LOGGED_OUT"));
        json(ctx, 200, agent.encode());
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

    static JsonObject toJson(AgentView a) {
        return new JsonObject().put("agentId", a.agentId()).put("seat", a.seat()).put("state", a.state().name())
                .put("reason", a.reason()).put("stateSince", a.stateSince() == null ? null : a.stateSince().toString())
                .put("idleSince", a.idleSince() == null ? null : a.idleSince().toString()).put("callId", a.callId());
    }

    private static Outcome badRequest(RoutingContext ctx, String message) {
        error(ctx, 400, "BAD_REQUEST", message);
        return null;
    }

    private static void error(RoutingContext ctx, int status, String code, String message) {
        json(ctx, status, new JsonObject().put("error", message).put("code", code).encode());
    }

    private static void json(RoutingContext ctx, int status, String body) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                    .end(body);
        }
    }
}
