package hotline.server.http;

import static hotline.server.http.JsonReplies.badRequest;
import static hotline.server.http.JsonReplies.body;
import static hotline.server.http.JsonReplies.error;
import static hotline.server.http.JsonReplies.json;

import hotline.dispatch.orders.OrderJson;
import hotline.orders.lifecycle.OrderNumber;
import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.rating.Rate;
import hotline.orders.rating.UnitRates;
import hotline.server.orders.OrdersService;
import hotline.server.orders.OrdersService.Result;
import hotline.server.orders.UnitDirectory;
import hotline.server.orders.UnitFeed;
import hotline.server.web.PhoneMask;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work-order HTTP JSON API and the live WebSocket feeds. Handlers run on the hotline verticle's context.
 *
 * <pre>
 * POST /api/orders                                   order request           -> 201 order | 200 order (retried)
 * GET  /api/orders/{number}                                                  -> 200 order | 404
 * POST /api/orders/{number}/amend       order request (修改工单, open orders)  -> 200 order (new version) | 409
 * POST /api/orders/{number}/units/{unitId}/accept                            -> 200 order | 409
 * POST /api/orders/{number}/units/{unitId}/reply     {"reply":"..."}         -> 200 order | 409
 * POST /api/orders/{number}/units/{unitId}/return    {"reason":"..."}        -> 200 order | 409
 * POST /api/orders/{number}/units/{unitId}/close                             -> 200 order | 409
 * POST /api/orders/{number}/units/{unitId}/redispatch {"toUnit":"..."}       -> 200 order | 409
 * POST /api/orders/{number}/units       {"unitId":"...","lead":false}  joint dispatch (lead: it becomes the
 *                                                    lead unit, 主办)  -> 200 order | 409
 * POST /api/orders/{number}/callback    {"resolved":true,"satisfied":false}  -> 200 order | 409
 * GET  /api/orders?from=2026-12-01T01:00:00Z&to=...&district=朝阳区&limit=200  submitted in [from, to), newest
 *                                                    first (district optional)  -> 200 {"orders":[...]}
 * GET  /api/desk/orders?limit=50                     orders back at the desk -> 200 {"orders":[...]}
 * GET  /api/callers/{phone}/orders?limit=10          a caller's orders       -> 200 {"orders":[...]}
 * GET  /api/callbacks?limit=50                       pending callbacks       -> 200 {"orders":[...]}
 * GET  /api/units/{unitId}/orders?limit=50                                   -> 200 {"orders":[...]}
 * GET  /api/units/{unitId}/rates                                             -> 200 rates, rank of rankedUnits
 * GET  /api/ranking                                                          -> 200 {"units":[rates...]}
 * WS   /ws/units/{unitId}     the unit's new orders and reminders, live
 * WS   /ws/desk               returned orders and overdue escalations, live
 * </pre>
 * The order request: {@code {"requestId":"...", "callerName":"王女士", "phone":"13800138000", "district":"朝阳区",
 * "street":"八里庄街道", "community":"天伦北里", "category":"noise", "urgency":"24h", "summary":"...",
 * "unitIds":["..."], "callId":"...", "channel":"phone"}}; {@code requestId} (optional, recommended) makes retries
 * safe: the same id with the same body always gives the same order; the same id with another body is refused
 * (409 {@code REQUEST_ID_REUSED}, naming the id and its order). Errors: {@code {"error":"...","code":"BAD_REQUEST"}} (400),
 * a unit id not in the unit directory 400 naming it, {@code NOT_FOUND} (404), a lifecycle refusal {@code WRONG_STATE|NOT_ASSIGNED|INVALID_ARGUMENT} (409),
 * {@code STORE_UNAVAILABLE} (503).
 */
public final class OrdersApi {
    /** A caller's number as a lookup key: its digits. */
    private static final Pattern CALLER_DIGITS = Pattern.compile("[0-9]{3,20}");
    private static final Logger log = LoggerFactory.getLogger(OrdersApi.class);
    private static final Pattern UNIT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final OrdersService service;
    private final UnitFeed feed;
    private final java.util.function.Supplier<UnitDirectory> units;

    /** Without a unit directory: any well-formed unit id is taken (protocol tests of the order flow). */
    public OrdersApi(OrdersService service, UnitFeed feed) {
        this(service, feed, null);
    }

    /**
     * @param units the unit directory (null while it loads: orders then answer 503); orders, joint dispatch and
     *              re-dispatch to a unit id not in it answer 400 naming the id. A null supplier checks nothing.
     */
    public OrdersApi(OrdersService service, UnitFeed feed, java.util.function.Supplier<UnitDirectory> units) {
        this.service = service;
        this.feed = feed;
        this.units = units;
    }

