package hotline.server.http;

import static hotline.server.http.JsonReplies.badRequest;
import static hotline.server.http.JsonReplies.body;

import hotline.orders.lifecycle.OrderStatus;
import hotline.orders.lifecycle.RequestType;
import hotline.orders.lifecycle.UrgencyTier;
import hotline.orders.search.OrderFilter;
import hotline.orders.search.OrderQuery;
import hotline.server.orders.OrdersService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finding an order (查询工单) and what the agent desktop and the dispatch desk do to an open one: 催办, 补充诉求 and
 * reassigning any open part. Handlers run on the hotline verticle's context.
 *
 * <pre>
 * GET  /api/search/orders?q=&amp;status=&amp;unit=&amp;district=&amp;category=&amp;urgency=&amp;type=&amp;overdue=&amp;offset=0&amp;limit=20
 *        q: an order number, a caller's full number or address/request text (empty: any); status IN_PROGRESS,
 *        AT_DESK, CLOSED or open (not closed); overdue=true: a running part past its deadline
 *                                                  -> 200 {"orders":[...],"total":N,"offset":0,"limit":20,"kind":"PHONE"}
 * GET  /api/units/{unitId}/search?q=...           the same over the unit's own orders (a unit handler's; numbers masked)
 * POST /api/orders/{number}/urge        {"note":"..."}   催办 every unit still working on it  -> 200 order | 409
 * POST /api/orders/{number}/supplement  {"text":"..."}   补充诉求 to the open order           -> 200 order | 409
 * POST /api/orders/{number}/units/{unitId}/reassign {"toUnit":"..."}  any open part to another unit -> 200 order | 409
 * </pre>
 * Orders are listed open first by their earliest running deadline, then closed ones newest first
 * ({@link OrderFilter#ORDER}). A text (or no text) looks through the newest {@value #SCAN} orders (the open ones only
 * when the filter asks for open or overdue orders); a number or a caller's number is looked up in its index.
 */
public final class OrderSearchApi {
    /** How many of the newest orders a text search or the desk's list looks through. */
    static final int SCAN = 2000;
    private static final int MAX_PAGE = 100;
    private static final Pattern UNIT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z_]{0,39}");
    private static final Set<String> PARAMS = Set.of("q", "status", "unit", "district", "category", "urgency", "type",
            "overdue", "offset", "limit");

    private final OrdersService service;
    private final java.util.function.Supplier<hotline.server.orders.UnitDirectory> units;

    /** Without a unit directory: a reassignment's {@code toUnit} is checked for its form only (protocol tests). */
    public OrderSearchApi(OrdersService service) {
        this(service, null);
    }

    /** @param units the unit directory: a reassignment to a unit not in it answers 400 naming it */
    public OrderSearchApi(OrdersService service,
                          java.util.function.Supplier<hotline.server.orders.UnitDirectory> units) {
        this.service = service;
        this.units = units;
    }

    /** Adds the routes; call before the router serves (its catch-all 404 stays last). */
    public void mount(Router router) {
        router.get("/api/search/orders").handler(ctx -> search(ctx, null));
        router.get("/api/units/:unitId/search").handler(ctx -> OrdersApi.withUnit(ctx, u -> search(ctx, u)));
        router.post("/api/orders/:number/urge").handler(ctx -> OrdersApi.withNumber(ctx, n -> {
            JsonObject body = body(ctx, Set.of("note"));
            if (body == null) {
                return;
            }
            Object note = body.getValue("note", "");
            if (!(note instanceof String s) || s.length() > 500) {
                badRequest(ctx, "note: expected a text of at most 500 characters, got " + OrderRequestParser.show(note));
                return;
            }
            OrdersApi.answer(ctx, service.urge(n, s));
        }));
        router.post("/api/orders/:number/supplement").handler(ctx -> OrdersApi.withNumber(ctx, n -> {
            JsonObject body = body(ctx, Set.of("text"));
            if (body == null) {
                return;
            }
            Object text = body.getValue("text");
            if (!(text instanceof String s) || s.isBlank() || s.length() > 2000) {
                badRequest(ctx, "text: expected the caller's added information, a non-empty text of at most 2000"
                        + " characters, got " + OrderRequestParser.show(text));
                return;
            }
            OrdersApi.answer(ctx, service.supplement(n, s));
        }));
        router.post("/api/orders/:number/units/:unitId/reassign").handler(ctx -> OrdersApi.withNumber(ctx,
                n -> OrdersApi.withUnit(ctx, u -> {
                    JsonObject body = body(ctx, Set.of("toUnit"));
                    if (body == null) {
                        return;
                    }
                    if (!(body.getValue("toUnit") instanceof String to) || !UNIT_ID.matcher(to).matches()) {
                        badRequest(ctx, "toUnit: expected a unit id of 1-64 letters, digits, '.', '_' or '-', got "
                                + OrderRequestParser.show(body.getValue("toUnit")));
                        return;
                    }
                    if (OrdersApi.known(ctx, units, "toUnit", List.of(to))) {
                        OrdersApi.answer(ctx, service.reassign(n, u, to));
                    }
                })));
    }

    private void search(RoutingContext ctx, String unitScope) {
        var p = ctx.queryParams();
        for (String name : p.names()) {
            if (!PARAMS.contains(name)) {
                badRequest(ctx, name + ": unknown parameter (allowed: " + new java.util.TreeSet<>(PARAMS) + ")");
                return;
            }
        }
        OrderQuery query;
        try {
            query = OrderQuery.parse(p.get("q"));
        } catch (IllegalArgumentException e) {
            badRequest(ctx, e.getMessage());
            return;
        }
        if (unitScope != null && query.kind() == OrderQuery.Kind.PHONE) {
            badRequest(ctx, "q: a unit searches its orders by order number or address text; callers' numbers are"
                    + " masked for units");
            return;
        }
        String statusText = p.get("status");
        OrderStatus status = null;
        boolean open = false;
        if ("open".equals(statusText)) {
            open = true;
        } else if (statusText != null && !statusText.isEmpty()) {
            try {
                status = OrderStatus.valueOf(statusText);
            } catch (IllegalArgumentException e) {
                badRequest(ctx, "status: expected open, IN_PROGRESS, AT_DESK or CLOSED, got \"" + statusText + "\"");
                return;
            }
        }
        String unit = blankToNull(p.get("unit"));
        if (unit != null && !UNIT_ID.matcher(unit).matches()) {
            badRequest(ctx, "unit: expected a unit id of 1-64 letters, digits, '.', '_' or '-', got \"" + unit + "\"");
            return;
        }
        String district = blankToNull(p.get("district"));
        if (district != null && district.length() > 64) {
            badRequest(ctx, "district: expected a district name of at most 64 characters");
            return;
        }
        String category = blankToNull(p.get("category"));
        if (category != null && !CATEGORY.matcher(category).matches()) {
            badRequest(ctx, "category: expected a category code such as \"noise\", got \"" + category + "\"");
            return;
        }
        String urgencyText = blankToNull(p.get("urgency"));
        UrgencyTier urgency = urgencyText == null ? null : UrgencyTier.fromCode(urgencyText).orElse(null);
        if (urgencyText != null && urgency == null) {
            badRequest(ctx, "urgency: expected one of 2h, 24h, 7d, 15d, got \"" + urgencyText + "\"");
            return;
        }
        String typeText = blankToNull(p.get("type"));
        RequestType type = typeText == null ? null : RequestType.fromCode(typeText).orElse(null);
        if (typeText != null && type == null) {
            badRequest(ctx, "type: expected one of consultation, help, complaint, report, suggestion, praise, got \""
                    + typeText + "\"");
            return;
        }
        String overdueText = p.get("overdue");
        if (overdueText != null && !overdueText.isEmpty() && !overdueText.equals("true")
                && !overdueText.equals("false")) {
            badRequest(ctx, "overdue: expected true or false, got \"" + overdueText + "\"");
            return;
        }
        Integer offset = number(ctx, "offset", 0, 0, 10_000);
        Integer limit = offset == null ? null : number(ctx, "limit", 20, 1, MAX_PAGE);
        if (limit == null) {
            return;
        }
        OrderFilter filter = new OrderFilter(query, status, open, unit, district, category, urgency, type,
                "true".equals(overdueText));
        service.search(filter, unitScope, SCAN, offset, limit).onComplete(ar -> {
            if (ar.failed()) {
                JsonReplies.storeUnavailable(ctx, ar.cause());
                return;
            }
            JsonArray orders = new JsonArray();
            ar.result().orders().forEach(o -> orders.add(OrdersApi.view(ctx, o).put("urges", o.urges())));
            JsonReplies.json(ctx, 200, new JsonObject().put("orders", orders).put("total", ar.result().total())
                    .put("offset", offset).put("limit", limit).put("kind", query.kind().name()));
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Integer number(RoutingContext ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParams().get(name);
        int n;
        try {
            n = v == null || v.isEmpty() ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            badRequest(ctx, name + ": expected a whole number " + min + ".." + max + ", got " + v);
            return null;
        }
        return n;
    }
}
