package hotline.server.http;

import hotline.routing.ivr.IvrStats;
import hotline.server.ivr.IvrMonitor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The front-door menu's live view and figures.
 *
 * <pre>
 * GET /api/ivr   -> 200 {"active":[{"uniqueId","node","listening","since","started"}...],
 *                        "stats":{"sessions","toAgent","selfServed","hungUp","averageMs",
 *                                 "nodes":{"&lt;node&gt;":{"visits","spentMs","hangups"}}}}
 * </pre>
 */
public final class IvrApi {

    private IvrApi() {
    }

    /** Adds the routes to {@code router}. */
    public static void mount(Router router, IvrMonitor monitor) {
        router.get("/api/ivr").handler(ctx -> {
            JsonArray active = new JsonArray();
            monitor.active().forEach(a -> active.add(new JsonObject().put("uniqueId", a.uniqueId())
                    .put("node", a.node()).put("listening", a.listening()).put("since", a.since().toString())
                    .put("started", a.started().toString())));
            IvrStats.Snapshot s = monitor.stats();
            JsonObject nodes = new JsonObject();
            s.nodes().forEach((id, n) -> nodes.put(id, new JsonObject().put("visits", n.visits())
                    .put("spentMs", n.spent().toMillis()).put("hangups", n.hangups())));
            JsonObject stats = new JsonObject().put("sessions", s.sessions()).put("toAgent", s.toAgent())
                    .put("selfServed", s.selfServed()).put("hungUp", s.hungUp())
                    .put("averageMs", s.averageTime().toMillis()).put("nodes", nodes);
            ctx.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("active", active).put("stats", stats).encode());
        });
    }
}
