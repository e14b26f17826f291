package hotline.server.http;

import static hotline.server.http.JsonReplies.badRequest;
import static hotline.server.http.JsonReplies.body;
import static hotline.server.http.JsonReplies.error;
import static hotline.server.http.JsonReplies.json;

import hotline.config.SeatsConfig;
import hotline.routing.acd.AgentInfo;
import hotline.routing.acd.AgentStatus;
import hotline.server.call.CallController;
import hotline.telephony.ami.AmiCallSpy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listen / whisper / barge: a supervisor joins an agent's live call from the supervisor's own seat (Asterisk ChanSpy,
 * {@link AmiCallSpy}). A supervisor operation: under {@code /api/supervisor/} (supervisors and admins only when login
 * is required) and audited (an INFO {@code audit} line as the ACD's supervisor operations).
 * <pre>
 * POST /api/supervisor/agents/{agentId}/spy {"supervisorId":"super","seat":"1010","mode":"listen|whisper|barge"}
 *      -> 202 {"audited":true,"agentId","agentSeat","seat","mode","callId"} the supervisor's seat rings
 *      | 400 bad field | 404 UNKNOWN_AGENT | 409 NOT_ON_CALL | 502 TELEPHONY (Asterisk refused the Originate)
 * </pre>
 * Handlers run on the hotline verticle's context.
 */
public final class SpyApi {
    private static final Logger log = LoggerFactory.getLogger(SpyApi.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    private SpyApi() {
    }

    /** Adds the route. */
    public static void mount(Router router, Vertx vertx, CallController controller, AmiCallSpy spy,
                             SeatsConfig seats) {
        router.post("/api/supervisor/agents/:agentId/spy").handler(ctx -> spy(ctx, vertx, controller, spy, seats));
    }

    private static void spy(RoutingContext ctx, Vertx vertx, CallController controller, AmiCallSpy spy,
                            SeatsConfig seats) {
        String agentId = ctx.pathParam("agentId");
        if (!ID.matcher(agentId).matches()) {
            badRequest(ctx, "agentId: expected 1-32 letters, digits, '.', '_' or '-', got \"" + agentId + "\"");
            return;
        }
        JsonObject body = body(ctx, Set.of("supervisorId", "seat", "mode"));
        if (body == null) {
            return;
        }
        if (!(body.getValue("supervisorId") instanceof String supervisor) || !ID.matcher(supervisor).matches()) {
            badRequest(ctx, "supervisorId: expected 1-32 letters, digits, '.', '_' or '-', got "
                    + body.getValue("supervisorId"));
            return;
        }
        Optional<AmiCallSpy.Mode> mode = body.getValue("mode") instanceof String m ? AmiCallSpy.Mode.of(m)
                : Optional.empty();
        if (mode.isEmpty()) {
            badRequest(ctx, "mode: expected listen, whisper or barge, got " + body.getValue("mode"));
            return;
        }
        String seat = body.getValue("seat") instanceof String s ? s : null;
        if (seat == null || !seats.isSeat(seat)) {
            badRequest(ctx, "seat: the supervisor's own seat, one of the configured seats " + seats.first() + ".."
                    + (seats.first() + seats.count() - 1) + " as a string, got " + body.getValue("seat"));
            return;
        }
        Optional<AgentInfo> agent = controller.agents().stream().filter(a -> a.agentId().equals(agentId)).findFirst();
        if (agent.isEmpty()) {
            error(ctx, 404, "UNKNOWN_AGENT", "agent " + agentId + " is not logged in");
            return;
        }
        AgentInfo a = agent.get();
        if (a.status() != AgentStatus.ON_CALL) {
            error(ctx, 409, "NOT_ON_CALL", "agent " + agentId + " is " + a.status() + ", not on a call");
            return;
        }
        if (a.seat().equals(seat)) {
            badRequest(ctx, "seat: " + seat + " is the agent's own seat; give the supervisor's seat");
            return;
        }
        log.info("audit supervisorId={} action=spy-{} subject={} seat={} agentSeat={} callId={}", supervisor,
                mode.get().id(), agentId, seat, a.seat(), a.callId());
        Future.fromCompletionStage(spy.spy(seat, a.seat(), mode.get()), vertx.getOrCreateContext())
                .onSuccess(v -> json(ctx, 202, new JsonObject().put("audited", true).put("agentId", agentId)
                        .put("agentSeat", a.seat()).put("seat", seat).put("mode", mode.get().id())
                        .put("callId", a.callId())))
                .onFailure(err -> {
                    log.warn("supervisorId={} spy on agentId={} failed: {}", supervisor, agentId, err.getMessage());
                    error(ctx, 502, "TELEPHONY", "the pbx refused the spy call: " + err.getMessage());
                });
    }
}
