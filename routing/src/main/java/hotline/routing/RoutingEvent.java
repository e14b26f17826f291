package hotline.routing;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened in the {@link Router}, reported in an {@link Outcome.Done}. The adapters turn these into
 * telephony actions (ring the agent's seat), UI updates and logs.
 */
public sealed interface RoutingEvent {

    /**
     * Returns when it happened: the {@code now} passed to the operation that caused it.
     *
     * @return the instant, never null
     */
    Instant at();

    /**
     * An agent changed state. Logging in is reported as {@code LOGGED_OUT -> NOT_READY}, logging out as
     * {@code ... -> LOGGED_OUT}. A change of not-ready reason is reported as {@code NOT_READY -> NOT_READY}.
     *
     * @param agentId the agent, never null
     * @param seat    the agent's seat, never null
     * @param from    the previous state, never null
     * @param to      the new state, never null
     * @param reason  the not-ready reason; null unless {@code to} is {@link AgentState#NOT_READY}
     * @param at      when, never null
     */
    record AgentStateChanged(String agentId, String seat, AgentState from, AgentState to, String reason, Instant at)
            implements RoutingEvent {

        /**
         * Creates the event.
         *
         * @param agentId the agent, never null
         * @param seat    the agent's seat, never null
         * @param from    the previous state, never null
         * @param to      the new state, never null
         * @param reason  the not-ready reason; null unless {@code to} is {@link AgentState#NOT_READY}
         * @param at      when, never null
         * @throws NullPointerException if a component other than {@code reason} is null
         */
        public AgentStateChanged {
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(seat, "seat");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A new call joined the tail of the queue.
     *
     * @param callId   the call, never null
     * @param position its 1-based position in the queue on joining (1 is the head)
     * @param at       when, never null
     */
    record CallQueued(String callId, int position, Instant at) implements RoutingEvent {

        /**
         * Creates the event.
         *
         * @param callId   the call, never null
         * @param position its 1-based position in the queue on joining (1 is the head)
         * @param at       when, never null
         * @throws NullPointerException if {@code callId} or {@code at} is null
         */
        public CallQueued {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The call left the queue and is offered to an agent, who is now {@link AgentState#RESERVED}: ring the seat.
     *
     * @param callId  the call, never null
     * @param agentId the agent, never null
     * @param seat    the agent's seat to ring, never null
     * @param at      when, never null
     */
    record CallOffered(String callId, String agentId, String seat, Instant at) implements RoutingEvent {

        /**
         * Creates the event.
         *
         * @param callId  the call, never null
         * @param agentId the agent, never null
         * @param seat    the agent's seat to ring, never null
         * @param at      when, never null
         * @throws NullPointerException if any component is null
         */
        public CallOffered {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(seat, "seat");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The agent answered the offered call and is talking to the caller.
     *
     * @param callId  the call, never null
     * @param agentId the agent, never null
     * @param at      when, never null
     */
    record CallConnected(String callId, String agentId, Instant at) implements RoutingEvent {

        /**
         * Creates the event.
         *
         * @param callId  the call, never null
         * @param agentId the agent, never null
         * @param at      when, never null
         * @throws NullPointerException if any component is null
         */
        public CallConnected {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The offer failed and the call went back to the head of the queue.
     *
     * @param callId  the call, never null
     * @param agentId the agent the call had been offered to, never null
     * @param failure why the offer failed, never null
     * @param at      when, never null
     */
    record CallRequeued(String callId, String agentId, OfferFailure failure, Instant at) implements RoutingEvent {

        /**
         * Creates the event.
         *
         * @param callId  the call, never null
         * @param agentId the agent the call had been offered to, never null
         * @param failure why the offer failed, never null
         * @param at      when, never null
         * @throws NullPointerException if any component is null
         */
        public CallRequeued {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The call ended before an agent answered it: the caller hung up while waiting or while an agent's phone rang.
     * The router forgets the call.
     *
     * @param callId the call, never null
     * @param at     when, never null
     */
    record CallAbandoned(String callId, Instant at) implements RoutingEvent {

        /**
         * Creates the event.
         *
         * @param callId the call, never null
         * @param at     when, never null
         * @throws NullPointerException if any component is null
         */
        public CallAbandoned {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A connected call ended. The router forgets the call.
     *
     * @param callId  the call, never null
     * @param agentId the agent who handled it, never null
     * @param at      when, never null
     */
    record CallFinished(String callId, String agentId, Instant at) implements RoutingEvent {

        /**
         * Creates the event.
         *
         * @param callId  the call, never null
         * @param agentId the agent who handled it, never null
         * @param at      when, never null
         * @throws NullPointerException if any component is null
         */
        public CallFinished {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(at, "at");
        }
    }
}
