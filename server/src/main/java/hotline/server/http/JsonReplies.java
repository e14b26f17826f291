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
     * A citizen callback's result, the body {@code {"resolved": bool, "satisfied": bool}}; or null after answering
     * 400 (a malformed body, another field, a value that is not true or false).
     */
    public static CallbackResult callbackResult(RoutingContext ctx) {
        JsonObject body = body(ctx, Set.of("resolved", "satisfied"));
        if (body == null) {
            return null;
        }
        if (!(body.getValue("resolved") instanceof Boolean resolved)
                || !(body.getValue("satisfied") instanceof Boolean satisfied)) {
            badRequest(ctx, "resolved, satisfied: expected true or false each, got " + body.getValue("resolved")
                    + " and " + body.getValue("satisfied"));
            return null;
        }
        return new CallbackResult(resolved, satisfied);
    }

    /** What the citizen said on the follow-up callback. */
    public record CallbackResult(boolean resolved, boolean satisfied) {
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
