package hotline.routing.acd;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One step of a queue's skill requirement. A call that has waited {@link #after()} in the queue may also be offered to
 * agents who hold every skill in {@link #skills()} at the given minimum level. Tier 0 (after zero) is the queue's
 * normal requirement; later tiers widen it (lower levels, other skill groups). Agents meeting an earlier tier are
 * preferred.
 *
 * @param after  how long a call waits in the queue before this tier applies; zero for tier 0
 * @param skills skill name to minimum level 1..10; empty means any agent
 */
public record SkillTier(Duration after, Map<String, Integer> skills) {

    /**
     * Validates and copies.
     *
     * @param after  not null, not negative
     * @param skills not null; levels 1..10
     * @throws IllegalArgumentException for a negative wait or a level outside 1..10
     */
    public SkillTier {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(skills, "skills");
        if (after.isNegative()) {
            throw new IllegalArgumentException("after must not be negative, was " + after);
        }
        for (Map.Entry<String, Integer> e : skills.entrySet()) {
            checkLevel(e.getKey(), e.getValue());
        }
        skills = java.util.Collections.unmodifiableMap(new TreeMap<>(skills));
    }

    /**
     * Checks a skill level.
     *
     * @param skill the skill name
     * @param level the level
     * @throws IllegalArgumentException if the name is blank or the level is outside 1..10
     */
    static void checkLevel(String skill, Integer level) {
        if (skill == null || skill.isBlank()) {
            throw new IllegalArgumentException("skill name must not be blank");
        }
        if (level == null || level < 1 || level > 10) {
            throw new IllegalArgumentException("skill " + skill + " level must be 1..10, was " + level);
        }
    }
}