    /**
     * Whether every one of {@code ids} is in the unit directory; if not, answers 400 naming the unknown ones under
     * {@code field} (or 503 while the directory loads) and returns false.
     */
    private boolean known(RoutingContext ctx, String field, List<String> ids) {
        return known(ctx, units, field, ids);
    }

    /** {@link #known(RoutingContext, String, List)} for another route class holding the same directory supplier. */
    static boolean known(RoutingContext ctx, java.util.function.Supplier<UnitDirectory> units, String field,
                         List<String> ids) {
        if (units == null) {
            return true;
        }
        UnitDirectory d = units.get();
        if (d == null) {
            error(ctx, 503, "UNAVAILABLE", "the unit directory is still loading; retry in a moment");
            return false;
        }
        List<String> unknown = d.unknown(ids);
        if (unknown.isEmpty()) {
            return true;
        }
        log.info("refused unknown unit(s) {} in {}", unknown, field);
        badRequest(ctx, field + ": no unit " + String.join(", ", unknown) + " in the unit directory (GET /api/units;"
                + " find a unit by name with GET /api/units/resolve?name=...)");
        return false;
    }

    /** Adds the routes; call before the router serves (its catch-all 404 stays last). */
    public void mount(Router router) {
        router.post("/api/orders").handler(this::submit);
        router.post("/api/orders/:number/amend").handler(ctx -> withNumber(ctx, n -> amend(ctx, n)));
        router.get("/api/orders/:number").handler(ctx -> withNumber(ctx, n -> service.find(n).onComplete(ar -> {
            if (ar.failed()) {
                JsonReplies.storeUnavailable(ctx, ar.cause());
            } else if (ar.result().isEmpty()) {
                error(ctx, 404, "NOT_FOUND", "no order " + n);
            } else {
                json(ctx, 200, view(ctx, ar.result().get()));
            }
        })));
        router.post("/api/orders/:number/units/:unitId/accept").handler(ctx -> unitAction(ctx, Set.of(),
                (n, u, body) -> service.accept(n, u)));
        router.post("/api/orders/:number/units/:unitId/reply").handler(ctx -> unitAction(ctx, Set.of("reply"),
                (n, u, body) -> text(ctx, body, "reply", 2000).map(r -> service.reply(n, u, r)).orElse(null)));
        router.post("/api/orders/:number/units/:unitId/return").handler(ctx -> unitAction(ctx, Set.of("reason"),
                (n, u, body) -> text(ctx, body, "reason", 500).map(r -> service.returnToDesk(n, u, r))
                        .orElse(null)));
        router.post("/api/orders/:number/units/:unitId/close").handler(ctx -> unitAction(ctx, Set.of(),
                (n, u, body) -> service.close(n, u)));
        router.post("/api/orders/:number/units/:unitId/redispatch").handler(ctx -> unitAction(ctx, Set.of("toUnit"),
                (n, u, body) -> {
                    Object to = body.getValue("toUnit");
                    if (!(to instanceof String t) || !UNIT_ID.matcher(t).matches()) {
                        badRequest(ctx, "toUnit: expected a unit id of 1-64 letters, digits, '.', '_' or '-', got "
                                + to);
                        return null;
                    }
                    if (!known(ctx, "toUnit", List.of(t))) {
                        return null;
                    }
                    return service.redispatch(n, u, t);
                }));
        router.post("/api/orders/:number/units").handler(ctx -> withNumber(ctx, n -> {
            JsonObject body = body(ctx, Set.of("unitId", "lead"));
            if (body == null) {
                return;
            }
            if (!(body.getValue("unitId") instanceof String u) || !UNIT_ID.matcher(u).matches()) {
                badRequest(ctx, "unitId: expected a unit id of 1-64 letters, digits, '.', '_' or '-', got "
                        + body.getValue("unitId"));
                return;
            }
            Object lead = body.getValue("lead");
            if (lead != null && !(lead instanceof Boolean)) {
                badRequest(ctx, "lead: expected true (the new unit leads, 主办) or false (it assists, 协办), got " + lead);
                return;
            }
            if (known(ctx, "unitId", List.of(u))) {
                answer(ctx, service.addUnit(n, u, Boolean.TRUE.equals(lead)));
            }
        }));
        router.get("/api/orders").handler(ctx -> {
            java.time.Instant from = instant(ctx, "from");
            java.time.Instant to = from == null ? null : instant(ctx, "to");
            Integer limit = to == null ? null : limit(ctx);
            if (limit == null) {
                return;
            }
            String district = ctx.queryParams().get("district");
            if (district != null && (district.isBlank() || district.length() > 64)) {
                badRequest(ctx, "district: expected a district name of at most 64 characters");
                return;
            }
            orders(ctx, service.submittedBetween(from, to, district, limit));
        });
        router.get("/api/desk/orders").handler(ctx -> {
            Integer limit = limit(ctx);
            if (limit != null) {
                orders(ctx, service.deskOrders(limit));
            }
        });
        router.get("/api/callers/:phone/orders").handler(ctx -> {
            String phone = ctx.pathParam("phone");
            if (!CALLER_DIGITS.matcher(phone).matches()) {
                badRequest(ctx, "phone: expected 3-20 digits, got \"" + phone + "\"");
                return;
            }
            Integer limit = limit(ctx);
            if (limit != null) {
                orders(ctx, service.callerOrders(phone, limit));
            }
        });
        router.post("/api/orders/:number/callback").handler(ctx -> withNumber(ctx, n -> {
            hotline.orders.lifecycle.CallbackResult result = JsonReplies.callbackResult(ctx);
            if (result != null) {
                answer(ctx, service.recordCallback(n, result));
            }
        }));
        router.get("/api/callbacks").handler(ctx -> {
            Integer limit = limit(ctx);
            if (limit != null) {
                orders(ctx, service.pendingCallbacks(limit));
            }
        });
        router.get("/api/units/:unitId/orders").handler(ctx -> withUnit(ctx, u -> {
            Integer limit = limit(ctx);
            if (limit != null) {
                orders(ctx, service.unitOrders(u, limit));
            }
        }));
        router.get("/api/units/:unitId/rates").handler(ctx -> withUnit(ctx, u -> service.standing(u).onComplete(ar -> {
            if (ar.failed()) {
                JsonReplies.storeUnavailable(ctx, ar.cause());
            } else {
                json(ctx, 200, toJson(ar.result().rates()).put("rankedUnits", ar.result().rankedUnits()));
            }
        })));
        router.get("/api/ranking").handler(ctx -> service.ranking().onComplete(ar -> {
            if (ar.failed()) {
                JsonReplies.storeUnavailable(ctx, ar.cause());
            } else {
                JsonArray units = new JsonArray();
                ar.result().forEach(r -> units.add(toJson(r)));
                json(ctx, 200, new JsonObject().put("units", units));
            }
        }));
        router.get("/ws/units/:unitId").handler(ctx -> withUnit(ctx, u -> ctx.request().toWebSocket()
                .onSuccess(ws -> feed.addUnit(u, ws, masked(ctx)))
                .onFailure(err -> log.debug("unitId={} WebSocket upgrade failed: {}", u, err.getMessage()))));
        router.get("/ws/desk").handler(ctx -> ctx.request().toWebSocket().onSuccess(feed::addDesk)
                .onFailure(err -> log.debug("desk WebSocket upgrade failed: {}", err.getMessage())));
    }

