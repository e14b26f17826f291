package hotline.telephony.agi;

/**
 * Port: the contact center's answer to an inbound call, asked by the FastAGI server.
 *
 * <p>Called on a FastAGI pool thread (never an event loop); {@link #onInbound} may block for a bounded
 * time. If it throws, no call id is set and the dialplan sends the caller to Asterisk's native fallback
 * queue: the citizen is never dropped.
 */
public interface InboundCallHandler {

    /** Registers the call and decides where it goes now. */
    InboundDecision onInbound(InboundCall call) throws Exception;

    /**
     * The FastAGI session for {@code callId} is over: the channel is back in the dialplan and may be
     * redirected with AMI. {@code ok = false} when setting the variables failed (e.g. the caller hung up).
     */
    void onAgiFinished(String callId, boolean ok);
}
