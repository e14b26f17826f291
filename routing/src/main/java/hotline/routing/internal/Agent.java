package hotline.routing.internal;

import hotline.routing.AgentState;
import hotline.routing.AgentView;
import java.time.Instant;

/**
 * One logged-in agent. Immutable: each transition returns a new record, which the caller stores in the
 * {@link AgentTable}.
 *
 * <p>Unlike {@link AgentView}, {@code idleSince} survives {@link AgentState#RESERVED}, so that an agent whose caller
 * hung up during ringing returns to their old place in the idle order. It is null while not ready.
 *
 * @param agentId    the agent's id
 * @param seat       the seat the agent is logged in to
 * @param state      the current state, never {@link AgentState#LOGGED_OUT}
 * @param reason     the not-ready reason, null unless not ready
 * @param stateSince when the current state began
 * @param idleSince  when the agent last became idle; non-null while ready or reserved
 * @param callId     the call offered or connected, null unless reserved or on call
 */
public record Agent(
        String agentId,
        String seat,
        AgentState state,
        String reason,
        Instant stateSince,
        Instant idleSince,
        String callId) {

    /**
     * Returns a freshly logged-in agent, not ready.
     *
     * @param agentId the agent's id
     * @param seat    the seat
     * @param reason  the not-ready reason to record
     * @param now     the login time
     * @return the agent
     */
    public static Agent loggedIn(String agentId, String seat, String reason, Instant now) {
        return new Agent(agentId, seat, AgentState.NOT_READY, reason, now, null, null);
    }

    /**
     * Returns this agent ready, idle since {@code idleSince}, holding no call.
     *
     * @param now       when the agent becomes ready
     * @param idleSince the idle time that ranks the agent for the next call
     * @return the agent
     */
    public Agent ready(Instant now, Instant idleSince) {
        return new Agent(agentId, seat, AgentState.READY, null, now, idleSince, null);
    }

    /**
     * Returns this agent not ready for {@code reason}, holding no call.
     *
     * @param reason the not-ready reason
     * @param now    when
     * @return the agent
     */
    public Agent notReady(String reason, Instant now) {
        return new Agent(agentId, seat, AgentState.NOT_READY, reason, now, null, null);
    }

    /**
     * Returns this agent reserved for {@code offeredCallId}, keeping {@code idleSince}.
     *
     * @param offeredCallId the call being offered
     * @param now           when
     * @return the agent
     */
    public Agent reserve(String offeredCallId, Instant now) {
        return new Agent(agentId, seat, AgentState.RESERVED, null, now, idleSince, offeredCallId);
    }

    /**
     * Returns this agent on the call it was reserved for.
     *
     * @param now when the call connected
     * @return the agent
     */
    public Agent connect(Instant now) {
        return new Agent(agentId, seat, AgentState.ON_CALL, null, now, idleSince, callId);
    }

    /**
     * Returns the public snapshot of this agent.
     *
     * @return the view, with {@code idleSince} only while ready
     */
    public AgentView view() {
        return new AgentView(
                agentId, seat, state, reason, stateSince, state == AgentState.READY ? idleSince : null, callId);
    }
}
