package hotline.routing;

import java.util.List;
import java.util.Objects;

/**
 * The result of a {@link Router} operation: {@link Done} with the events it caused, or {@link Rejected} with a
 * reason. A rejected operation changed nothing.
 */
public sealed interface Outcome permits Outcome.Done, Outcome.Rejected {

    /**
     * Returns the events the operation caused, in causal order.
     *
     * @return an immutable list, empty for {@link Rejected} and for operations that changed nothing
     */
    List<RoutingEvent> events();

    /**
     * The operation was applied.
     *
     * @param events what happened, in causal order; possibly empty (for example a repeated hangup)
     */
    record Done(List<RoutingEvent> events) implements Outcome {

        /**
         * Creates the outcome, copying the events into an immutable list.
         *
         * @param events what happened, in causal order; possibly empty (for example a repeated hangup)
         * @throws NullPointerException if {@code events} or one of its elements is null
         */
        public Done {
            events = List.copyOf(events);
        }
    }

    /**
     * The operation was refused and the router's state is unchanged.
     *
     * @param reason the reason code, never null
     * @param detail what exactly was wrong, naming the agent, call or argument; for humans and logs, never null
     */
    record Rejected(Rejection reason, String detail) implements Outcome {

        /**
         * Creates the outcome.
         *
         * @param reason the reason code, never null
         * @param detail what exactly was wrong, naming the agent, call or argument; for humans and logs, never null
         * @throws NullPointerException if {@code reason} or {@code detail} is null
         */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /**
         * Returns no events: a rejected operation caused nothing.
         *
         * @return an empty list
         */
        @Override
        public List<RoutingEvent> events() {
            return List.of();
        }
    }
}
