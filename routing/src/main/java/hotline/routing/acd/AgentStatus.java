package hotline.routing.acd;

/**
 * Where a seat agent is in the call-handling cycle. Whether the agent's softphone is registered is a separate
 * overlay ({@link AgentInfo#registered()}): an unregistered softphone makes a {@link #READY} agent unavailable.
 */
public enum AgentStatus {
    /** Not logged in. Appears only in events; logged-out agents are forgotten. */
    LOGGED_OUT,
    /** Waiting for a call; available if the softphone is registered. */
    READY,
    /** Logged in but taking no calls, with a reason code (break, meal, training, meeting, ring-no-answer...). */
    NOT_READY,
    /** A call or a callback is being offered: the seat rings. */
    RESERVED,
    /** Talking. */
    ON_CALL,
    /** After-call work, ended by the wrap-up timer, by the agent, or by a not-ready request. */
    WRAP_UP
}
