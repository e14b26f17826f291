package hotline.server.callbacks;

import static hotline.server.http.JsonReplies.badRequest;
import static hotline.server.http.JsonReplies.body;
import static hotline.server.http.JsonReplies.error;
import static hotline.server.http.JsonReplies.json;
import static hotline.server.http.JsonReplies.storeUnavailable;

import hotline.dispatch.orders.OrderJson;
import hotline.orders.lifecycle.OrderNumber;
import hotline.orders.lifecycle.WorkOrder;
import hotline.routing.acd.AcdEvent;
import hotline.routing.acd.AcdOutcome;
import hotline.server.call.CallController;
import hotline.server.orders.OrdersService;
import hotline.server.web.PhoneMask;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follow-up callbacks (回访) on the agent desktop: the pending callbacks of closed orders (the same list as the
 * leader's {@code GET /api/callbacks}), each claimed by one agent, called from the agent's seat and its result recorded.
 * <pre>
 * GET  /api/agents/{me}/callbacks                       200 {"tasks":[{"number","category","summary","closedAt",
 *                                                           "phone","urgency","attempts","parts":[{"unitId",
 *                                                           "reply","dueAt",…}],"claimedBy"}...]}: mine first,
 *                                                           then unclaimed (an unanswered one only from its retry)
 * POST /api/agents/{me}/callbacks/{number}/claim        200 task | 409 CLAIMED (another agent holds it)
 * POST /api/agents/{me}/callbacks/{number}/call         200 {"taskId"}: the seat rings, then the citizen (claims it)
 * POST /api/agents/{me}/callbacks/{number}/result       {"contact":"reached|noAnswer|refused|wrongNumber",
 *                                                        "resolution":"resolved|unresolved",
 *                                                        "satisfaction":"satisfied|basic|unsatisfied","note":"…"}
 *                                                       200 order | 400 (nothing assumed) | 409
 *                                                       (联系不上 comes back later; unresolved or 不满意: 重办)
 * POST /api/supervisor/callbacks/{number}/assign        {"agentId"} 200 (a supervisor gives it to an agent)
 * </pre>
 * The access guard lets an agent use only their own {@code /api/agents/<me>/...} paths, and these routes refuse an
 * order another agent holds: an agent acts on their own tasks only. Handlers run on the hotline verticle's context.
 */
public final class CallbackTasksApi {
    private static final Logger log = LoggerFactory.getLogger(CallbackTasksApi.class);
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    /** How many pending callbacks the desktop lists. */
    public static final int LIMIT = 200;

    private final OrdersService orders;
    private final CallbackClaims claims;
    private final CallController controller;

    public CallbackTasksApi(OrdersService orders, CallbackClaims claims, CallController controller) {
        this.orders = orders;
        this.claims = claims;
        this.controller = controller;
    }

    /** Adds the routes (before the router's catch-all 404). */
    public void mount(Router router) {
        router.get("/api/agents/:agentId/callbacks").handler(this::list);
        router.post("/api/agents/:agentId/callbacks/:number/claim").handler(ctx -> withTask(ctx, (me, n) ->
                claims.claim(n, me).onComplete(ar -> {
                    if (ar.failed()) {
                        storeUnavailable(ctx, ar.cause());
                    } else if (!ar.result().equals(me)) {
                        error(ctx, 409, "CLAIMED", "the callback of order " + n + " is " + ar.result() + "'s");
                    } else {
                        log.info("agentId={} orderId={} callback claimed", me, n);
                        json(ctx, 200, new JsonObject().put("number", n).put("claimedBy", me));
                    }
                })));
        router.post("/api/agents/:agentId/callbacks/:number/call").handler(ctx -> withTask(ctx, (me, n) -> call(ctx, me, n)));
        router.post("/api/agents/:agentId/callbacks/:number/result").handler(ctx -> withTask(ctx, (me, n) -> result(ctx, me, n)));
        router.post("/api/supervisor/callbacks/:number/assign").handler(ctx -> {
            String n = ctx.pathParam("number");
            JsonObject body = body(ctx, Set.of("agentId"));
            if (body == null) {
                return;
            }
            if (OrderNumber.parse(n).isEmpty()) {
                badRequest(ctx, "number: expected an order number yyyyMMdd-NNNNNN, got \"" + n + "\"");
                return;
            }
            if (!(body.getValue("agentId") instanceof String a) || !AGENT_ID.matcher(a).matches()) {
                badRequest(ctx, "agentId: expected 1-32 letters, digits, '.', '_' or '-', got "
                        + body.getValue("agentId"));
                return;
            }
            pending(n).compose(o -> o.isEmpty() ? Future.succeededFuture(false)
                    : claims.assign(n, a).map(true)).onComplete(ar -> {
                        if (ar.failed()) {
                            storeUnavailable(ctx, ar.cause());
                        } else if (!ar.result()) {
                            error(ctx, 404, "NOT_FOUND", "order " + n + " has no pending callback");
                        } else {
                            log.info("agentId={} orderId={} callback assigned", a, n);
                            json(ctx, 200, new JsonObject().put("number", n).put("claimedBy", a));
                        }
                    });
        });
    }

    private void list(RoutingContext ctx) {
        String me = ctx.pathParam("agentId");
        if (!AGENT_ID.matcher(me).matches()) {
            badRequest(ctx, "agentId: expected 1-32 letters, digits, '.', '_' or '-', got \"" + me + "\"");
            return;
        }
        boolean masked = Boolean.TRUE.equals(ctx.get(PhoneMask.CONTEXT_KEY));
        orders.pendingCallbacks(LIMIT).compose(list -> claims.all().map(held -> tasks(list, held, me, masked)))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        storeUnavailable(ctx, ar.cause());
                    } else {
                        json(ctx, 200, new JsonObject().put("tasks", ar.result()));
                    }
                });
    }

    private static JsonArray tasks(List<WorkOrder> pending, Map<String, String> held, String me, boolean masked) {
        List<JsonObject> mine = new ArrayList<>();
        List<JsonObject> open = new ArrayList<>();
        for (WorkOrder o : pending) {
            String n = o.number().toString();
            String holder = held.get(n);
            if (holder != null && !holder.equals(me)) {
                continue; // another agent's task
            }
            (holder == null ? open : mine).add(task(o, holder, masked));
        }
        JsonArray out = new JsonArray();
        mine.forEach(out::add);
        open.forEach(out::add);
        return out;
    }

    private static JsonObject task(WorkOrder o, String holder, boolean masked) {
        JsonObject j = OrderJson.toJson(o);
        String phone = o.request().phone();
        return new JsonObject().put("number", o.number().toString()).put("category", o.request().category())
                .put("summary", masked ? PhoneMask.maskText(o.request().summary()) : o.request().summary())
                .put("callerName", o.request().callerName())
                .put("phone", masked ? PhoneMask.mask(phone) : phone)
                .put("closedAt", o.callback() == null ? null : o.callback().createdAt().toString())
                .put("address", j.getValue("address"))
                .put("urgency", j.getValue("urgency"))
                .put("createdAt", o.createdAt().toString())
                .put("attempts", o.callback() == null ? 0 : o.callback().attempts())
                .put("parts", replies(o))
                .put("claimedBy", holder);
    }

    // What each unit that handled the order replied (the agent reads it out to the citizen) and its deadline.
    private static JsonArray replies(WorkOrder o) {
        JsonArray out = new JsonArray();
        for (hotline.orders.lifecycle.UnitPart p : o.currentParts()) {
            out.add(new JsonObject().put("unitId", p.unitId()).put("state", p.state().name())
                    .put("reply", p.note()).put("dispatchedAt", p.dispatchedAt().toString())
                    .put("dueAt", p.dueAt().toString())
                    .put("repliedAt", p.repliedAt() == null ? null : p.repliedAt().toString())
                    .put("closedAt", p.closedAt() == null ? null : p.closedAt().toString()));
        }
        return out;
    }

    // The seat rings first, then the citizen (the leader's outbound path); taking the task claims it.
    private void call(RoutingContext ctx, String me, String n) {
        mineOrFree(n, me).onComplete(ar -> {
            if (ar.failed()) {
                storeUnavailable(ctx, ar.cause());
                return;
            }
            Optional<WorkOrder> order = ar.result();
            if (order == null) {
                error(ctx, 409, "CLAIMED", "the callback of order " + n + " is another agent's");
            } else if (order.isEmpty()) {
                error(ctx, 404, "NOT_FOUND", "order " + n + " has no pending callback");
            } else {
                AcdOutcome outcome = controller.placeOutbound(me, order.get().request().phone(), n);
                if (outcome instanceof AcdOutcome.Rejected r) {
                    error(ctx, 409, r.reason().name(), r.detail());
                    return;
                }
                String taskId = outcome.events().stream().filter(e -> e instanceof AcdEvent.OutboundDial)
                        .map(e -> ((AcdEvent.OutboundDial) e).taskId()).findFirst().orElse(null);
                log.info("agentId={} orderId={} callback dialled as {}", me, n, taskId);
                json(ctx, 200, new JsonObject().put("number", n).put("taskId", taskId).put("claimedBy", me));
            }
        });
    }

    private void result(RoutingContext ctx, String me, String n) {
        hotline.orders.lifecycle.CallbackResult said = hotline.server.http.JsonReplies.callbackResult(ctx);
        if (said == null) {
            return;
        }
        mineOrFree(n, me).onComplete(ar -> {
            if (ar.failed()) {
                storeUnavailable(ctx, ar.cause());
            } else if (ar.result() == null) {
                error(ctx, 409, "CLAIMED", "the callback of order " + n + " is another agent's");
            } else if (ar.result().isEmpty()) {
                error(ctx, 404, "NOT_FOUND", "order " + n + " has no pending callback");
            } else {
                orders.recordCallback(n, said).onComplete(rr -> {
                    if (rr.failed()) {
                        storeUnavailable(ctx, rr.cause());
                    } else if (rr.result() instanceof OrdersService.Result.Done d) {
                        log.info("agentId={} orderId={} callback {} ({}){}", me, n,
                                d.order().callback() != null && d.order().callback().isPending()
                                        ? "not answered, comes back at " + d.order().callback().retryAt() : "recorded",
                                said.detail(), said.reopens() ? ": reopened to its units (重办)" : "");
                        claims.release(n).onFailure(err -> log.warn("orderId={} callback claim not released: {}", n,
                                err.getMessage()));
                        json(ctx, 200, OrderJson.toJson(d.order()));
                    } else if (rr.result() instanceof OrdersService.Result.Refused r) {
                        error(ctx, 409, r.reason().name(), r.detail());
                    } else {
                        error(ctx, 409, "CONFLICT", "order " + n + " changed meanwhile; retry");
                    }
                });
            }
        });
    }

    // The pending order if its callback is free (then claimed for me) or mine; null if another agent's; empty if the
    // order has no pending callback.
    private Future<Optional<WorkOrder>> mineOrFree(String n, String me) {
        return pending(n).compose(o -> o.isEmpty() ? Future.succeededFuture(o)
                : claims.claim(n, me).map(holder -> holder.equals(me) ? o : null));
    }

    private Future<Optional<WorkOrder>> pending(String n) {
        return orders.find(n).map(o -> o.filter(w -> w.callback() != null && w.callback().isPending()));
    }

    private interface TaskAction {
        void run(String me, String number);
    }

    private static void withTask(RoutingContext ctx, TaskAction action) {
        String me = ctx.pathParam("agentId");
        String n = ctx.pathParam("number");
        if (!AGENT_ID.matcher(me).matches()) {
            badRequest(ctx, "agentId: expected 1-32 letters, digits, '.', '_' or '-', got \"" + me + "\"");
        } else if (OrderNumber.parse(n).isEmpty()) {
            badRequest(ctx, "number: expected an order number yyyyMMdd-NNNNNN, got \"" + n + "\"");
        } else {
            action.run(me, n);
        }
    }

}
