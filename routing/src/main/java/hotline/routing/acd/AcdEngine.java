package hotline.routing.acd;

import hotline.routing.acd.AcdEvent.AgentStateChanged;
import hotline.routing.acd.AcdEvent.Audited;
import hotline.routing.acd.AcdEvent.CallAbandoned;
import hotline.routing.acd.AcdEvent.CallConnected;
import hotline.routing.acd.AcdEvent.CallFinished;
import hotline.routing.acd.AcdEvent.CallHeld;
import hotline.routing.acd.AcdEvent.CallMoved;
import hotline.routing.acd.AcdEvent.CallOffered;
import hotline.routing.acd.AcdEvent.CallQueued;
import hotline.routing.acd.AcdEvent.CallRequeued;
import hotline.routing.acd.AcdEvent.CallResumed;
import hotline.routing.acd.AcdEvent.CallTransferred;
import hotline.routing.acd.AcdEvent.CallWidened;
import hotline.routing.acd.AcdEvent.CallbackDial;
import hotline.routing.acd.AcdEvent.CallbackOffered;
import hotline.routing.acd.AcdEvent.CallbackScheduled;
import hotline.routing.acd.AcdEvent.OutboundDial;
import hotline.routing.acd.AcdEvent.SessionChanged;
import hotline.routing.acd.AcdEvent.SoftphoneChanged;
import hotline.routing.acd.AcdEvent.WrapUpExtended;
import hotline.routing.acd.AcdOutcome.Done;
import hotline.routing.acd.AcdOutcome.Rejected;
import hotline.routing.acd.EngineSnapshot.AgentRecord;
import hotline.routing.acd.EngineSnapshot.CallRecord;
import hotline.routing.acd.EngineSnapshot.QueueCounters;
import hotline.routing.acd.EngineSnapshot.RecentCaller;
import hotline.routing.acd.EngineSnapshot.SessionCounters;
import hotline.routing.acd.internal.AgentRec;
import hotline.routing.acd.internal.CallRec;
import hotline.routing.acd.internal.QueueRt;
import hotline.routing.acd.internal.SessionRt;
import hotline.routing.acd.internal.TierRt;
import hotline.routing.acd.internal.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The ACD engine for the 600-seat hall: agents with states and skills, several queues with skill tiers, strategies,
 * priorities with ageing, overflow, callback offers and tasks, leader sessions, supervisor operations and real-time
 * figures.
 *
 * <h2>Contract</h2>
 * Every operation takes its input and the current time ({@code now}) and returns an {@link AcdOutcome}: the
 * {@link AcdEvent}s it caused in causal order (an agent's state change before the call event it goes with), or a
 * {@link Rejected} reason with nothing changed. Operations never throw for bad input. The engine reads no clock,
 * starts no threads, does no IO and does not log. Timers are values: {@link #nextDeadline()} says when the adapter
 * must call {@link #tick(Instant)} (wrap-up ends, tier widening, overflow, max wait, session start and end); a late
 * tick processes everything due, in deadline order.
 *
 * <h2>Dispatch</h2>
 * After every operation no waiting call has an available agent qualified for it: an agent is available when
 * {@link AgentStatus#READY} with a registered softphone. A call that becomes waiting (arrival, requeue, widening,
 * move) takes the best available agent of the first of its applying tiers that has one, by the queue's
 * {@link Strategy}. An agent who becomes available takes the best waiting call it qualifies for across all queues:
 * head-of-line calls (returned after a failed offer) first, then the smallest ranked arrival (arrival minus the
 * priority's boost: ageing), then arrival order. Indexes make both O(tiers x log n): per tier a sorted set of
 * available agents, per queue and tier a sorted set of waiting calls. Ties never depend on hash order.
 *
 * <p>Not thread-safe: confine to one thread (in the server, one verticle's event loop).
 */
public final class AcdEngine {

    /** The not-ready reason of an agent who has just logged in. */
    public static final String LOGIN_REASON = "login";
    /** The not-ready reason of an agent whose ringing offer was revoked by {@link #reconcile}. */
    public static final String RESTART_REASON = "restart";
    /** Prefix of a leader session's queue id. */
    public static final String SESSION_QUEUE_PREFIX = "session:";

    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern SEAT = Pattern.compile("[A-Za-z0-9_.+*#-]{1,32}");
    private static final Pattern CALL_ID = Pattern.compile("[!-~]{1,128}");
    private static final Pattern REASON = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern NUMBER = Pattern.compile("[0-9+*#]{1,32}");
    private static final Pattern SKILL = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern DISTRICT = Pattern.compile("[^\\p{Cntrl}\\s][^\\p{Cntrl}]{0,63}");
    private static final int MAX_SKILLS = 64;
    private static final AcdOutcome NOTHING = new Done(List.of());

    private final AcdConfig config;
    private final List<QueueRt> queues = new ArrayList<>();
    private final Map<String, QueueRt> queueById = new HashMap<>();
    private final List<SessionRt> sessions = new ArrayList<>();
    private final QueueRt callbackQueue;
    private int tierCount;
    // TreeMap: listings sorted by agent id without sorting each time. The seat and call maps are only looked up.
    private final TreeMap<String, AgentRec> agents = new TreeMap<>();
    private final Map<String, AgentRec> agentBySeat = new HashMap<>();
    private final Map<String, CallRec> calls = new HashMap<>();
    private final NavigableSet<Timer> timers = new TreeSet<>(Timer.ORDER);
    private final Map<String, Instant> recentCallers = new HashMap<>();
    private final ArrayDeque<RecentCaller> recentOrder = new ArrayDeque<>();
    private final Set<String> unregisteredSeats = new TreeSet<>();
    private final Map<String, String> sessionCalls = new TreeMap<>();
    private long seq;
    private boolean reconciled = true;

    /**
     * Creates an engine with no agents and no calls; leader sessions are scheduled from the configuration.
     *
     * @param config the configuration, not null
     */
    public AcdEngine(AcdConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        int tiers = 0;
        for (QueueConfig qc : config.queues()) {
            QueueRt q = new QueueRt(qc.id(), queues.size(), qc, null);
            for (SkillTier st : qc.tiers()) {
                q.addTier(new TierRt(q, q.tiers.size(), tiers++, st.after(), st.skills(), null));
            }
            add(q);
        }
        for (QueueConfig qc : config.queues()) {
            if (qc.overflowQueue() != null) {
                queueById.get(qc.id()).overflow = queueById.get(qc.overflowQueue());
            }
        }
        this.tierCount = tiers;
        for (LeaderSessionConfig sc : config.sessions()) {
            addSessionQueue(sc);
        }
        for (QueueRt q : queues) {
            for (TierRt t : q.tiers) {
                t.ready = new TreeSet<>(agentOrder(q.config.strategy(), t.globalIndex));
            }
        }
        this.callbackQueue = queueById.get(config.callbackQueue());
        for (SessionRt s : sessions) {
            timers.add(new Timer(s.config.start(), "s:" + s.config.id(), s));
            timers.add(new Timer(s.config.end(), "s:" + s.config.id(), s));
        }
    }

    // a session's queue session:<id>: tier 0 the leader seats, then the assistant seats, then (after othersAfter)
    // the normal queue's tier-0 agents; the tiers' ready sets are the caller's to create
    private SessionRt addSessionQueue(LeaderSessionConfig sc) {
        SessionRt s = new SessionRt(sc);
        s.normalQueue = queueById.get(sc.queue());
        QueueRt q = new QueueRt(SESSION_QUEUE_PREFIX + sc.id(), queues.size(), s.normalQueue.config, s);
        q.addTier(new TierRt(q, 0, tierCount++, Duration.ZERO, Map.of(), sc.leaderSeats()));
        if (!sc.assistantSeats().isEmpty()) {
            q.addTier(new TierRt(q, q.tiers.size(), tierCount++, Duration.ZERO, Map.of(), sc.assistantSeats()));
        }
        q.addTier(new TierRt(q, q.tiers.size(), tierCount++, sc.othersAfter(), s.normalQueue.tiers.get(0).skills,
                null));
        s.queue = q;
        sessions.add(s);
        add(q);
        return s;
    }

    /**
     * Schedules a leader session while the engine runs (a supervisor or administrator scheduled it on a screen):
     * its queue {@code session:<id>} is added, every logged-in agent's eligibility is recomputed (a leader already on
     * a leader seat serves it at once), and it starts and ends by its times as a configured session does; one whose
     * start has passed starts now, moving the district's waiting calls in.
     *
     * @param supervisorId who scheduled it
     * @param sc           the session; its id must be new and its queue a configured queue
     * @param now          the current time
     * @return {@link Audited} ({@code schedule-session}), then any {@link SessionChanged}, moves and offers; or
     *     rejected: INVALID_ARGUMENT (id in use, unknown queue, already over), NOT_RECONCILED
     */
    public AcdOutcome addSession(String supervisorId, LeaderSessionConfig sc, Instant now) {
        String problem = first(nowProblem(now), sc == null ? "session must not be null" : null);
        if (problem != null) {
            return invalid(problem);
        }
        if (!reconciled) {
            return notReconciled();
        }
        if (queueById.containsKey(SESSION_QUEUE_PREFIX + sc.id())) {
            return invalid("session id " + sc.id() + " is already in use");
        }
        QueueRt normal = queueById.get(sc.queue());
        if (normal == null || normal.session != null) {
            return invalid("session " + sc.id() + ": queue " + sc.queue() + " is not a configured queue");
        }
        if (!sc.end().isAfter(now)) {
            return invalid("session " + sc.id() + ": its end " + sc.end() + " has passed");
        }
        List<AgentRec> all = new ArrayList<>(agents.values());
        List<Boolean> wasCounted = new ArrayList<>();
        for (AgentRec a : all) {
            unindex(a);
            wasCounted.add(a.counted);
            if (a.counted) {
                count(a, false);
            }
        }
        SessionRt s = addSessionQueue(sc);
        for (TierRt t : s.queue.tiers) {
            t.ready = new TreeSet<>(agentOrder(s.queue.config.strategy(), t.globalIndex));
        }
        for (int i = 0; i < all.size(); i++) {
            AgentRec a = all.get(i);
            eligibility(a);
            if (wasCounted.get(i)) {
                count(a, true);
            }
            index(a);
        }
        timers.add(new Timer(sc.start(), "s:" + sc.id(), s));
        timers.add(new Timer(sc.end(), "s:" + sc.id(), s));
        List<AcdEvent> ev = new ArrayList<>();
        ev.add(new Audited(supervisorId, "schedule-session", sc.id(), sc.district() + " " + sc.start() + " -> "
                + sc.end() + " leader seats " + sc.leaderSeats(), now));
        runDue(now, ev);
        return new Done(ev);
    }

    /**
     * The leader sessions, configured and scheduled, in the order they were added.
     *
     * @return the sessions' configurations
     */
    public List<LeaderSessionConfig> sessions() {
        List<LeaderSessionConfig> list = new ArrayList<>();
        for (SessionRt s : sessions) {
            list.add(s.config);
        }
        return List.copyOf(list);
    }

    private void add(QueueRt q) {
        queues.add(q);
        queueById.put(q.id, q);
    }

    private static Comparator<AgentRec> agentOrder(Strategy strategy, int tier) {
        Comparator<AgentRec> idle = (a, b) -> {
            int c = a.idleSince.compareTo(b.idleSince);
            return c != 0 ? c : a.agentId.compareTo(b.agentId);
        };
        return switch (strategy) {
            case LONGEST_IDLE -> idle;
            case LEAST_CALLS_TODAY -> (a, b) -> {
                int c = Integer.compare(a.callsToday, b.callsToday);
                return c != 0 ? c : idle.compare(a, b);
            };
            case SKILL_LEVEL_WEIGHTED -> (a, b) -> {
                int c = Integer.compare(b.weight[tier], a.weight[tier]);
                return c != 0 ? c : idle.compare(a, b);
            };
            case ROUND_ROBIN -> (a, b) -> {
                int c = Long.compare(a.lastOfferSeq, b.lastOfferSeq);
                return c != 0 ? c : a.agentId.compareTo(b.agentId);
            };
        };
    }

    // ================================================================== agents

    /**
     * Logs an agent in to a seat with skills, {@link AgentStatus#NOT_READY} with reason {@value #LOGIN_REASON}. The
     * softphone counts as registered unless the seat was last reported unregistered.
     *
     * @param agentId the agent
     * @param seat    the seat
     * @param skills  skill to level 1..10
     * @param now     the current time
     * @return the state change; or rejected: ALREADY_LOGGED_IN, SEAT_TAKEN, INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome login(String agentId, String seat, Map<String, Integer> skills, Instant now) {
        String problem = first(agentIdProblem(agentId), seatProblem(seat), skillsProblem(skills), nowProblem(now));
        if (problem != null) {
            return invalid(problem);
        }
        if (!reconciled) {
            return notReconciled();
        }
        AgentRec existing = agents.get(agentId);
        if (existing != null) {
            return new Rejected(AcdRejection.ALREADY_LOGGED_IN,
                    "agent " + agentId + " is already logged in on seat " + existing.seat);
        }
        AgentRec holder = agentBySeat.get(seat);
        if (holder != null) {
            return new Rejected(AcdRejection.SEAT_TAKEN, "seat " + seat + " is taken by agent " + holder.agentId);
        }
        AgentRec a = new AgentRec(agentId, seat);
        a.skills = Collections.unmodifiableMap(new TreeMap<>(skills));
        a.status = AgentStatus.LOGGED_OUT;
        a.since = now;
        a.registered = !unregisteredSeats.contains(seat);
        eligibility(a);
        agents.put(agentId, a);
        agentBySeat.put(seat, a);
        List<AcdEvent> ev = new ArrayList<>();
        setStatus(a, AgentStatus.NOT_READY, LOGIN_REASON, null, now, ev);
        return new Done(ev);
    }

    /**
     * Makes an agent ready: from not-ready, or from wrap-up (ending it early). The agent may be offered a call at
     * once.
     *
     * @param agentId the agent
     * @param now     the current time
     * @return the events; nothing if already ready; or rejected: UNKNOWN_AGENT, INVALID_STATE (reserved or on a
     *     call), INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome ready(String agentId, Instant now) {
        Object found = agentFor(agentId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        AgentRec a = (AgentRec) found;
        if (a.status == AgentStatus.READY) {
            return NOTHING;
        }
        if (a.status != AgentStatus.NOT_READY && a.status != AgentStatus.WRAP_UP) {
            return invalidState(a, "ready");
        }
        List<AcdEvent> ev = new ArrayList<>();
        if (a.status == AgentStatus.WRAP_UP) {
            finishWrapUp(a, now, ev);
        } else {
            setStatus(a, AgentStatus.READY, null, now, now, ev);
        }
        dispatchAgent(a, now, ev);
        return new Done(ev);
    }

    /**
     * Makes an agent not ready for a reason (break, meal, training, meeting...), from ready, not-ready (changing the
     * reason) or wrap-up (ending it).
     *
     * @param agentId the agent
     * @param reason  a reason code {@code [A-Za-z0-9_.:-]{1,64}}
     * @param now     the current time
     * @return the state change; nothing if already not ready for this reason; or rejected: UNKNOWN_AGENT,
     *     INVALID_STATE, INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome notReady(String agentId, String reason, Instant now) {
        String problem = reasonProblem(reason);
        if (problem != null) {
            return invalid(problem);
        }
        Object found = agentFor(agentId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        AgentRec a = (AgentRec) found;
        if (a.status == AgentStatus.NOT_READY && reason.equals(a.reason)) {
            return NOTHING;
        }
        if (a.status == AgentStatus.RESERVED || a.status == AgentStatus.ON_CALL) {
            return invalidState(a, "notReady");
        }
        List<AcdEvent> ev = new ArrayList<>();
        if (a.status == AgentStatus.WRAP_UP) {
            endHandle(a, now);
        }
        setStatus(a, AgentStatus.NOT_READY, reason, null, now, ev);
        return new Done(ev);
    }

    /**
     * Logs an agent out (from ready, not-ready or wrap-up); the engine forgets the agent and frees the seat.
     *
     * @param agentId the agent
     * @param now     the current time
     * @return the state change; or rejected: UNKNOWN_AGENT, INVALID_STATE (reserved or on a call),
     *     INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome logout(String agentId, Instant now) {
        Object found = agentFor(agentId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        AgentRec a = (AgentRec) found;
        if (a.status == AgentStatus.RESERVED || a.status == AgentStatus.ON_CALL) {
            return invalidState(a, "logout");
        }
        List<AcdEvent> ev = new ArrayList<>();
        if (a.status == AgentStatus.WRAP_UP) {
            endHandle(a, now);
        }
        setStatus(a, AgentStatus.LOGGED_OUT, null, null, now, ev);
        agents.remove(a.agentId);
        agentBySeat.remove(a.seat);
        return new Done(ev);
    }

    /**
     * Ends an agent's wrap-up early: the agent is ready and may be offered a call at once.
     *
     * @param agentId the agent
     * @param now     the current time
     * @return the events; or rejected: UNKNOWN_AGENT, INVALID_STATE (not in wrap-up), INVALID_ARGUMENT,
     *     NOT_RECONCILED
     */
    public AcdOutcome endWrapUp(String agentId, Instant now) {
        Object found = agentFor(agentId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        AgentRec a = (AgentRec) found;
        if (a.status != AgentStatus.WRAP_UP) {
            return invalidState(a, "endWrapUp");
        }
        List<AcdEvent> ev = new ArrayList<>();
        finishWrapUp(a, now, ev);
        dispatchAgent(a, now, ev);
        return new Done(ev);
    }

    /**
     * Extends an agent's wrap-up by {@link AcdConfig#wrapUpExtension()}, once per call.
     *
     * @param agentId the agent
     * @param now     the current time
     * @return {@link WrapUpExtended}; or rejected: UNKNOWN_AGENT, INVALID_STATE (not in wrap-up, or already
     *     extended), INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome extendWrapUp(String agentId, Instant now) {
        Object found = agentFor(agentId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        AgentRec a = (AgentRec) found;
        if (a.status != AgentStatus.WRAP_UP) {
            return invalidState(a, "extendWrapUp");
        }
        if (a.wrapUpExtended) {
            return new Rejected(AcdRejection.INVALID_STATE, "agent " + agentId + " has already extended this wrap-up");
        }
        a.wrapUpExtended = true;
        a.wrapUpEnds = a.wrapUpEnds.plus(config.wrapUpExtension());
        armAgentTimer(a);
        return new Done(List.of(new WrapUpExtended(agentId, a.wrapUpEnds, now)));
    }

    /**
     * Records the softphone registration of a seat (from Asterisk's contact or device state). An unregistered seat
     * gets no calls whatever its agent's state; re-registering makes a ready agent available again. Known for seats
     * without an agent too, so a later login starts with the right overlay.
     *
     * @param seat       the seat
     * @param registered whether the softphone is reachable
     * @param now        the current time
     * @return {@link SoftphoneChanged} and any dispatch; nothing if unchanged or nobody is on the seat; or rejected:
     *     INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome softphone(String seat, boolean registered, Instant now) {
        String problem = first(seatProblem(seat), nowProblem(now));
        if (problem != null) {
            return invalid(problem);
        }
        if (!reconciled) {
            return notReconciled();
        }
        if (registered) {
            unregisteredSeats.remove(seat);
        } else {
            unregisteredSeats.add(seat);
        }
        AgentRec a = agentBySeat.get(seat);
        if (a == null || a.registered == registered) {
            return NOTHING;
        }
        List<AcdEvent> ev = new ArrayList<>();
        unindex(a);
        a.registered = registered;
        updateCounted(a);
        index(a);
        ev.add(new SoftphoneChanged(a.agentId, seat, registered, now));
        dispatchAgent(a, now, ev);
        return new Done(ev);
    }

    /**
     * Places a call from an agent's seat (a leader's callback to a citizen about an earlier order). The agent must
     * be ready or not ready with a registered softphone; they are reserved while the call is dialled. If the agent
     * sits at a leader seat of a running session, it counts as a session callback. If the call does not connect the
     * agent returns to the state they had.
     *
     * @param agentId the agent
     * @param number  the number to dial
     * @param orderId the order it concerns, or null
     * @param now     the current time
     * @return {@link OutboundDial} (the call id is its {@code taskId}); or rejected: UNKNOWN_AGENT, INVALID_STATE,
     *     INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome placeOutbound(String agentId, String number, String orderId, Instant now) {
        String problem = first(numberProblem(number), orderId == null ? null : reasonProblem(orderId));
        if (problem != null) {
            return invalid(problem);
        }
        Object found = agentFor(agentId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        AgentRec a = (AgentRec) found;
        if ((a.status != AgentStatus.READY && a.status != AgentStatus.NOT_READY) || !a.registered) {
            return invalidState(a, "placeOutbound");
        }
        long n = ++seq;
        String taskId = "out-" + n;
        CallRec c = new CallRec(taskId, CallKind.OUTBOUND, n, now);
        c.priority = Priority.NORMAL;
        c.number = number;
        c.orderId = orderId;
        c.phase = CallPhase.OFFERED;
        c.agent = a;
        calls.put(taskId, c);
        for (SessionRt s : sessions) {
            if (running(s, now) && s.config.leaderSeats().contains(a.seat)) {
                s.callbacksMade++;
                c.session = s;
                sessionCalls.put(taskId, s.config.id());
                break;
            }
        }
        List<AcdEvent> ev = new ArrayList<>();
        a.returnReason = a.status == AgentStatus.NOT_READY ? a.reason : null;
        setStatus(a, AgentStatus.RESERVED, null, a.status == AgentStatus.READY ? a.idleSince : now, now, ev);
        a.call = c;
        a.lastOfferSeq = ++seq;
        ev.add(new OutboundDial(taskId, agentId, a.seat, number, orderId, now));
        return new Done(ev);
    }

    // ================================================================== calls

    /**
     * Accepts an inbound call. The call goes to the IVR's queue, or to a running leader session's queue when its
     * district matches (then with {@link Priority#LEADER_SESSION}); otherwise its priority is urgent, repeat caller
     * (same number within the window) or normal. It is offered at once if a qualified agent is available. When the
     * queue already holds {@link QueueConfig#maxLength()} calls, the caller is still queued and offered a callback.
     *
     * @param arrival the call
     * @param now     the current time
     * @return {@link CallQueued}, then the offer or a {@link CallbackOffered}; or rejected: DUPLICATE_CALL,
     *     UNKNOWN_QUEUE, INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome callArrived(Arrival arrival, Instant now) {
        if (arrival == null) {
            return invalid("arrival is null");
        }
        String problem = first(callIdProblem(arrival.callId()), nowProblem(now),
                arrival.queueId() == null ? "queueId is null" : null,
                arrival.callerNumber() == null ? null : numberProblem(arrival.callerNumber()),
                arrival.district() == null ? null : districtProblem(arrival.district()));
        if (problem != null) {
            return invalid(problem);
        }
        if (!reconciled) {
            return notReconciled();
        }
        if (calls.containsKey(arrival.callId())) {
            return new Rejected(AcdRejection.DUPLICATE_CALL, "call " + arrival.callId() + " is already "
                    + calls.get(arrival.callId()).phase.name().toLowerCase());
        }
        QueueRt queue = queueById.get(arrival.queueId());
        if (queue == null || queue.session != null) {
            return new Rejected(AcdRejection.UNKNOWN_QUEUE, "queue " + echo(arrival.queueId()) + " is not configured");
        }
        SessionRt session = arrival.district() == null ? null : sessionFor(arrival.district(), queue, now);
        Priority priority;
        if (session != null) {
            priority = Priority.LEADER_SESSION;
        } else if (arrival.urgent()) {
            priority = Priority.URGENT;
        } else if (arrival.callerNumber() != null && recentCaller(arrival.callerNumber(), now)) {
            priority = Priority.REPEAT_CALLER;
        } else {
            priority = Priority.NORMAL;
        }
        if (arrival.callerNumber() != null) {
            rememberCaller(arrival.callerNumber(), now);
        }
        CallRec c = new CallRec(arrival.callId(), CallKind.INBOUND, ++seq, now);
        c.callerNumber = arrival.callerNumber();
        c.district = arrival.district();
        setPriority(c, priority);
        c.phase = CallPhase.WAITING;
        calls.put(c.callId, c);
        QueueRt target = session != null ? session.queue : queue;
        boolean full = target.waiting >= target.config.maxLength();
        List<AcdEvent> ev = new ArrayList<>();
        enterQueue(c, target, now);
        ev.add(queued(c));
        refresh(c, now, ev);
        dispatchCall(c, now, ev);
        if (full && c.phase == CallPhase.WAITING) {
            c.queue.callbacksOffered++;
            ev.add(new CallbackOffered(c.callId, c.queue.id, "queue-full", now));
        }
        return new Done(ev);
    }

    /**
     * Sets the district of a call, learned later (from the transcript). A waiting call whose district has a running
     * leader session fed by the call's queue moves into the session with {@link Priority#LEADER_SESSION}.
     *
     * @param callId   the call
     * @param district the district
     * @param now      the current time
     * @return a {@link CallMoved} and any offer, or nothing; or rejected: UNKNOWN_CALL, INVALID_ARGUMENT,
     *     NOT_RECONCILED
     */
    public AcdOutcome setDistrict(String callId, String district, Instant now) {
        String problem = first(callIdProblem(callId), districtProblem(district), nowProblem(now));
        if (problem != null) {
            return invalid(problem);
        }
        if (!reconciled) {
            return notReconciled();
        }
        CallRec c = calls.get(callId);
        if (c == null) {
            return unknownCall(callId);
        }
        c.district = district;
        if (c.phase != CallPhase.WAITING || c.kind != CallKind.INBOUND || c.queue.session != null) {
            return NOTHING;
        }
        SessionRt s = sessionFor(district, c.queue, now);
        if (s == null) {
            return NOTHING;
        }
        List<AcdEvent> ev = new ArrayList<>();
        moveWaiting(c, s.queue, "district", now, ev);
        return new Done(ev);
    }

    /**
     * Records that the agent answered the call offered to them (for a callback or outbound call: the citizen
     * answered too).
     *
     * @param callId  the call or task
     * @param agentId the agent it was offered to
     * @param now     the current time
     * @return the state change and {@link CallConnected}; or rejected: UNKNOWN_AGENT, UNKNOWN_CALL, INVALID_STATE,
     *     INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome offerAnswered(String callId, String agentId, Instant now) {
        Object found = offered(callId, agentId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        CallRec c = (CallRec) found;
        List<AcdEvent> ev = new ArrayList<>();
        connect(c, now, ev);
        return new Done(ev);
    }

    /**
     * Records that the offer did not connect because of the agent's seat (ring-no-answer, busy, unreachable). The
     * agent becomes not ready with the failure's code; the call returns to the head of its queue (a callback task to
     * the head of the callbacks queue) and may be offered to another agent at once. A failed outbound call ends.
     *
     * @param callId  the call or task
     * @param agentId the agent it was offered to
     * @param failure why
     * @param now     the current time
     * @return the events; or rejected as {@link #offerAnswered}
     */
    public AcdOutcome offerFailed(String callId, String agentId, OfferFailure failure, Instant now) {
        if (failure == null) {
            return invalid("failure is null");
        }
        Object found = offered(callId, agentId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        CallRec c = (CallRec) found;
        AgentRec a = c.agent;
        List<AcdEvent> ev = new ArrayList<>();
        a.call = null;
        c.agent = null;
        setStatus(a, AgentStatus.NOT_READY, failure.code(), null, now, ev);
        if (c.kind == CallKind.OUTBOUND) {
            calls.remove(c.callId);
            c.phase = CallPhase.ENDED;
            ev.add(new CallAbandoned(c.callId, null, now));
            return new Done(ev);
        }
        c.phase = CallPhase.WAITING;
        c.headOfLine = true;
        addWaiting(c);
        ev.add(new CallRequeued(c.callId, agentId, failure, now));
        refresh(c, now, ev);
        dispatchCall(c, now, ev);
        return new Done(ev);
    }

    /**
     * Records that a call ended: the caller hung up while waiting or ringing (abandoned), or a connected call ended
     * (the agent goes to wrap-up, or straight to ready when wrap-up is zero). For a callback task, ending it while
     * waiting or offered means the callback is cancelled or the citizen could not be reached. Unknown calls are
     * ignored: hang-up events can repeat.
     *
     * @param callId the call or task
     * @param now    the current time
     * @return the events, possibly none; or rejected: INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome callEnded(String callId, Instant now) {
        String problem = first(callIdProblem(callId), nowProblem(now));
        if (problem != null) {
            return invalid(problem);
        }
        if (!reconciled) {
            return notReconciled();
        }
        CallRec c = calls.get(callId);
        if (c == null) {
            return NOTHING;
        }
        List<AcdEvent> ev = new ArrayList<>();
        end(c, now, ev);
        return new Done(ev);
    }

    /**
     * The caller accepted the offered callback (e.g. pressed 1). The call is over ({@link CallPhase#CALLBACK}); a
     * callback task takes its place: it waits in the callbacks queue ranked by the call's own arrival and priority,
     * and when its turn comes the engine emits {@link CallbackDial}. The adapter then hangs up the caller; the later
     * {@link #callEnded} for the call is ignored.
     *
     * @param callId the waiting inbound call
     * @param number the number to call back
     * @param now    the current time
     * @return {@link CallbackScheduled}, the task's {@link CallQueued} and any dial; or rejected: UNKNOWN_CALL,
     *     INVALID_STATE (not waiting, or not inbound), INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome callbackAccepted(String callId, String number, Instant now) {
        String problem = first(callIdProblem(callId), numberProblem(number), nowProblem(now));
        if (problem != null) {
            return invalid(problem);
        }
        if (!reconciled) {
            return notReconciled();
        }
        CallRec c = calls.get(callId);
        if (c == null) {
            return unknownCall(callId);
        }
        if (c.phase != CallPhase.WAITING || c.kind != CallKind.INBOUND) {
            return new Rejected(AcdRejection.INVALID_STATE,
                    "call " + callId + " is " + c.kind + " " + c.phase + ", only a waiting inbound call can accept");
        }
        String taskId = callId + "-cb";
        if (calls.containsKey(taskId)) {
            taskId = callId + "-cb" + (++seq);
        }
        removeWaiting(c);
        c.queue.callbacksScheduled++;
        c.phase = CallPhase.CALLBACK;
        calls.remove(callId);
        // The task inherits the call's sequence number and rank: it keeps the caller's place.
        CallRec t = new CallRec(taskId, CallKind.CALLBACK, c.seq, c.arrivedAt);
        t.priority = c.priority;
        t.rank = c.rank;
        t.headOfLine = c.headOfLine;
        t.callerNumber = c.callerNumber;
        t.district = c.district;
        t.number = number;
        t.session = c.session;
        t.phase = CallPhase.WAITING;
        calls.put(taskId, t);
        if (t.session != null) {
            sessionCalls.put(taskId, t.session.config.id());
        }
        List<AcdEvent> ev = new ArrayList<>();
        ev.add(new CallbackScheduled(callId, taskId, number, now));
        enterQueue(t, callbackQueue, now);
        ev.add(queued(t));
        refresh(t, now, ev);
        dispatchCall(t, now, ev);
        return new Done(ev);
    }

    /**
     * Records that an order was created from a call, for the leader-session figures.
     *
     * @param callId the call (or callback/outbound task) the order came from
     * @param now    the current time
     * @return nothing (figures only); or rejected: INVALID_ARGUMENT
     */
    public AcdOutcome orderCreated(String callId, Instant now) {
        String problem = first(callIdProblem(callId), nowProblem(now));
        if (problem != null) {
            return invalid(problem);
        }
        String sessionId = sessionCalls.remove(callId);
        if (sessionId != null) {
            for (SessionRt s : sessions) {
                if (s.config.id().equals(sessionId)) {
                    s.ordersCreated++;
                }
            }
        }
        return NOTHING;
    }

    // ================================================================== hold and transfer

    /**
     * The agent puts their connected call on hold: the call stays connected (not ended, not waiting, the agent
     * {@link AgentStatus#ON_CALL}); only {@link CallInfo#held()} changes.
     *
     * @param callId  the connected call
     * @param agentId the agent connected with it
     * @param now     the current time
     * @return {@link CallHeld}; or rejected: UNKNOWN_AGENT, UNKNOWN_CALL, INVALID_STATE (not connected with this
     *     agent, already held), INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome holdCall(String callId, String agentId, Instant now) {
        Object found = connectedWith(callId, agentId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        CallRec c = (CallRec) found;
        if (c.held) {
            return new Rejected(AcdRejection.INVALID_STATE, "call " + callId + " is already on hold");
        }
        c.held = true;
        return new Done(List.of(new CallHeld(callId, agentId, now)));
    }

    /**
     * The agent takes their held call back.
     *
     * @param callId  the held call
     * @param agentId the agent connected with it
     * @param now     the current time
     * @return {@link CallResumed}; or rejected as {@link #holdCall} (INVALID_STATE: not on hold)
     */
    public AcdOutcome resumeCall(String callId, String agentId, Instant now) {
        Object found = connectedWith(callId, agentId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        CallRec c = (CallRec) found;
        if (!c.held) {
            return new Rejected(AcdRejection.INVALID_STATE, "call " + callId + " is not on hold");
        }
        c.held = false;
        return new Done(List.of(new CallResumed(callId, agentId, now)));
    }

    /**
     * The agent transfers their connected inbound call (held or not) to a queue: the call waits there again with its
     * own id, arrival and priority (so it keeps its place by age) and may be offered at once, never to the
     * transferring agent, who goes to wrap-up. The queue's figures count the call once: it was answered already, so
     * it is neither answered again nor abandoned if the caller hangs up while waiting.
     *
     * @param callId  the connected call
     * @param agentId the agent connected with it
     * @param queueId the target queue (a configured one or {@code session:<id>}; its own queue is allowed)
     * @param now     the current time
     * @return {@link CallTransferred}, {@link CallQueued}, any offer, then the agent's state change; or rejected:
     *     UNKNOWN_QUEUE, INVALID_STATE (not connected with this agent, not inbound), and as {@link #holdCall}
     */
    public AcdOutcome transferToQueue(String callId, String agentId, String queueId, Instant now) {
        Object found = connectedWith(callId, agentId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        CallRec c = (CallRec) found;
        QueueRt target = queueId == null ? null : queueById.get(queueId);
        if (target == null) {
            return new Rejected(AcdRejection.UNKNOWN_QUEUE, "queue " + echo(queueId) + " is not configured");
        }
        if (c.kind != CallKind.INBOUND) {
            return new Rejected(AcdRejection.INVALID_STATE, "call " + callId + " is " + c.kind
                    + ", only an inbound call can be transferred");
        }
        AgentRec a = c.agent;
        List<AcdEvent> ev = new ArrayList<>();
        ev.add(new CallTransferred(callId, agentId, target.id, null, now));
        c.agent = null;
        c.phase = CallPhase.WAITING;
        c.held = false;
        c.headOfLine = false;
        // The agent is still ON_CALL (not available) while the call is dispatched: it never comes back to them.
        enterQueue(c, target, now);
        ev.add(queued(c));
        refresh(c, now, ev);
        dispatchCall(c, now, ev);
        leaveCall(c, a, now, ev);
        dispatchAgent(a, now, ev);
        return new Done(ev);
    }

    /**
     * The agent transfers their connected inbound call (held or not) to a named colleague who is available: the call
     * is offered to the colleague like an ACD offer ({@link CallOffered}) and the transferring agent goes to wrap-up.
     * If the colleague does not answer ({@link #offerFailed}) the call returns to the head of its queue, as any
     * failed offer: the caller is never dropped.
     *
     * @param callId      the connected call
     * @param agentId     the agent connected with it
     * @param toAgentId   the colleague, READY with a registered softphone
     * @param now         the current time
     * @return {@link CallTransferred}, the offer, then the agent's state change; or rejected: UNKNOWN_AGENT (either),
     *     INVALID_STATE (colleague not available or the same agent, call not inbound), and as {@link #holdCall}
     */
    public AcdOutcome transferToAgent(String callId, String agentId, String toAgentId, Instant now) {
        Object found = connectedWith(callId, agentId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        CallRec c = (CallRec) found;
        String problem = agentIdProblem(toAgentId);
        if (problem != null) {
            return invalid(problem);
        }
        AgentRec to = agents.get(toAgentId);
        if (to == null) {
            return new Rejected(AcdRejection.UNKNOWN_AGENT, "agent " + toAgentId + " is not logged in");
        }
        if (to == c.agent) {
            return new Rejected(AcdRejection.INVALID_STATE, "call " + callId + " is already with agent " + toAgentId);
        }
        if (!available(to)) {
            return new Rejected(AcdRejection.INVALID_STATE, "agent " + toAgentId + " is not available ("
                    + to.status + (to.registered ? "" : ", softphone unregistered") + ")");
        }
        if (c.kind != CallKind.INBOUND) {
            return new Rejected(AcdRejection.INVALID_STATE, "call " + callId + " is " + c.kind
                    + ", only an inbound call can be transferred");
        }
        AgentRec a = c.agent;
        List<AcdEvent> ev = new ArrayList<>();
        ev.add(new CallTransferred(callId, agentId, c.queue.id, toAgentId, now));
        c.agent = null;
        c.phase = CallPhase.WAITING;
        c.held = false;
        c.headOfLine = true;
        enterQueue(c, c.queue, now);
        offer(c, to, now, ev);
        leaveCall(c, a, now, ev);
        dispatchAgent(a, now, ev);
        return new Done(ev);
    }

    private Object connectedWith(String callId, String agentId, Instant now) {
        String problem = first(callIdProblem(callId), agentIdProblem(agentId), nowProblem(now));
        if (problem != null) {
            return invalid(problem);
        }
        if (!reconciled) {
            return notReconciled();
        }
        AgentRec a = agents.get(agentId);
        if (a == null) {
            return new Rejected(AcdRejection.UNKNOWN_AGENT, "agent " + agentId + " is not logged in");
        }
        CallRec c = calls.get(callId);
        if (c == null) {
            return unknownCall(callId);
        }
        if (c.phase != CallPhase.CONNECTED || c.agent != a) {
            return new Rejected(AcdRejection.INVALID_STATE, "call " + callId + " is " + c.phase
                    + (c.agent == null ? "" : " with agent " + c.agent.agentId) + ", not connected with agent "
                    + agentId);
        }
        return c;
    }

    // ================================================================== supervisor

    /**
     * A supervisor forces an agent to ready, not ready (with a reason) or logged out; allowed from ready, not ready
     * and wrap-up.
     *
     * @param supervisorId who
     * @param agentId      the agent
     * @param target       READY, NOT_READY or LOGGED_OUT
     * @param reason       the not-ready reason (NOT_READY only)
     * @param now          the current time
     * @return {@link Audited} followed by the operation's events; or its rejection
     */
    public AcdOutcome forceState(String supervisorId, String agentId, AgentStatus target, String reason, Instant now) {
        String problem = first(supervisorProblem(supervisorId), target == null ? "target is null" : null);
        if (problem != null) {
            return invalid(problem);
        }
        AgentRec before = agentId == null ? null : agents.get(agentId);
        String from = before == null ? "?" : before.status.name();
        AcdOutcome outcome = switch (target) {
            case READY -> ready(agentId, now);
            case NOT_READY -> notReady(agentId, reason, now);
            case LOGGED_OUT -> logout(agentId, now);
            default -> invalid("target must be READY, NOT_READY or LOGGED_OUT, was " + target);
        };
        if (outcome instanceof Rejected) {
            return outcome;
        }
        return audited(new Audited(supervisorId, "force-state", agentId,
                from + " -> " + target + (target == AgentStatus.NOT_READY ? " (" + reason + ")" : ""), now), outcome);
    }

    /**
     * A supervisor moves a waiting call to another queue (a configured one or a session's {@code session:<id>}),
     * keeping its place by age.
     *
     * @param supervisorId who
     * @param callId       the waiting call
     * @param queueId      the target queue
     * @param now          the current time
     * @return {@link Audited}, {@link CallMoved} and any offer; or rejected: UNKNOWN_CALL, UNKNOWN_QUEUE,
     *     INVALID_STATE, INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome moveCall(String supervisorId, String callId, String queueId, Instant now) {
        Object found = waitingCall(supervisorId, callId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        CallRec c = (CallRec) found;
        QueueRt target = queueId == null ? null : queueById.get(queueId);
        if (target == null) {
            return new Rejected(AcdRejection.UNKNOWN_QUEUE, "queue " + echo(queueId) + " is not configured");
        }
        if (target == c.queue) {
            return new Rejected(AcdRejection.INVALID_STATE, "call " + callId + " already waits in " + queueId);
        }
        List<AcdEvent> ev = new ArrayList<>();
        ev.add(new Audited(supervisorId, "move-call", callId, c.queue.id + " -> " + target.id, now));
        moveWaiting(c, target, "supervisor", now, ev);
        return new Done(ev);
    }

    /**
     * A supervisor offers a waiting call to a particular available agent, whatever the agent's skills.
     *
     * @param supervisorId who
     * @param callId       the waiting call
     * @param agentId      the agent, who must be available
     * @param now          the current time
     * @return {@link Audited} and the offer; or rejected: UNKNOWN_CALL, UNKNOWN_AGENT, INVALID_STATE,
     *     INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome assignCall(String supervisorId, String callId, String agentId, Instant now) {
        Object found = waitingCall(supervisorId, callId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        CallRec c = (CallRec) found;
        Object agent = agentFor(agentId, now);
        if (agent instanceof Rejected r) {
            return r;
        }
        AgentRec a = (AgentRec) agent;
        if (!available(a)) {
            return new Rejected(AcdRejection.INVALID_STATE, "agent " + agentId + " is not available ("
                    + a.status + (a.registered ? "" : ", softphone unregistered") + ")");
        }
        List<AcdEvent> ev = new ArrayList<>();
        ev.add(new Audited(supervisorId, "assign-call", callId, "offered to " + agentId, now));
        offer(c, a, now, ev);
        return new Done(ev);
    }

    /**
     * A supervisor changes a waiting call's priority; its rank is recomputed from its arrival.
     *
     * @param supervisorId who
     * @param callId       the waiting call
     * @param priority     the new priority
     * @param now          the current time
     * @return {@link Audited}; or rejected: UNKNOWN_CALL, INVALID_STATE, INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome changePriority(String supervisorId, String callId, Priority priority, Instant now) {
        if (priority == null) {
            return invalid("priority is null");
        }
        Object found = waitingCall(supervisorId, callId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        CallRec c = (CallRec) found;
        Priority old = c.priority;
        NavigableSet<CallRec> bucket = c.queue.buckets.get(c.tier);
        bucket.remove(c);
        setPriority(c, priority);
        bucket.add(c);
        return new Done(List.of(new Audited(supervisorId, "change-priority", callId, old + " -> " + priority, now)));
    }

    /**
     * A supervisor changes an agent's skills (any state; a held call is unaffected).
     *
     * @param supervisorId who
     * @param agentId      the agent
     * @param skills       the new skill levels
     * @param now          the current time
     * @return {@link Audited} and any dispatch; or rejected: UNKNOWN_AGENT, INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome setSkills(String supervisorId, String agentId, Map<String, Integer> skills, Instant now) {
        String problem = first(supervisorProblem(supervisorId), skillsProblem(skills));
        if (problem != null) {
            return invalid(problem);
        }
        Object found = agentFor(agentId, now);
        if (found instanceof Rejected r) {
            return r;
        }
        AgentRec a = (AgentRec) found;
        List<AcdEvent> ev = new ArrayList<>();
        ev.add(new Audited(supervisorId, "set-skills", agentId, a.skills + " -> " + new TreeMap<>(skills), now));
        unindex(a);
        boolean wasCounted = a.counted;
        if (wasCounted) {
            count(a, false);
        }
        a.skills = Collections.unmodifiableMap(new TreeMap<>(skills));
        eligibility(a);
        updateCounted(a);
        index(a);
        dispatchAgent(a, now, ev);
        return new Done(ev);
    }

    // ================================================================== time

    /**
     * Processes every deadline at or before {@code now}, in order: tier widening, overflow, max-wait callback
     * offers, wrap-up ends, session starts and ends; with the dispatch they cause.
     *
     * @param now the current time
     * @return the events; or rejected: INVALID_ARGUMENT, NOT_RECONCILED
     */
    public AcdOutcome tick(Instant now) {
        String problem = nowProblem(now);
        if (problem != null) {
            return invalid(problem);
        }
        if (!reconciled) {
            return notReconciled();
        }
        List<AcdEvent> ev = new ArrayList<>();
        runDue(now, ev);
        return ev.isEmpty() ? NOTHING : new Done(ev);
    }

    /**
     * Returns when {@link #tick} must next be called.
     *
     * @return the earliest pending deadline, or empty if none
     */
    public Optional<Instant> nextDeadline() {
        return timers.isEmpty() ? Optional.empty() : Optional.of(timers.first().at());
    }

    /**
     * Starts a new day for the figures: calls today, queue counters, agents' busy and ready time.
     *
     * @param now the current time
     * @return nothing; or rejected: INVALID_ARGUMENT
     */
    public AcdOutcome startDay(Instant now) {
        String problem = nowProblem(now);
        if (problem != null) {
            return invalid(problem);
        }
        for (QueueRt q : queues) {
            q.answered = 0;
            q.answeredInTarget = 0;
            q.abandoned = 0;
            q.handled = 0;
            q.handleMillis = 0;
            q.callbacksOffered = 0;
            q.callbacksScheduled = 0;
        }
        for (AgentRec a : agents.values()) {
            boolean wasIndexed = a.indexed;
            unindex(a);
            a.callsToday = 0;
            a.busyMillis = 0;
            a.readyMillis = 0;
            if (wasIndexed) {
                index(a);
            }
        }
        return NOTHING;
    }

    private void runDue(Instant now, List<AcdEvent> ev) {
        while (!timers.isEmpty() && !timers.first().at().isAfter(now)) {
            Timer t = timers.pollFirst();
            if (t.target() instanceof CallRec c) {
                c.timer = null;
                if (c.phase == CallPhase.WAITING) {
                    refresh(c, now, ev);
                    dispatchCall(c, now, ev);
                }
            } else if (t.target() instanceof AgentRec a) {
                a.timer = null;
                if (a.status == AgentStatus.WRAP_UP) {
                    finishWrapUp(a, now, ev);
                    dispatchAgent(a, now, ev);
                }
            } else if (t.target() instanceof SessionRt s) {
                sessionTimer(s, now, ev);
            }
        }
    }

    private void sessionTimer(SessionRt s, Instant now, List<AcdEvent> ev) {
        if (!now.isBefore(s.config.end())) {
            if (s.ended) {
                return;
            }
            s.running = false;
            s.ended = true;
            ev.add(new SessionChanged(s.config.id(), s.config.district(), false, now));
            for (CallRec c : waitingIn(s.queue)) {
                moveWaiting(c, s.normalQueue, "session-end", now, ev);
            }
        } else if (!now.isBefore(s.config.start()) && !s.running && !s.ended) {
            s.running = true;
            ev.add(new SessionChanged(s.config.id(), s.config.district(), true, now));
            for (CallRec c : waitingIn(s.normalQueue)) {
                if (c.kind == CallKind.INBOUND && s.config.district().equals(c.district)) {
                    moveWaiting(c, s.queue, "session-start", now, ev);
                }
            }
        }
    }

    // ================================================================== restart

    /**
     * Returns the whole state as plain records.
     *
     * @return the snapshot
     */
    public EngineSnapshot snapshot() {
        List<AgentRecord> as = new ArrayList<>();
        for (AgentRec a : agents.values()) {
            as.add(new AgentRecord(a.agentId, a.seat, a.skills, a.status, a.reason, a.registered, a.since,
                    a.idleSince, a.call != null ? a.call.callId : a.wrapCallId, a.callsToday, a.lastOfferSeq,
                    a.wrapUpEnds, a.wrapUpExtended, a.busyMillis, a.readyMillis,
                    a.lastQueue == null ? null : a.lastQueue.id, a.handleStart, a.returnReason));
        }
        List<CallRec> live = new ArrayList<>(calls.values());
        live.sort(Comparator.comparingLong((CallRec c) -> c.seq).thenComparing(c -> c.callId));
        List<CallRecord> cs = new ArrayList<>();
        for (CallRec c : live) {
            cs.add(new CallRecord(c.callId, c.kind, c.phase, c.queue == null ? null : c.queue.id, c.tier, c.priority,
                    c.headOfLine, c.arrivedAt, c.queuedAt, c.seq, c.agent == null ? null : c.agent.agentId,
                    c.connectedAt, c.callerNumber, c.district, c.number, c.orderId, c.callbackOffered,
                    c.session == null ? null : c.session.config.id(), c.held, c.answeredOnce));
        }
        List<QueueCounters> qs = new ArrayList<>();
        for (QueueRt q : queues) {
            qs.add(new QueueCounters(q.id, q.answered, q.answeredInTarget, q.abandoned, q.handled, q.handleMillis,
                    q.callbacksOffered, q.callbacksScheduled));
        }
        List<SessionCounters> ss = new ArrayList<>();
        for (SessionRt s : sessions) {
            ss.add(new SessionCounters(s.config.id(), s.running, s.ended, s.received, s.answeredByLeaders,
                    s.answeredByOthers, s.callbacksMade, s.ordersCreated));
        }
        List<RecentCaller> rs = new ArrayList<>();
        for (Map.Entry<String, Instant> e : new TreeMap<>(recentCallers).entrySet()) {
            rs.add(new RecentCaller(e.getKey(), e.getValue()));
        }
        return new EngineSnapshot(seq, List.copyOf(as), List.copyOf(cs), List.copyOf(qs), List.copyOf(ss),
                List.copyOf(rs), List.copyOf(unregisteredSeats), Collections.unmodifiableMap(new TreeMap<>(sessionCalls)));
    }

    /**
     * Rebuilds an engine from a snapshot. The restored engine refuses every operation with
     * {@link AcdRejection#NOT_RECONCILED} and dispatches nothing until {@link #reconcile} has compared it with the
     * calls Asterisk still has; so no call can be offered while an offer from before the restart may still ring.
     *
     * @param config   the configuration (may differ from the one that took the snapshot; unknown queues are an error)
     * @param snapshot the snapshot
     * @return the engine
     * @throws IllegalArgumentException if the snapshot is inconsistent (a call held by two agents, an agent holding a
     *                                  call that does not point back, an unknown queue, duplicate ids or seats),
     *                                  naming the problem
     */
    public static AcdEngine restore(AcdConfig config, EngineSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        AcdEngine e = new AcdEngine(config);
        e.reconciled = false;
        e.timers.clear();
        e.seq = snapshot.seq();
        for (QueueCounters qc : snapshot.queues()) {
            QueueRt q = e.queueById.get(qc.queueId());
            if (q != null) {
                q.answered = qc.answered();
                q.answeredInTarget = qc.answeredInTarget();
                q.abandoned = qc.abandoned();
                q.handled = qc.handled();
                q.handleMillis = qc.handleMillis();
                q.callbacksOffered = qc.callbacksOffered();
                q.callbacksScheduled = qc.callbacksScheduled();
            }
        }
        Map<String, SessionRt> sessionById = new HashMap<>();
        for (SessionRt s : e.sessions) {
            sessionById.put(s.config.id(), s);
        }
        for (SessionCounters sc : snapshot.sessions()) {
            SessionRt s = sessionById.get(sc.sessionId());
            if (s != null) {
                s.running = sc.running();
                s.ended = sc.ended();
                s.received = sc.received();
                s.answeredByLeaders = sc.answeredByLeaders();
                s.answeredByOthers = sc.answeredByOthers();
                s.callbacksMade = sc.callbacksMade();
                s.ordersCreated = sc.ordersCreated();
            }
        }
        for (SessionRt s : e.sessions) {
            if (!s.ended) {
                if (!s.running) {
                    e.timers.add(new Timer(s.config.start(), "s:" + s.config.id(), s));
                }
                e.timers.add(new Timer(s.config.end(), "s:" + s.config.id(), s));
            }
        }
        for (RecentCaller r : snapshot.recentCallers()) {
            e.recentCallers.put(r.number(), r.at());
        }
        List<RecentCaller> byTime = new ArrayList<>(snapshot.recentCallers());
        byTime.sort(Comparator.comparing(RecentCaller::at).thenComparing(RecentCaller::number));
        e.recentOrder.addAll(byTime);
        e.unregisteredSeats.addAll(snapshot.unregisteredSeats());
        e.sessionCalls.putAll(snapshot.sessionCalls());
        for (AgentRecord r : snapshot.agents()) {
            require(!e.agents.containsKey(r.agentId()), "agent " + r.agentId() + " appears twice");
            require(!e.agentBySeat.containsKey(r.seat()), "seat " + r.seat() + " is held by two agents");
            require(r.status() != AgentStatus.LOGGED_OUT, "agent " + r.agentId() + " is logged out");
            AgentRec a = new AgentRec(r.agentId(), r.seat());
            a.skills = Collections.unmodifiableMap(new TreeMap<>(r.skills()));
            a.status = r.status();
            a.reason = r.reason();
            a.registered = r.registered();
            a.since = r.since();
            a.idleSince = r.idleSince();
            a.callsToday = r.callsToday();
            a.lastOfferSeq = r.lastOfferSeq();
            a.wrapUpEnds = r.wrapUpEnds();
            a.wrapUpExtended = r.wrapUpExtended();
            a.busyMillis = r.busyMillis();
            a.readyMillis = r.readyMillis();
            a.lastQueue = r.lastQueue() == null ? null : e.queueById.get(r.lastQueue());
            a.handleStart = r.handleStart();
            a.returnReason = r.returnReason();
            if (a.status == AgentStatus.WRAP_UP) {
                require(a.wrapUpEnds != null, "agent " + a.agentId + " in wrap-up without an end");
                a.wrapCallId = r.callId();
            }
            require(a.status != AgentStatus.READY || a.idleSince != null, "ready agent " + a.agentId + " has no idle time");
            e.eligibility(a);
            e.agents.put(a.agentId, a);
            e.agentBySeat.put(a.seat, a);
        }
        for (CallRecord r : snapshot.calls()) {
            require(!e.calls.containsKey(r.callId()), "call " + r.callId() + " appears twice");
            CallRec c = new CallRec(r.callId(), r.kind(), r.seq(), r.arrivedAt());
            c.phase = r.phase();
            c.tier = r.tier();
            setPriority(e.config, c, r.priority());
            c.headOfLine = r.headOfLine();
            c.queuedAt = r.queuedAt();
            c.connectedAt = r.connectedAt();
            c.callerNumber = r.callerNumber();
            c.district = r.district();
            c.number = r.number();
            c.orderId = r.orderId();
            c.callbackOffered = r.callbackOffered();
            c.held = r.held() && r.phase() == CallPhase.CONNECTED;
            c.answeredOnce = r.answeredOnce();
            c.session = r.sessionId() == null ? null : sessionById.get(r.sessionId());
            if (r.queueId() != null) {
                c.queue = e.queueById.get(r.queueId());
                require(c.queue != null, "call " + r.callId() + " waits in unknown queue " + r.queueId());
                require(c.tier >= 0 && c.tier < c.queue.tiers.size(), "call " + r.callId() + " has tier " + c.tier);
            } else {
                require(r.kind() == CallKind.OUTBOUND, "call " + r.callId() + " has no queue");
            }
            switch (c.phase) {
                case WAITING -> {
                    require(r.agentId() == null && r.kind() != CallKind.OUTBOUND,
                            "waiting call " + r.callId() + " names an agent or is outbound");
                    e.calls.put(c.callId, c);
                    e.addWaiting(c);
                }
                case OFFERED, CONNECTED -> {
                    AgentRec a = r.agentId() == null ? null : e.agents.get(r.agentId());
                    AgentStatus expected = c.phase == CallPhase.OFFERED ? AgentStatus.RESERVED : AgentStatus.ON_CALL;
                    require(a != null, "call " + r.callId() + " is " + c.phase + " to unknown agent " + r.agentId());
                    require(a.status == expected && r.callId().equals(snapshotCallOf(snapshot, a.agentId)),
                            "call " + r.callId() + " is " + c.phase + " to agent " + a.agentId + " who is "
                                    + a.status + " with call " + snapshotCallOf(snapshot, a.agentId));
                    require(a.call == null, "agent " + a.agentId + " holds two calls");
                    c.agent = a;
                    a.call = c;
                    e.calls.put(c.callId, c);
                }
                default -> throw new IllegalArgumentException("call " + r.callId() + " is " + c.phase
                        + "; a snapshot holds only waiting, offered and connected calls");
            }
        }
        for (AgentRec a : e.agents.values()) {
            if (a.status == AgentStatus.RESERVED || a.status == AgentStatus.ON_CALL) {
                require(a.call != null, "agent " + a.agentId + " is " + a.status + " with no call in the snapshot");
            }
            e.updateCounted(a);
            e.armAgentTimer(a);
        }
        return e;
    }

    private static String snapshotCallOf(EngineSnapshot snapshot, String agentId) {
        for (AgentRecord r : snapshot.agents()) {
            if (r.agentId().equals(agentId)) {
                return r.callId();
            }
        }
        return null;
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("inconsistent snapshot: " + problem);
        }
    }

    /**
     * Reconciles a restored engine with the calls Asterisk has now (AMI {@code CoreShowChannels}), then resumes
     * dispatch. For each call the snapshot held:
     * <ul>
     *   <li>waiting: gone from Asterisk, abandoned; alive, keeps its place. Callback tasks have no channel and stay;
     *       an offered callback task that is not bridged goes back to the head of its queue.
     *   <li>offered: bridged to the agent's seat, connected; alive but not bridged, the offer is revoked (the call
     *       returns to the head of its queue, the agent goes not-ready {@value #RESTART_REASON}); gone, abandoned and
     *       the agent ready.
     *   <li>connected: gone, finished (agent to wrap-up); alive, kept.
     * </ul>
     * An offer is either confirmed or revoked before any new offer is made, so no call is assigned twice.
     *
     * @param live the calls Asterisk still has, by engine call id; calls unknown to the engine are ignored
     * @param now  the current time
     * @return the events; or rejected: INVALID_ARGUMENT, INVALID_STATE (already reconciled)
     */
    public AcdOutcome reconcile(Collection<LiveCall> live, Instant now) {
        return reconcile(live, List.of(), now);
    }

    /**
     * {@link #reconcile(Collection, Instant)}, also adopting calls that Asterisk has waiting but the snapshot does not
     * know (they arrived after it was saved). Each adopted call enters its queue as on arrival (leader session,
     * urgency, repeat caller; or the priority given) but with its original arrival time, so it keeps its place among
     * the waiting calls and its max-wait deadline; then every waiting call, adopted or restored, is dispatched in
     * queue order. A call id the engine already has is not adopted again, so adopting is exactly once.
     *
     * @param live    the calls Asterisk still has, by engine call id; calls unknown to the engine are ignored
     * @param adopted the waiting calls to adopt
     * @param now     the current time
     * @return the events ({@link CallQueued} for each adopted call); or rejected: INVALID_ARGUMENT (nothing changed:
     *     an adopted call with a bad id, caller, district or queue, or arriving after {@code now}), INVALID_STATE
     */
    public AcdOutcome reconcile(Collection<LiveCall> live, Collection<AdoptedCall> adopted, Instant now) {
        String problem = first(live == null ? "live is null" : null, adopted == null ? "adopted is null" : null,
                nowProblem(now));
        if (problem == null) {
            for (AdoptedCall a : adopted) {
                problem = a == null ? "an adopted call is null" : adoptionProblem(a, now);
                if (problem != null) {
                    break;
                }
            }
        }
        if (problem != null) {
            return invalid(problem);
        }
        if (reconciled) {
            return new Rejected(AcdRejection.INVALID_STATE, "the engine is already reconciled");
        }
        Map<String, LiveCall> byId = new HashMap<>();
        for (LiveCall l : live) {
            if (l != null && l.callId() != null) {
                byId.put(l.callId(), l);
            }
        }
        List<AcdEvent> ev = new ArrayList<>();
        List<CallRec> held = new ArrayList<>(calls.values());
        held.sort(Comparator.comparingLong((CallRec c) -> c.seq).thenComparing(c -> c.callId));
        for (CallRec c : held) {
            LiveCall l = byId.get(c.callId);
            // A callback task has no channel of its own until it connects: a waiting or ringing one is never lost.
            boolean alive = l != null || (c.kind == CallKind.CALLBACK && c.phase != CallPhase.CONNECTED);
            if (!alive) {
                end(c, now, ev);
            } else if (c.phase == CallPhase.OFFERED) {
                if (l != null && c.agent.seat.equals(l.connectedSeat())) {
                    connect(c, now, ev);
                } else if (c.kind == CallKind.OUTBOUND) {
                    AgentRec a = c.agent;
                    a.call = null;
                    calls.remove(c.callId);
                    c.phase = CallPhase.ENDED;
                    setStatus(a, AgentStatus.NOT_READY, RESTART_REASON, null, now, ev);
                    ev.add(new CallAbandoned(c.callId, null, now));
                } else {
                    AgentRec a = c.agent;
                    a.call = null;
                    c.agent = null;
                    setStatus(a, AgentStatus.NOT_READY, RESTART_REASON, null, now, ev);
                    c.phase = CallPhase.WAITING;
                    c.headOfLine = true;
                    addWaiting(c);
                    ev.add(new CallRequeued(c.callId, a.agentId, OfferFailure.ERROR, now));
                }
            }
        }
        adopt(adopted, now, ev);
        reconciled = true;
        for (AgentRec a : agents.values()) {
            index(a);
        }
        List<CallRec> waiting = new ArrayList<>();
        for (CallRec c : calls.values()) {
            if (c.phase == CallPhase.WAITING) {
                waiting.add(c);
            }
        }
        waiting.sort(QueueRt.CALL_ORDER);
        for (CallRec c : waiting) {
            if (c.phase == CallPhase.WAITING) {
                refresh(c, now, ev);
            }
        }
        for (CallRec c : waiting) {
            if (c.phase == CallPhase.WAITING) {
                dispatchCall(c, now, ev);
            }
        }
        runDue(now, ev);
        return new Done(ev);
    }

    private String adoptionProblem(AdoptedCall a, Instant now) {
        Arrival arrival = a.arrival();
        String problem = first(callIdProblem(arrival.callId()),
                arrival.queueId() == null ? "queueId is null" : null,
                arrival.callerNumber() == null ? null : numberProblem(arrival.callerNumber()),
                arrival.district() == null ? null : districtProblem(arrival.district()));
        if (problem != null) {
            return "adopted call: " + problem;
        }
        QueueRt queue = queueById.get(arrival.queueId());
        if (queue == null || queue.session != null) {
            return "adopted call " + arrival.callId() + ": queue " + echo(arrival.queueId()) + " is not configured";
        }
        return a.arrivedAt().isAfter(now) ? "adopted call " + arrival.callId() + " arrived after now" : null;
    }

    // Calls that arrived after the snapshot was saved: enqueued as callArrived would have, at their arrival time.
    private void adopt(Collection<AdoptedCall> adopted, Instant now, List<AcdEvent> ev) {
        List<AdoptedCall> order = new ArrayList<>(adopted);
        order.sort(Comparator.comparing(AdoptedCall::arrivedAt).thenComparing(a -> a.arrival().callId()));
        for (AdoptedCall a : order) {
            Arrival arrival = a.arrival();
            if (calls.containsKey(arrival.callId())) {
                continue;
            }
            QueueRt queue = queueById.get(arrival.queueId());
            SessionRt session = arrival.district() == null ? null : sessionFor(arrival.district(), queue, now);
            Priority priority = a.priority();
            if (priority == null) {
                if (session != null) {
                    priority = Priority.LEADER_SESSION;
                } else if (arrival.urgent()) {
                    priority = Priority.URGENT;
                } else if (arrival.callerNumber() != null && recentCaller(arrival.callerNumber(), a.arrivedAt())) {
                    priority = Priority.REPEAT_CALLER;
                } else {
                    priority = Priority.NORMAL;
                }
            }
            if (arrival.callerNumber() != null) {
                rememberCaller(arrival.callerNumber(), a.arrivedAt());
            }
            CallRec c = new CallRec(arrival.callId(), CallKind.INBOUND, ++seq, a.arrivedAt());
            c.callerNumber = arrival.callerNumber();
            c.district = arrival.district();
            setPriority(c, priority);
            c.phase = CallPhase.WAITING;
            calls.put(c.callId, c);
            enterQueue(c, session != null ? session.queue : queue, now);
            ev.add(queued(c));
        }
    }

    // ================================================================== queries

    /**
     * Returns a logged-in agent.
     *
     * @param agentId the agent; null gives empty
     * @return the snapshot, or empty
     */
    public Optional<AgentInfo> agent(String agentId) {
        AgentRec a = agentId == null ? null : agents.get(agentId);
        return a == null ? Optional.empty() : Optional.of(info(a));
    }

    /**
     * Returns all logged-in agents.
     *
     * @return snapshots sorted by agent id
     */
    public List<AgentInfo> agents() {
        List<AgentInfo> out = new ArrayList<>(agents.size());
        for (AgentRec a : agents.values()) {
            out.add(info(a));
        }
        return out;
    }

    /**
     * Returns a call the engine holds (waiting, offered or connected).
     *
     * @param callId the call; null gives empty
     * @return the snapshot, or empty if unknown or ended
     */
    public Optional<CallInfo> call(String callId) {
        CallRec c = callId == null ? null : calls.get(callId);
        return c == null ? Optional.empty() : Optional.of(new CallInfo(c.callId, c.kind, c.phase,
                c.queue == null ? null : c.queue.id, c.priority, c.agent == null ? null : c.agent.agentId, c.arrivedAt,
                c.district, c.held));
    }

    /**
     * Returns every call and task the engine holds.
     *
     * @return snapshots in arrival order
     */
    public List<CallInfo> calls() {
        List<CallRec> all = new ArrayList<>(calls.values());
        all.sort(Comparator.comparingLong((CallRec c) -> c.seq).thenComparing(c -> c.callId));
        List<CallInfo> out = new ArrayList<>(all.size());
        for (CallRec c : all) {
            out.add(call(c.callId).orElseThrow());
        }
        return out;
    }

    /**
     * Returns the waiting calls of a queue with their positions and estimated waits.
     *
     * @param queueId a configured queue or {@code session:<id>}
     * @return the calls, position 1 first; empty for an unknown queue
     */
    public List<WaitingCall> waiting(String queueId) {
        QueueRt q = queueId == null ? null : queueById.get(queueId);
        if (q == null) {
            return List.of();
        }
        List<CallRec> order = waitingIn(q);
        List<WaitingCall> out = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            out.add(waitingView(order.get(i), i + 1));
        }
        return out;
    }

    /**
     * Returns one waiting call with its position and estimated wait.
     *
     * @param callId the call
     * @return the view, or empty if the call is not waiting
     */
    public Optional<WaitingCall> waitingCall(String callId) {
        CallRec c = callId == null ? null : calls.get(callId);
        if (c == null || c.phase != CallPhase.WAITING) {
            return Optional.empty();
        }
        return Optional.of(waitingView(c, position(c)));
    }

    /**
     * Tells whether the engine takes operations: false only for a restored engine before {@link #reconcile}.
     *
     * @return whether reconciled
     */
    public boolean reconciled() {
        return reconciled;
    }

    /**
     * Returns how many calls and tasks wait, over all queues.
     *
     * @return the count
     */
    public int waitingCount() {
        int n = 0;
        for (QueueRt q : queues) {
            n += q.waiting;
        }
        return n;
    }

    /**
     * Returns the ids of all queues: configured ones in order, then the sessions' {@code session:<id>}.
     *
     * @return the ids
     */
    public List<String> queueIds() {
        return queues.stream().map(q -> q.id).toList();
    }

    /**
     * Returns whether a queue of this id is configured.
     *
     * @param queueId the id; null gives false
     * @return true for a configured queue
     */
    public boolean hasQueue(String queueId) {
        return queueId != null && queueById.containsKey(queueId);
    }

    /**
     * Returns the real-time figures of every queue.
     *
     * @param now the current time, for waits
     * @return one entry per queue, in {@link #queueIds()} order
     */
    public List<QueueFigures> queueFigures(Instant now) {
        List<QueueFigures> out = new ArrayList<>();
        for (QueueRt q : queues) {
            Duration longest = Duration.ZERO;
            for (NavigableSet<CallRec> b : q.buckets) {
                for (CallRec c : b) {
                    Duration w = Duration.between(c.arrivedAt, now);
                    if (w.compareTo(longest) > 0) {
                        longest = w;
                    }
                }
            }
            long base = q.answered + q.abandoned;
            double sl = base == 0 ? 100.0 : 100.0 * q.answeredInTarget / base;
            out.add(new QueueFigures(q.id, q.waiting, longest, q.answered, q.answeredInTarget, q.abandoned, sl,
                    q.handled == 0 ? Duration.ZERO : Duration.ofMillis(q.handleMillis / q.handled),
                    q.callbacksOffered, q.callbacksScheduled, q.staffed));
        }
        return out;
    }

    /**
     * Returns the real-time figures of every logged-in agent.
     *
     * @param now the current time
     * @return sorted by agent id
     */
    public List<AgentFigures> agentFigures(Instant now) {
        List<AgentFigures> out = new ArrayList<>();
        for (AgentRec a : agents.values()) {
            long inState = Math.max(0, Duration.between(a.since, now).toMillis());
            long busy = a.busyMillis + (busy(a.status) ? inState : 0);
            long ready = a.readyMillis + (a.status == AgentStatus.READY ? inState : 0);
            double occupancy = busy + ready == 0 ? 0.0 : (double) busy / (busy + ready);
            out.add(new AgentFigures(a.agentId, a.seat, a.status, a.registered, Duration.ofMillis(inState),
                    a.callsToday, occupancy, a.call != null && a.call.held));
        }
        return out;
    }

    /**
     * Returns the figures of every configured leader session.
     *
     * @param now the current time
     * @return in configuration order
     */
    public List<SessionFigures> sessionFigures(Instant now) {
        List<SessionFigures> out = new ArrayList<>();
        for (SessionRt s : sessions) {
            out.add(new SessionFigures(s.config.id(), s.config.district(), running(s, now), s.received,
                    s.answeredByLeaders, s.answeredByOthers, s.callbacksMade, s.ordersCreated));
        }
        return out;
    }

    // ================================================================== internals: calls

    private void enterQueue(CallRec c, QueueRt q, Instant now) {
        c.queue = q;
        c.queuedAt = now;
        int tier = 0;
        while (tier + 1 < q.tiers.size() && q.tiers.get(tier + 1).after.isZero()) {
            tier++;
        }
        c.tier = tier;
        addWaiting(c);
        if (q.session != null && c.session != q.session) {
            c.session = q.session;
            q.session.received++;
            sessionCalls.put(c.callId, q.session.config.id());
        }
    }

    private void moveWaiting(CallRec c, QueueRt to, String cause, Instant now, List<AcdEvent> ev) {
        String from = c.queue.id;
        removeWaiting(c);
        if (to.session != null && c.kind == CallKind.INBOUND) {
            setPriority(c, Priority.LEADER_SESSION);
        }
        enterQueue(c, to, now);
        ev.add(new CallMoved(c.callId, from, to.id, cause, now));
        refresh(c, now, ev);
        dispatchCall(c, now, ev);
    }

    // Applies due widening and overflow, makes the max-wait callback offer, and arms the call's next deadline.
    private void refresh(CallRec c, Instant now, List<AcdEvent> ev) {
        while (true) {
            QueueRt q = c.queue;
            Duration waited = Duration.between(c.queuedAt, now);
            int tier = c.tier;
            while (tier + 1 < q.tiers.size() && q.tiers.get(tier + 1).after.compareTo(waited) <= 0) {
                tier++;
            }
            if (tier != c.tier) {
                q.buckets.get(c.tier).remove(c);
                c.tier = tier;
                q.buckets.get(tier).add(c);
                ev.add(new CallWidened(c.callId, q.id, tier, now));
            }
            if (q.overflow != null && q.config.overflowAfter().compareTo(waited) <= 0) {
                QueueRt to = q.overflow;
                removeWaiting(c);
                enterQueue(c, to, now);
                ev.add(new CallMoved(c.callId, q.id, to.id, "overflow", now));
                continue;
            }
            break;
        }
        if (c.kind == CallKind.INBOUND && !c.callbackOffered
                && !c.arrivedAt.plus(c.queue.config.maxWait()).isAfter(now)) {
            c.callbackOffered = true;
            c.queue.callbacksOffered++;
            ev.add(new CallbackOffered(c.callId, c.queue.id, "max-wait", now));
        }
        armCallTimer(c);
    }

    private void armCallTimer(CallRec c) {
        cancelTimer(c);
        QueueRt q = c.queue;
        Instant next = null;
        if (c.tier + 1 < q.tiers.size()) {
            next = c.queuedAt.plus(q.tiers.get(c.tier + 1).after);
        }
        if (q.overflow != null) {
            next = earliest(next, c.queuedAt.plus(q.config.overflowAfter()));
        }
        if (c.kind == CallKind.INBOUND && !c.callbackOffered) {
            next = earliest(next, c.arrivedAt.plus(q.config.maxWait()));
        }
        if (next != null) {
            c.timer = new Timer(next, c.timerKey, c);
            timers.add(c.timer);
        }
    }

    private void cancelTimer(CallRec c) {
        if (c.timer != null) {
            timers.remove(c.timer);
            c.timer = null;
        }
    }

    private void addWaiting(CallRec c) {
        c.queue.buckets.get(c.tier).add(c);
        c.queue.waiting++;
    }

    private void removeWaiting(CallRec c) {
        c.queue.buckets.get(c.tier).remove(c);
        c.queue.waiting--;
        cancelTimer(c);
    }

    private void dispatchCall(CallRec c, Instant now, List<AcdEvent> ev) {
        if (!reconciled || c.phase != CallPhase.WAITING) {
            return;
        }
        List<TierRt> tiers = c.queue.tiers;
        for (int s = 0; s <= c.tier; s++) {
            NavigableSet<AgentRec> ready = tiers.get(s).ready;
            if (!ready.isEmpty()) {
                offer(c, ready.first(), now, ev);
                return;
            }
        }
    }

    private void dispatchAgent(AgentRec a, Instant now, List<AcdEvent> ev) {
        if (!available(a)) {
            return;
        }
        CallRec best = null;
        for (int qi : a.servable) {
            QueueRt q = queues.get(qi);
            if (q.waiting == 0) {
                continue;
            }
            for (int s = a.minTier[qi]; s < q.buckets.size(); s++) {
                NavigableSet<CallRec> b = q.buckets.get(s);
                if (!b.isEmpty()) {
                    CallRec head = b.first();
                    if (best == null || QueueRt.CALL_ORDER.compare(head, best) < 0) {
                        best = head;
                    }
                }
            }
        }
        if (best != null) {
            offer(best, a, now, ev);
        }
    }

    private void offer(CallRec c, AgentRec a, Instant now, List<AcdEvent> ev) {
        removeWaiting(c);
        c.phase = CallPhase.OFFERED;
        c.agent = a;
        setStatus(a, AgentStatus.RESERVED, null, a.idleSince, now, ev);
        a.call = c;
        a.lastOfferSeq = ++seq;
        if (c.kind == CallKind.CALLBACK) {
            ev.add(new CallbackDial(c.callId, a.agentId, a.seat, c.number, now));
        } else {
            ev.add(new CallOffered(c.callId, a.agentId, a.seat, c.queue.id, now));
        }
    }

    private void connect(CallRec c, Instant now, List<AcdEvent> ev) {
        AgentRec a = c.agent;
        c.phase = CallPhase.CONNECTED;
        c.connectedAt = now;
        setStatus(a, AgentStatus.ON_CALL, null, a.idleSince, now, ev);
        a.callsToday++;
        a.returnReason = null;
        c.held = false;
        if (c.queue != null && !c.answeredOnce) {
            c.answeredOnce = true;
            c.queue.answered++;
            if (Duration.between(c.arrivedAt, now).compareTo(c.queue.config.serviceLevelTarget()) <= 0) {
                c.queue.answeredInTarget++;
            }
        }
        if (c.session != null && c.kind != CallKind.OUTBOUND) {
            if (c.session.config.leaderSeats().contains(a.seat)) {
                c.session.answeredByLeaders++;
            } else {
                c.session.answeredByOthers++;
            }
        }
        ev.add(new CallConnected(c.callId, a.agentId, now));
    }

    private void end(CallRec c, Instant now, List<AcdEvent> ev) {
        calls.remove(c.callId);
        CallPhase phase = c.phase;
        c.phase = CallPhase.ENDED;
        switch (phase) {
            case WAITING -> {
                removeWaiting(c);
                if (c.kind == CallKind.INBOUND && !c.answeredOnce) {
                    c.queue.abandoned++;
                }
                ev.add(new CallAbandoned(c.callId, c.queue.id, now));
            }
            case OFFERED -> {
                AgentRec a = c.agent;
                a.call = null;
                if (c.kind == CallKind.OUTBOUND && a.returnReason != null) {
                    String back = a.returnReason;
                    a.returnReason = null;
                    setStatus(a, AgentStatus.NOT_READY, back, null, now, ev);
                } else {
                    setStatus(a, AgentStatus.READY, null, a.idleSince == null ? now : a.idleSince, now, ev);
                }
                if (c.kind == CallKind.INBOUND && !c.answeredOnce) {
                    c.queue.abandoned++;
                }
                ev.add(new CallAbandoned(c.callId, c.queue == null ? null : c.queue.id, now));
                dispatchAgent(a, now, ev);
            }
            case CONNECTED -> {
                AgentRec a = c.agent;
                leaveCall(c, a, now, ev);
                ev.add(new CallFinished(c.callId, a.agentId, now));
                dispatchAgent(a, now, ev);
            }
            default -> throw new IllegalStateException("call " + c.callId + " held in phase " + phase);
        }
    }

    // The agent is done with a connected call (it ended or they transferred it): wrap-up, or ready without wrap-up.
    private void leaveCall(CallRec c, AgentRec a, Instant now, List<AcdEvent> ev) {
        a.call = null;
        a.handleStart = c.connectedAt;
        a.lastQueue = c.queue;
        a.wrapCallId = c.callId;
        c.held = false;
        if (config.wrapUp().isZero()) {
            endHandle(a, now);
            setStatus(a, AgentStatus.READY, null, now, now, ev);
        } else {
            setStatus(a, AgentStatus.WRAP_UP, null, null, now, ev);
            a.wrapUpEnds = now.plus(config.wrapUp());
            a.wrapUpExtended = false;
            armAgentTimer(a);
        }
    }

    private List<CallRec> waitingIn(QueueRt q) {
        List<CallRec> all = new ArrayList<>(q.waiting);
        for (NavigableSet<CallRec> b : q.buckets) {
            all.addAll(b);
        }
        all.sort(QueueRt.CALL_ORDER);
        return all;
    }

    // Counts the calls ranked before c in its queue, walking each bucket from both ends at once: the cost is the
    // smaller of "calls before" and "calls after", so a normal arrival (near the tail) and an urgent one (near the
    // head) are both cheap.
    private int position(CallRec c) {
        int before = 0;
        for (NavigableSet<CallRec> b : c.queue.buckets) {
            before += before(b, c);
        }
        return before + 1;
    }

    private static int before(NavigableSet<CallRec> b, CallRec c) {
        if (b.isEmpty() || QueueRt.CALL_ORDER.compare(c, b.first()) <= 0) {
            return 0;
        }
        if (QueueRt.CALL_ORDER.compare(c, b.last()) > 0) {
            return b.size();
        }
        Iterator<CallRec> up = b.iterator();
        Iterator<CallRec> down = b.descendingIterator();
        int lower = 0;
        int higher = 0;
        while (true) {
            if (QueueRt.CALL_ORDER.compare(up.next(), c) >= 0) {
                return lower;
            }
            lower++;
            if (QueueRt.CALL_ORDER.compare(down.next(), c) < 0) {
                return b.size() - higher;
            }
            higher++;
        }
    }

    private CallQueued queued(CallRec c) {
        int position = position(c);
        return new CallQueued(c.callId, c.queue.id, c.priority, position, estimate(c.queue, position), c.queuedAt);
    }

    private Duration estimate(QueueRt q, int position) {
        Duration aht = q.averageHandleTime(config.defaultHandleTime());
        return aht.multipliedBy(position).dividedBy(Math.max(1, q.staffed));
    }

    private WaitingCall waitingView(CallRec c, int position) {
        return new WaitingCall(c.callId, c.kind, c.queue.id, c.priority, c.tier, position,
                estimate(c.queue, position), c.arrivedAt, c.headOfLine, Instant.ofEpochMilli(c.rank), c.seq);
    }

    private void setPriority(CallRec c, Priority p) {
        setPriority(config, c, p);
    }

    private static void setPriority(AcdConfig config, CallRec c, Priority p) {
        c.priority = p;
        c.rank = c.arrivedAt.toEpochMilli() - config.boost(p).toMillis();
    }

    private SessionRt sessionFor(String district, QueueRt queue, Instant now) {
        for (SessionRt s : sessions) {
            if (s.normalQueue == queue && s.config.district().equals(district) && running(s, now)) {
                return s;
            }
        }
        return null;
    }

    private static boolean running(SessionRt s, Instant now) {
        return !s.ended && !now.isBefore(s.config.start()) && now.isBefore(s.config.end());
    }

    private boolean recentCaller(String number, Instant now) {
        Instant last = recentCallers.get(number);
        return last != null && !last.isBefore(now.minus(config.repeatCallerWindow()));
    }

    private void rememberCaller(String number, Instant now) {
        Instant horizon = now.minus(config.repeatCallerWindow());
        while (!recentOrder.isEmpty() && recentOrder.peekFirst().at().isBefore(horizon)) {
            RecentCaller old = recentOrder.pollFirst();
            if (old.at().equals(recentCallers.get(old.number()))) {
                recentCallers.remove(old.number());
            }
        }
        recentCallers.put(number, now);
        recentOrder.addLast(new RecentCaller(number, now));
    }

    // ================================================================== internals: agents

    private void setStatus(AgentRec a, AgentStatus to, String reason, Instant idleSince, Instant now,
                           List<AcdEvent> ev) {
        unindex(a);
        long elapsed = Math.max(0, Duration.between(a.since, now).toMillis());
        if (a.status == AgentStatus.READY) {
            a.readyMillis += elapsed;
        } else if (busy(a.status)) {
            a.busyMillis += elapsed;
        }
        AgentStatus from = a.status;
        a.status = to;
        a.reason = reason;
        a.since = now;
        a.idleSince = idleSince;
        if (to != AgentStatus.WRAP_UP) {
            a.wrapUpEnds = null;
            a.wrapUpExtended = false;
            if (a.timer != null) {
                timers.remove(a.timer);
                a.timer = null;
            }
        }
        ev.add(new AgentStateChanged(a.agentId, a.seat, from, to, reason, now));
        updateCounted(a);
        index(a);
    }

    private void finishWrapUp(AgentRec a, Instant now, List<AcdEvent> ev) {
        endHandle(a, now);
        setStatus(a, AgentStatus.READY, null, now, now, ev);
    }

    private void endHandle(AgentRec a, Instant now) {
        if (a.lastQueue != null && a.handleStart != null) {
            a.lastQueue.handled++;
            a.lastQueue.handleMillis += Math.max(0, Duration.between(a.handleStart, now).toMillis());
        }
        a.handleStart = null;
        a.wrapCallId = null;
    }

    private void armAgentTimer(AgentRec a) {
        if (a.timer != null) {
            timers.remove(a.timer);
            a.timer = null;
        }
        if (a.status == AgentStatus.WRAP_UP && a.wrapUpEnds != null) {
            a.timer = new Timer(a.wrapUpEnds, a.timerKey, a);
            timers.add(a.timer);
        }
    }

    private boolean available(AgentRec a) {
        return reconciled && a.status == AgentStatus.READY && a.registered;
    }

    private static boolean busy(AgentStatus s) {
        return s == AgentStatus.RESERVED || s == AgentStatus.ON_CALL || s == AgentStatus.WRAP_UP;
    }

    private void index(AgentRec a) {
        if (!a.indexed && available(a)) {
            for (TierRt t : a.tiers) {
                t.ready.add(a);
            }
            a.indexed = true;
        }
    }

    private void unindex(AgentRec a) {
        if (a.indexed) {
            for (TierRt t : a.tiers) {
                t.ready.remove(a);
            }
            a.indexed = false;
        }
    }

    private void updateCounted(AgentRec a) {
        boolean counted = a.registered && a.status != AgentStatus.LOGGED_OUT && a.status != AgentStatus.NOT_READY;
        if (counted != a.counted) {
            count(a, counted);
        }
    }

    private void count(AgentRec a, boolean counted) {
        for (int qi : a.servable) {
            queues.get(qi).staffed += counted ? 1 : -1;
        }
        a.counted = counted;
    }

    private void eligibility(AgentRec a) {
        a.tiers.clear();
        a.minTier = new int[queues.size()];
        Arrays.fill(a.minTier, Integer.MAX_VALUE);
        a.weight = new int[tierCount];
        List<Integer> servable = new ArrayList<>();
        for (QueueRt q : queues) {
            for (TierRt t : q.tiers) {
                if (t.admits(a.seat, a.skills)) {
                    a.tiers.add(t);
                    a.weight[t.globalIndex] = t.weightOf(a.skills);
                    if (a.minTier[q.index] == Integer.MAX_VALUE) {
                        a.minTier[q.index] = t.index;
                        servable.add(q.index);
                    }
                }
            }
        }
        a.servable = servable.stream().mapToInt(Integer::intValue).toArray();
    }

    private AgentInfo info(AgentRec a) {
        return new AgentInfo(a.agentId, a.seat, a.status, a.reason, a.registered, a.since,
                a.status == AgentStatus.READY ? a.idleSince : null, a.call != null ? a.call.callId : a.wrapCallId, a.skills, a.callsToday, a.wrapUpEnds,
                a.wrapUpExtended, a.call != null && a.call.held);
    }

    // ================================================================== internals: validation

    private Object agentFor(String agentId, Instant now) {
        String problem = first(agentIdProblem(agentId), nowProblem(now));
        if (problem != null) {
            return invalid(problem);
        }
        if (!reconciled) {
            return notReconciled();
        }
        AgentRec a = agents.get(agentId);
        return a != null ? a : new Rejected(AcdRejection.UNKNOWN_AGENT, "agent " + agentId + " is not logged in");
    }

    private Object offered(String callId, String agentId, Instant now) {
        String problem = first(callIdProblem(callId), agentIdProblem(agentId), nowProblem(now));
        if (problem != null) {
            return invalid(problem);
        }
        if (!reconciled) {
            return notReconciled();
        }
        AgentRec a = agents.get(agentId);
        if (a == null) {
            return new Rejected(AcdRejection.UNKNOWN_AGENT, "agent " + agentId + " is not logged in");
        }
        CallRec c = calls.get(callId);
        if (c == null) {
            return unknownCall(callId);
        }
        if (c.phase != CallPhase.OFFERED || c.agent != a) {
            return new Rejected(AcdRejection.INVALID_STATE, "call " + callId + " is " + c.phase
                    + (c.agent == null ? "" : " with agent " + c.agent.agentId) + ", not offered to agent " + agentId);
        }
        return c;
    }

    private Object waitingCall(String supervisorId, String callId, Instant now) {
        String problem = first(supervisorProblem(supervisorId), callIdProblem(callId), nowProblem(now));
        if (problem != null) {
            return invalid(problem);
        }
        if (!reconciled) {
            return notReconciled();
        }
        CallRec c = calls.get(callId);
        if (c == null) {
            return unknownCall(callId);
        }
        if (c.phase != CallPhase.WAITING) {
            return new Rejected(AcdRejection.INVALID_STATE, "call " + callId + " is " + c.phase + ", not waiting");
        }
        return c;
    }

    private static AcdOutcome audited(Audited audit, AcdOutcome outcome) {
        List<AcdEvent> ev = new ArrayList<>(outcome.events().size() + 1);
        ev.add(audit);
        ev.addAll(outcome.events());
        return new Done(ev);
    }

    private static Rejected invalidState(AgentRec a, String operation) {
        return new Rejected(AcdRejection.INVALID_STATE, operation + " not allowed: agent " + a.agentId + " is "
                + a.status + (a.call == null ? "" : " with call " + a.call.callId));
    }

    private static Rejected unknownCall(String callId) {
        return new Rejected(AcdRejection.UNKNOWN_CALL, "call " + callId + " is unknown (never arrived or ended)");
    }

    private static Rejected invalid(String problem) {
        return new Rejected(AcdRejection.INVALID_ARGUMENT, problem);
    }

    private static Rejected notReconciled() {
        return new Rejected(AcdRejection.NOT_RECONCILED, "restored engine: call reconcile(...) first");
    }

    private static String first(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static String skillsProblem(Map<String, Integer> skills) {
        if (skills == null) {
            return "skills is null";
        }
        if (skills.size() > MAX_SKILLS) {
            return "at most " + MAX_SKILLS + " skills, got " + skills.size();
        }
        for (Map.Entry<String, Integer> e : new TreeMap<>(skills).entrySet()) {
            String p = patternProblem("skill", e.getKey(), SKILL);
            if (p != null) {
                return p;
            }
            if (e.getValue() == null || e.getValue() < 1 || e.getValue() > 10) {
                return "skill " + e.getKey() + " level must be 1..10, was " + e.getValue();
            }
        }
        return null;
    }

    private static String supervisorProblem(String id) {
        return patternProblem("supervisorId", id, AGENT_ID);
    }

    private static String agentIdProblem(String agentId) {
        return patternProblem("agentId", agentId, AGENT_ID);
    }

    private static String seatProblem(String seat) {
        return patternProblem("seat", seat, SEAT);
    }

    private static String callIdProblem(String callId) {
        return patternProblem("callId", callId, CALL_ID);
    }

    private static String reasonProblem(String reason) {
        return patternProblem("reason", reason, REASON);
    }

    private static String numberProblem(String number) {
        return patternProblem("number", number, NUMBER);
    }

    private static String districtProblem(String district) {
        return patternProblem("district", district, DISTRICT);
    }

    private static String nowProblem(Instant now) {
        return now == null ? "now is null" : null;
    }

    private static String patternProblem(String name, String value, Pattern pattern) {
        if (value == null) {
            return name + " is null";
        }
        return pattern.matcher(value).matches() ? null
                : name + " must match " + pattern.pattern() + ", was \"" + echo(value) + "\"";
    }

    private static String echo(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && i < 40; i++) {
            char c = value.charAt(i);
            out.append(c >= ' ' && c <= '~' ? c : '?');
        }
        return value.length() > 40 ? out + "..." : out.toString();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
