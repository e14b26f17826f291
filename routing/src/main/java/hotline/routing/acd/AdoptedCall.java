package hotline.routing.acd;

import java.time.Instant;
import java.util.Objects;

/**
 * A call Asterisk has waiting that a restored engine does not know, for
 * {@link AcdEngine#reconcile(java.util.Collection, java.util.Collection, Instant)}: it arrived after the routing
 * state was last saved, before the previous leader died. It is enqueued as if it had arrived at {@code arrivedAt}.
 *
 * @param arrival   the call as it arrived (its id, the menu's queue, caller, district, urgency)
 * @param arrivedAt when it arrived: its wait, its rank among equal priorities and its max-wait deadline count from
 *                  here
 * @param priority  the priority it was given on arrival (the call record says), or null to decide it as on arrival
 */
public record AdoptedCall(Arrival arrival, Instant arrivedAt, Priority priority) {
    public AdoptedCall {
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
    }
}
