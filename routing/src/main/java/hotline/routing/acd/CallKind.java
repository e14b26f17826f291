package hotline.routing.acd;

/** What a routed item is. */
public enum CallKind {
    /** A citizen's inbound call. */
    INBOUND,
    /** A callback task that took an inbound call's place: dialled out to the citizen when its turn comes. */
    CALLBACK,
    /** A call an agent (typically a leader) places from the seat, e.g. about an earlier order. */
    OUTBOUND
}
