package hotline.routing.acd;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of one logged-in agent.
 *
 * @param agentId         the agent
 * @param seat            the seat (SIP extension)
 * @param status          the state
 * @param reason          the not-ready reason, or null
 * @param registered      whether the seat's softphone is registered; an unregistered seat gets no calls
 * @param since           when the agent entered the state
 * @param idleSince       when the agent last became idle (their rank for longest-idle), or null unless ready
 * @param callId          the call reserved for, on, or wrapping up; or null
 * @param skills          skill to level
 * @param callsToday      calls answered since the day started ({@link AcdEngine#startDay})
 * @param wrapUpEnds      when wrap-up ends, or null unless in wrap-up
 * @param wrapUpExtended  whether this wrap-up has been extended already
 * @param held            whether the agent's connected call is on hold
 */
public record AgentInfo(String agentId, String seat, AgentStatus status, String reason, boolean registered,
                        Instant since, Instant idleSince, String callId, Map<String, Integer> skills, int callsToday, Instant wrapUpEnds,
                        boolean wrapUpExtended, boolean held) {
}
