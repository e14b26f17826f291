package hotline.orders.lifecycle;

import java.util.List;
import java.util.Objects;

/** The result of a {@link Lifecycle} operation: {@link Applied} with the new order, or {@link Refused}. */
public sealed interface Transition permits Transition.Applied, Transition.Refused {

    /**
     * The operation was applied.
     *
     * @param order  the new version (the same version when {@code events} is empty: nothing changed)
     * @param events what happened, in causal order, also appended to the order's history
     */
    record Applied(WorkOrder order, List<OrderEvent> events) implements Transition {
        public Applied {
            Objects.requireNonNull(order, "order");
            events = List.copyOf(events);
        }

        /** Whether anything changed. */
        public boolean changed() {
            return !events.isEmpty();
        }
    }

    /**
     * The operation was refused; the order is unchanged.
     *
     * @param reason the reason code
     * @param detail what was wrong, naming the order, unit and state
     */
    record Refused(Refusal reason, String detail) implements Transition {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
