package hotline.routing.acd;

/**
 * A call Asterisk still has after a restart, for {@link AcdEngine#reconcile}.
 *
 * @param callId        the call id (as the engine knows it)
 * @param connectedSeat the seat the call is bridged to, or null if it is not talking to a seat
 */
public record LiveCall(String callId, String connectedSeat) {
}
