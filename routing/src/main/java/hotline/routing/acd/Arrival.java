package hotline.routing.acd;

/**
 * An inbound call as the IVR delivers it.
 *
 * @param callId       the call id
 * @param queueId      the queue the IVR chose
 * @param callerNumber the caller's number, or null if withheld (never a repeat caller then)
 * @param district     the district the caller chose, or null
 * @param urgent       whether the IVR marked it urgent
 */
public record Arrival(String callId, String queueId, String callerNumber, String district, boolean urgent) {
}
