package hotline.server.desk;

import static hotline.server.http.JsonReplies.badRequest;
import static hotline.server.http.JsonReplies.body;
import static hotline.server.http.JsonReplies.error;
import static hotline.server.http.JsonReplies.json;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's typed drafts per call and the unsubmitted calls ({@link RedisDeskDrafts}).
 *
 * <pre>
 * PUT  /api/agents/{agentId}/drafts/{callId}   {"draft":{"summary":"..",..},"edited":["summary"],"callerNumber":".."}
 *                                                                -> 200 record (the first save opens it: unsubmitted)
 * GET  /api/agents/{agentId}/drafts/{callId}                     -> 200 record | 404
 * GET  /api/agents/{agentId}/drafts                              -> 200 {"drafts":[open record...]} (未提交工单)
 * POST /api/agents/{agentId}/drafts/{callId}/dismiss {"reason":"咨询已当场答复"} -> 200 record | 404 | 409
 * GET  /api/supervisor/drafts                                    -> 200 {"drafts":[every agent's open record...]}
 * </pre>
 * A record: {@code {"callId","agentId","callerNumber","state":"open|submitted|dismissed","draft":{..},"edited":[..],
 * "openedAt","savedAt","order"?,"reason"?}}. Submitting an order with the call's {@code callId} closes its draft
 * (the hotline verticle tells {@link RedisDeskDrafts#submitted}).
 */
public final class DeskDraftsApi {
    private static final Logger log = LoggerFactory.getLogger(DeskDraftsApi.class);
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_.-]{1,96}");
    /** The draft's fields (the desktop form's names) and the longest value each may have. */
    private static final java.util.Map<String, Integer> FIELDS = java.util.Map.of("callerName", 64, "phone", 20,
            "district", 64, "street", 64, "community", 64, "category", 64, "urgency", 8, "summary", 2000,
            "unitIds", 300);

    private final RedisDeskDrafts drafts;

    public DeskDraftsApi(RedisDeskDrafts drafts) {
        this.drafts = drafts;
    }

    public void mount(Router router) {
        router.put("/api/agents/:agentId/drafts/:callId").handler(this::save);
        router.get("/api/agents/:agentId/drafts/:callId").handler(ctx -> withIds(ctx, (agent, call) ->
                reply(ctx, drafts.find(call).map(o -> o.filter(r -> agent.equals(r.getString("agentId")))),
                        "no draft of agent " + agent + " for call " + call)));
        router.get("/api/agents/:agentId/drafts").handler(ctx -> {
            String agent = ctx.pathParam("agentId");
            if (!AGENT_ID.matcher(agent).matches()) {
                badRequest(ctx, "agentId: expected 1-32 letters, digits, '.', '_' or '-', got \"" + agent + "\"");
                return;
            }
            list(ctx, drafts.open(agent, 100));
        });
        router.post("/api/agents/:agentId/drafts/:callId/dismiss").handler(ctx -> withIds(ctx, (agent, call) -> {
            JsonObject body = body(ctx, Set.of("reason"));
            if (body == null) {
                return;
            }
            if (!(body.getValue("reason") instanceof String reason) || reason.isBlank() || reason.length() > 200) {
                badRequest(ctx, "reason: expected a non-empty text of at most 200 characters (why no order is"
                        + " written for the call), got " + body.getValue("reason"));
                return;
            }
            drafts.find(call).onComplete(ar -> {
                if (ar.failed()) {
                    hotline.server.http.JsonReplies.storeUnavailable(ctx, ar.cause());
                } else if (ar.result().isEmpty() || !agent.equals(ar.result().get().getString("agentId"))) {
                    error(ctx, 404, "NOT_FOUND", "no draft of agent " + agent + " for call " + call);
                } else if (!"open".equals(ar.result().get().getString("state"))) {
                    error(ctx, 409, "WRONG_STATE", "the draft of call " + call + " is "
                            + ar.result().get().getString("state") + ", not open");
                } else {
                    log.info("callId={} agentId={} unsubmitted draft dismissed: {}", call, agent, reason.strip());
                    reply(ctx, drafts.dismiss(call, reason.strip(), agent), "no draft for call " + call);
                }
            });
        }));
        router.get("/api/supervisor/drafts").handler(ctx -> list(ctx, drafts.allOpen(200)));
    }

    private void save(RoutingContext ctx) {
        withIds(ctx, (agent, call) -> {
            JsonObject body = body(ctx, Set.of("draft", "edited", "callerNumber"));
            if (body == null) {
                return;
            }
            List<String> problems = new ArrayList<>();
            JsonObject draft = new JsonObject();
            if (!(body.getValue("draft") instanceof JsonObject d)) {
                problems.add("draft: expected an object of the form's fields " + new java.util.TreeSet<>(FIELDS.keySet())
                        + ", got " + body.getValue("draft"));
            } else {
                d.forEach(e -> {
                    Integer max = FIELDS.get(e.getKey());
                    if (max == null) {
                        problems.add("draft." + e.getKey() + ": unknown field (allowed: "
                                + new java.util.TreeSet<>(FIELDS.keySet()) + ")");
                    } else if (!(e.getValue() instanceof String v) || v.length() > max) {
                        problems.add("draft." + e.getKey() + ": expected a text of at most " + max + " characters");
                    } else {
                        draft.put(e.getKey(), v);
                    }
                });
            }
            List<String> edited = new ArrayList<>();
            Object e = body.getValue("edited", new JsonArray());
            if (!(e instanceof JsonArray a) || a.stream().anyMatch(x -> !(x instanceof String s)
                    || !FIELDS.containsKey(s))) {
                problems.add("edited: expected a list of the form's field names, got " + e);
            } else {
                a.forEach(x -> edited.add((String) x));
            }
            Object number = body.getValue("callerNumber");
            if (number != null && (!(number instanceof String n) || !n.matches("[0-9+*#]{0,32}"))) {
                problems.add("callerNumber: expected up to 32 digits, got " + number);
            }
            if (!problems.isEmpty()) {
                badRequest(ctx, String.join("; ", problems));
                return;
            }
            drafts.save(agent, call, (String) number, draft, edited).onComplete(ar -> {
                if (ar.failed()) {
                    hotline.server.http.JsonReplies.storeUnavailable(ctx, ar.cause());
                } else {
                    json(ctx, 200, ar.result());
                }
            });
        });
    }

    private interface Ids {
        void accept(String agentId, String callId);
    }

    private static void withIds(RoutingContext ctx, Ids then) {
        String agent = ctx.pathParam("agentId");
        String call = ctx.pathParam("callId");
        if (!AGENT_ID.matcher(agent).matches()) {
            badRequest(ctx, "agentId: expected 1-32 letters, digits, '.', '_' or '-', got \"" + agent + "\"");
        } else if (!CALL_ID.matcher(call).matches()) {
            badRequest(ctx, "callId: expected 1-96 letters, digits, '.', '_' or '-', got \"" + call + "\"");
        } else {
            then.accept(agent, call);
        }
    }

    private static void reply(RoutingContext ctx, Future<java.util.Optional<JsonObject>> found, String missing) {
        found.onComplete(ar -> {
            if (ar.failed()) {
                hotline.server.http.JsonReplies.storeUnavailable(ctx, ar.cause());
            } else if (ar.result().isEmpty()) {
                error(ctx, 404, "NOT_FOUND", missing);
            } else {
                json(ctx, 200, ar.result().get());
            }
        });
    }

    private static void list(RoutingContext ctx, Future<List<JsonObject>> all) {
        all.onComplete(ar -> {
            if (ar.failed()) {
                hotline.server.http.JsonReplies.storeUnavailable(ctx, ar.cause());
            } else {
                json(ctx, 200, new JsonObject().put("drafts", new JsonArray(new ArrayList<>(ar.result()))));
            }
        });
    }
}
