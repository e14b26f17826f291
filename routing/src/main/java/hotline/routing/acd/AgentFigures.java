package hotline.routing.acd;

import java.time.Duration;

/**
 * Real-time figures of one agent.
 *
 * @param agentId     the agent
 * @param seat        the seat
 * @param status      the state
 * @param registered  whether the softphone is registered
 * @param timeInState time in the current state
 * @param callsToday  calls answered today
 * @param occupancy   busy time (ringing, talking, wrap-up) over busy plus ready time, 0..1; 0 before any
 * @param held        whether the agent's connected call is on hold (the agent stays {@link AgentStatus#ON_CALL})
 */
public record AgentFigures(String agentId, String seat, AgentStatus status, boolean registered, Duration timeInState,
                           int callsToday, double occupancy, boolean held) {
}
