package hotline.routing;

import java.time.Instant;
import java.util.Objects;

/**
 * An immutable snapshot of one logged-in agent, as returned by {@link Router#agent} and {@link Router#agents}.
 *
 * @param agentId    the agent's id, never null
 * @param seat       the seat (SIP extension) the agent is logged in to, never null
 * @param state      the current state, never null and never {@link AgentState#LOGGED_OUT}
 * @param reason     why the agent is not ready; null unless {@code state} is {@link AgentState#NOT_READY}
 * @param stateSince when the agent entered the current state, never null
 * @param idleSince  when the agent last became ready or last finished a call; null unless {@code state} is
 *                   {@link AgentState#READY}
 * @param callId     the call being offered to or connected with the agent; null unless {@code state} is
 *                   {@link AgentState#RESERVED} or {@link AgentState#ON_CALL}
 */
public record AgentView(
        String agentId,
        String seat,
        AgentState state,
        String reason,
        Instant stateSince,
        Instant idleSince,
        String callId) {

    /**
     * Creates a snapshot.
     *
     * @param agentId    the agent's id, never null
     * @param seat       the seat (SIP extension) the agent is logged in to, never null
     * @param state      the current state, never null and never {@link AgentState#LOGGED_OUT}
     * @param reason     why the agent is not ready; null unless {@code state} is {@link AgentState#NOT_READY}
     * @param stateSince when the agent entered the current state, never null
     * @param idleSince  when the agent last became ready or last finished a call; null unless {@code state} is
     *                   {@link AgentState#READY}
     * @param callId     the call being offered to or connected with the agent; null unless {@code state} is
     *                   {@link AgentState#RESERVED} or {@link AgentState#ON_CALL}
     * @throws NullPointerException if {@code agentId}, {@code seat}, {@code state} or {@code stateSince} is null
     */
    public AgentView {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(seat, "seat");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateSince, "stateSince");
    }
}
