package hotline.routing.acd.internal;

import java.time.Duration;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;

/** One skill tier of a queue, with the available agents who qualify for it, best first by the queue's strategy. */
public final class TierRt {
    public final QueueRt queue;
    public final int index;
    public final int globalIndex;
    public final Duration after;
    public final Map<String, Integer> skills;
    /** Seats allowed, or null for any seat (leader-session tiers list seats). */
    public final Set<String> seats;
    public NavigableSet<AgentRec> ready;

    public TierRt(QueueRt queue, int index, int globalIndex, Duration after, Map<String, Integer> skills,
                  Set<String> seats) {
        this.queue = queue;
        this.index = index;
        this.globalIndex = globalIndex;
        this.after = after;
        this.skills = skills;
        this.seats = seats;
    }

    /** Whether an agent with these skills on this seat qualifies. */
    public boolean admits(String seat, Map<String, Integer> agentSkills) {
        if (seats != null && !seats.contains(seat)) {
            return false;
        }
        for (Map.Entry<String, Integer> need : skills.entrySet()) {
            Integer level = agentSkills.get(need.getKey());
            if (level == null || level < need.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The agent's weight for skill-level-weighted choice: the sum of its levels in this tier's skills. */
    public int weightOf(Map<String, Integer> agentSkills) {
        int sum = 0;
        for (String skill : skills.keySet()) {
            sum += agentSkills.getOrDefault(skill, 0);
        }
        return sum;
    }
}
