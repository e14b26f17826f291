package hotline.telephony.agi;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An inbound call as Asterisk announced it in the FastAGI request.
 *
 * @param uniqueId       Asterisk's {@code agi_uniqueid} of the caller's channel
 * @param channel        {@code agi_channel}, e.g. {@code PJSIP/carrier-00000000}
 * @param callerIdNumber {@code agi_callerid}; {@code null} when withheld ("unknown")
 * @param callerIdName   {@code agi_calleridname}; may be null
 * @param dnid           the number dialled ({@code agi_dnid}), e.g. 12345
 * @param attributes     what the caller chose in the front-door menu (language, line, queue, district, ... and
 *                       {@code ivrPath}, {@code ivrMs}, {@code ivrReason}); empty when the call skipped the menu
 */
public record InboundCall(String uniqueId, String channel, String callerIdNumber, String callerIdName, String dnid,
                          Map<String, String> attributes) {

    public InboundCall {
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(attributes,
                "attributes")));
    }

    /** A call that did not go through the menu. */
    public InboundCall(String uniqueId, String channel, String callerIdNumber, String callerIdName, String dnid) {
        this(uniqueId, channel, callerIdNumber, callerIdName, dnid, Map.of());
    }
}
