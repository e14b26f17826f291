package hotline.routing;

/** Where an agent is in the call-handling cycle, as far as the router knows. */
public enum AgentState {
    /** Not logged in. Appears only in {@link RoutingEvent.AgentStateChanged}; logged-out agents are forgotten. */
    LOGGED_OUT,
    /** Idle and waiting for a call; the longest-idle ready agent is offered the next call. */
    READY,
    /** Logged in but taking no calls, for a reason (a break, a missed offer, just logged in). */
    NOT_READY,
    /** A call is being offered: the agent's phone rings and the router waits for answer or failure. */
    RESERVED,
    /** Talking to a caller. */
    ON_CALL
}
