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
 */
public record OrderRequest(String callerName, String phone, Address address, String category, UrgencyTier urgency,
        String summary, List<String> unitIds, String callId, Channel channel) {

    public OrderRequest {
        Objects.requireNonNull(callerName, "callerName");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(urgency, "urgency");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(channel, "channel");
        unitIds = List.copyOf(new LinkedHashSet<>(unitIds));
        if (unitIds.isEmpty()) {
            throw new IllegalArgumentException("unitIds must name at least one unit");
        }
    }
}
