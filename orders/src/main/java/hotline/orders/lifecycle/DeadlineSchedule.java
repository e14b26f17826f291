package hotline.orders.lifecycle;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: when a part dispatched at a given instant is due, and when its unit is reminded. Implemented by
 * {@code hotline.orders.deadline.WorkingTimeDeadlines} from the working calendar.
 */
public interface DeadlineSchedule {

    /** The deadline for a part of tier {@code tier} dispatched at {@code dispatchedAt}. */
    Instant dueAt(UrgencyTier tier, Instant dispatchedAt);

    /** When to remind the unit, or empty for no reminder for this tier. */
    Optional<Instant> remindAt(UrgencyTier tier, Instant dispatchedAt);
}
