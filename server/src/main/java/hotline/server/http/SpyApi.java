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
 * GET  /api/supervisor/spies[?seat=1010]
 *      -> 200 {"spies":[{"id","supervisorId","seat","agentId","agentSeat","mode","callId",
 *                        "state":"ringing|connected|ended","since","endReason":null|"hung-up|call-ended|not-answered|refused"}]}
 * </pre>
 * The state follows the pbx's events ({@link SpyTracker}).
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
        mount(router, vertx, controller, spy, seats, new SpyTracker(java.time.Clock.systemUTC()));
    }

    /** Adds the routes; {@code tracker} is fed the pbx's events by the caller. */
    public static void mount(Router router, Vertx vertx, CallController controller, AmiCallSpy spy,
                             SeatsConfig seats, SpyTracker tracker) {
        router.post("/api/supervisor/agents/:agentId/spy").handler(ctx -> spy(ctx, vertx, controller, spy, seats,
                tracker));
        router.get("/api/supervisor/spies").handler(ctx -> {
            String seat = ctx.request().getParam("seat");
            io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
            tracker.all().stream().filter(s -> seat == null || s.seat().equals(seat))
                    .forEach(s -> list.add(s.toJson()));
            json(ctx, 200, new JsonObject().put("spies", list));
        });
    }

    private static void spy(RoutingContext ctx, Vertx vertx, CallController controller, AmiCallSpy spy,
                            SeatsConfig seats, SpyTracker tracker) {
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
        io.vertx.core.Context context = vertx.getOrCreateContext();
        AmiCallSpy.Mode m = mode.get();
        long id = tracker.started(supervisor, seat, agentId, a.seat(), m.id(), a.callId());
        hotline.telephony.ami.AmiClient.Originated originated;
        try {
            originated = spy.spyTracked(seat, a.seat(), m);
        } catch (RuntimeException e) {
            tracker.failed(seat, id, true);
            error(ctx, 502, "TELEPHONY", "the pbx refused the spy call: " + e.getMessage());
            return;
        }
        originated.answered().whenComplete((uniqueId, err) -> context.runOnContext(v -> {
            if (err == null) {
                log.info("supervisorId={} seat={} spy-{} on agentId={} connected", supervisor, seat, m.id(), agentId);
                tracker.answered(seat, id, uniqueId);
            } else {
                tracker.failed(seat, id, !originated.queued().isDone() || originated.queued().isCompletedExceptionally());
            }
        }));
        Future.fromCompletionStage(originated.queued(), context)
                .onSuccess(v -> json(ctx, 202, new JsonObject().put("audited", true).put("agentId", agentId)
                        .put("agentSeat", a.seat()).put("seat", seat).put("mode", m.id())
                        .put("callId", a.callId()).put("spyId", id)))
                .onFailure(err -> {
                    log.warn("supervisorId={} spy on agentId={} failed: {}", supervisor, agentId, err.getMessage());
                    error(ctx, 502, "TELEPHONY", "the pbx refused the spy call: " + err.getMessage());
                });
    }
}
