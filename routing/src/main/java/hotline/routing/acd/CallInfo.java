package hotline.routing.acd;

import java.time.Instant;

/**
 * A snapshot of one call or task the engine holds (waiting, offered or connected).
 *
 * @param callId    the call or task id
 * @param kind      inbound, callback or outbound
 * @param phase     waiting, offered or connected
 * @param queueId   its queue, or null for an outbound call
 * @param priority  its priority
 * @param agentId   the agent it is offered to or connected with, or null
 * @param arrivedAt when it arrived (a callback task keeps its call's arrival)
 * @param district  the district, or null
 * @param held      whether its agent has put it on hold (connected calls only)
 */
public record CallInfo(String callId, CallKind kind, CallPhase phase, String queueId, Priority priority, String agentId,
                       Instant arrivedAt, String district, boolean held) {
}
