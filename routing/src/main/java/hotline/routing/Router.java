package hotline.routing;

import hotline.routing.Outcome.Done;
import hotline.routing.Outcome.Rejected;
import hotline.routing.RoutingEvent.AgentStateChanged;
import hotline.routing.RoutingEvent.CallAbandoned;
import hotline.routing.RoutingEvent.CallConnected;
import hotline.routing.RoutingEvent.CallFinished;
import hotline.routing.RoutingEvent.CallOffered;
import hotline.routing.RoutingEvent.CallQueued;
import hotline.routing.RoutingEvent.CallRequeued;
import hotline.routing.internal.Agent;
import hotline.routing.internal.AgentTable;
import hotline.routing.internal.CallQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The minimal ACD: one FIFO queue of waiting calls, offered to the longest-idle ready agent.
 *
 * <h2>Model</h2>
 * An agent logs in to a seat (the SIP extension of their softphone) and starts {@link AgentState#NOT_READY} with
 * reason {@value #LOGIN_REASON}. A ready agent is offered a call ({@link AgentState#RESERVED}: the phone rings); when
 * the agent answers they are {@link AgentState#ON_CALL}, and when the call ends they are ready again with a fresh
 * idle time. An offer that fails (no answer, busy, ...) makes the agent not ready, with the failure's
 * {@linkplain OfferFailure#code() code} as reason, and puts the call back at the head of the queue.
 *
 * <h2>Dispatch</h2>
 * After every operation that can make a call and an agent meet ({@link #ready}, {@link #callArrived},
 * {@link #offerFailed}, {@link #callEnded}), and while the queue is not empty and an agent is ready: the call at
 * the head of the queue is offered to the ready agent idle the longest; ties go to the smaller agent id
 * ({@link String#compareTo}), then the smaller seat. So after every operation either the queue is empty or no agent
 * is ready.
 *
 * <h2>Outcomes</h2>
 * Every operation returns an {@link Outcome} and never throws: {@link Outcome.Done} lists the events in causal order
 * (each agent's {@link AgentStateChanged} comes before the call event it goes with, and dispatch events come last),
 * {@link Outcome.Rejected} says why nothing changed. Null or malformed arguments, including a null {@code now}, are
 * rejected with {@link Rejection#INVALID_ARGUMENT}. Repeating a request that is already satisfied ({@link #ready}
 * for a ready agent, {@link #notReady} with the current reason, {@link #callEnded} for a call that is gone) is a
 * {@code Done} with no events, because telephony events and button presses can repeat.
 *
 * <p>Identifiers: agent ids match {@code [A-Za-z0-9_.-]{1,32}}, seats {@code [A-Za-z0-9_.+*#-]{1,32}}, call ids
 * are 1 to 128 printable ASCII characters without spaces (an Asterisk uniqueid fits), not-ready reasons are codes
 * matching {@code [A-Za-z0-9_.:-]{1,64}}. The router forgets agents when they log out and calls when they end; a
 * call id may arrive again after its call ended.
 *
 * <p>Time is whatever the caller passes as {@code now}; the router reads no clock and does not require instants to
 * increase, but idle order is only meaningful if they do.
 *
 * <p>Not thread-safe; confine to one thread (in the server, one verticle's event loop). The router starts no
 * threads, does no IO and does not log.
 */
public final class Router {

    /** The not-ready reason of an agent who has just logged in. */
    public static final String LOGIN_REASON = "login";

    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern SEAT = Pattern.compile("[A-Za-z0-9_.+*#-]{1,32}");
    private static final Pattern CALL_ID = Pattern.compile("[!-~]{1,128}");
    private static final Pattern REASON = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final int MAX_ECHOED_CHARS = 40;
    private static final Outcome NOTHING = new Done(List.of());

    private final RouterConfig config;
    private final AgentTable agents = new AgentTable();
    private final CallQueue queue = new CallQueue();
    // Offered or connected call -> agent id. Only looked up, never iterated, so hash order cannot leak out.
    private final Map<String, String> agentIdByCall = new HashMap<>();

    /**
     * Creates a router with no agents and an empty queue.
     *
     * @param config the settings, not null
     * @throws NullPointerException if {@code config} is null
     */
    public Router(RouterConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Logs an agent in to a seat, {@link AgentState#NOT_READY} with reason {@value #LOGIN_REASON}: a real hall
     * logs in not ready, and the agent presses ready when settled.
     *
     * @param agentId the agent
     * @param seat    the seat (SIP extension) the agent sits at
     * @param now     the current time
     * @return {@code Done} with {@code AgentStateChanged(LOGGED_OUT -> NOT_READY)}; or {@code Rejected} with
     *     {@link Rejection#ALREADY_LOGGED_IN} if the agent is logged in (on any seat), {@link Rejection#SEAT_TAKEN}
     *     if another agent holds the seat, {@link Rejection#INVALID_ARGUMENT}
     */
    public Outcome login(String agentId, String seat, Instant now) {
        Optional<Rejected> invalid = firstInvalid(agentIdProblem(agentId), seatProblem(seat), nowProblem(now));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Optional<Agent> existing = agents.get(agentId);
        if (existing.isPresent()) {
            return new Rejected(Rejection.ALREADY_LOGGED_IN,
                    "agent " + agentId + " is already logged in on seat " + existing.get().seat());
        }
        Optional<String> holder = agents.agentOnSeat(seat);
        if (holder.isPresent()) {
            return new Rejected(Rejection.SEAT_TAKEN, "seat " + seat + " is taken by agent " + holder.get());
        }
        Agent agent = Agent.loggedIn(agentId, seat, LOGIN_REASON, now);
        agents.put(agent);
        return new Done(List.of(new AgentStateChanged(
                agentId, seat, AgentState.LOGGED_OUT, AgentState.NOT_READY, LOGIN_REASON, now)));
    }

    /**
     * Makes a not-ready agent ready, idle since {@code now}, then dispatches: the agent may be offered a waiting call
     * at once.
     *
     * @param agentId the agent
     * @param now     the current time
     * @return {@code Done} with {@code AgentStateChanged(NOT_READY -> READY)} and, if a call was waiting,
     *     {@code AgentStateChanged(READY -> RESERVED)} and {@code CallOffered}; {@code Done} with no events if the
     *     agent is already ready (idle time kept); or {@code Rejected} with {@link Rejection#UNKNOWN_AGENT},
     *     {@link Rejection#INVALID_STATE} (reserved or on a call), {@link Rejection#INVALID_ARGUMENT}
     */
    public Outcome ready(String agentId, Instant now) {
        Optional<Rejected> invalid = firstInvalid(agentIdProblem(agentId), nowProblem(now));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Optional<Agent> found = agents.get(agentId);
        if (found.isEmpty()) {
            return unknownAgent(agentId);
        }
        Agent agent = found.get();
        if (agent.state() == AgentState.READY) {
            return NOTHING;
        }
        if (agent.state() != AgentState.NOT_READY) {
            return invalidState(agent, "ready");
        }
        List<RoutingEvent> events = new ArrayList<>();
        transition(agent, agent.ready(now, now), now, events);
        dispatch(now, events);
        return new Done(events);
    }

    /**
     * Makes a ready agent not ready for {@code reason} (a break, training, ...), or changes the reason of an agent
     * who is already not ready. Taking an agent out of a ringing or connected call is not supported yet.
     *
     * @param agentId the agent
     * @param reason  a reason code, matching {@code [A-Za-z0-9_.:-]{1,64}}
     * @param now     the current time
     * @return {@code Done} with {@code AgentStateChanged(READY or NOT_READY -> NOT_READY)}; {@code Done} with no
     *     events if the agent is already not ready for this reason; or {@code Rejected} with
     *     {@link Rejection#UNKNOWN_AGENT}, {@link Rejection#INVALID_STATE} (reserved or on a call),
     *     {@link Rejection#INVALID_ARGUMENT}
     */
    public Outcome notReady(String agentId, String reason, Instant now) {
        Optional<Rejected> invalid = firstInvalid(agentIdProblem(agentId), reasonProblem(reason), nowProblem(now));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Optional<Agent> found = agents.get(agentId);
        if (found.isEmpty()) {
            return unknownAgent(agentId);
        }
        Agent agent = found.get();
        if (agent.state() == AgentState.NOT_READY && reason.equals(agent.reason())) {
            return NOTHING;
        }
        if (agent.state() != AgentState.READY && agent.state() != AgentState.NOT_READY) {
            return invalidState(agent, "notReady");
        }
        List<RoutingEvent> events = new ArrayList<>();
        transition(agent, agent.notReady(reason, now), now, events);
        return new Done(events);
    }

    /**
     * Logs a ready or not-ready agent out: the router forgets the agent and frees the seat. An agent whose phone
     * rings or who is on a call cannot log out; end or fail the call first.
     *
     * @param agentId the agent
     * @param now     the current time
     * @return {@code Done} with {@code AgentStateChanged(... -> LOGGED_OUT)}; or {@code Rejected} with
     *     {@link Rejection#UNKNOWN_AGENT}, {@link Rejection#INVALID_STATE}, {@link Rejection#INVALID_ARGUMENT}
     */
    public Outcome logout(String agentId, Instant now) {
        Optional<Rejected> invalid = firstInvalid(agentIdProblem(agentId), nowProblem(now));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Optional<Agent> found = agents.get(agentId);
        if (found.isEmpty()) {
            return unknownAgent(agentId);
        }
        Agent agent = found.get();
        if (agent.state() != AgentState.READY && agent.state() != AgentState.NOT_READY) {
            return invalidState(agent, "logout");
        }
        agents.remove(agentId);
        return new Done(List.of(new AgentStateChanged(
                agentId, agent.seat(), agent.state(), AgentState.LOGGED_OUT, null, now)));
    }

    /**
     * Puts a new call at the tail of the queue, then dispatches.
     *
     * @param callId the call, e.g. the Asterisk uniqueid
     * @param now    the current time
     * @return {@code Done} with {@code CallQueued} and, if an agent was ready, {@code AgentStateChanged(READY ->
     *     RESERVED)} and {@code CallOffered}; or {@code Rejected} with {@link Rejection#DUPLICATE_CALL} if the call
     *     is already queued, offered or connected, {@link Rejection#QUEUE_FULL} if the queue holds
     *     {@link RouterConfig#maxQueueLength()} calls (the caller must then be sent to the fallback path, not
     *     dropped), {@link Rejection#INVALID_ARGUMENT}
     */
    public Outcome callArrived(String callId, Instant now) {
        Optional<Rejected> invalid = firstInvalid(callIdProblem(callId), nowProblem(now));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        if (queue.contains(callId)) {
            return new Rejected(Rejection.DUPLICATE_CALL, "call " + callId + " is already waiting in the queue");
        }
        String holder = agentIdByCall.get(callId);
        if (holder != null) {
            return new Rejected(Rejection.DUPLICATE_CALL,
                    "call " + callId + " is already " + describeCallAt(holder));
        }
        if (queue.size() >= config.maxQueueLength()) {
            return new Rejected(Rejection.QUEUE_FULL, "queue holds " + queue.size() + " calls (maxQueueLength "
                    + config.maxQueueLength() + "); call " + callId + " not queued");
        }
        List<RoutingEvent> events = new ArrayList<>();
        int position = queue.addLast(callId);
        events.add(new CallQueued(callId, position, now));
        dispatch(now, events);
        return new Done(events);
    }

    /**
     * Records that the agent answered the call offered to them.
     *
     * @param callId  the call
     * @param agentId the agent it was offered to
     * @param now     the current time
     * @return {@code Done} with {@code AgentStateChanged(RESERVED -> ON_CALL)} and {@code CallConnected}; or
     *     {@code Rejected} with {@link Rejection#UNKNOWN_AGENT}, {@link Rejection#UNKNOWN_CALL} (never arrived or
     *     already ended), {@link Rejection#INVALID_STATE} (the call is queued, offered to another agent or already
     *     connected), {@link Rejection#INVALID_ARGUMENT}
     */
    public Outcome offerAnswered(String callId, String agentId, Instant now) {
        Optional<Rejected> invalid = firstInvalid(callIdProblem(callId), agentIdProblem(agentId), nowProblem(now));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Optional<Agent> found = agents.get(agentId);
        if (found.isEmpty()) {
            return unknownAgent(agentId);
        }
        Agent agent = found.get();
        Optional<Rejected> notOffered = notOfferedTo(callId, agent);
        if (notOffered.isPresent()) {
            return notOffered.get();
        }
        List<RoutingEvent> events = new ArrayList<>();
        transition(agent, agent.connect(now), now, events);
        events.add(new CallConnected(callId, agentId, now));
        return new Done(events);
    }

    /**
     * Records that the call offered to the agent did not connect. The agent becomes not ready with the failure's
     * {@linkplain OfferFailure#code() code} as reason (a phone that did not answer should not ring again at once),
     * the call goes back to the head of the queue, even a full one, and the router dispatches: another ready agent
     * may be offered the call at once.
     *
     * @param callId  the call
     * @param agentId the agent it was offered to
     * @param failure why the offer failed
     * @param now     the current time
     * @return {@code Done} with {@code AgentStateChanged(RESERVED -> NOT_READY)}, {@code CallRequeued} and any
     *     dispatch events; or {@code Rejected} as for {@link #offerAnswered}
     */
    public Outcome offerFailed(String callId, String agentId, OfferFailure failure, Instant now) {
        Optional<Rejected> invalid = firstInvalid(
                callIdProblem(callId), agentIdProblem(agentId), failure == null ? "failure is null" : null,
                nowProblem(now));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Optional<Agent> found = agents.get(agentId);
        if (found.isEmpty()) {
            return unknownAgent(agentId);
        }
        Agent agent = found.get();
        Optional<Rejected> notOffered = notOfferedTo(callId, agent);
        if (notOffered.isPresent()) {
            return notOffered.get();
        }
        List<RoutingEvent> events = new ArrayList<>();
        agentIdByCall.remove(callId);
        transition(agent, agent.notReady(failure.code(), now), now, events);
        queue.addFirst(callId);
        events.add(new CallRequeued(callId, agentId, failure, now));
        dispatch(now, events);
        return new Done(events);
    }

    /**
     * Records that a call ended (the caller or the agent hung up), then dispatches.
     * <ul>
     *   <li>Waiting in the queue: removed; {@code CallAbandoned}.
     *   <li>Offered (the agent's phone rang): the agent is ready again and keeps the idle time they had before the
     *       offer, since they never talked; {@code AgentStateChanged(RESERVED -> READY)}, {@code CallAbandoned}.
     *   <li>Connected: the agent is ready again, idle since {@code now};
     *       {@code AgentStateChanged(ON_CALL -> READY)}, {@code CallFinished}.
     *   <li>Unknown (never arrived or already ended): nothing happens, since hangup events can repeat.
     * </ul>
     * The freed agent may then be offered the next waiting call.
     *
     * @param callId the call
     * @param now    the current time
     * @return {@code Done} with the events above, possibly none; or {@code Rejected} with
     *     {@link Rejection#INVALID_ARGUMENT}
     */
    public Outcome callEnded(String callId, Instant now) {
        Optional<Rejected> invalid = firstInvalid(callIdProblem(callId), nowProblem(now));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        List<RoutingEvent> events = new ArrayList<>();
        if (queue.remove(callId)) {
            events.add(new CallAbandoned(callId, now));
        } else {
            String agentId = agentIdByCall.remove(callId);
            if (agentId == null) {
                return NOTHING;
            }
            Agent agent = agents.get(agentId).orElseThrow(
                    () -> new IllegalStateException("call " + callId + " held by unknown agent " + agentId));
            if (agent.state() == AgentState.RESERVED) {
                transition(agent, agent.ready(now, agent.idleSince()), now, events);
                events.add(new CallAbandoned(callId, now));
            } else {
                transition(agent, agent.ready(now, now), now, events);
                events.add(new CallFinished(callId, agentId, now));
            }
        }
        dispatch(now, events);
        return new Done(events);
    }

    /**
     * Returns a logged-in agent.
     *
     * @param agentId the agent; null gives empty
     * @return a snapshot, or empty if the agent is not logged in
     */
    public Optional<AgentView> agent(String agentId) {
        return agentId == null ? Optional.empty() : agents.get(agentId).map(Agent::view);
    }

    /**
     * Returns all logged-in agents.
     *
     * @return immutable snapshots sorted by agent id
     */
    public List<AgentView> agents() {
        return agents.all().stream().map(Agent::view).toList();
    }

    /**
     * Returns the waiting calls.
     *
     * @return an immutable list of call ids, head (next to be offered) first
     */
    public List<String> queue() {
        return queue.snapshot();
    }

    /**
     * Returns the agent a call is offered to or connected with.
     *
     * @param callId the call; null gives empty
     * @return the agent id, or empty if the call is waiting, unknown or ended
     */
    public Optional<String> agentOfCall(String callId) {
        return callId == null ? Optional.empty() : Optional.ofNullable(agentIdByCall.get(callId));
    }

    // Offers waiting calls to ready agents until one side runs out; see the class Javadoc. Each operation adds at
    // most one call or frees at most one agent, so today this offers at most once; the loop keeps "queue empty or no
    // agent ready" true without relying on that.
    private void dispatch(Instant now, List<RoutingEvent> events) {
        while (!queue.isEmpty()) {
            Optional<Agent> next = agents.longestIdleReady();
            if (next.isEmpty()) {
                return;
            }
            Agent agent = next.get();
            String callId = queue.removeFirst();
            agentIdByCall.put(callId, agent.agentId());
            transition(agent, agent.reserve(callId, now), now, events);
            events.add(new CallOffered(callId, agent.agentId(), agent.seat(), now));
        }
    }

    private void transition(Agent from, Agent to, Instant now, List<RoutingEvent> events) {
        agents.put(to);
        events.add(new AgentStateChanged(to.agentId(), to.seat(), from.state(), to.state(), to.reason(), now));
    }

    private Optional<Rejected> notOfferedTo(String callId, Agent agent) {
        if (agent.state() == AgentState.RESERVED && callId.equals(agent.callId())) {
            return Optional.empty();
        }
        String notToThisAgent = ", not offered to agent " + agent.agentId();
        if (queue.contains(callId)) {
            return Optional.of(new Rejected(Rejection.INVALID_STATE,
                    "call " + callId + " is waiting in the queue" + notToThisAgent));
        }
        String holder = agentIdByCall.get(callId);
        if (holder == null) {
            return Optional.of(new Rejected(Rejection.UNKNOWN_CALL,
                    "call " + callId + " is unknown (never arrived or already ended)" + notToThisAgent));
        }
        if (holder.equals(agent.agentId())) {
            return Optional.of(new Rejected(Rejection.INVALID_STATE,
                    "call " + callId + " is already connected with agent " + holder));
        }
        return Optional.of(new Rejected(Rejection.INVALID_STATE,
                "call " + callId + " is " + describeCallAt(holder) + notToThisAgent));
    }

    private String describeCallAt(String agentId) {
        boolean connected = agents.get(agentId).map(a -> a.state() == AgentState.ON_CALL).orElse(false);
        return (connected ? "connected with agent " : "offered to agent ") + agentId;
    }

    private static Rejected unknownAgent(String agentId) {
        return new Rejected(Rejection.UNKNOWN_AGENT, "agent " + agentId + " is not logged in");
    }

    private static Rejected invalidState(Agent agent, String operation) {
        String call = agent.callId() == null ? "" : " with call " + agent.callId();
        return new Rejected(Rejection.INVALID_STATE,
                operation + " not allowed: agent " + agent.agentId() + " is " + agent.state() + call);
    }

    private static Optional<Rejected> firstInvalid(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return Optional.of(new Rejected(Rejection.INVALID_ARGUMENT, problem));
            }
        }
        return Optional.empty();
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

    private static String nowProblem(Instant now) {
        return now == null ? "now is null" : null;
    }

    private static String patternProblem(String name, String value, Pattern pattern) {
        if (value == null) {
            return name + " is null";
        }
        if (pattern.matcher(value).matches()) {
            return null;
        }
        return name + " must match " + pattern.pattern() + ", was \"" + echo(value) + "\"";
    }

    // The detail ends up in logs: cut it short and keep it on one printable line.
    private static String echo(String value) {
        StringBuilder echoed = new StringBuilder();
        for (int i = 0; i < value.length() && i < MAX_ECHOED_CHARS; i++) {
            char c = value.charAt(i);
            echoed.append(c >= ' ' && c <= '~' ? c : '?');
        }
        if (value.length() > MAX_ECHOED_CHARS) {
            echoed.append("...");
        }
        return echoed.toString();
    }
}
