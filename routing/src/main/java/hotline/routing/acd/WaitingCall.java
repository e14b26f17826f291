package hotline.routing.acd;

import java.time.Duration;
import java.time.Instant;

/**
 * A waiting call with its place in the queue, for announcements and the wallboard.
 *
 * @param callId         the call or task
 * @param kind           inbound or callback
 * @param queueId        the queue
 * @param priority       its priority
 * @param tier           the highest skill tier that applies now
 * @param position       1-based position in the queue (all tiers)
 * @param estimatedWait  position times the queue's average handle time, divided by the agents serving the queue
 * @param arrivedAt      when it arrived
 * @param headOfLine     whether it returned to the head after a failed offer
 * @param rankedArrival  the arrival it is ranked by: {@code arrivedAt} minus the priority's boost
 * @param seq            the arrival sequence number, the final tie-break
 */
public record WaitingCall(String callId, CallKind kind, String queueId, Priority priority, int tier, int position,
                          Duration estimatedWait, Instant arrivedAt, boolean headOfLine, Instant rankedArrival,
                          long seq) {
}
