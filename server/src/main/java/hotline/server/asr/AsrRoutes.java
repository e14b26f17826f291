package hotline.server.asr;

import static hotline.server.http.JsonReplies.json;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent desktop's live transcript and the transcription endpoints, mounted on the HTTP API's router.
 * <pre>
 * GET /ws/agents/{agentId}            WebSocket: text frames, one JSON message per partial or final of the calls
 *                                     this agent answers ({"type":"partial"|"final","callId",..}) and the
 *                                     call's live draft ({"type":"draft","callId",..,"seq":n, the fields of
 *                                     POST /api/drafts}), and {"type":"untranscribed","callId","speaker",
 *                                     "reason"(,"language","detail")} when a speaker is not (or no longer)
 *                                     transcribed (reason no_model: the call's language has no model), after a
 *                                     {"type":"hello","agentId":..} frame
 * GET /api/calls/{callId}/transcript  200 {"callId":..,"utterances":[final...]} (empty list when none), and
 *                                     "untranscribed":{"caller":{"reason","at",..},"agent":..} when a speaker
 *                                     was left out
 *                                     (no capacity, pushed out by a more important call, no worker, a failure,
 *                                     no model for the call's language)
 * GET /api/calls/{callId}/draft       200 the call's latest draft message; 404 NOT_FOUND when none yet
 * GET /api/asr                        200 transcription status, default language, each language's model
 *                                     status, capacity, counters, live streams
 * </pre>
 * Handlers run on the hotline verticle's context.
 */
public final class AsrRoutes {
    private static final Logger log = LoggerFactory.getLogger(AsrRoutes.class);
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Event-bus address told the agent id of every desktop socket that opens (after its hello frame). */
    public static final String SOCKET_OPENED = "hotline.agent.socket-opened";

    private AsrRoutes() {
    }

    /** Adds the routes (before the router's catch-all 404, which is ordered last). */
    public static void mount(Router router, Vertx vertx, LiveTranscription transcription, TranscriptStore store) {
        router.get("/ws/agents/:agentId").handler(ctx -> agentSocket(ctx, vertx));
        router.get("/api/calls/:callId/transcript").handler(ctx -> transcript(ctx, store));
        router.get("/api/calls/:callId/draft").handler(ctx -> draft(ctx, store));
        router.get("/api/asr").handler(ctx -> json(ctx, 200, transcription.stats()));
    }

    private static void agentSocket(RoutingContext ctx, Vertx vertx) {
        String agentId = ctx.pathParam("agentId");
        if (!AGENT_ID.matcher(agentId).matches()) {
            json(ctx, 400, new JsonObject().put("code", "BAD_REQUEST")
                    .put("error", "agentId: expected 1-32 letters, digits, '.', '_' or '-'"));
            return;
        }
        ctx.request().toWebSocket().onSuccess(ws -> {
            MessageConsumer<String> consumer = vertx.eventBus().consumer(LiveTranscription.agentAddress(agentId),
                    msg -> {
                        if (!ws.isClosed()) {
                            ws.writeTextMessage(msg.body());
                        }
                    });
            ws.closeHandler(v -> consumer.unregister());
            ws.exceptionHandler(e -> log.debug("agentId={} transcript socket: {}", agentId, e.toString()));
            consumer.completion().onComplete(ar -> {
                ws.writeTextMessage(new JsonObject().put("type", "hello").put("agentId", agentId).encode());
                // a (re)connected desktop gets the agent's current state at once (AgentEvents answers)
                vertx.eventBus().publish(SOCKET_OPENED, agentId);
            });
            log.info("agentId={} transcript socket open from {}", agentId, ws.remoteAddress());
        }).onFailure(err -> {
            if (!ctx.response().ended()) {
                json(ctx, 400, new JsonObject().put("code", "BAD_REQUEST")
                        .put("error", "expected a WebSocket upgrade: " + err.getMessage()));
            }
        });
    }

    private static void transcript(RoutingContext ctx, TranscriptStore store) {
        String callId = ctx.pathParam("callId");
        if (!CALL_ID.matcher(callId).matches()) {
            json(ctx, 400, new JsonObject().put("code", "BAD_REQUEST")
                    .put("error", "callId: expected 1-64 letters, digits, '_' or '-'"));
            return;
        }
        var utterances = store.transcript(callId);
        var status = store.status(callId);
        io.vertx.core.Future.all(utterances, status).onComplete(ar -> {
            if (ar.failed()) {
                json(ctx, 503, new JsonObject().put("code", "STORE_UNAVAILABLE")
                        .put("error", "transcript store unavailable: " + ar.cause().getMessage()));
            } else {
                JsonObject out = new JsonObject().put("callId", callId)
                        .put("utterances", new JsonArray(utterances.result()));
                if (!status.result().isEmpty()) {
                    out.put("untranscribed", status.result());
                }
                json(ctx, 200, out);
            }
        });
    }

    private static void draft(RoutingContext ctx, TranscriptStore store) {
        String callId = ctx.pathParam("callId");
        if (!CALL_ID.matcher(callId).matches()) {
            json(ctx, 400, new JsonObject().put("code", "BAD_REQUEST")
                    .put("error", "callId: expected 1-64 letters, digits, '_' or '-'"));
            return;
        }
        store.draft(callId).onComplete(ar -> {
            if (ar.failed()) {
                json(ctx, 503, new JsonObject().put("code", "STORE_UNAVAILABLE")
                        .put("error", "draft store unavailable: " + ar.cause().getMessage()));
            } else if (ar.result().isEmpty()) {
                json(ctx, 404, new JsonObject().put("code", "NOT_FOUND")
                        .put("error", "no draft for call " + callId
                                + " (not transcribed, or the caller has said nothing yet)"));
            } else {
                json(ctx, 200, ar.result().get());
            }
        });
    }
}