    private void submit(RoutingContext ctx) {
        JsonObject body = body(ctx, OrderRequestParser.FIELDS);
        if (body == null) {
            return;
        }
        OrderRequestParser.Parsed parsed = OrderRequestParser.parse(body);
        if (parsed instanceof OrderRequestParser.Parsed.Invalid invalid) {
            badRequest(ctx, invalid.message());
            return;
        }
        OrderRequestParser.Parsed.Valid valid = (OrderRequestParser.Parsed.Valid) parsed;
        if (!known(ctx, "unitIds", valid.request().unitIds())) {
            return;
        }
        String id = valid.requestId() != null ? valid.requestId() : UUID.randomUUID().toString();
        service.submit(id, valid.request()).onComplete(ar -> {
            if (ar.failed()) {
                JsonReplies.storeUnavailable(ctx, ar.cause());
            } else {
                if (ar.result().reusedWithOtherBody()) {
                    error(ctx, 409, "REQUEST_ID_REUSED", "requestId " + id + " already submitted order "
                            + ar.result().order().number() + " with a different body; use a new requestId for a new"
                            + " order, or POST /api/orders/" + ar.result().order().number() + "/amend to change it");
                    return;
                }
                json(ctx, ar.result().created() ? 201 : 200, view(ctx, ar.result().order()));
            }
        });
    }

    // 修改工单: the whole request as amended (the fields of a submit; requestId ignored), by the session's user
    private void amend(RoutingContext ctx, String number) {
        JsonObject body = body(ctx, OrderRequestParser.FIELDS);
        if (body == null) {
            return;
        }
        OrderRequestParser.Parsed parsed = OrderRequestParser.parse(body);
        if (parsed instanceof OrderRequestParser.Parsed.Invalid invalid) {
            badRequest(ctx, invalid.message());
            return;
        }
        String user = hotline.server.web.WebRoutes.user(ctx);
        answer(ctx, service.amend(number, ((OrderRequestParser.Parsed.Valid) parsed).request(),
                user == null ? "api" : user));
    }

