package hotline.orders.report;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * The days a report covers, local to the hotline's zone: {@code [start, end)} as dates, {@code [from(), to())} as
 * instants.
 *
 * @param period the kind of report
 * @param start  the first day
 * @param end    the day after the last
 * @param zone   the hotline's zone (the day boundaries are local midnights)
 */
public record ReportWindow(Period period, LocalDate start, LocalDate end, ZoneId zone) {

    public ReportWindow {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start: " + start + " .. " + end);
        }
    }

    /** The day, the ISO week (from its Monday) or the month that contains {@code date}. */
    public static ReportWindow of(Period period, LocalDate date, ZoneId zone) {
        return switch (period) {
            case DAY -> new ReportWindow(period, date, date.plusDays(1), zone);
            case WEEK -> {
                LocalDate monday = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new ReportWindow(period, monday, monday.plusWeeks(1), zone);
            }
            case MONTH -> {
                LocalDate first = date.withDayOfMonth(1);
                yield new ReportWindow(period, first, first.plusMonths(1), zone);
            }
        };
    }

    /** The first instant covered. */
    public Instant from() {
        return start.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the window. */
    public Instant to() {
        return end.atStartOfDay(zone).toInstant();
    }

    /** Whether {@code t} falls in the window. */
    public boolean contains(Instant t) {
        return !t.isBefore(from()) && t.isBefore(to());
    }

    /** The last day covered. */
    public LocalDate last() {
        return end.minusDays(1);
    }

    /** {@code 2026-12-01}, {@code 2026-W49} or {@code 2026-12}. */
    public String label() {
        return switch (period) {
            case DAY -> start.toString();
            case WEEK -> String.format("%d-W%02d", start.get(IsoFields.WEEK_BASED_YEAR),
                    start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format("%d-%02d", start.getYear(), start.getMonthValue());
        };
    }
}
