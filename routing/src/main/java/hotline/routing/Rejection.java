package hotline.routing;

/** Why the {@link Router} refused an operation. Carried by {@link Outcome.Rejected} with a human-readable detail. */
public enum Rejection {
    /** The agent is not logged in. */
    UNKNOWN_AGENT,
    /** {@link Router#login} for an agent who is already logged in (on any seat). */
    ALREADY_LOGGED_IN,
    /** {@link Router#login} on a seat another agent is logged in to. */
    SEAT_TAKEN,
    /** The operation is not allowed in the agent's or the call's current state. */
    INVALID_STATE,
    /** A null or malformed argument. */
    INVALID_ARGUMENT,
    /** {@link Router#callArrived} while the queue holds {@link RouterConfig#maxQueueLength()} calls. */
    QUEUE_FULL,
    /** The router does not know the call: it never arrived or it has already ended. */
    UNKNOWN_CALL,
    /** {@link Router#callArrived} for a call that is already queued, offered or connected. */
    DUPLICATE_CALL
}
