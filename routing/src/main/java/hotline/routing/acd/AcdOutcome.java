package hotline.routing.acd;

import java.util.List;
import java.util.Objects;

/**
 * The result of an {@link AcdEngine} operation: {@link Done} with the events (decisions and state changes) it caused,
 * or {@link Rejected} with a reason. A rejected operation changed nothing.
 */
public sealed interface AcdOutcome permits AcdOutcome.Done, AcdOutcome.Rejected {

    /**
     * Returns the events in causal order.
     *
     * @return an immutable list, empty for {@link Rejected}
     */
    List<AcdEvent> events();

    /**
     * The operation was applied.
     *
     * @param events what happened, in causal order; possibly empty
     */
    record Done(List<AcdEvent> events) implements AcdOutcome {
        /**
         * Creates the outcome with an immutable copy of the events.
         *
         * @param events what happened
         */
        public Done {
            events = List.copyOf(events);
        }
    }

    /**
     * The operation was refused; the engine is unchanged.
     *
     * @param reason the reason code
     * @param detail what was wrong, naming the agent, call or argument
     */
    record Rejected(AcdRejection reason, String detail) implements AcdOutcome {
        /**
         * Creates the outcome.
         *
         * @param reason the reason code, not null
         * @param detail the detail, not null
         */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public List<AcdEvent> events() {
            return List.of();
        }
    }
}
