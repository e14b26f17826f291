package hotline.server.call;

import hotline.dispatch.calls.CallStore;
import hotline.dispatch.calls.TimelineEntry;
import hotline.routing.acd.AcdEngine;
import hotline.routing.acd.AcdEvent;
import hotline.routing.acd.AcdOutcome;
import hotline.routing.acd.AdoptedCall;
import hotline.routing.acd.AgentInfo;
import hotline.routing.acd.AgentStatus;
import hotline.routing.acd.AgentFigures;
import hotline.routing.acd.Arrival;
import hotline.routing.acd.CallInfo;
import hotline.routing.acd.LiveCall;
import hotline.routing.acd.OfferFailure;
import hotline.routing.acd.Priority;
import hotline.routing.acd.QueueFigures;
import hotline.routing.acd.SessionFigures;
import hotline.routing.acd.WaitingCall;
import hotline.telephony.CallControl;
import hotline.telephony.TelephonyEvent;
import hotline.telephony.TelephonyEvent.ChannelHungUp;
import hotline.telephony.TelephonyEvent.ChannelInfo;
import hotline.telephony.TelephonyEvent.ChannelRinging;
import hotline.telephony.TelephonyEvent.ChannelsSnapshot;
import hotline.telephony.TelephonyEvent.DialEnded;
import hotline.telephony.TelephonyEvent.DialStarted;
import hotline.telephony.TelephonyEvent.HangupRequested;
import hotline.telephony.TelephonyEvent.SoftphoneStatus;
import hotline.telephony.agi.InboundCall;
import hotline.telephony.agi.InboundDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the pieces of the call path: FastAGI (a call arrives), the {@link AcdEngine} (who takes it), AMI
 * (offer it to a seat, learn what happened) and the {@link CallStore} (the call's timeline). The engine's deadlines
 * (wrap-up ends, tier widening, overflow, max wait, leader sessions) run on the {@link Scheduler}: after every
 * operation the controller re-arms one timer for {@link AcdEngine#nextDeadline()} and ticks the engine when it fires.
 *
 * <p>State accessed exclusively from one Vert.x context (the hotline verticle's event loop): every entry
 * point must be called on that context. The FastAGI and AMI adapters hop onto it; see
 * {@link hotline.server.HotlineVerticle}. The {@link CallControl} given must complete its stages on that
 * context too ({@link ContextCallControl}), and the {@link Scheduler} must run its tasks there.
 *
 * <p>A seat's softphone registration (AMI {@code ContactStatus}) is the engine's softphone overlay: an unregistered
 * seat gets no calls whatever its agent's state.
 *
 * <p>Callbacks: a {@code CallbackOffered} sends the waiting caller to the queue announcement ({@link #announcements});
 * the caller's 1 is {@link #acceptCallback}; a {@code CallbackDial} rings the agent's seat through
 * {@link CallControl#dialOut}, which calls the citizen once the agent answers; {@link #placeOutbound} (a leader calling a
 * citizen back about an order) takes the same path.
 *
 * <p>Restart: with an {@link AcdStateStore} the engine's snapshot and the calls' channels are saved shortly after
 * every change; {@link #resume} takes them back and the first AMI channel list reconciles them (see
 * {@link AcdEngine#reconcile}).
 */
public final class CallController {
    private static final Logger log = LoggerFactory.getLogger(CallController.class);
    /** How long after a change the routing state is saved (changes in between are saved together). */
    public static final Duration SAVE_DELAY = Duration.ofMillis(200);
    /** How long after a failed save of the routing state it is saved again. */
    public static final Duration SAVE_RETRY = Duration.ofSeconds(1);

    private final AcdEngine engine;
    private final String defaultQueue;
    private final int maxQueueLength;
    private final CallControl callControl;
    private final CallStore store;
    private final Clock clock;
    private final Scheduler scheduler;
    private final AcdStateStore stateStore;
    private Instant armedFor;
    private long armedHandle;
    private boolean savePending;
    private boolean saveFailing;
    private final Map<String, Call> calls = new HashMap<>();
    private final Map<String, String> callByUniqueId = new HashMap<>();
    private final Map<String, String> callByAgentLeg = new HashMap<>();
    // several boxes: the caller's box's leg over the IAX2 trunk to the seat's box, by its uniqueid
    private final Map<String, String> callByTrunkLeg = new HashMap<>();
    private BoxDirectory boxes = BoxDirectory.single();
    // several boxes, before the first reconcile: each box's first channel list, until every box has sent one
    private final Map<String, ChannelsSnapshot> firstSnapshots = new HashMap<>();
    private CallObserver observer = CallObserver.NONE;

    /**
     * Creates the controller.
     *
     * @param engine         the ACD engine (confined to the same context)
     * @param defaultQueue   the queue of inbound calls for which the menu chose none the engine has
     * @param maxQueueLength with this many calls waiting in all queues, further calls take the native fallback
     * @param callControl    AMI actions, completing on the controller's context
     * @param store          call records and timelines
     * @param clock          the clock
     * @param scheduler      timers on the controller's context
     */
    public CallController(AcdEngine engine, String defaultQueue, int maxQueueLength, CallControl callControl,
                          CallStore store, Clock clock, Scheduler scheduler) {
        this(engine, defaultQueue, maxQueueLength, callControl, store, clock, scheduler, null);
    }

    /**
     * Creates the controller, saving its routing state to {@code stateStore} (debounced, {@link #SAVE_DELAY} after a
     * change) so that a restarted server can resume with {@link #resume}.
     *
     * @param stateStore where the state is saved, or null for none
     */
    public CallController(AcdEngine engine, String defaultQueue, int maxQueueLength, CallControl callControl,
                          CallStore store, Clock clock, Scheduler scheduler, AcdStateStore stateStore) {
        this.stateStore = stateStore;
        this.engine = engine;
        this.defaultQueue = defaultQueue;
        this.maxQueueLength = maxQueueLength;
        this.callControl = callControl;
        this.store = store;
        this.clock = clock;
        this.scheduler = scheduler;
        rearm();
    }

    private Map<String, String> districtNames = Map.of();

    /**
     * Several Asterisk boxes ({@code hotline.boxes}): which box a caller and a seat are on. Default one box. Call
     * before the first call, on the controller's context.
     */
    public void boxes(BoxDirectory directory) {
        this.boxes = Objects.requireNonNull(directory, "directory");
    }

    /** Which box a caller and a seat are on. */
    public BoxDirectory boxes() {
        return boxes;
    }

    /** Sets who is told about answered and ended calls (live transcription). Call on the controller's context. */
    public void setObserver(CallObserver observer) {
        this.observer = observer == null ? CallObserver.NONE : observer;
    }

    /** One call the contact center is handling. */
    static final class Call {
        final String callId;
        String uniqueId; // a callback task's seat leg gets a new one per dial attempt
        final String channel;
        int seq;
        boolean agiDone;
        String pendingSeat;
        String offeredAgent;
        String offeredSeat;
        String agentUniqueId;
        String agentChannel; // the seat leg's channel name (DialBegin), for hold
        boolean ringing;
        boolean connected;
        String endedBy;
        String language;
        String callerNumber;
        boolean callbackOffered;
        boolean callbackScheduled;
        // a callback task (the agent's seat dialled, then the citizen): no caller channel of its own
        boolean callback;
        // the caller went on to the dialplan's native queue while the server could not see it
        boolean fallback;
        int dialAttempts;
        boolean dialPending;
        String storeId; // the id its record is stored under (the call id, but for outbound calls)
        String box; // the box the caller's channel is on (a callback task: its seat's)
        String trunkUniqueId; // a seat on another box: the caller's box's IAX2 leg to it
        String trunkChannel; // on the caller's box: the trunk leg to the seat's box (what hold parks with the caller)

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
     * @throws IllegalStateException when the call cannot be taken (all queues together hold
     *                               {@code maxQueueLength} calls, duplicate): the dialplan then uses Asterisk's
     *                               native fallback queue
     */
    public InboundDecision inbound(InboundCall in) {
        Instant now = clock.instant();
        if (callByUniqueId.containsKey(in.uniqueId())) {
            throw new IllegalStateException("uniqueid " + in.uniqueId() + " is already a call");
        }
        String callId = newCallId(now);
        Call call = new Call(callId, in.uniqueId(), in.channel());
        call.box = boxes.boxOfUniqueId(in.uniqueId());
        call.callerNumber = callerNumber(in.callerIdNumber());
        calls.put(callId, call);
        callByUniqueId.put(in.uniqueId(), callId);
        call.language = in.attributes().get("language");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("callId", callId);
        fields.put("uniqueId", in.uniqueId());
        fields.put("channel", in.channel());
        fields.put("callerNumber", in.callerIdNumber() == null ? "" : in.callerIdNumber());
        fields.put("dnid", in.dnid() == null ? "" : in.dnid());
        fields.put("state", "arrived");
        // A call that went through the menu arrived when it entered the menu (ivrMs before now).
        Instant arrivedAt = now.minusMillis(ivrMillis(in.attributes()));
        fields.put("arrivedAt", arrivedAt.toString());
        in.attributes().forEach((k, v) -> fields.put("ivr." + k, v));
        if (in.attributes().get("district") != null) { // the desktop shows the district by its gazetteer name
            fields.put("districtName", districtOf(in.attributes()));
        }
        record(call, "arrived", arrivedAt, Map.of("uniqueId", in.uniqueId(), "channel", in.channel()), fields);
        log.info("callId={} uniqueid={} channel={} arrived", callId, in.uniqueId(), in.channel());
        if (!in.attributes().isEmpty()) {
            record(call, "ivr", now, in.attributes(), Map.of());
            log.info("callId={} menu choices {}", callId, in.attributes());
        }

        // The engine never refuses a caller for length (it offers a callback instead); the server's own cap keeps
        // Asterisk's hold from growing without bound and hands the overflow to the native fallback queue.
        int waiting = engine.waitingCount();
        if (waiting >= maxQueueLength) {
            refuse(call, now, "QUEUE_FULL", waiting + " calls wait (routing.maxQueueLength " + maxQueueLength + ")");
        }
        AcdOutcome outcome = engine.callArrived(new Arrival(callId, queueOf(in.attributes()),
                callerNumber(in.callerIdNumber()), districtOf(in.attributes()), false), now);
        if (outcome instanceof AcdOutcome.Rejected r) {
            refuse(call, now, r.reason().name(), r.detail());
        }
        apply(outcome.events());
        String seat = call.pendingSeat;
        if (seat != null && !boxes.boxOfSeat(seat).equals(call.box)) {
            // the dialplan rings only its own box's seats: this one is redirected over the trunk once the AGI ends
            return new InboundDecision(callId, Optional.empty());
        }
        call.pendingSeat = null;
        return new InboundDecision(callId, Optional.ofNullable(seat));
    }

    private void refuse(Call call, Instant now, String reason, String detail) {
        record(call, "fallback", now, Map.of("reason", reason), Map.of("state", "fallback"));
        forget(call);
        throw new IllegalStateException("routing refused call " + call.callId + ": " + reason + " " + detail);
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
        apply(engine.callEnded(callId, now).events());
        forget(call);
    }

    // ------------------------------------------------------------------ agents (HTTP API)

    /** Agent log-in at a seat, without skills (queues that require none). */
    public AcdOutcome login(String agentId, String seat) {
        return login(agentId, seat, Map.of());
    }

    /** Agent log-in at a seat with skills (name to level 1..10). */
    public AcdOutcome login(String agentId, String seat, Map<String, Integer> skills) {
        return applyOutcome(engine.login(agentId, seat, skills, clock.instant()));
    }

    /** Agent ready for calls (also ends wrap-up). */
    public AcdOutcome ready(String agentId) {
        return applyOutcome(engine.ready(agentId, clock.instant()));
    }

    /** Agent not ready, with a reason code. */
    public AcdOutcome notReady(String agentId, String reason) {
        return applyOutcome(engine.notReady(agentId, reason, clock.instant()));
    }

    /** Agent log-out. */
    public AcdOutcome logout(String agentId) {
        return applyOutcome(engine.logout(agentId, clock.instant()));
    }

    /** The agent ends wrap-up early. */
    public AcdOutcome endWrapUp(String agentId) {
        return applyOutcome(engine.endWrapUp(agentId, clock.instant()));
    }

    /** The agent extends wrap-up once. */
    public AcdOutcome extendWrapUp(String agentId) {
        return applyOutcome(engine.extendWrapUp(agentId, clock.instant()));
    }

    /** Supervisor: force an agent's state (READY, NOT_READY with reason, LOGGED_OUT). */
    public AcdOutcome forceState(String supervisorId, String agentId, AgentStatus target, String reason) {
        return applyOutcome(engine.forceState(supervisorId, agentId, target, reason, clock.instant()));
    }

    /** Supervisor: move a waiting call to another queue. */
    public AcdOutcome moveCall(String supervisorId, String callId, String queueId) {
        return applyOutcome(engine.moveCall(supervisorId, callId, queueId, clock.instant()));
    }

    /** Supervisor: offer a waiting call to a chosen available agent. */
    public AcdOutcome assignCall(String supervisorId, String callId, String agentId) {
        return applyOutcome(engine.assignCall(supervisorId, callId, agentId, clock.instant()));
    }

    /** Supervisor: change a waiting call's priority. */
    public AcdOutcome changePriority(String supervisorId, String callId, Priority priority) {
        return applyOutcome(engine.changePriority(supervisorId, callId, priority, clock.instant()));
    }

    /** Supervisor: change an agent's skills. */
    public AcdOutcome setSkills(String supervisorId, String agentId, Map<String, Integer> skills) {
        return applyOutcome(engine.setSkills(supervisorId, agentId, skills, clock.instant()));
    }

    /** Supervisor or administrator: schedule a leader session while running (docs/routing.md). */
    public AcdOutcome addSession(String supervisorId, hotline.routing.acd.LeaderSessionConfig session) {
        AcdOutcome outcome = applyOutcome(engine.addSession(supervisorId, session, clock.instant()));
        sessionSchedule = engine.sessions();
        return outcome;
    }

    /** The sessions as last known on the controller's context: readable from any thread (the menu's FastAGI). */
    public List<hotline.routing.acd.LeaderSessionConfig> sessionSchedule() {
        List<hotline.routing.acd.LeaderSessionConfig> s = sessionSchedule;
        return s != null ? s : engine.sessions();
    }

    private volatile List<hotline.routing.acd.LeaderSessionConfig> sessionSchedule;

    /** The leader sessions, configured and scheduled. */
    public List<hotline.routing.acd.LeaderSessionConfig> sessions() {
        return engine.sessions();
    }

    /** All logged-in agents, by id. */
    public List<AgentInfo> agents() {
        return engine.agents();
    }

    /** Waiting call ids, queue by queue (configured order), each queue head first. */
    public List<String> queue() {
        List<String> ids = new ArrayList<>();
        for (WaitingCall w : waiting()) {
            ids.add(w.callId());
        }
        return ids;
    }

    /** Waiting calls with queue, priority, position and estimated wait, queue by queue. */
    public List<WaitingCall> waiting() {
        List<WaitingCall> all = new ArrayList<>();
        for (String q : engine.queueIds()) {
            all.addAll(engine.waiting(q));
        }
        return all;
    }

    /** Real-time queue figures. */
    public List<QueueFigures> queueFigures() {
        return engine.queueFigures(clock.instant());
    }

    /** Real-time agent figures. */
    public List<AgentFigures> agentFigures() {
        return engine.agentFigures(clock.instant());
    }

    /** Leader-session figures. */
    public List<SessionFigures> sessionFigures() {
        return engine.sessionFigures(clock.instant());
    }

    private AcdOutcome applyOutcome(AcdOutcome outcome) {
        apply(outcome.events());
        return outcome;
    }

    // ------------------------------------------------------------------ telephony events (AMI)

    /** An event from the contact center's (primary) Asterisk. */
    public void onTelephonyEvent(TelephonyEvent event) {
        onTelephonyEvent(boxes.primary(), event);
    }

    /**
     * An event from one of several Asterisk boxes ({@code hotline.boxes}). A caller on one box offered a seat on
     * another is followed on both: the caller's box reports the caller and its IAX2 leg over the trunk, the seat's box
     * the trunk's incoming leg dialling the seat (ringing, answer, the agent's hangup).
     */
    public void onTelephonyEvent(String box, TelephonyEvent event) {
        if (event instanceof DialStarted d) {
            onDialStarted(box, d);
        } else if (event instanceof ChannelRinging r) {
            onRinging(box, r);
        } else if (event instanceof DialEnded d) {
            onDialEnded(box, d);
        } else if (event instanceof HangupRequested h) {
            onHangupRequested(h);
        } else if (event instanceof ChannelHungUp h) {
            onHungUp(h);
        } else if (event instanceof ChannelsSnapshot s) {
            onSnapshot(box, s);
        } else if (event instanceof SoftphoneStatus sp) {
            onSoftphone(box, sp);
        }
    }

    private void onDialStarted(String box, DialStarted d) {
        Call call = callOf(d.uniqueId());
        if (call == null && d.channel() != null && d.channel().startsWith("IAX2/") && d.destChannel() != null) {
            // the seat's box: the trunk's incoming leg dials the seat offered to a caller on another box
            Call remote = remoteOffer(box, d.destChannel());
            if (remote != null) {
                remote.agentUniqueId = d.destUniqueId();
                callByAgentLeg.put(d.destUniqueId(), remote.callId);
            }
            return;
        }
        if (call == null || call.offeredSeat == null || d.destChannel() == null) {
            return;
        }
        String seatBox = boxes.boxOfSeat(call.offeredSeat);
        if (!seatBox.equals(call.box)) {
            if (d.destChannel().startsWith(boxes.dialedLegPrefix(call.box, call.offeredSeat))) {
                call.trunkUniqueId = d.destUniqueId();
                call.trunkChannel = d.destChannel();
                callByTrunkLeg.put(d.destUniqueId(), call.callId);
            } else {
                log.warn("callId={} dial to {} while offered to seat {} on box {}", call.callId, d.destChannel(),
                        call.offeredSeat, seatBox);
            }
            return;
        }
        if (!d.destChannel().startsWith("PJSIP/" + call.offeredSeat + "-")) {
            log.warn("callId={} dial to {} while offered to seat {}", call.callId, d.destChannel(), call.offeredSeat);
            return;
        }
        // "ringing" is reset by each new offer, not here: the leg's Ringing may have come before its DialBegin
        call.agentUniqueId = d.destUniqueId();
        call.agentChannel = d.destChannel();
        callByAgentLeg.put(d.destUniqueId(), call.callId);
    }

    private void onRinging(String box, ChannelRinging r) {
        String callId = callByAgentLeg.get(r.uniqueId());
        Call call = callId == null ? null : calls.get(callId);
        if (call == null && r.channel() != null) {
            // the seat's box may report the seat ringing before the trunk leg's DialBegin
            Call remote = remoteOffer(box, r.channel());
            if (remote != null && remote.agentUniqueId == null) {
                call = remote;
            }
        }
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

    private void onDialEnded(String box, DialEnded d) {
        Call call = callOf(d.uniqueId());
        if (call != null && call.trunkUniqueId != null && call.trunkUniqueId.equals(d.destUniqueId())) {
            // the caller's box: the trunk leg's outcome. The seat's box reports the answer; a ring timeout (the
            // caller's box gives up: NOANSWER here, CANCEL there) or a trunk that failed is only seen here.
            String status = d.dialStatus() == null ? "" : d.dialStatus();
            callByTrunkLeg.remove(d.destUniqueId());
            call.trunkUniqueId = null;
            if (!status.equals("ANSWER") && !status.equals("CANCEL") && call.offeredAgent != null) {
                log.info("callId={} agentId={} seat={} offer over the trunk failed: {}", call.callId,
                        call.offeredAgent, call.offeredSeat, status);
                if (call.agentUniqueId != null) {
                    callByAgentLeg.remove(call.agentUniqueId);
                }
                apply(engine.offerFailed(call.callId, call.offeredAgent, failureOf(status), clock.instant())
                        .events());
            }
            return;
        }
        if (call == null && d.destUniqueId() != null) {
            // the seat's box: the trunk's incoming leg's dial of the seat
            String legCall = callByAgentLeg.get(d.destUniqueId());
            Call remote = legCall == null ? null : calls.get(legCall);
            if (remote != null && !box.equals(remote.box)) {
                call = remote;
            }
        }
        if (call == null || call.offeredAgent == null || d.destUniqueId() == null
                || !d.destUniqueId().equals(call.agentUniqueId)) {
            return;
        }
        Instant now = clock.instant();
        String status = d.dialStatus() == null ? "" : d.dialStatus();
        switch (status) {
            case "ANSWER" -> {
                log.info("callId={} agentId={} seat={} answered", call.callId, call.offeredAgent, call.offeredSeat);
                apply(engine.offerAnswered(call.callId, call.offeredAgent, now).events());
            }
            case "CANCEL" -> {
                // the caller hung up while the seat rang: the Hangup event ends the call
            }
            default -> {
                OfferFailure failure = failureOf(status);
                if (call.trunkUniqueId != null) {
                    // the caller's box's trunk leg ends with it: its DialEnd is not a second failure
                    callByTrunkLeg.remove(call.trunkUniqueId);
                    call.trunkUniqueId = null;
                }
                log.info("callId={} agentId={} seat={} offer failed: {}", call.callId, call.offeredAgent,
                        call.offeredSeat, status);
                callByAgentLeg.remove(d.destUniqueId());
                apply(engine.offerFailed(call.callId, call.offeredAgent, failure, now).events());
            }
        }
    }

    private static OfferFailure failureOf(String status) {
        return switch (status) {
            case "NOANSWER" -> OfferFailure.NO_ANSWER;
            case "BUSY" -> OfferFailure.BUSY;
            case "CHANUNAVAIL", "CONGESTION" -> OfferFailure.UNAVAILABLE;
            default -> OfferFailure.ERROR;
        };
    }

    /**
     * The call offered, from another box, to the seat whose channel on box {@code box} this is ({@code PJSIP/1003-…}):
     * a seat has one offer at a time.
     */
    private Call remoteOffer(String box, String seatChannel) {
        Call found = null;
        for (Call c : calls.values()) {
            if (c.offeredSeat != null && !box.equals(c.box) && seatChannel.startsWith("PJSIP/" + c.offeredSeat + "-")
                    && box.equals(boxes.boxOfSeat(c.offeredSeat))
                    && (found == null || c.callId.compareTo(found.callId) < 0)) {
                found = c;
            }
        }
        return found;
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
        if (adopting) {
            goneWhileAdopting.add(h.uniqueId());
        }
        callByTrunkLeg.remove(h.uniqueId());
        String legCallId = callByAgentLeg.remove(h.uniqueId());
        Call call = callOf(h.uniqueId());
        if (call == null) {
            if (legCallId != null) {
                log.debug("callId={} agent leg {} gone", legCallId, h.channel());
                heldLegGone(legCallId, h.uniqueId());
            }
            return;
        }
        if (call.callback && call.dialPending) {
            return; // the seat did not answer the callback: the dial's own failure requeues the task
        }
        end(call, h.at(), call.endedBy == null ? "system" : call.endedBy, h.cause(), h.causeText());
    }

    // Endpoints that are not seats (the carrier trunk) are not the engine's business.
    private void onSoftphone(String box, SoftphoneStatus sp) {
        if (sp.endpoint() == null || !sp.endpoint().matches("[0-9]{4}")) {
            return;
        }
        if (!boxes.seatReported(sp.endpoint(), box, sp.registered())) {
            log.debug("seat={} contact {} on box {} ignored: the seat is on box {}", sp.endpoint(),
                    sp.contactStatus(), box, boxes.boxOfSeat(sp.endpoint()));
            return;
        }
        log.debug("seat={} contact {}", sp.endpoint(), sp.contactStatus());
        AcdOutcome outcome = engine.softphone(sp.endpoint(), sp.registered(), clock.instant());
        if (outcome instanceof AcdOutcome.Rejected r) {
            log.warn("seat={} softphone status {} not applied: {}", sp.endpoint(), sp.contactStatus(), r.detail());
        }
        apply(outcome.events());
    }

    private void onSnapshot(String box, ChannelsSnapshot s) {
        if (!engine.reconciled()) {
            if (adopting) { // a second channel list while orphans are looked up: the first one reconciles
                return;
            }
            if (!boxes.multiBox()) {
                reconcileAfterRestart(s);
                return;
            }
            // after a restart every box's channels are needed at once: a call missing from one box's list may be
            // alive on another
            firstSnapshots.put(box, s);
            if (!firstSnapshots.keySet().containsAll(boxes.ids())) {
                log.info("box {} listed {} channels; waiting for the other boxes' lists to reconcile", box,
                        s.channels().size());
                return;
            }
            List<ChannelInfo> all = new ArrayList<>();
            for (String id : boxes.ids()) {
                all.addAll(firstSnapshots.get(id).channels());
            }
            firstSnapshots.clear();
            reconcileAfterRestart(new ChannelsSnapshot(s.at(), all));
            return;
        }
        Map<String, ChannelInfo> alive = new HashMap<>();
        for (ChannelInfo c : s.channels()) {
            alive.put(c.uniqueId(), c);
        }
        List<Call> held = new ArrayList<>(calls.values());
        held.removeIf(c -> !box.equals(c.box == null ? boxes.primary() : c.box)); // another box's calls
        held.sort(java.util.Comparator.comparing(c -> c.callId));
        for (Call call : held) {
            ChannelInfo caller = alive.get(call.uniqueId);
            if (caller == null && call.agiDone) {
                log.warn("callId={} uniqueid={} no longer exists in Asterisk (missed while AMI was down)",
                        call.callId, call.uniqueId);
                end(call, s.at(), call.endedBy == null ? "unknown" : call.endedBy, null, "gone after AMI resync");
            } else if (caller != null && call.agiDone && !call.connected && inFallback(caller)) {
                leftForFallback(call, "gone to the native queue while AMI was down");
            } else if (caller != null && call.offeredAgent != null && !call.connected) {
                resyncOffer(call, caller, s.channels(), alive);
            }
        }
    }

    /**
     * An offer whose outcome AMI did not report while it was down: the seat answered (the caller is bridged to the
     * offered seat: the call connects now) or the seat leg we saw dialled is gone (the offer failed: the call goes
     * back to the head of its queue). An offer still ringing, or whose dial was never seen, waits for its events.
     */
    private void resyncOffer(Call call, ChannelInfo caller, List<ChannelInfo> channels,
                             Map<String, ChannelInfo> alive) {
        String seat = bridgedSeat(call, caller, channels);
        Instant now = clock.instant();
        boolean remote = !boxes.boxOfSeat(call.offeredSeat).equals(call.box);
        if (seat != null && remote) {
            log.info("callId={} agentId={} seat={} answered over the trunk while AMI was down (found bridged at"
                    + " resync)", call.callId, call.offeredAgent, seat);
            apply(engine.offerAnswered(call.callId, call.offeredAgent, now).events());
        } else if (remote) {
            if (call.trunkUniqueId != null && !alive.containsKey(call.trunkUniqueId)) {
                log.warn("callId={} agentId={} seat={} offer over the trunk ended while AMI was down; back to the"
                        + " head of the queue", call.callId, call.offeredAgent, call.offeredSeat);
                callByTrunkLeg.remove(call.trunkUniqueId);
                call.trunkUniqueId = null;
                apply(engine.offerFailed(call.callId, call.offeredAgent, OfferFailure.ERROR, now).events());
            }
        } else if (seat != null) {
            for (ChannelInfo other : channels) {
                if (caller.bridgeId().equals(other.bridgeId()) && other.channel() != null
                        && other.channel().startsWith("PJSIP/" + seat + "-")) {
                    if (call.agentUniqueId != null) {
                        callByAgentLeg.remove(call.agentUniqueId);
                    }
                    call.agentUniqueId = other.uniqueId();
                    callByAgentLeg.put(other.uniqueId(), call.callId);
                }
            }
            log.info("callId={} agentId={} seat={} answered while AMI was down (found bridged at resync)",
                    call.callId, call.offeredAgent, seat);
            apply(engine.offerAnswered(call.callId, call.offeredAgent, now).events());
        } else if (call.agentUniqueId != null && !alive.containsKey(call.agentUniqueId)) {
            log.warn("callId={} agentId={} seat={} offer ended while AMI was down (seat leg gone at resync);"
                    + " back to the head of the queue", call.callId, call.offeredAgent, call.offeredSeat);
            callByAgentLeg.remove(call.agentUniqueId);
            apply(engine.offerFailed(call.callId, call.offeredAgent, OfferFailure.ERROR, now).events());
        }
    }

    private void end(Call call, Instant at, String endedBy, Integer cause, String causeText) {
        Instant now = clock.instant();
        if (call.callbackScheduled) {
            endedBy = "callback"; // the caller accepted a callback and was hung up after the confirmation
        }
        if (call.agentChannel != null && engine.call(call.callId).map(CallInfo::held).orElse(false)) {
            // the caller hung up on hold: the seat leg waits in its own dialplan (hotline-hold,seat), end it too
            String leg = call.agentChannel;
            callControl.hangup(leg).whenComplete((ok, err) -> {
                if (err != null) {
                    log.debug("callId={} held seat leg {} already gone: {}", call.callId, leg, err.getMessage());
                }
            });
        }
        apply(engine.callEnded(call.callId, now).events());
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

    private void apply(List<AcdEvent> events) {
        for (AcdEvent e : events) {
            if (e instanceof AcdEvent.CallQueued q) {
                withCall(q.callId(), c -> record(c, "queued", q.at(), Map.of("position", String.valueOf(q.position())),
                        Map.of("state", "queued", "queue", q.queueId(), "priority", q.priority().name())));
            } else if (e instanceof AcdEvent.CallOffered o) {
                withCall(o.callId(), c -> {
                    c.offeredAgent = o.agentId();
                    c.offeredSeat = o.seat();
                    c.agentUniqueId = null;
                    if (c.trunkUniqueId != null) {
                        callByTrunkLeg.remove(c.trunkUniqueId);
                        c.trunkUniqueId = null;
                    }
                    c.ringing = false;
                    record(c, "offered", o.at(), Map.of("agentId", o.agentId(), "seat", o.seat()),
                            Map.of("state", "offered", "agentId", o.agentId(), "seat", o.seat()));
                    log.info("callId={} offered to agentId={} seat={} queue={}", c.callId, o.agentId(), o.seat(),
                            o.queueId());
                    if (c.agiDone) {
                        offer(c, o.agentId(), o.seat());
                    } else {
                        c.pendingSeat = o.seat();
                    }
                });
            } else if (e instanceof AcdEvent.CallConnected cc) {
                withCall(cc.callId(), c -> {
                    c.connected = true;
                    record(c, "answered", cc.at(), Map.of("agentId", cc.agentId(), "seat", c.offeredSeat),
                            Map.of("state", "talking", "answeredAt", cc.at().toString()));
                    if (!c.callback) {
                        observer.callAnswered(new CallObserver.AnsweredCall(c.callId, c.uniqueId, c.channel,
                                cc.agentId(), c.offeredSeat, c.agentUniqueId, cc.at(), c.callerNumber,
                                engine.call(c.callId).map(CallInfo::priority).orElse(Priority.NORMAL), c.language));
                    }
                });
            } else if (e instanceof AcdEvent.CallRequeued rq) {
                withCall(rq.callId(), c -> {
                    c.offeredAgent = null;
                    c.offeredSeat = null;
                    record(c, "requeued", rq.at(), Map.of("agentId", rq.agentId(), "reason", rq.failure().code()),
                            Map.of("state", "queued"));
                });
            } else if (e instanceof AcdEvent.CallAbandoned a) {
                withCall(a.callId(), c -> {
                    if (!c.callback && !c.fallback) { // an outbound call the seat did not answer is ended below, not abandoned
                        record(c, "abandoned", a.at(), Map.of(), Map.of("abandoned", "true"));
                    }
                });
            } else if (e instanceof AcdEvent.CallHeld hd) {
                withCall(hd.callId(), c -> record(c, "held", hd.at(), Map.of("agentId", hd.agentId()),
                        Map.of("state", "held")));
                log.info("callId={} agentId={} on hold", hd.callId(), hd.agentId());
            } else if (e instanceof AcdEvent.CallResumed rs) {
                withCall(rs.callId(), c -> record(c, "resumed", rs.at(), Map.of("agentId", rs.agentId()),
                        Map.of("state", "talking")));
                log.info("callId={} agentId={} resumed", rs.callId(), rs.agentId());
            } else if (e instanceof AcdEvent.CallTransferred t) {
                withCall(t.callId(), c -> {
                    Map<String, String> data = new LinkedHashMap<>();
                    data.put("from", t.fromAgentId());
                    data.put("queue", t.queueId());
                    if (t.toAgentId() != null) {
                        data.put("to", t.toAgentId());
                    }
                    record(c, "transferred", t.at(), data, Map.of("state", "transferred", "queue", t.queueId()));
                });
                log.info("callId={} transferred by agentId={} to {}", t.callId(), t.fromAgentId(),
                        t.toAgentId() == null ? "queue=" + t.queueId() : "agentId=" + t.toAgentId());
            } else if (e instanceof AcdEvent.CallWidened w) {
                withCall(w.callId(), c -> record(c, "widened", w.at(), Map.of("tier", String.valueOf(w.tier())),
                        Map.of()));
            } else if (e instanceof AcdEvent.CallMoved m) {
                withCall(m.callId(), c -> record(c, "moved", m.at(),
                        Map.of("from", m.from(), "to", m.to(), "cause", m.cause()), Map.of("queue", m.to())));
            } else if (e instanceof AcdEvent.CallbackOffered cb) {
                // The caller hears the offer in the next announcement; send them there now ([hotline-wait] announce).
                withCall(cb.callId(), c -> {
                    record(c, "callback-offered", cb.at(), Map.of("cause", cb.cause()), Map.of());
                    c.callbackOffered = true;
                    if (c.agiDone && announceContext != null) {
                        callControl.onBox(c.box).redirect(c.channel, announceContext, "announce").whenComplete((ok, err) -> {
                            if (err != null) {
                                log.warn("callId={} could not send the caller to the callback offer now ({}); they"
                                        + " hear it in the next announcement", cb.callId(), err.getMessage());
                            }
                        });
                    }
                });
                log.info("callId={} queue={} callback offered ({})", cb.callId(), cb.queueId(), cb.cause());
            } else if (e instanceof AcdEvent.CallbackScheduled cs) {
                withCall(cs.callId(), c -> {
                    c.callbackScheduled = true;
                    record(c, "callback-scheduled", cs.at(), Map.of("taskId", cs.taskId(), "number", cs.number()),
                            Map.of("callbackTask", cs.taskId()));
                });
                log.info("callId={} callback scheduled as taskId={}", cs.callId(), cs.taskId());
            } else if (e instanceof AcdEvent.CallbackDial d) {
                dialCallback(d);
            } else if (e instanceof AcdEvent.AgentStateChanged s) {
                log.info("agentId={} seat={} {} -> {}{}", s.agentId(), s.seat(), s.from(), s.to(),
                        s.reason() == null ? "" : " (" + s.reason() + ")");
            } else if (e instanceof AcdEvent.WrapUpExtended w) {
                log.info("agentId={} wrap-up extended until {}", w.agentId(), w.ends());
            } else if (e instanceof AcdEvent.SoftphoneChanged sp) {
                log.info("agentId={} seat={} softphone {}", sp.agentId(), sp.seat(),
                        sp.registered() ? "registered" : "unregistered");
            } else if (e instanceof AcdEvent.Audited au) {
                log.info("audit supervisorId={} action={} subject={} {}", au.supervisorId(), au.action(),
                        au.subject(), au.detail());
            } else if (e instanceof AcdEvent.SessionChanged sc) {
                log.info("leader session {} district={} {}", sc.sessionId(), sc.district(),
                        sc.running() ? "started" : "ended");
            } else if (e instanceof AcdEvent.OutboundDial od) {
                dialOut(od.taskId(), "outbound", od.agentId(), od.seat(), od.number(), od.orderId(), od.at());
            }
        }
        rearm();
        scheduleSave();
    }

    // ------------------------------------------------------------------ hold and transfer (agent desktop)

    /**
     * The dialplan's hold context: a caller whose FastAGI session is over (or a transferred caller nobody can take at
     * once) waits there for an offer.
     */
    static final String WAIT_CONTEXT = "hotline-wait";

    /**
     * The agent puts their connected call on hold: the engine keeps it connected (the agent stays on call, nothing
     * is counted as ended) and Asterisk plays the caller music while the seat leg waits. If Asterisk refuses, the
     * call is taken off hold again in the engine (logged at WARN).
     *
     * @return the engine's outcome; rejected INVALID_STATE when the agent has no connected inbound call
     */
    public AcdOutcome hold(String agentId) {
        return changeHold(agentId, true);
    }

    /**
     * The agent takes their held call back: Asterisk bridges the caller with the held seat leg again.
     *
     * @return the engine's outcome; rejected INVALID_STATE when the call is not on hold
     */
    public AcdOutcome resumeHeld(String agentId) {
        return changeHold(agentId, false);
    }

    /**
     * The agent hangs up their current call from the desktop (an inbound call or a callback): AMI Hangup of the
     * seat's channel, by name when known, else by its uniqueid. The ACD follows from the Hangup event as for a
     * hang-up on the phone (wrap-up, the call's end recorded); nothing changes here until that event arrives.
     *
     * @return done (no events yet); rejected INVALID_STATE when the agent has no call with a seat leg the server knows
     */
    public AcdOutcome hangupSeat(String agentId) {
        Optional<AgentInfo> agent = engine.agent(agentId);
        if (agent.isEmpty()) {
            return new AcdOutcome.Rejected(hotline.routing.acd.AcdRejection.UNKNOWN_AGENT,
                    "agent " + agentId + " is not logged in");
        }
        String callId = agent.get().status() == AgentStatus.ON_CALL ? agent.get().callId() : null;
        Call c = callId == null ? null : calls.get(callId);
        String leg = c == null ? null : c.agentChannel != null ? c.agentChannel
                : c.agentUniqueId != null ? c.agentUniqueId : c.callback ? c.uniqueId : null;
        if (leg == null) {
            return new AcdOutcome.Rejected(hotline.routing.acd.AcdRejection.INVALID_STATE,
                    "agent " + agentId + " has no call to hang up (" + agent.get().status() + ")");
        }
        log.info("callId={} agentId={} hangs up from the desktop: seat leg {}", c.storeId != null ? c.storeId
                : c.callId, agentId, leg);
        CallControl box = c.box == null ? callControl : callControl.onBox(c.box);
        box.hangup(leg).whenComplete((ok, err) -> {
            if (err != null) {
                log.warn("callId={} agentId={} desktop hang-up of {} refused by Asterisk: {}", c.callId, agentId,
                        leg, err.getMessage());
            }
        });
        return new AcdOutcome.Done(List.of());
    }

    // The engine decides first; if Asterisk then refuses, the engine is put back the other way.
    private AcdOutcome changeHold(String agentId, boolean hold) {
        Object found = connectedCall(agentId);
        if (found instanceof AcdOutcome.Rejected r) {
            return r;
        }
        Call c = (Call) found;
        AcdOutcome outcome = hold ? engine.holdCall(c.callId, agentId, clock.instant())
                : engine.resumeCall(c.callId, agentId, clock.instant());
        if (outcome instanceof AcdOutcome.Rejected) {
            return outcome;
        }
        apply(outcome.events());
        CallControl box = callControl.onBox(c.box);
        String seatLeg = c.agentChannel != null ? c.agentChannel : c.trunkChannel; // the seat's, or the trunk's
        (hold ? box.hold(c.channel, seatLeg) : box.unhold(c.channel)).whenComplete((ok, err) -> {
            if (err != null && calls.get(c.callId) == c) {
                log.warn("callId={} agentId={} {} failed in Asterisk: {}; {}", c.callId, agentId,
                        hold ? "hold" : "resume", err.getMessage(),
                        hold ? "the call stays connected" : "the caller is still on hold");
                apply((hold ? engine.resumeCall(c.callId, agentId, clock.instant())
                        : engine.holdCall(c.callId, agentId, clock.instant())).events());
            }
        });
        return outcome;
    }

    /**
     * The agent transfers their connected call (held or not) to a queue: the caller goes back into the ACD with the
     * same call id, timeline and draft; the agent goes to wrap-up. The caller is offered at once when an agent of that
     * queue is available, else waits with music in {@code hotline-wait}.
     */
    public AcdOutcome transferToQueue(String agentId, String queueId) {
        return transfer(agentId, (c, now) -> engine.transferToQueue(c.callId, agentId, queueId, now));
    }

    /**
     * The agent transfers their connected call (held or not) to a colleague who is ready: the colleague's seat rings
     * like an ACD offer; if it is not answered the caller returns to the head of the call's queue.
     */
    public AcdOutcome transferToAgent(String agentId, String toAgentId) {
        return transfer(agentId, (c, now) -> engine.transferToAgent(c.callId, agentId, toAgentId, now));
    }

    private AcdOutcome transfer(String agentId, java.util.function.BiFunction<Call, Instant, AcdOutcome> decide) {
        Object found = connectedCall(agentId);
        if (found instanceof AcdOutcome.Rejected r) {
            return r;
        }
        Call c = (Call) found;
        boolean held = engine.call(c.callId).map(CallInfo::held).orElse(false);
        AcdOutcome outcome = decide.apply(c, clock.instant());
        if (outcome instanceof AcdOutcome.Rejected) {
            return outcome;
        }
        moveCaller(c, held, outcome.events());
        return outcome;
    }

    // The engine has taken the call from its agent: forget the old seat leg (its hang-up is not the call's end), then
    // apply the events (an offer redirects the caller to the new seat); a call left waiting goes to the hold music.
    private void moveCaller(Call c, boolean held, List<AcdEvent> events) {
        String oldLeg = c.agentUniqueId;
        String oldChannel = c.agentChannel;
        if (oldLeg != null) {
            callByAgentLeg.remove(oldLeg);
        }
        c.agentUniqueId = null;
        c.agentChannel = null;
        c.connected = false;
        c.endedBy = null;
        c.offeredAgent = null;
        c.offeredSeat = null;
        apply(events);
        boolean waiting = engine.call(c.callId).map(i -> i.phase() == hotline.routing.acd.CallPhase.WAITING)
                .orElse(false);
        if (waiting) {
            callControl.redirect(c.channel, WAIT_CONTEXT, "s").whenComplete((ok, err) -> {
                if (err != null) {
                    log.warn("callId={} could not send the transferred caller to hold music: {}", c.callId,
                            err.getMessage());
                }
            });
        }
        // A held seat leg waits in its own dialplan (hotline-hold,seat): end it. An unheld one leaves with the caller.
        if (held && oldChannel != null) {
            callControl.hangup(oldChannel).whenComplete((ok, err) -> {
                if (err != null) {
                    log.debug("callId={} held seat leg {} already gone: {}", c.callId, oldChannel, err.getMessage());
                }
            });
        }
    }

    // The agent hung up while the caller was on hold: nobody is coming back to the caller, who returns to the call's
    // queue (never dropped).
    private void heldLegGone(String callId, String legUniqueId) {
        Call c = calls.get(callId);
        Optional<CallInfo> info = engine.call(callId);
        if (c == null || info.isEmpty() || !info.get().held() || !legUniqueId.equals(c.agentUniqueId)
                || info.get().agentId() == null) {
            return;
        }
        log.info("callId={} agentId={} hung up while the caller was on hold: back to queue {}", callId,
                info.get().agentId(), info.get().queueId());
        AcdOutcome outcome = engine.transferToQueue(callId, info.get().agentId(), info.get().queueId(),
                clock.instant());
        if (outcome instanceof AcdOutcome.Rejected r) {
            log.warn("callId={} held caller not requeued: {}", callId, r.detail());
            return;
        }
        c.agentChannel = null; // already gone: no hang-up to send
        moveCaller(c, false, outcome.events());
    }

    private Object connectedCall(String agentId) {
        Optional<AgentInfo> agent = engine.agent(agentId);
        if (agent.isEmpty()) {
            return new AcdOutcome.Rejected(hotline.routing.acd.AcdRejection.UNKNOWN_AGENT,
                    "agent " + agentId + " is not logged in");
        }
        String callId = agent.get().status() == AgentStatus.ON_CALL ? agent.get().callId() : null;
        Call c = callId == null ? null : calls.get(callId);
        if (c == null) {
            return new AcdOutcome.Rejected(hotline.routing.acd.AcdRejection.INVALID_STATE,
                    "agent " + agentId + " has no connected call (" + agent.get().status() + ")");
        }
        if (c.callback || c.channel == null || c.agentChannel == null) {
            return new AcdOutcome.Rejected(hotline.routing.acd.AcdRejection.INVALID_STATE,
                    "call " + callId + " has no seat leg the server knows (a callback or outbound call, or"
                            + " answered before a restart): it cannot be held or transferred");
        }
        return c;
    }

    // ------------------------------------------------------------------ restart

    /**
     * Takes back the calls of a saved state, for a controller whose engine was restored from the same state
     * ({@link AcdEngine#restore}). Until the first {@link ChannelsSnapshot} reconciles them with Asterisk, the engine
     * refuses every operation: new calls take the native fallback, agents' requests answer {@code NOT_RECONCILED}.
     */
    public void resume(List<AcdStateCodec.SavedCall> saved) {
        for (AcdStateCodec.SavedCall sc : saved) {
            Call call = new Call(sc.callId(), sc.uniqueId(), sc.channel());
            call.seq = sc.seq();
            call.agiDone = sc.agiDone();
            call.offeredAgent = sc.offeredAgent();
            call.offeredSeat = sc.offeredSeat();
            call.agentUniqueId = sc.agentUniqueId();
            call.connected = sc.connected();
            call.endedBy = sc.endedBy();
            call.box = boxes.boxOfUniqueId(sc.uniqueId());
            calls.put(call.callId, call);
            callByUniqueId.put(call.uniqueId, call.callId);
            if (call.agentUniqueId != null) {
                callByAgentLeg.put(call.agentUniqueId, call.callId);
            }
        }
        log.info("routing state restored: {} calls, {} agents; waiting for Asterisk's channel list to reconcile",
                calls.size(), engine.agents().size());
    }

    /** How many of the most recent call records are searched for the orphans' records at reconcile. */
    static final int ADOPT_LOOKBACK = 200;
    /** How long reconcile waits for the orphans' records before it goes on without adopting them. */
    static final Duration ADOPT_TIMEOUT = Duration.ofSeconds(2);

    private boolean adopting;
    private final Set<String> goneWhileAdopting = new HashSet<>();

    // Callers on hold that the restored state does not know arrived after the previous leader's last save: their call
    // records (written as they arrived) say when and how, so they are adopted instead of waiting for routing.maxWait
    // to send them to the native fallback queue. Looking the records up is asynchronous; the engine refuses
    // everything until the reconcile below, as it did before the channel list.
    private void reconcileAfterRestart(ChannelsSnapshot s) {
        List<ChannelInfo> unknown = new ArrayList<>();
        for (ChannelInfo c : s.channels()) {
            if (WAIT_CONTEXT.equals(c.context()) && c.uniqueId() != null && !callByUniqueId.containsKey(c.uniqueId())) {
                unknown.add(c);
            }
        }
        if (unknown.isEmpty()) {
            finishReconcile(s, List.of());
            return;
        }
        log.info("{} callers on hold are not in the restored routing state; looking up their call records",
                unknown.size());
        adopting = true;
        goneWhileAdopting.clear();
        boolean[] over = new boolean[1];
        long timeout = scheduler.schedule(ADOPT_TIMEOUT, () -> {
            if (!over[0]) {
                over[0] = true;
                adopting = false;
                log.warn("call records of {} callers on hold not read within {} ms; reconciling without them (they"
                        + " reach the native queue after routing.maxWait)", unknown.size(), ADOPT_TIMEOUT.toMillis());
                finishReconcile(s, List.of());
            }
        });
        OrphanCalls.find(store, unknown, Set.copyOf(calls.keySet()), ADOPT_LOOKBACK).onComplete(ar -> {
            if (over[0]) {
                return;
            }
            over[0] = true;
            adopting = false;
            scheduler.cancel(timeout);
            List<OrphanCalls.Orphan> found = new ArrayList<>();
            if (ar.failed()) {
                log.warn("call records of {} callers on hold could not be read ({}); reconciling without them",
                        unknown.size(), ar.cause().getMessage());
            } else {
                for (OrphanCalls.Orphan o : ar.result()) {
                    if (!goneWhileAdopting.contains(o.uniqueId())) {
                        found.add(o);
                    }
                }
                if (found.size() < unknown.size()) {
                    log.warn("{} of {} callers on hold have no waiting call record (or hung up meanwhile); left to the"
                            + " dialplan", unknown.size() - found.size(), unknown.size());
                }
            }
            goneWhileAdopting.clear();
            finishReconcile(s, found);
        });
    }

    // A call whose FastAGI session was cut by the restart has left for the dialplan's fallback: it is not ours.
    private void finishReconcile(ChannelsSnapshot s, List<OrphanCalls.Orphan> orphans) {
        Map<String, ChannelInfo> byUniqueId = new HashMap<>();
        for (ChannelInfo c : s.channels()) {
            byUniqueId.put(c.uniqueId(), c);
        }
        List<Call> held = new ArrayList<>(calls.values());
        held.sort(java.util.Comparator.comparing(c -> c.callId));
        List<LiveCall> live = new ArrayList<>();
        List<Call> toFallback = new ArrayList<>();
        for (Call call : held) {
            ChannelInfo ch = byUniqueId.get(call.uniqueId);
            if (ch == null || !call.agiDone) {
                continue;
            }
            if (inFallback(ch)) {
                // waited past routing.maxWait while the server was down: the native queue's now. Left out of the
                // live calls, so the engine drops it before it dispatches anything (its abandoned step is not
                // recorded: the timeline says fallback)
                call.fallback = true;
                toFallback.add(call);
                continue;
            }
            live.add(new LiveCall(call.callId, bridgedSeat(call, ch, s.channels())));
        }
        Instant now = clock.instant();
        List<AdoptedCall> adopted = new ArrayList<>();
        List<Call> adoptedCalls = new ArrayList<>();
        for (OrphanCalls.Orphan o : orphans) {
            if (calls.containsKey(o.callId()) || callByUniqueId.containsKey(o.uniqueId())) {
                continue;
            }
            Call call = new Call(o.callId(), o.uniqueId(), o.channel());
            call.box = boxes.boxOfUniqueId(o.uniqueId()); // the box whose channel list shows it on hold
            call.seq = o.lastSeq();
            call.agiDone = true; // on hold in the dialplan: its FastAGI session is over
            call.callerNumber = callerNumber(o.callerNumber());
            call.language = o.ivr().get("language");
            Instant arrivedAt = o.arrivedAt().isAfter(now) ? now : o.arrivedAt(); // another node's clock
            adopted.add(new AdoptedCall(new Arrival(o.callId(), queueOf(o.ivr()), call.callerNumber,
                    districtOf(o.ivr()), false), arrivedAt, o.priority()));
            adoptedCalls.add(call);
        }
        AcdOutcome outcome = engine.reconcile(live, adopted, now);
        if (outcome instanceof AcdOutcome.Rejected r && !adopted.isEmpty()) {
            log.error("callers on hold could not be adopted ({}); reconciling without them", r.detail());
            adoptedCalls.clear();
            outcome = engine.reconcile(live, now);
        }
        for (Call call : adoptedCalls) {
            calls.put(call.callId, call);
            callByUniqueId.put(call.uniqueId, call.callId);
            record(call, "adopted", now, Map.of("reason", "ARRIVED_AFTER_LAST_SAVE"), Map.of());
            log.info("callId={} uniqueid={} channel={} adopted: on hold since before the restart, not in the saved"
                    + " routing state", call.callId, call.uniqueId, call.channel);
        }
        for (Call call : toFallback) {
            leftForFallback(call, "gone to the native queue while the server was down");
        }
        log.info("routing state reconciled with Asterisk: {} of {} calls still there, {} adopted", live.size(),
                held.size(), adoptedCalls.size());
        apply(outcome.events());
        for (Call call : held) {
            if (calls.containsKey(call.callId) && !toFallback.contains(call)
                    && (!byUniqueId.containsKey(call.uniqueId) || !call.agiDone)) {
                end(call, s.at(), call.endedBy == null ? "unknown" : call.endedBy, null, "gone after restart");
            }
        }
    }

    /** The dialplan's fallback context: Asterisk's native queue, where the server no longer routes the caller. */
    static final String FALLBACK_CONTEXT = "hotline-fallback";

    private static boolean inFallback(ChannelInfo caller) {
        return FALLBACK_CONTEXT.equals(caller.context());
    }

    // The caller is in the dialplan's fallback (the native queue rings the seats): not ours to route any more.
    private void leftForFallback(Call call, String why) {
        Instant now = clock.instant();
        call.fallback = true;
        log.warn("callId={} uniqueid={} {}; no longer routed by the server", call.callId, call.uniqueId, why);
        record(call, "fallback", now, Map.of("reason", "NATIVE_QUEUE"), Map.of("state", "fallback"));
        if (calls.containsKey(call.callId)) {
            apply(engine.callEnded(call.callId, now).events());
            forget(call);
        }
    }

    private String bridgedSeat(Call call, ChannelInfo caller, List<ChannelInfo> channels) {
        if (call.offeredSeat == null || caller.bridgeId() == null || caller.bridgeId().isEmpty()) {
            return null;
        }
        // a seat on another box: the caller is bridged to the trunk's leg to that box
        String leg = boxes.dialedLegPrefix(call.box == null ? boxes.primary() : call.box, call.offeredSeat);
        for (ChannelInfo other : channels) {
            if (caller.bridgeId().equals(other.bridgeId()) && other.channel() != null
                    && other.channel().startsWith(leg)) {
                return call.offeredSeat;
            }
        }
        return null;
    }

    private void scheduleSave() {
        if (stateStore == null || savePending || !engine.reconciled()) {
            return;
        }
        savePending = true;
        scheduler.schedule(SAVE_DELAY, () -> {
            savePending = false;
            List<AcdStateCodec.SavedCall> saved = new ArrayList<>();
            List<Call> all = new ArrayList<>(calls.values());
            all.sort(java.util.Comparator.comparing(c -> c.callId));
            for (Call c : all) {
                saved.add(new AcdStateCodec.SavedCall(c.callId, c.uniqueId, c.channel, c.seq, c.agiDone,
                        c.offeredAgent, c.offeredSeat, c.agentUniqueId, c.connected, c.endedBy));
            }
            stateStore.save(engine.snapshot(), saved).onComplete(ar -> {
                if (ar.succeeded()) {
                    if (saveFailing) {
                        saveFailing = false;
                        log.info("routing state saved again ({} calls)", saved.size());
                    }
                    return;
                }
                if (!saveFailing) {
                    saveFailing = true;
                    log.warn("routing state not saved ({} calls): {}; retrying every {} ms until the store answers",
                            saved.size(), ar.cause().getMessage(), SAVE_RETRY.toMillis());
                }
                // the store is down (a Redis restart): save the then-current state again, so the last change
                // before the outage is not lost if nothing changes after it
                scheduler.schedule(SAVE_RETRY, this::scheduleSave);
            });
        });
    }

    // One Vert.x timer for the engine's next deadline; re-armed when the deadline moves.
    private void rearm() {
        // A restored engine refuses ticks until reconciled; arming then would spin on past deadlines.
        Instant next = engine.reconciled() ? engine.nextDeadline().orElse(null) : null;
        if (Objects.equals(next, armedFor)) {
            return;
        }
        if (armedFor != null) {
            scheduler.cancel(armedHandle);
        }
        armedFor = next;
        if (next != null) {
            Duration delay = Duration.between(clock.instant(), next);
            armedHandle = scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, this::onDeadline);
        }
    }

    private void onDeadline() {
        armedFor = null;
        apply(engine.tick(clock.instant()).events());
    }

    // A callback task's turn (or a leader's outbound call): ring the agent's seat; once they answer, the dialplan
    // calls the citizen.
    private void dialCallback(AcdEvent.CallbackDial d) {
        dialOut(d.taskId(), "callback", d.agentId(), d.seat(), d.number(), null, d.at());
    }

    private void dialOut(String taskId, String kind, String agentId, String seat, String number, String orderId,
                         Instant at) {
        Call task = calls.get(taskId);
        boolean first = task == null;
        if (first) {
            task = new Call(taskId, null, null);
            task.callback = true;
            // the engine numbers outbound calls per run ("out-7"): keep their records apart from earlier runs'
            task.storeId = kind.equals("outbound") ? newCallId(at) + "-" + taskId : taskId;
            calls.put(task.callId, task);
        }
        if (task.uniqueId != null) {
            callByUniqueId.remove(task.uniqueId);
        }
        task.dialAttempts++;
        task.uniqueId = "hotline-" + task.storeId + "-" + task.dialAttempts;
        callByUniqueId.put(task.uniqueId, task.callId);
        task.offeredAgent = agentId;
        task.offeredSeat = seat;
        task.box = boxes.boxOfSeat(seat);
        task.dialPending = true;
        if (first) {
            // "arrived" (the call record's first step) also lists it among the calls (GET /api/calls)
            Map<String, String> created = new LinkedHashMap<>();
            created.put("callId", task.storeId);
            created.put("kind", kind);
            created.put("callerNumber", number);
            created.put("arrivedAt", at.toString());
            if (orderId != null) {
                created.put("orderId", orderId);
            }
            record(task, "arrived", at, Map.of("kind", kind, "number", number), created);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("uniqueId", task.uniqueId);
        fields.put("state", "offered");
        fields.put("agentId", agentId);
        fields.put("seat", seat);
        record(task, "offered", at, Map.of("agentId", agentId, "seat", seat, "number", number,
                "attempt", String.valueOf(task.dialAttempts)), fields);
        log.info("callId={} {}: ringing agentId={} seat={} to call the citizen", task.storeId, kind, agentId, seat);
        Call t = task;
        String uid = task.uniqueId;
        callControl.onBox(task.box).dialOut(seat, number, uid, task.storeId, callbackRingTimeout).whenComplete((ok, err) -> {
            if (!uid.equals(t.uniqueId) || calls.get(t.callId) != t) {
                return;
            }
            t.dialPending = false;
            Instant now = clock.instant();
            if (err == null) {
                log.info("callId={} {}: agentId={} answered, calling the citizen", t.storeId, kind, agentId);
                apply(engine.offerAnswered(t.callId, agentId, now).events());
            } else {
                log.info("callId={} {}: seat {} did not answer: {}", t.storeId, kind, seat, err.getMessage());
                callByUniqueId.remove(uid);
                AcdOutcome failed = engine.offerFailed(t.callId, agentId, OfferFailure.NO_ANSWER, now);
                apply(failed.events());
                if (!engine.call(t.callId).isPresent()) {
                    // an outbound call is not retried: it is over
                    record(t, "ended", now, Map.of("endedBy", "system", "cause", "", "causeText",
                            "the seat did not answer"), Map.of("state", "ended", "endedBy", "system",
                            "endedAt", now.toString()));
                    forget(t);
                }
            }
        });
    }

    /** An order was created from this call: counted in its leader session's figures. Unknown calls are ignored. */
    public void orderCreated(String callId) {
        if (callId != null && !callId.isBlank()) {
            apply(engine.orderCreated(callId, clock.instant()).events());
        }
    }

    /**
     * A leader (or any agent) calls a citizen back about an earlier order from their seat: their phone rings first,
     * then the citizen's.
     *
     * @param agentId the agent, ready or not ready, with a registered softphone
     * @param number  the citizen's number
     * @param orderId the order the call is about, or null
     */
    public AcdOutcome placeOutbound(String agentId, String number, String orderId) {
        return applyOutcome(engine.placeOutbound(agentId, number, orderId, clock.instant()));
    }

    /**
     * What a waiting caller hears in the next announcement: their place, the estimated wait, their language and
     * whether the engine has offered them a callback. Empty when the call is not waiting (offered, gone).
     */
    public Optional<QueuedInfo> queuedInfo(String callId) {
        Call c = callId == null ? null : calls.get(callId);
        if (c == null || c.callback) {
            return Optional.empty();
        }
        return engine.waitingCall(callId).map(w -> new QueuedInfo(w.position(), w.estimatedWait(),
                c.language, c.callbackOffered && c.callerNumber != null));
    }

    /**
     * The waiting caller pressed 1 for a callback: the call leaves the queue and a callback task keeps its place.
     *
     * @return whether the callback was scheduled (false: not waiting any more, no callback offered, number unknown)
     */
    public boolean acceptCallback(String callId) {
        Call c = callId == null ? null : calls.get(callId);
        if (c == null || !c.callbackOffered || c.callerNumber == null) {
            return false;
        }
        AcdOutcome outcome = engine.callbackAccepted(callId, c.callerNumber, clock.instant());
        if (outcome instanceof AcdOutcome.Rejected r) {
            log.info("callId={} callback not scheduled: {}", callId, r.detail());
            return false;
        }
        apply(outcome.events());
        return true;
    }

    /**
     * A waiting caller's place.
     *
     * @param position        1 = next to be offered
     * @param estimatedWait   the engine's estimate
     * @param language        the caller's language from the menu, or null
     * @param callbackOffered whether the caller may press 1 for a callback now
     */
    public record QueuedInfo(int position, Duration estimatedWait, String language, boolean callbackOffered) {
    }

    /** Where a caller offered a callback is sent to hear it at once ({@code <context>,announce,1}); null: not sent. */
    public void announcements(String context, Duration ringTimeout) {
        this.announceContext = context;
        this.callbackRingTimeout = ringTimeout;
    }

    private String announceContext;
    private Duration callbackRingTimeout = Duration.ofSeconds(15);

    private void offer(Call call, String agentId, String seat) {
        String callId = call.callId;
        callControl.onBox(call.box).offerToSeat(call.channel, seat).whenComplete((ok, err) -> {
            if (err != null) {
                log.warn("callId={} agentId={} seat={} offer failed in Asterisk: {}", callId, agentId, seat,
                        err.getMessage());
                Call c = calls.get(callId);
                if (c != null && agentId.equals(c.offeredAgent)) {
                    apply(engine.offerFailed(callId, agentId, OfferFailure.ERROR, clock.instant()).events());
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
        if (call.trunkUniqueId != null) {
            callByTrunkLeg.remove(call.trunkUniqueId);
        }
    }

    private void record(Call call, String type, Instant at, Map<String, String> data, Map<String, String> fields) {
        TimelineEntry entry = new TimelineEntry(++call.seq, type, at, data);
        String id = call.storeId == null ? call.callId : call.storeId;
        store.append(id, entry, fields).onFailure(err ->
                log.error("callId={} could not store timeline step {}: {}", id, type, err.getMessage()));
    }

    /** Number of calls in progress (arrived and not yet ended). */
    public int activeCalls() {
        return calls.size();
    }

    private static long ivrMillis(Map<String, String> attributes) {
        String ms = attributes.get("ivrMs");
        if (ms == null || !ms.matches("[0-9]{1,9}")) {
            return 0;
        }
        return Long.parseLong(ms);
    }

    /** The menu's queue choice when the engine has that queue; else the default queue. */
    private String queueOf(Map<String, String> attributes) {
        String q = attributes.get("queue");
        return engine.hasQueue(q) ? q : defaultQueue;
    }

    /** The menu's district (a division code) as leader sessions name it (the gazetteer's name); null if none. */
    private String districtOf(Map<String, String> attributes) {
        String code = attributes.get("district");
        return code == null ? null : districtNames.getOrDefault(code, code);
    }

    /**
     * Names districts as the leader-session schedule does: the menu gives division codes ({@code 110101}), sessions
     * name the district ({@code 东城区}).
     *
     * @param namesByCode the gazetteer's districts, code to name
     */
    public void districtNames(Map<String, String> namesByCode) {
        this.districtNames = Map.copyOf(namesByCode);
    }

    private static String callerNumber(String number) {
        return number != null && number.matches("[0-9+*#]{1,32}") ? number : null;
    }

    private static String newCallId(Instant now) {
        return "C" + Long.toString(now.toEpochMilli(), 36).toUpperCase()
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36)
                .toUpperCase();
    }
}
