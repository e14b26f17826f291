package hotline.config;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * Work-order dispatch ({@code hotline.dispatch}): the working calendar that deadlines count on, repeat detection and
 * the Redis Streams that carry orders to the units.
 *
 * @param zone                   the hotline's time zone: order-number dates and working hours are local to it
 * @param dayStart               start of a working day
 * @param dayEnd                 end of a working day, after {@code dayStart}
 * @param holidays               public holidays (days off that would otherwise be working days)
 * @param makeUpWorkdays         weekend days worked to make up for a holiday (调休); never also a holiday
 * @param hourTiersInWorkingTime whether the 2h and 24h tiers count working time (false: clock time)
 * @param reminderWorkingDay     1..7: a 7-day order reminds its unit at the start of this working day
 * @param deadlineCheckInterval  how often the server looks for due reminders and overdue orders
 * @param repeatWindow           how far back an order by the same caller, or at the same place and category, is a
 *                               repeat to link
 * @param repeatLinks            at most this many earlier orders are linked as repeats (the newest)
 * @param consumerGroup          the consumer group on every unit's stream
 * @param consumerName           this node's consumer name in the groups (unique per node)
 * @param claimIdle              an entry delivered to a consumer and not acknowledged for this long is claimed by
 *                               another (the first consumer is presumed crashed)
 * @param streamMaxLength        each unit stream is trimmed to about this many entries
 * @param callbackAttempts       a follow-up call (回访) that does not reach the citizen (联系不上) comes back until this
 *                               many attempts were made; the last one closes it unreached
 * @param callbackRetryAfter     how long after an unanswered attempt the follow-up comes back to the agents' list
 */
public record DispatchConfig(ZoneId zone, LocalTime dayStart, LocalTime dayEnd, Set<LocalDate> holidays,
        Set<LocalDate> makeUpWorkdays, boolean hourTiersInWorkingTime, int reminderWorkingDay,
        Duration deadlineCheckInterval, Duration repeatWindow, int repeatLinks, String consumerGroup, String consumerName,
        Duration claimIdle, int streamMaxLength, int callbackAttempts, Duration callbackRetryAfter) {

    public DispatchConfig {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(dayStart, "dayStart");
        Objects.requireNonNull(dayEnd, "dayEnd");
        holidays = Set.copyOf(holidays);
        makeUpWorkdays = Set.copyOf(makeUpWorkdays);
        Objects.requireNonNull(deadlineCheckInterval, "deadlineCheckInterval");
        Objects.requireNonNull(repeatWindow, "repeatWindow");
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(consumerName, "consumerName");
        Objects.requireNonNull(claimIdle, "claimIdle");
        Objects.requireNonNull(callbackRetryAfter, "callbackRetryAfter");
        if (callbackAttempts < 1) {
            throw new IllegalArgumentException("callbackAttempts must be >= 1, got " + callbackAttempts);
        }
    }
}
