package hotline.telephony.agi;

/**
 * An inbound call as Asterisk announced it in the FastAGI request.
 *
 * @param uniqueId       Asterisk's {@code agi_uniqueid} of the caller's channel
 * @param channel        {@code agi_channel}, e.g. {@code PJSIP/carrier-00000000}
 * @param callerIdNumber {@code agi_callerid}; {@code null} when withheld ("unknown")
 * @param dnid           the number dialled ({@code agi_dnid}), e.g. 12345
 */
public record InboundCall(String uniqueId, String channel, String callerIdNumber, String callerIdName, String dnid) {
}
