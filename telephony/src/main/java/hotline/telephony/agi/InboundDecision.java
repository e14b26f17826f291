package hotline.telephony.agi;

import java.util.Objects;
import java.util.Optional;

/**
 * What the dialplan does with an inbound call after the FastAGI session.
 *
 * @param callId the contact center's id for the call (set as channel variable {@code HOTLINE_CALL_ID})
 * @param seat   when present, the seat to ring at once ({@code HOTLINE_SEAT}); when empty the caller waits on
 *               hold until the server offers the call with AMI
 */
public record InboundDecision(String callId, Optional<String> seat) {
    public InboundDecision {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(seat, "seat");
    }
}
