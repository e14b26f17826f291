package hotline.routing.acd;

/** Where a call or callback task is. Every call the engine has accepted is in exactly one phase. */
public enum CallPhase {
    /** Waiting in a queue. */
    WAITING,
    /** Offered to an agent whose seat rings. */
    OFFERED,
    /** Connected with an agent. */
    CONNECTED,
    /** Ended (finished or abandoned); the engine has forgotten it. */
    ENDED,
    /** The caller accepted a callback: the call is over and a callback task holds its place. */
    CALLBACK
}
