package hotline.orders.lifecycle;

/** A work order's overall status, derived from its parts. */
public enum OrderStatus {
    /** At least one unit is working on it, none is back at the desk. */
    IN_PROGRESS,
    /** At least one part was returned and waits for re-dispatch at the dispatch desk. */
    AT_DESK,
    /** Every part is closed; the callback follows. */
    CLOSED
}
