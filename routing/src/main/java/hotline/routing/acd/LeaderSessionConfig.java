package hotline.routing.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scheduled leader session (an on-site hotline session with district leaders). While it runs
 * ({@code start <= now < end}) calls concerning {@link #district()} wait in the session's own queue: they are offered
 * to the leader seats first, then to the assistant seats, and after {@link #othersAfter()} also to agents qualified
 * for {@link #queue()}'s tier 0. When the session ends, its waiting calls move to {@link #queue()}, keeping their
 * place.
 *
 * @param id             the session id
 * @param district       the district (as delivered by the IVR or the transcript)
 * @param start          when it starts
 * @param end            when it ends, after start
 * @param leaderSeats    the leaders' seats
 * @param assistantSeats the assistants' seats
 * @param queue          the normal queue for the district's calls
 * @param othersAfter    how long a session call waits before agents other than leaders and assistants may take it
 */
public record LeaderSessionConfig(
        String id,
        String district,
        Instant start,
        Instant end,
        Set<String> leaderSeats,
        Set<String> assistantSeats,
        String queue,
        Duration othersAfter) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException naming the broken component
     */
    public LeaderSessionConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(district, "district");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(othersAfter, "othersAfter");
        if (!id.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw new IllegalArgumentException("session id must match [A-Za-z0-9_.-]{1,32}, was \"" + id + "\"");
        }
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("session " + id + ": end must be after start");
        }
        if (leaderSeats.isEmpty()) {
            throw new IllegalArgumentException("session " + id + ": needs at least one leader seat");
        }
        if (othersAfter.isNegative()) {
            throw new IllegalArgumentException("session " + id + ": othersAfter must not be negative");
        }
        leaderSeats = Collections.unmodifiableSet(new TreeSet<>(leaderSeats));
        assistantSeats = Collections.unmodifiableSet(new TreeSet<>(assistantSeats));
    }
}
