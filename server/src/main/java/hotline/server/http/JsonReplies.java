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

    /** Answers 400 {@code BAD_REQUEST}. */
    public static void badRequest(RoutingContext ctx, String message) {
        error(ctx, 400, "BAD_REQUEST", message);
    }

    /**
     * The request's JSON object body (empty if none), or null after answering 400 for a malformed body or a field
     * outside {@code allowed}.
     */
    public static JsonObject body(RoutingContext ctx, Set<String> allowed) {
        String text = ctx.body().asString();
        JsonObject body;
        if (text == null || text.isBlank()) {
            body = new JsonObject();
        } else {
            try {
                body = new JsonObject(text);
            } catch (DecodeException e) {
                badRequest(ctx, "body: expected a JSON object: " + e.getMessage());
                return null;
            } catch (ClassCastException e) {
                badRequest(ctx, "body: expected a JSON object");
                return null;
            }
        }
        for (String field : body.fieldNames()) {
            if (!allowed.contains(field)) {
                badRequest(ctx, field + ": unknown field (allowed: " + new TreeSet<>(allowed) + ")");
                return null;
            }
        }
        return body;
    }
}
