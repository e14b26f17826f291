package hotline.orders.lifecycle;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A confirmed order as the seat agent (or the web form) submits it.
 *
 * @param callerName name as given ({@code 王女士}); may be empty, never null
 * @param phone      callback number, digits only
 * @param address    where the matter is
 * @param category   category code ({@code noise}, {@code heating} ...)
 * @param urgency    the tier that sets the deadline
 * @param summary    the problem in a few sentences
 * @param unitIds    the responsible unit, or several for joint dispatch; distinct, in the order given
 * @param callId     the call it was taken on, or null (online channel)
 * @param channel    phone or online
 * @param requestType what kind of request (咨询, 投诉 ...), or null when not given (orders stored before the field)
 * @param answer     the answer the agent gave on the spot (直接答复), empty if none; an order with an answer and no
 *                   unit is a consultation closed at once
 */
public record OrderRequest(String callerName, String phone, Address address, String category, UrgencyTier urgency,
        String summary, List<String> unitIds, String callId, Channel channel, RequestType requestType,
        String answer) {

    /** A request of no stated type, dispatched to {@code unitIds}. */
    public OrderRequest(String callerName, String phone, Address address, String category, UrgencyTier urgency,
            String summary, List<String> unitIds, String callId, Channel channel) {
        this(callerName, phone, address, category, urgency, summary, unitIds, callId, channel, null, "");
    }

    public OrderRequest {
        Objects.requireNonNull(callerName, "callerName");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(urgency, "urgency");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(channel, "channel");
        answer = Objects.requireNonNull(answer, "answer").strip();
        unitIds = List.copyOf(new LinkedHashSet<>(unitIds));
        if (unitIds.isEmpty() && answer.isEmpty()) {
            throw new IllegalArgumentException("unitIds must name at least one unit (or the request be answered)");
        }
        if (!answer.isEmpty() && (!unitIds.isEmpty() || requestType != RequestType.CONSULTATION)) {
            throw new IllegalArgumentException("only a consultation without units is answered on the spot");
        }
    }

    /** Whether the agent answered it on the spot (a consultation closed without a unit). */
    public boolean answered() {
        return !answer.isEmpty();
    }
}
