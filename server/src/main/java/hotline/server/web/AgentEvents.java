package hotline.server.web;

import hotline.dispatch.calls.CallStore;
import hotline.routing.acd.AgentInfo;
import hotline.server.asr.LiveTranscription;
import hotline.server.call.CallController;
import hotline.server.http.HttpApi;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes agent-state and screen-pop frames to each agent's desktop WebSocket ({@code /ws/agents/<agentId>}, which
 * {@code AsrRoutes} serves from the agent's event-bus address, beside the transcript frames).
 * <pre>
 * {"type":"agent","agent":{...as GET /api/agents...}}          the agent's state changed (LOGGED_OUT when gone)
 * {"type":"call","callId":..,"agentId":..,"fields":{...}}     a call was offered to the agent: the call record's
 *                                                              fields as GET /api/calls/{id} (callerNumber, ivr.*)
 * </pre>
 * The ACD has no agent-state listener, so this samples {@link CallController#agents()} every {@link #INTERVAL} and
 * sends what changed: a frame reaches the desktop at most that long after the change. A desktop socket that opens
 * (first time or reconnect) is sent the agent's current state (and screen pop) at once. Runs on the hotline verticle's
 * context (the controller's): call {@link #start()} there.
 */
public final class AgentEvents {
    private static final Logger log = LoggerFactory.getLogger(AgentEvents.class);
    /** How often the agents' states are compared. */
    public static final Duration INTERVAL = Duration.ofMillis(250);

    private final Vertx vertx;
    private final CallController controller;
    private final CallStore store;
    // State accessed exclusively from the hotline verticle's context
    private Map<String, AgentInfo> last = new HashMap<>();
    private long timer = -1;
    private io.vertx.core.eventbus.MessageConsumer<String> opened;

    public AgentEvents(Vertx vertx, CallController controller, CallStore store) {
        this.vertx = vertx;
        this.controller = controller;
        this.store = store;
    }

    /** Starts sampling (on the verticle's context). */
    public void start() {
        timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> tick());
        opened = vertx.eventBus().localConsumer(hotline.server.asr.AsrRoutes.SOCKET_OPENED,
                msg -> current(msg.body()));
    }

    // A desktop (re)connected: it missed the frames sent while it was away, so send the agent's state now (and the
    // screen pop of the call they are on).
    void current(String agentId) {
        AgentInfo a = controller.agents().stream().filter(x -> x.agentId().equals(agentId)).findFirst().orElse(null);
        if (a == null) {
            publish(agentId, new JsonObject().put("type", "agent")
                    .put("agent", new JsonObject().put("agentId", agentId).put("state", "LOGGED_OUT")));
            return;
        }
        publish(agentId, new JsonObject().put("type", "agent").put("agent", HttpApi.toJson(a)));
        if (a.callId() != null) {
            screenPop(a);
        }
    }

    /** Stops sampling. */
    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        if (opened != null) {
            opened.unregister();
            opened = null;
        }
    }

    void tick() {
        Map<String, AgentInfo> now = new HashMap<>();
        for (AgentInfo a : controller.agents()) {
            now.put(a.agentId(), a);
            AgentInfo before = last.get(a.agentId());
            if (!a.equals(before)) {
                publish(a.agentId(), new JsonObject().put("type", "agent").put("agent", HttpApi.toJson(a)));
            }
            if (a.callId() != null && (before == null || !a.callId().equals(before.callId()))) {
                screenPop(a);
            }
        }
        for (String gone : last.keySet()) {
            if (!now.containsKey(gone)) {
                publish(gone, new JsonObject().put("type", "agent")
                        .put("agent", new JsonObject().put("agentId", gone).put("state", "LOGGED_OUT")));
            }
        }
        last = now;
    }

    private void screenPop(AgentInfo a) {
        String callId = a.callId();
        store.find(callId).onComplete(ar -> {
            JsonObject frame = new JsonObject().put("type", "call").put("callId", callId).put("agentId", a.agentId());
            if (ar.succeeded() && ar.result().isPresent()) {
                frame.put("fields", new JsonObject(new TreeMap<String, Object>(ar.result().get().fields())));
            } else {
                // the pop still goes out: the desktop shows the call id and fetches the record itself
                log.warn("callId={} agentId={} screen pop without the call record: {}", callId, a.agentId(),
                        ar.failed() ? ar.cause().getMessage() : "not stored yet");
                frame.put("fields", new JsonObject());
            }
            publish(a.agentId(), frame);
        });
    }

    private void publish(String agentId, JsonObject frame) {
        vertx.eventBus().publish(LiveTranscription.agentAddress(agentId), frame.encode());
    }
}
