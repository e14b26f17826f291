package hotline.orders.deadline;

import hotline.orders.lifecycle.DeadlineSchedule;
import hotline.orders.lifecycle.UrgencyTier;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Deadlines from the urgency tier on a {@link WorkCalendar}:
 * <ul>
 *   <li>{@code 2h}, {@code 24h}: 2 or 24 hours, counted on the clock (danger and loss of essential services do not
 *       wait for Monday), or in working time when {@code hourTiersInWorkingTime};</li>
 *   <li>{@code 7d}, {@code 15d}: the end of the 7th or 15th working day after the dispatch day (the day of dispatch
 *       does not count, as in Chinese administrative time limits, unless dispatched before that working day began).
 *   </li>
 * </ul>
 * A {@code 7d} order reminds its unit at the start of working day {@code reminderWorkingDay} (the 4th by default).
 * Immutable and thread-safe.
 */
public final class WorkingTimeDeadlines implements DeadlineSchedule {
    private final WorkCalendar calendar;
    private final boolean hourTiersInWorkingTime;
    private final int reminderWorkingDay;

    /**
     * @param reminderWorkingDay 1..7: the working day of a 7-day order whose start reminds the unit
     */
    public WorkingTimeDeadlines(WorkCalendar calendar, boolean hourTiersInWorkingTime, int reminderWorkingDay) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        if (reminderWorkingDay < 1 || reminderWorkingDay > 7) {
            throw new IllegalArgumentException("reminderWorkingDay must be 1..7, got " + reminderWorkingDay);
        }
        this.hourTiersInWorkingTime = hourTiersInWorkingTime;
        this.reminderWorkingDay = reminderWorkingDay;
    }

    @Override
    public Instant dueAt(UrgencyTier tier, Instant dispatchedAt) {
        return switch (tier) {
            case HOURS_2 -> hours(dispatchedAt, 2);
            case HOURS_24 -> hours(dispatchedAt, 24);
            case DAYS_7 -> endOfWorkingDay(dispatchedAt, 7);
            case DAYS_15 -> endOfWorkingDay(dispatchedAt, 15);
        };
    }

    @Override
    public Optional<Instant> remindAt(UrgencyTier tier, Instant dispatchedAt) {
        if (tier != UrgencyTier.DAYS_7) {
            return Optional.empty();
        }
        return Optional.of(calendar.at(calendar.nthWorkingDay(dispatchedAt, reminderWorkingDay), calendar.dayStart()));
    }

    private Instant hours(Instant from, int hours) {
        Duration d = Duration.ofHours(hours);
        return hourTiersInWorkingTime ? calendar.plusWorkingTime(from, d) : from.plus(d);
    }

    private Instant endOfWorkingDay(Instant from, int n) {
        return calendar.at(calendar.nthWorkingDay(from, n), calendar.dayEnd());
    }
}
