package hotline.routing.acd;

/** Why the engine refused an operation; carried by {@link AcdOutcome.Rejected} with a detail. */
public enum AcdRejection {
    /** The agent is not logged in. */
    UNKNOWN_AGENT,
    /** Login for an agent already logged in. */
    ALREADY_LOGGED_IN,
    /** Login on a seat another agent holds. */
    SEAT_TAKEN,
    /** Not allowed in the agent's or call's current state. */
    INVALID_STATE,
    /** A null or malformed argument. */
    INVALID_ARGUMENT,
    /** The call is not known (never arrived, or already ended). */
    UNKNOWN_CALL,
    /** The call id is already in use. */
    DUPLICATE_CALL,
    /** No such queue. */
    UNKNOWN_QUEUE,
    /** A restored engine refuses everything but {@link AcdEngine#reconcile} until it has been reconciled. */
    NOT_RECONCILED
}
