package hotline.server.call;

import hotline.dispatch.calls.CallStore;
import hotline.dispatch.calls.TimelineEntry;
import hotline.routing.AgentView;
import hotline.routing.OfferFailure;
import hotline.routing.Outcome;
import hotline.routing.Router;
import hotline.routing.RoutingEvent;
import hotline.telephony.CallControl;
import hotline.telephony.TelephonyEvent;
import hotline.telephony.TelephonyEvent.ChannelHungUp;
import hotline.telephony.TelephonyEvent.ChannelInfo;
import hotline.telephony.TelephonyEvent.ChannelRinging;
import hotline.telephony.TelephonyEvent.ChannelsSnapshot;
import hotline.telephony.TelephonyEvent.DialEnded;
import hotline.telephony.TelephonyEvent.DialStarted;
import hotline.telephony.TelephonyEvent.HangupRequested;
import hotline.telephony.agi.InboundCall;
import hotline.telephony.agi.InboundDecision;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the pieces of the call path: FastAGI (a call arrives), the {@link Router} (who takes it), AMI
 * (offer it to a seat, learn what happened) and the {@link CallStore} (the call's timeline).
 *
 * <p>State accessed exclusively from one Vert.x context (the hotline verticle's event loop): every entry
 * point must be called on that context. The FastAGI and AMI adapters hop onto it; see
 * {@link hotline.server.HotlineVerticle}. The {@link CallControl} given must complete its stages on that
 * context too ({@link ContextCallControl}).
 */
public final class CallController {
    private static final Logger log = LoggerFactory.getLogger(CallController.class);

    private final Router router;
    private final CallControl callControl;
    private final CallStore store;
    private final Clock clock;
    private final Map<String, Call> calls = new HashMap<>();
    private final Map<String, String> callByUniqueId = new HashMap<>();
    private final Map<String, String> callByAgentLeg = new HashMap<>();
    private CallObserver observer = CallObserver.NONE;

    public CallController(Router router, CallControl callControl, CallStore store, Clock clock) {
        this.router = router;
        this.callControl = callControl;
        this.store = store;
        this.clock = clock;
    }

    /** Sets who is told about answered and ended calls (live transcription). Call on the controller's context. */
    public void setObserver(CallObserver observer) {
        this.observer = observer == null ? CallObserver.NONE : observer;
    }

    /** One call the contact center is handling. */
    static final class Call {
        final String callId;
        final String uniqueId;
        final String channel;
        int seq;
        boolean agiDone;
        String pendingSeat;
        String offeredAgent;
        String offeredSeat;
        String agentUniqueId;
        boolean ringing;
        boolean connected;
        String endedBy;

        Call(String callId, String uniqueId, String channel) {
            this.callId = callId;
            this.uniqueId = uniqueId;
            this.channel = channel;
        }
    }

    // ------------------------------------------------------------------ inbound (FastAGI)

    /**
     * Registers an inbound call with routing and decides whether a seat rings at once.
     *
     * @throws IllegalStateException when the call cannot be taken (queue full, duplicate): the dialplan then
     *                               uses Asterisk's native fallback queue
     */
    public InboundDecision inbound(InboundCall in) {
        Instant now = clock.instant();
        if (callByUniqueId.containsKey(in.uniqueId())) {
            throw new IllegalStateException("uniqueid " + in.uniqueId() + " is already a call");
        }
        String callId = newCallId(now);
        Call call = new Call(callId, in.uniqueId(), in.channel());
        calls.put(callId, call);
        callByUniqueId.put(in.uniqueId(), callId);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("callId", callId);
        fields.put("uniqueId", in.uniqueId());
        fields.put("channel", in.channel());
        fields.put("callerNumber", in.callerIdNumber() == null ? "" : in.callerIdNumber());
        fields.put("dnid", in.dnid() == null ? "" : in.dnid());
        fields.put("state", "arrived");
        fields.put("arrivedAt", now.toString());
        record(call, "arrived", now, Map.of("uniqueId", in.uniqueId(), "channel", in.channel()), fields);
        log.info("callId={} uniqueid={} channel={} arrived", callId, in.uniqueId(), in.channel());

        Outcome outcome = router.callArrived(callId, now);
        if (outcome instanceof Outcome.Rejected r) {
            record(call, "fallback", now, Map.of("reason", r.reason().name()), Map.of("state", "fallback"));
            forget(call);
            throw new IllegalStateException("routing refused call " + callId + ": " + r.reason() + " " + r.detail());
        }
        apply(outcome.events());
        String seat = call.pendingSeat;
        call.pendingSeat = null;
        return new InboundDecision(callId, Optional.ofNullable(seat));
    }

    /** The FastAGI session is over: the caller's channel is back in the dialplan. */
    public void agiFinished(String callId, boolean ok) {
        Call call = calls.get(callId);
        if (call == null) {
            return;
        }
        call.agiDone = true;
        if (!ok) {
            log.warn("callId={} FastAGI session failed; waiting for Asterisk to report the channel's fate", callId);
            return;
        }
        if (call.pendingSeat != null) {
            String seat = call.pendingSeat;
            call.pendingSeat = null;
            offer(call, call.offeredAgent, seat);
        }
    }

    /** The AGI thread gave up waiting for {@link #inbound}: the caller went to the native fallback. */
    public void inboundTimedOut(String uniqueId) {
        String callId = callByUniqueId.get(uniqueId);
        if (callId == null) {
            return;
        }
        Call call = calls.get(callId);
        Instant now = clock.instant();
        log.warn("callId={} uniqueid={} decision too late, caller sent to the native fallback queue", callId, uniqueId);
        record(call, "fallback", now, Map.of("reason", "DECISION_TIMEOUT"), Map.of("state", "fallback"));
        apply(router.callEnded(callId, now).events());
        forget(call);
    }

    // ------------------------------------------------------------------ agents (HTTP API)

    /** Agent log-in at a seat. */
    public Outcome login(String agentId, String seat) {
        return applyOutcome(router.login(agentId, seat, clock.instant()));
    }

    /** Agent ready for calls. */
    public Outcome ready(String agentId) {
        return applyOutcome(router.ready(agentId, clock.instant()));
    }

    /** Agent not ready, with a reason code. */
    public Outcome notReady(String agentId, String reason) {
        return applyOutcome(router.notReady(agentId, reason, clock.instant()));
    }

    /** Agent log-out. */
    public Outcome logout(String agentId) {
        return applyOutcome(router.logout(agentId, clock.instant()));
    }

    /** All logged-in agents. */
    public List<AgentView> agents() {
        return router.agents();
    }

    /** Waiting call ids in queue order. */
    public List<String> queue() {
        return router.queue();
    }

    private Outcome applyOutcome(Outcome outcome) {
        apply(outcome.events());
        return outcome;
    }

    // ------------------------------------------------------------------ telephony events (AMI)

    /** An event from the contact center's Asterisk. */
    public void onTelephonyEvent(TelephonyEvent event) {
        if (event instanceof DialStarted d) {
            onDialStarted(d);
        } else if (event instanceof ChannelRinging r) {
            onRinging(r);
        } else if (event instanceof DialEnded d) {
            onDialEnded(d);
        } else if (event instanceof HangupRequested h) {
            onHangupRequested(h);
        } else if (event instanceof ChannelHungUp h) {
            onHungUp(h);
        } else if (event instanceof ChannelsSnapshot s) {
            onSnapshot(s);
        }
    }

    private void onDialStarted(DialStarted d) {
        Call call = callOf(d.uniqueId());
        if (call == null || call.offeredSeat == null || d.destChannel() == null) {
            return;
        }
        if (!d.destChannel().startsWith("PJSIP/" + call.offeredSeat + "-")) {
            log.warn("callId={} dial to {} while offered to seat {}", call.callId, d.destChannel(), call.offeredSeat);
            return;
        }
        // "ringing" is reset by each new offer, not here: the leg's Ringing may have come before its DialBegin
        call.agentUniqueId = d.destUniqueId();
        callByAgentLeg.put(d.destUniqueId(), call.callId);
    }

    private void onRinging(ChannelRinging r) {
        String callId = callByAgentLeg.get(r.uniqueId());
        Call call = callId == null ? null : calls.get(callId);
        if (call == null) {
            // Asterisk publishes the seat leg's Newstate and the caller's DialBegin on different Stasis topics, so
            // AMI can deliver Ringing before DialBegin: find the call through the leg's linkedid (the caller's
            // uniqueid) and the offered seat's channel name instead.
            Call linked = callOf(r.linkedId());
            if (linked != null && linked.offeredSeat != null && r.channel() != null
                    && r.channel().startsWith("PJSIP/" + linked.offeredSeat + "-")) {
                call = linked;
            }
        }
        if (call == null || call.ringing) {
            return;
        }
        call.ringing = true;
        record(call, "ringing", r.at(), Map.of("agentId", call.offeredAgent, "seat", call.offeredSeat),
                Map.of("state", "ringing"));
    }

    private void onDialEnded(DialEnded d) {
        Call call = callOf(d.uniqueId());
        if (call == null || call.offeredAgent == null || d.destUniqueId() == null
                || !d.destUniqueId().equals(call.agentUniqueId)) {
            return;
        }
        Instant now = clock.instant();
        String status = d.dialStatus() == null ? "" : d.dialStatus();
        switch (status) {
            case "ANSWER" -> {
                log.info("callId={} agentId={} seat={} answered", call.callId, call.offeredAgent, call.offeredSeat);
                apply(router.offerAnswered(call.callId, call.offeredAgent, now).events());
            }
            case "CANCEL" -> {
                // the caller hung up while the seat rang: the Hangup event ends the call
            }
            default -> {
                OfferFailure failure = switch (status) {
                    case "NOANSWER" -> OfferFailure.NO_ANSWER;
                    case "BUSY" -> OfferFailure.BUSY;
                    case "CHANUNAVAIL", "CONGESTION" -> OfferFailure.UNAVAILABLE;
                    default -> OfferFailure.ERROR;
                };
                log.info("callId={} agentId={} seat={} offer failed: {}", call.callId, call.offeredAgent,
                        call.offeredSeat, status);
                callByAgentLeg.remove(d.destUniqueId());
                apply(router.offerFailed(call.callId, call.offeredAgent, failure, now).events());
            }
        }
    }

    private void onHangupRequested(HangupRequested h) {
        if (h.soft()) {
            return;
        }
        Call call = callOf(h.uniqueId());
        if (call != null) {
            if (call.endedBy == null) {
                call.endedBy = "caller";
            }
            return;
        }
        String callId = callByAgentLeg.get(h.uniqueId());
        Call viaAgent = callId == null ? null : calls.get(callId);
        if (viaAgent != null && viaAgent.connected && viaAgent.endedBy == null) {
            viaAgent.endedBy = "agent";
        }
    }

    private void onHungUp(ChannelHungUp h) {
        String legCallId = callByAgentLeg.remove(h.uniqueId());
        Call call = callOf(h.uniqueId());
        if (call == null) {
            if (legCallId != null) {
                log.debug("callId={} agent leg {} gone", legCallId, h.channel());
            }
            return;
        }
        end(call, h.at(), call.endedBy == null ? "system" : call.endedBy, h.cause(), h.causeText());
    }

    private void onSnapshot(ChannelsSnapshot s) {
        Set<String> alive = new HashSet<>();
        for (ChannelInfo c : s.channels()) {
            alive.add(c.uniqueId());
        }
        for (Call call : List.copyOf(calls.values())) {
            if (!alive.contains(call.uniqueId) && call.agiDone) {
                log.warn("callId={} uniqueid={} no longer exists in Asterisk (missed while AMI was down)",
                        call.callId, call.uniqueId);
                end(call, s.at(), call.endedBy == null ? "unknown" : call.endedBy, null, "gone after AMI resync");
            }
        }
    }

    private void end(Call call, Instant at, String endedBy, Integer cause, String causeText) {
        Instant now = clock.instant();
        apply(router.callEnded(call.callId, now).events());
        Map<String, String> data = new LinkedHashMap<>();
        data.put("endedBy", endedBy);
        data.put("cause", cause == null ? "" : String.valueOf(cause));
        data.put("causeText", causeText == null ? "" : causeText);
        record(call, "ended", at, data, Map.of("state", "ended", "endedBy", endedBy, "endedAt", at.toString()));
        log.info("callId={} ended by {} (cause {})", call.callId, endedBy, cause);
        forget(call);
        observer.callEnded(call.callId);
    }

    // ------------------------------------------------------------------ routing decisions

    private void apply(List<RoutingEvent> events) {
        for (RoutingEvent e : events) {
            if (e instanceof RoutingEvent.CallQueued q) {
                withCall(q.callId(), c -> record(c, "queued", q.at(), Map.of("position", String.valueOf(q.position())),
                        Map.of("state", "queued")));
            } else if (e instanceof RoutingEvent.CallOffered o) {
                withCall(o.callId(), c -> {
                    c.offeredAgent = o.agentId();
                    c.offeredSeat = o.seat();
                    c.agentUniqueId = null;
                    c.ringing = false;
                    record(c, "offered", o.at(), Map.of("agentId", o.agentId(), "seat", o.seat()),
                            Map.of("state", "offered", "agentId", o.agentId(), "seat", o.seat()));
                    log.info("callId={} offered to agentId={} seat={}", c.callId, o.agentId(), o.seat());
                    if (c.agiDone) {
                        offer(c, o.agentId(), o.seat());
                    } else {
                        c.pendingSeat = o.seat();
                    }
                });
            } else if (e instanceof RoutingEvent.CallConnected cc) {
                withCall(cc.callId(), c -> {
                    c.connected = true;
                    record(c, "answered", cc.at(), Map.of("agentId", cc.agentId(), "seat", c.offeredSeat),
                            Map.of("state", "talking", "answeredAt", cc.at().toString()));
                    observer.callAnswered(new CallObserver.AnsweredCall(c.callId, c.uniqueId, c.channel, cc.agentId(),
                            c.offeredSeat, c.agentUniqueId, cc.at()));
                });
            } else if (e instanceof RoutingEvent.CallRequeued rq) {
                withCall(rq.callId(), c -> {
                    c.offeredAgent = null;
                    c.offeredSeat = null;
                    record(c, "requeued", rq.at(), Map.of("agentId", rq.agentId(), "reason", rq.failure().code()),
                            Map.of("state", "queued"));
                });
            } else if (e instanceof RoutingEvent.CallAbandoned a) {
                withCall(a.callId(), c -> record(c, "abandoned", a.at(), Map.of(), Map.of("abandoned", "true")));
            } else if (e instanceof RoutingEvent.AgentStateChanged s) {
                log.info("agentId={} seat={} {} -> {}{}", s.agentId(), s.seat(), s.from(), s.to(),
                        s.reason() == null ? "" : " (" + s.reason() + ")");
            }
        }
    }

    private void offer(Call call, String agentId, String seat) {
        String callId = call.callId;
        callControl.offerToSeat(call.channel, seat).whenComplete((ok, err) -> {
            if (err != null) {
                log.warn("callId={} agentId={} seat={} offer failed in Asterisk: {}", callId, agentId, seat,
                        err.getMessage());
                Call c = calls.get(callId);
                if (c != null && agentId.equals(c.offeredAgent)) {
                    apply(router.offerFailed(callId, agentId, OfferFailure.ERROR, clock.instant()).events());
                }
            }
        });
    }

    // ------------------------------------------------------------------ helpers

    private void withCall(String callId, java.util.function.Consumer<Call> action) {
        Call c = calls.get(callId);
        if (c != null) {
            action.accept(c);
        }
    }

    private Call callOf(String uniqueId) {
        if (uniqueId == null) {
            return null;
        }
        String callId = callByUniqueId.get(uniqueId);
        return callId == null ? null : calls.get(callId);
    }

    private void forget(Call call) {
        calls.remove(call.callId);
        callByUniqueId.remove(call.uniqueId);
        if (call.agentUniqueId != null) {
            callByAgentLeg.remove(call.agentUniqueId);
        }
    }

    private void record(Call call, String type, Instant at, Map<String, String> data, Map<String, String> fields) {
        TimelineEntry entry = new TimelineEntry(++call.seq, type, at, data);
        store.append(call.callId, entry, fields).onFailure(err ->
                log.error("callId={} could not store timeline step {}: {}", call.callId, type, err.getMessage()));
    }

    /** Number of calls in progress (arrived and not yet ended). */
    public int activeCalls() {
        return calls.size();
    }

    private static String newCallId(Instant now) {
        return "C" + Long.toString(now.toEpochMilli(), 36).toUpperCase()
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36)
                .toUpperCase();
    }
}
