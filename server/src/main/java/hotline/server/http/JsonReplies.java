package hotline.server.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON replies every HTTP API of the server gives: bodies, and errors as
 * {@code {"error":"<what was wrong>","code":"<CODE>"}}. A response already ended is left alone.
 */
public final class JsonReplies {

    private JsonReplies() {
    }

    /** Answers {@code status} with a JSON text. */
    public static void json(RoutingContext ctx, int status, String body) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                    .end(body);
        }
    }

    /** Answers {@code status} with a JSON object. */
    public static void json(RoutingContext ctx, int status, JsonObject body) {
        json(ctx, status, body.encode());
    }

    /** Answers {@code status} with a JSON array. */
    public static void json(RoutingContext ctx, int status, JsonArray body) {
        json(ctx, status, body.encode());
    }

    /** Answers an error naming what was wrong. */
    public static void error(RoutingContext ctx, int status, String code, String message) {
        json(ctx, status, new JsonObject().put("error", message).put("code", code));
    }

    /** Answers 503 {@code STORE_UNAVAILABLE}: the order store failed (logged with the request). */
    public static void storeUnavailable(RoutingContext ctx, Throwable cause) {
        org.slf4j.LoggerFactory.getLogger(JsonReplies.class).error("HTTP {} {}: order store failed: {}",
                ctx.request().method(), ctx.request().path(), cause.getMessage());
        error(ctx, 503, "STORE_UNAVAILABLE", "order store unavailable: " + cause.getMessage());
    }

    /**
     * A follow-up call's result ({@link hotline.orders.lifecycle.CallbackResult}), the body
     * {@code {"contact":"reached|noAnswer|refused|wrongNumber","resolution":"resolved|unresolved",
     * "satisfaction":"satisfied|basic|unsatisfied","note":"..."}} (resolution and satisfaction exactly when reached),
     * or the earlier {@code {"resolved": bool, "satisfied": bool}} (a reached citizen, 满意 or 不满意); or null after
     * answering 400 naming what was wrong. Nothing is assumed: a missing answer is refused, never taken as yes.
     */
    public static hotline.orders.lifecycle.CallbackResult callbackResult(RoutingContext ctx) {
        JsonObject body = body(ctx, Set.of("resolved", "satisfied", "contact", "resolution", "satisfaction", "note"));
        if (body == null) {
            return null;
        }
        String problem = callbackProblem(body);
        if (problem != null) {
            badRequest(ctx, problem);
            return null;
        }
        return callbackOf(body);
    }

    /** What is wrong with a callback result body, or null. Pure. */
    public static String callbackProblem(JsonObject body) {
        if (!body.containsKey("contact")) {
            if (!(body.getValue("resolved") instanceof Boolean) || !(body.getValue("satisfied") instanceof Boolean)) {
                return "contact: expected one of reached, noAnswer, refused, wrongNumber (or resolved and satisfied"
                        + " as true or false each), got " + body.getValue("contact");
            }
            return null;
        }
        if (body.containsKey("resolved") || body.containsKey("satisfied")) {
            return "resolved, satisfied: not with contact (use resolution and satisfaction)";
        }
        var contact = body.getValue("contact") instanceof String c
                ? hotline.orders.lifecycle.CallbackResult.Contact.of(c) : null;
        if (contact == null) {
            return "contact: expected one of reached, noAnswer, refused, wrongNumber, got " + body.getValue("contact");
        }
        Object note = body.getValue("note");
        if (note != null && !(note instanceof String)) {
            return "note: expected text, got " + note;
        }
        if (note instanceof String n && n.strip().length() > hotline.orders.lifecycle.CallbackResult.NOTE_MAX) {
            return "note: at most " + hotline.orders.lifecycle.CallbackResult.NOTE_MAX + " characters, got "
                    + n.strip().length();
        }
        boolean reached = contact == hotline.orders.lifecycle.CallbackResult.Contact.REACHED;
        Object resolution = body.getValue("resolution");
        Object satisfaction = body.getValue("satisfaction");
        if (!reached) {
            return resolution != null || satisfaction != null
                    ? "resolution, satisfaction: only when the citizen was reached (contact " + contact.code() + ")"
                    : null;
        }
        if (!(resolution instanceof String r) || hotline.orders.lifecycle.CallbackResult.Resolution.of(r) == null) {
            return "resolution: expected resolved or unresolved, got " + resolution;
        }
        if (!(satisfaction instanceof String v)
                || hotline.orders.lifecycle.CallbackResult.Satisfaction.of(v) == null) {
            return "satisfaction: expected satisfied, basic or unsatisfied, got " + satisfaction;
        }
        return null;
    }

    private static hotline.orders.lifecycle.CallbackResult callbackOf(JsonObject body) {
        if (!body.containsKey("contact")) {
            return hotline.orders.lifecycle.CallbackResult.reached(
                    body.getBoolean("resolved") ? hotline.orders.lifecycle.CallbackResult.Resolution.RESOLVED
                            : hotline.orders.lifecycle.CallbackResult.Resolution.UNRESOLVED,
                    body.getBoolean("satisfied") ? hotline.orders.lifecycle.CallbackResult.Satisfaction.SATISFIED
                            : hotline.orders.lifecycle.CallbackResult.Satisfaction.UNSATISFIED, "");
        }
        return new hotline.orders.lifecycle.CallbackResult(
                hotline.orders.lifecycle.CallbackResult.Contact.of(body.getString("contact")),
                hotline.orders.lifecycle.CallbackResult.Resolution.of(body.getString("resolution")),
                hotline.orders.lifecycle.CallbackResult.Satisfaction.of(body.getString("satisfaction")),
                body.getString("note", ""));
    }

    /** Answers 400 {@code BAD_REQUEST}. */
    public static void badRequest(RoutingContext ctx, String message) {
        error(ctx, 400, "BAD_REQUEST", message);
    }

    /**
     * The request's JSON object body (empty if none), or null after answering 400 for a malformed body or a field
     * outside {@code allowed}.
     */
    public static JsonObject body(RoutingContext ctx, Set<String> allowed) {
        Body body = parse(ctx.body().asString(), allowed);
        if (body instanceof Body.Bad bad) {
            badRequest(ctx, bad.message());
            return null;
        }
        return ((Body.Ok) body).object();
    }

    /** A request body read as a JSON object. */
    public sealed interface Body permits Body.Ok, Body.Bad {
        /** The object (empty for an empty body). */
        record Ok(JsonObject object) implements Body {
        }

        /** What was wrong, naming the field or {@code body}. */
        record Bad(String message) implements Body {
        }
    }

    /**
     * {@code text} (null or blank: an empty object) as a JSON object with no field outside {@code allowed}. Pure;
     * never throws.
     */
    public static Body parse(String text, Set<String> allowed) {
        JsonObject body;
        if (text == null || text.isBlank()) {
            body = new JsonObject();
        } else {
            try {
                body = new JsonObject(text);
            } catch (DecodeException e) {
                String why = e.getMessage() == null ? "" : e.getMessage();
                int cut = why.indexOf(" at [Source"); // Jackson's location dump repeats the body
                return new Body.Bad("body: expected a JSON object: " + (cut > 0 ? why.substring(0, cut) : why));
            } catch (ClassCastException e) {
                return new Body.Bad("body: expected a JSON object");
            }
        }
        for (String field : body.fieldNames()) {
            if (!allowed.contains(field)) {
                return new Body.Bad(field + ": unknown field (allowed: " + new TreeSet<>(allowed) + ")");
            }
        }
        return new Body.Ok(body);
    }
}
