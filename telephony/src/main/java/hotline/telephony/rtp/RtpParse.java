package hotline.telephony.rtp;

/** The outcome of parsing one datagram ({@link RtpPacket#parse}): a packet, or the reason it is not one. */
public sealed interface RtpParse permits RtpPacket, RtpParse.Invalid {

    /** A datagram that is not a well-formed RTP data packet; {@code reason} names what was wrong. */
    record Invalid(String reason) implements RtpParse {
    }
}
