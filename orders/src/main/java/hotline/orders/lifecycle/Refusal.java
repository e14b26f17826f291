package hotline.orders.lifecycle;

/** Why a lifecycle transition was refused. */
public enum Refusal {
    /** The unit has no current part of this order. */
    NOT_ASSIGNED,
    /** The part (or order) is not in a state that allows the action, e.g. reply before accept. */
    WRONG_STATE,
    /** The action's argument is unusable (empty return reason, re-dispatch to a unit already working on it). */
    INVALID_ARGUMENT
}
