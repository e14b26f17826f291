package hotline.server.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * Who saw and changed what: one entry per request that reads an order or a call, changes anything, or opens a live
 * feed, and per login, logout and failed login. Entries carry who, what and the answer's status, never a request
 * body, a password, a session token or a hash. Called on the hotline verticle's context.
 */
public interface AuditLog {
    /** Appends {@code entry}; fire and forget (an implementation logs its own failures). */
    void record(Entry entry);

    /** The newest {@code limit} entries, newest first. */
    Future<List<Entry>> recent(int limit);

    /** Records nothing, remembers nothing (routers without a store, such as a protocol test's). */
    AuditLog NONE = new AuditLog() {
        @Override
        public void record(Entry entry) {
        }

        @Override
        public Future<List<Entry>> recent(int limit) {
            return Future.succeededFuture(List.of());
        }
    };

    /**
     * One audited request. {@code user}, {@code role} and {@code unit} are null when unknown (no session, or a failed
     * login's name that is not a valid user name); {@code path} is the normalized path, without the query.
     */
    record Entry(Instant at, String user, String role, String unit, String method, String path, int status) {
        /** The wire form ({@code GET /api/audit}). */
        public JsonObject toJson() {
            return new JsonObject().put("at", at.toString()).put("user", user).put("role", role).put("unit", unit)
                    .put("method", method).put("path", path).put("status", status);
        }
    }

    /**
     * Whether a request is worth an entry: every change (any method but GET, HEAD and OPTIONS) under {@code /api/},
     * every read of orders ({@code /api/orders...}, {@code /api/units/<u>/orders}, {@code /api/callbacks}), of calls
     * and their transcripts and drafts ({@code /api/calls...}), of the audit log itself, and every live feed opened
     * ({@code /ws/units/..}, {@code /ws/agents/..}, {@code /ws/desk}). Figures, states and the queue, which the
     * screens poll every few seconds, are not. Pure.
     */
    static boolean recorded(String method, String path) {
        if (path.startsWith("/ws/")) {
            return !path.equals("/ws/figures");
        }
        if (!path.startsWith("/api/")) {
            return false;
        }
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")) {
            return true;
        }
        return path.equals("/api/orders") || path.startsWith("/api/orders/") || path.equals("/api/callbacks")
                || path.equals("/api/calls") || path.startsWith("/api/calls/") || path.equals("/api/audit")
                || path.startsWith("/api/units/") && path.endsWith("/orders");
    }
}