    private interface UnitAction {
        /** Returns null when it already answered (a bad request). */
        Future<Result> apply(String number, String unitId, JsonObject body);
    }

    private void unitAction(RoutingContext ctx, Set<String> allowed, UnitAction action) {
        withNumber(ctx, n -> withUnit(ctx, u -> {
            JsonObject body = body(ctx, allowed);
            if (body == null) {
                return;
            }
            Future<Result> result = action.apply(n, u, body);
            if (result != null) {
                answer(ctx, result);
            }
        }));
    }

    static void answer(RoutingContext ctx, Future<Result> result) {
        result.onComplete(ar -> {
            if (ar.failed()) {
                JsonReplies.storeUnavailable(ctx, ar.cause());
                return;
            }
            Result r = ar.result();
            if (r instanceof Result.Done d) {
                json(ctx, 200, view(ctx, d.order()));
            } else if (r instanceof Result.Refused refused) {
                error(ctx, 409, refused.reason().name(), refused.detail());
            } else if (r instanceof Result.NotFound nf) {
                error(ctx, 404, "NOT_FOUND", "no order " + nf.number());
            } else if (r instanceof Result.Conflict c) {
                error(ctx, 409, "CONFLICT", "order " + c.number() + " is being changed concurrently; retry");
            }
        });
    }

    private static void orders(RoutingContext ctx, Future<List<WorkOrder>> orders) {
        orders.onComplete(ar -> {
            if (ar.failed()) {
                JsonReplies.storeUnavailable(ctx, ar.cause());
            } else {
                JsonArray list = new JsonArray();
                ar.result().forEach(o -> list.add(view(ctx, o)));
                json(ctx, 200, new JsonObject().put("orders", list));
            }
        });
    }

    private static boolean masked(RoutingContext ctx) {
        return Boolean.TRUE.equals(ctx.get(PhoneMask.CONTEXT_KEY));
    }

    /** The order as the request's user may see it: callers' numbers masked for a unit's session. */
    static JsonObject view(RoutingContext ctx, WorkOrder order) {
        JsonObject json = OrderJson.toJson(order);
        return masked(ctx) ? PhoneMask.maskOrder(json) : json;
    }

    static void withNumber(RoutingContext ctx, java.util.function.Consumer<String> then) {
        String number = ctx.pathParam("number");
        if (OrderNumber.parse(number).isEmpty()) {
            badRequest(ctx, "number: expected an order number yyyyMMdd-NNNNNN, got \"" + number + "\"");
            return;
        }
        then.accept(number);
    }

    static void withUnit(RoutingContext ctx, java.util.function.Consumer<String> then) {
        String unit = ctx.pathParam("unitId");
        if (!UNIT_ID.matcher(unit).matches()) {
            badRequest(ctx, "unitId: expected 1-64 letters, digits, '.', '_' or '-', got \"" + unit + "\"");
            return;
        }
        then.accept(unit);
    }

    private static java.time.Instant instant(RoutingContext ctx, String param) {
        String v = ctx.queryParams().get(param);
        try {
            return java.time.Instant.parse(v == null ? "" : v);
        } catch (java.time.format.DateTimeParseException e) {
            badRequest(ctx, param + ": expected an instant such as 2026-12-01T01:00:00Z, got " + v);
            return null;
        }
    }

    private static Integer limit(RoutingContext ctx) {
        String param = ctx.queryParams().get("limit");
        int limit;
        try {
            limit = param == null ? 50 : Integer.parseInt(param);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 500) {
            badRequest(ctx, "limit: expected a whole number 1..500, got " + param);
            return null;
        }
        return limit;
    }

    private static java.util.Optional<String> text(RoutingContext ctx, JsonObject body, String field, int max) {
        Object v = body.getValue(field);
        if (!(v instanceof String s) || s.isBlank() || s.length() > max) {
            badRequest(ctx, field + ": expected a non-empty text of at most " + max + " characters");
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(s);
    }

    static JsonObject toJson(UnitRates r) {
        return new JsonObject().put("unitId", r.unitId()).put("rank", r.rank()).put("score", r.score() / 100.0)
                .put("response", rate(r.response())).put("resolution", rate(r.resolution()))
                .put("satisfaction", rate(r.satisfaction()));
    }

    private static JsonObject rate(Rate r) {
        return new JsonObject().put("numerator", r.numerator()).put("denominator", r.denominator())
                .put("percent", r.defined() ? r.basisPoints() / 100.0 : null);
    }

}
