package hotline.orders.deadline;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Working days and hours: weekdays are working days, except public holidays; make-up working days (调休, a
 * Saturday or Sunday worked to bridge a holiday) are working days even on a weekend. Each working day runs from
 * {@code dayStart} to {@code dayEnd} in {@code zone}. Immutable and thread-safe.
 *
 * @param zone     the hotline's time zone
 * @param dayStart start of a working day
 * @param dayEnd   end of a working day, after {@code dayStart}
 * @param holidays days off that would otherwise be working days
 * @param makeUp   weekend days that are working days
 */
public record WorkCalendar(ZoneId zone, LocalTime dayStart, LocalTime dayEnd, Set<LocalDate> holidays,
        Set<LocalDate> makeUp) {
    private static final Set<DayOfWeek> WEEKEND = EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    /** A calendar must have a working day within this many days of any date; guards the day walks. */
    private static final int MAX_GAP_DAYS = 366;

    public WorkCalendar {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(dayStart, "dayStart");
        Objects.requireNonNull(dayEnd, "dayEnd");
        if (!dayStart.isBefore(dayEnd)) {
            throw new IllegalArgumentException("dayStart " + dayStart + " must be before dayEnd " + dayEnd);
        }
        holidays = Set.copyOf(holidays);
        makeUp = Set.copyOf(makeUp);
        for (LocalDate d : makeUp) {
            if (holidays.contains(d)) {
                throw new IllegalArgumentException(d + " is both a holiday and a make-up working day");
            }
        }
    }

    /** Whether {@code date} is a working day. */
    public boolean isWorkingDay(LocalDate date) {
        if (makeUp.contains(date)) {
            return true;
        }
        return !holidays.contains(date) && !WEEKEND.contains(date.getDayOfWeek());
    }

    /** The length of one working day. */
    public Duration workingDay() {
        return Duration.between(dayStart, dayEnd);
    }

    /**
     * {@code amount} of working time after {@code from}: time outside working hours and on days off does not count.
     * A zero amount from outside working hours gives the next start of working time.
     */
    public Instant plusWorkingTime(Instant from, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative, got " + amount);
        }
        LocalDateTime t = LocalDateTime.ofInstant(from, zone);
        Duration left = amount;
        for (int guard = 0; guard < MAX_GAP_DAYS * 64; guard++) {
            LocalDate day = t.toLocalDate();
            if (isWorkingDay(day) && t.toLocalTime().isBefore(dayEnd)) {
                LocalDateTime start = t.toLocalTime().isBefore(dayStart) ? day.atTime(dayStart) : t;
                Duration available = Duration.between(start, day.atTime(dayEnd));
                if (left.compareTo(available) <= 0) {
                    return at(start.plus(left));
                }
                left = left.minus(available);
            }
            t = day.plusDays(1).atTime(dayStart);
        }
        throw new IllegalStateException("no working time found after " + from);
    }

    /**
     * The {@code n}th working day after the one {@code from} falls on (the day of {@code from} does not count, unless
     * it is a working day and {@code from} is before its start), {@code n >= 1}.
     */
    public LocalDate nthWorkingDay(Instant from, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        LocalDateTime t = LocalDateTime.ofInstant(from, zone);
        LocalDate day = t.toLocalDate();
        int counted = 0;
        if (isWorkingDay(day) && t.toLocalTime().isBefore(dayStart)) {
            counted = 1;
        }
        int gap = 0;
        while (counted < n) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
                gap = 0;
            } else if (++gap > MAX_GAP_DAYS) {
                throw new IllegalStateException("no working day within " + MAX_GAP_DAYS + " days of " + day);
            }
        }
        return day;
    }

    /** The instant {@code time} on {@code date} in this calendar's zone. */
    public Instant at(LocalDate date, LocalTime time) {
        return at(date.atTime(time));
    }

    private Instant at(LocalDateTime t) {
        return ZonedDateTime.of(t, zone).toInstant();
    }
}
