package hotline.orders.lifecycle;

/**
 * Where one unit's part of a work order stands.
 *
 * <pre>
 * DISPATCHED -accept-> ACCEPTED -reply-> REPLIED -close-> CLOSED
 * DISPATCHED/ACCEPTED -return(reason)-> RETURNED -redispatch-> REASSIGNED (a new part takes over)
 * CLOSED -callback unresolved or 不满意-> REOPENED (重办: a new DISPATCHED part for the same unit takes over)
 * </pre>
 */
public enum PartState {
    /** Pushed to the unit, not yet accepted. */
    DISPATCHED,
    /** The unit took it on. */
    ACCEPTED,
    /** The unit reported what it did; waits for the desk to close it. */
    REPLIED,
    /** Done. */
    CLOSED,
    /** The unit sent it back to the dispatch desk with a reason (wrong unit, not its remit). */
    RETURNED,
    /** Returned and then re-dispatched: superseded by a newer part. */
    REASSIGNED,
    /** Closed, then reopened (重办) after the citizen's callback said unresolved or 不满意: superseded by a new part. */
    REOPENED;

    /** Whether the unit's deadline clock runs: dispatched or accepted. */
    public boolean clockRuns() {
        return this == DISPATCHED || this == ACCEPTED;
    }

    /** Whether this part is still the current one for its unit (not superseded). */
    public boolean current() {
        return this != REASSIGNED && this != REOPENED;
    }
}
