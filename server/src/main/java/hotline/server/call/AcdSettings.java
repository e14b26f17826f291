package hotline.server.call;

import hotline.config.AcdConfig;
import hotline.routing.acd.LeaderSessionConfig;
import hotline.routing.acd.Priority;
import hotline.routing.acd.QueueConfig;
import hotline.routing.acd.SkillTier;
import hotline.routing.acd.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps the validated {@code hotline.acd} configuration onto the routing engine's configuration values. */
public final class AcdSettings {
    private AcdSettings() {
    }

    /**
     * Builds the engine configuration.
     *
     * @param acd the validated settings
     * @return the engine's configuration
     * @throws IllegalArgumentException if the engine refuses a combination the loader let through
     */
    public static hotline.routing.acd.AcdConfig toEngine(AcdConfig acd) {
        List<QueueConfig> queues = new ArrayList<>();
        for (AcdConfig.Queue q : acd.queues()) {
            List<SkillTier> tiers = new ArrayList<>();
            tiers.add(new SkillTier(Duration.ZERO, q.skills()));
            for (AcdConfig.Tier t : q.widen()) {
                tiers.add(new SkillTier(t.after(), t.skills()));
            }
            queues.add(new QueueConfig(q.id(), strategy(q.strategy()), tiers, q.serviceLevelTarget(),
                    q.serviceLevelPercent(), q.maxWait(), q.maxLength(), q.overflowAfter(), q.overflowQueue()));
        }
        List<LeaderSessionConfig> sessions = new ArrayList<>();
        for (AcdConfig.Session s : acd.sessions()) {
            sessions.add(new LeaderSessionConfig(s.id(), s.district(), s.start(), s.end(),
                    new LinkedHashSet<>(s.leaderSeats()), new LinkedHashSet<>(s.assistantSeats()), s.queue(),
                    s.othersAfter()));
        }
        return new hotline.routing.acd.AcdConfig(queues, acd.callbackQueue(), acd.wrapUp(), acd.wrapUpExtension(),
                acd.repeatCallerWindow(), Map.of(Priority.LEADER_SESSION, acd.leaderSessionBoost(), Priority.URGENT,
                acd.urgentBoost(), Priority.REPEAT_CALLER, acd.repeatCallerBoost()), acd.defaultHandleTime(),
                sessions);
    }

    static Strategy strategy(String name) {
        return Strategy.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
