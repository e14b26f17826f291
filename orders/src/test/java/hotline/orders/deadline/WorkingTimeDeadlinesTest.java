package hotline.orders.deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.orders.lifecycle.UrgencyTier;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkingTimeDeadlinesTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    // National Day 2026: Thu 1 Oct .. Wed 7 Oct off; Saturday 10 Oct worked to make up.
    private static final Set<LocalDate> HOLIDAYS = Set.copyOf(IntStream.rangeClosed(1, 7)
            .mapToObj(d -> LocalDate.of(2026, 10, d)).toList());
    private static final WorkCalendar CALENDAR = new WorkCalendar(ZONE, LocalTime.of(9, 0), LocalTime.of(17, 0),
            HOLIDAYS, Set.of(LocalDate.of(2026, 10, 10)));
    private static final WorkingTimeDeadlines DEADLINES = new WorkingTimeDeadlines(CALENDAR, false, 4);

    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant();
    }

    @Test
    void shouldDueASevenDayOrderAtTheEndOfTheSeventhWorkingDayAcrossAWeekend() {
        Instant dispatched = at("2026-12-01T10:00"); // a Tuesday; the dispatch day does not count

        assertThat(DEADLINES.dueAt(UrgencyTier.DAYS_7, dispatched)).isEqualTo(at("2026-12-10T17:00"));
        assertThat(DEADLINES.remindAt(UrgencyTier.DAYS_7, dispatched)).contains(at("2026-12-07T09:00"));
    }

    @Test
    void shouldCountTheDispatchDayWhenDispatchedBeforeWorkStarts() {
        Instant dispatched = at("2026-12-04T08:00"); // Friday, before 09:00

        assertThat(DEADLINES.dueAt(UrgencyTier.DAYS_7, dispatched)).isEqualTo(at("2026-12-14T17:00"));
        assertThat(DEADLINES.remindAt(UrgencyTier.DAYS_7, dispatched)).contains(at("2026-12-09T09:00"));
    }

    @Test
    void shouldStartCountingOnMondayWhenDispatchedOnASaturday() {
        Instant dispatched = at("2026-12-05T12:00");

        assertThat(DEADLINES.dueAt(UrgencyTier.DAYS_7, dispatched)).isEqualTo(at("2026-12-15T17:00"));
    }

    @Test
    void shouldSkipHolidaysAndCountTheMakeUpSaturday() {
        Instant dispatched = at("2026-09-30T15:00");

        // working days 8, 9, 10 (make-up Saturday), 12, 13, 14, 15 October
        assertThat(DEADLINES.dueAt(UrgencyTier.DAYS_7, dispatched)).isEqualTo(at("2026-10-15T17:00"));
        assertThat(DEADLINES.remindAt(UrgencyTier.DAYS_7, dispatched)).contains(at("2026-10-12T09:00"));
    }

    @Test
    void shouldCountOneDayMoreWithoutTheMakeUpDay() {
        WorkingTimeDeadlines noMakeUp = new WorkingTimeDeadlines(new WorkCalendar(ZONE, LocalTime.of(9, 0),
                LocalTime.of(17, 0), HOLIDAYS, Set.of()), false, 4);

        assertThat(noMakeUp.dueAt(UrgencyTier.DAYS_7, at("2026-09-30T15:00"))).isEqualTo(at("2026-10-16T17:00"));
    }

    @Test
    void shouldDueAFifteenDayOrderOnTheFifteenthWorkingDay() {
        // 2..4, 7..11, 14..18, 21..22 December: the 15th is Tuesday 22 December
        assertThat(DEADLINES.dueAt(UrgencyTier.DAYS_15, at("2026-12-01T10:00"))).isEqualTo(at("2026-12-22T17:00"));
        assertThat(DEADLINES.remindAt(UrgencyTier.DAYS_15, at("2026-12-01T10:00"))).isEmpty();
    }

    @Test
    void shouldCountHourTiersOnTheClockByDefaultEvenAtNightAndOnHolidays() {
        assertThat(DEADLINES.dueAt(UrgencyTier.HOURS_2, at("2026-10-03T23:30"))).isEqualTo(at("2026-10-04T01:30"));
        assertThat(DEADLINES.dueAt(UrgencyTier.HOURS_24, at("2026-12-05T12:00"))).isEqualTo(at("2026-12-06T12:00"));
        assertThat(DEADLINES.remindAt(UrgencyTier.HOURS_2, at("2026-12-05T12:00"))).isEmpty();
    }

    @Test
    void shouldCountHourTiersInWorkingTimeWhenConfigured() {
        WorkingTimeDeadlines working = new WorkingTimeDeadlines(CALENDAR, true, 4);

        // Friday 16:00: one hour left that day, the second on Monday from 09:00
        assertThat(working.dueAt(UrgencyTier.HOURS_2, at("2026-12-04T16:00"))).isEqualTo(at("2026-12-07T10:00"));
        // 24 working hours = three 8-hour days, from the next start of working time
        assertThat(working.dueAt(UrgencyTier.HOURS_24, at("2026-12-04T18:00"))).isEqualTo(at("2026-12-09T17:00"));
    }

    @Test
    void shouldEndExactlyAtDayEndWhenTheAmountFillsTheDay() {
        assertThat(CALENDAR.plusWorkingTime(at("2026-12-01T09:00"), Duration.ofHours(8)))
                .isEqualTo(at("2026-12-01T17:00"));
        assertThat(CALENDAR.plusWorkingTime(at("2026-12-01T07:00"), Duration.ZERO)).isEqualTo(at("2026-12-01T09:00"));
        assertThat(CALENDAR.plusWorkingTime(at("2026-09-30T16:30"), Duration.ofHours(1)))
                .isEqualTo(at("2026-10-08T09:30"));
    }

    @Test
    void shouldTellWorkingDaysFromHolidaysWeekendsAndMakeUpDays() {
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 10, 1))).isFalse();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 10, 10))).isTrue();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 10, 11))).isFalse();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 10, 12))).isTrue();
    }

    @Test
    void shouldRefuseACalendarWithADayBothHolidayAndMakeUp() {
        LocalDate d = LocalDate.of(2026, 10, 1);
        assertThatThrownBy(() -> new WorkCalendar(ZONE, LocalTime.of(9, 0), LocalTime.of(17, 0), Set.of(d),
                Set.of(d))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2026-10-01");
        assertThatThrownBy(() -> new WorkingTimeDeadlines(CALENDAR, false, 8))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStartCountingAfterTheHolidayWhenDispatchedDuringIt() {
        Instant dispatched = at("2026-10-03T11:00"); // a Saturday inside the National Day holidays

        // working days 8, 9, 10 (make-up), 12, 13, 14, 15 October; the 4th is Monday 12
        assertThat(DEADLINES.dueAt(UrgencyTier.DAYS_7, dispatched)).isEqualTo(at("2026-10-15T17:00"));
        assertThat(DEADLINES.remindAt(UrgencyTier.DAYS_7, dispatched)).contains(at("2026-10-12T09:00"));
    }

    @Test
    void shouldUseTheConfiguredReminderDay() {
        WorkingTimeDeadlines second = new WorkingTimeDeadlines(CALENDAR, false, 2);

        assertThat(second.remindAt(UrgencyTier.DAYS_7, at("2026-12-01T10:00"))).contains(at("2026-12-03T09:00"));
    }
}
