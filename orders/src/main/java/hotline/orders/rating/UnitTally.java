package hotline.orders.rating;

import java.util.Objects;

/**
 * A unit's running counts, from which its rates follow. The store keeps one per unit and adds
 * {@link TallyDelta}s to it as orders change.
 *
 * @param unitId          the unit
 * @param dispatched      parts dispatched to it (re-dispatches count again)
 * @param respondedOnTime parts it accepted or returned (its first action) no later than the deadline
 * @param returned        parts it returned to the desk
 * @param overdue         parts escalated because the deadline passed before it replied
 * @param callbacks       callbacks recorded on orders it handled
 * @param resolved        of those, the citizen said resolved
 * @param satisfied       of those, the citizen was satisfied (满意 or 基本满意, {@code CallbackResult})
 * @param responseDue     parts whose response counts: the unit responded (accepted or returned, on time or late), or
 *                        the deadline passed before it responded (escalated unresponded); each part once. A part
 *                        still within its deadline and not responded to is not counted yet
 */
public record UnitTally(String unitId, long dispatched, long respondedOnTime, long returned, long overdue,
        long callbacks, long resolved, long satisfied, long responseDue) {

    /** Field names, as stored. */
    public static final String DISPATCHED = "dispatched";
    public static final String RESPONDED_ON_TIME = "respondedOnTime";
    public static final String RETURNED = "returned";
    public static final String OVERDUE = "overdue";
    public static final String CALLBACKS = "callbacks";
    public static final String RESOLVED = "resolved";
    public static final String SATISFIED = "satisfied";
    public static final String RESPONSE_DUE = "responseDue";

    public UnitTally {
        Objects.requireNonNull(unitId, "unitId");
    }

    /** A unit with nothing counted yet. */
    public static UnitTally empty(String unitId) {
        return new UnitTally(unitId, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** This tally with {@code delta} added (for the same unit). */
    public UnitTally plus(TallyDelta delta) {
        long n = delta.amount();
        return switch (delta.field()) {
            case DISPATCHED -> new UnitTally(unitId, dispatched + n, respondedOnTime, returned, overdue, callbacks,
                    resolved, satisfied, responseDue);
            case RESPONDED_ON_TIME -> new UnitTally(unitId, dispatched, respondedOnTime + n, returned, overdue,
                    callbacks, resolved, satisfied, responseDue);
            case RETURNED -> new UnitTally(unitId, dispatched, respondedOnTime, returned + n, overdue, callbacks,
                    resolved, satisfied, responseDue);
            case OVERDUE -> new UnitTally(unitId, dispatched, respondedOnTime, returned, overdue + n, callbacks,
                    resolved, satisfied, responseDue);
            case CALLBACKS -> new UnitTally(unitId, dispatched, respondedOnTime, returned, overdue, callbacks + n,
                    resolved, satisfied, responseDue);
            case RESOLVED -> new UnitTally(unitId, dispatched, respondedOnTime, returned, overdue, callbacks,
                    resolved + n, satisfied, responseDue);
            case SATISFIED -> new UnitTally(unitId, dispatched, respondedOnTime, returned, overdue, callbacks,
                    resolved, satisfied + n, responseDue);
            case RESPONSE_DUE -> new UnitTally(unitId, dispatched, respondedOnTime, returned, overdue, callbacks,
                    resolved, satisfied, responseDue + n);
            default -> throw new IllegalArgumentException("unknown tally field " + delta.field());
        };
    }
}
