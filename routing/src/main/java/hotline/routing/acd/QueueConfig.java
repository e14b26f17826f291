package hotline.routing.acd;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One queue.
 *
 * @param id                  the queue id, e.g. {@code citizen}
 * @param strategy            how available agents are chosen for a call
 * @param tiers               the skill requirement and its widening steps; tier 0 has {@code after} zero, later
 *                            tiers do not wait less than earlier ones
 * @param serviceLevelTarget  answered within this wait counts towards the service level (e.g. 15 s)
 * @param serviceLevelPercent the target share in percent (e.g. 80), for the figures
 * @param maxWait             after this total wait a caller is offered a callback (once); they keep waiting unless
 *                            they accept
 * @param maxLength           with this many calls waiting, each further caller is offered a callback at once
 * @param overflowAfter       after this wait in the queue the call moves to {@code overflowQueue}; null for never
 * @param overflowQueue       where calls overflow to, keeping their place by age; null for none
 */
public record QueueConfig(
        String id,
        Strategy strategy,
        List<SkillTier> tiers,
        Duration serviceLevelTarget,
        int serviceLevelPercent,
        Duration maxWait,
        int maxLength,
        Duration overflowAfter,
        String overflowQueue) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the broken component
     */
    public QueueConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(serviceLevelTarget, "serviceLevelTarget");
        Objects.requireNonNull(maxWait, "maxWait");
        tiers = List.copyOf(tiers);
        if (!id.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw new IllegalArgumentException("queue id must match [A-Za-z0-9_.-]{1,32}, was \"" + id + "\"");
        }
        if (tiers.isEmpty() || !tiers.get(0).after().isZero()) {
            throw new IllegalArgumentException("queue " + id + ": tier 0 must exist and apply at once (after 0)");
        }
        for (int i = 1; i < tiers.size(); i++) {
            if (tiers.get(i).after().compareTo(tiers.get(i - 1).after()) < 0) {
                throw new IllegalArgumentException("queue " + id + ": tier " + i + " waits less than tier " + (i - 1));
            }
        }
        if (serviceLevelPercent < 1 || serviceLevelPercent > 100) {
            throw new IllegalArgumentException("queue " + id + ": serviceLevelPercent must be 1..100");
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("queue " + id + ": maxLength must be > 0, was " + maxLength);
        }
        if (maxWait.compareTo(Duration.ZERO) <= 0 || serviceLevelTarget.isNegative()) {
            throw new IllegalArgumentException("queue " + id + ": maxWait must be positive");
        }
        if ((overflowAfter == null) != (overflowQueue == null)) {
            throw new IllegalArgumentException("queue " + id + ": overflowAfter and overflowQueue go together");
        }
        if (overflowQueue != null && (overflowQueue.equals(id) || overflowAfter.isNegative())) {
            throw new IllegalArgumentException("queue " + id + ": cannot overflow to itself or after a negative wait");
        }
    }

    /**
     * A queue with one tier, longest idle, 80 % in 15 s, no overflow.
     *
     * @param id        the id
     * @param skills    tier 0 skills
     * @param maxWait   the callback-offer wait
     * @param maxLength the callback-offer length
     * @return the queue
     */
    public static QueueConfig simple(String id, java.util.Map<String, Integer> skills, Duration maxWait, int maxLength) {
        return new QueueConfig(id, Strategy.LONGEST_IDLE, List.of(new SkillTier(Duration.ZERO, skills)),
                Duration.ofSeconds(15), 80, maxWait, maxLength, null, null);
    }
}
