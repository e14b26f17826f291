package hotline.routing.acd;

/**
 * A call's priority, highest first. A priority is worth a configured head start in waiting time
 * ({@link AcdConfig#priorityBoost()}): a call is ranked as if it had arrived that much earlier, so a call of lower
 * priority that has waited longer than the difference goes first and no call starves.
 */
public enum Priority {
    /** A call for the district of a running leader session. */
    LEADER_SESSION,
    /** Marked urgent (by the IVR or a supervisor). */
    URGENT,
    /** The same number called within {@link AcdConfig#repeatCallerWindow()}. */
    REPEAT_CALLER,
    /** Everything else. */
    NORMAL
}
