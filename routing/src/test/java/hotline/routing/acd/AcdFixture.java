package hotline.routing.acd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small hall for the engine tests: six queues, one leader session, fake instants from {@link #T0}. */
final class AcdFixture {

    static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    static final Instant SESSION_START = T0.plusSeconds(3600);
    static final Instant SESSION_END = T0.plusSeconds(7200);

    private AcdFixture() {
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static AcdConfig config() {
        return config(Duration.ofSeconds(30));
    }

    static AcdConfig config(Duration wrapUp) {
        QueueConfig citizen = new QueueConfig("citizen", Strategy.LONGEST_IDLE, List.of(
                new SkillTier(Duration.ZERO, Map.of("complaints", 5)),
                new SkillTier(Duration.ofSeconds(30), Map.of("complaints", 1)),
                new SkillTier(Duration.ofSeconds(60), Map.of("general", 1))),
                Duration.ofSeconds(15), 80, Duration.ofSeconds(300), 3, Duration.ofSeconds(120), "overflow");
        QueueConfig enterprise = new QueueConfig("enterprise", Strategy.LEAST_CALLS_TODAY,
                List.of(new SkillTier(Duration.ZERO, Map.of("enterprise", 3))),
                Duration.ofSeconds(20), 80, Duration.ofSeconds(600), 100, null, null);
        QueueConfig english = new QueueConfig("english", Strategy.SKILL_LEVEL_WEIGHTED,
                List.of(new SkillTier(Duration.ZERO, Map.of("english", 3))),
                Duration.ofSeconds(20), 80, Duration.ofSeconds(600), 100, null, null);
        QueueConfig rr = new QueueConfig("rr", Strategy.ROUND_ROBIN,
                List.of(new SkillTier(Duration.ZERO, Map.of("rr", 1))),
                Duration.ofSeconds(20), 80, Duration.ofSeconds(600), 100, null, null);
        QueueConfig overflow = QueueConfig.simple("overflow", Map.of("general", 1), Duration.ofSeconds(600), 100);
        QueueConfig callbacks = QueueConfig.simple("callbacks", Map.of("callback", 1), Duration.ofSeconds(600), 100);
        LeaderSessionConfig session = new LeaderSessionConfig("s1", "Dongcheng", SESSION_START, SESSION_END,
                Set.of("2001"), Set.of("2002"), "citizen", Duration.ofSeconds(20));
        return new AcdConfig(List.of(citizen, enterprise, english, rr, overflow, callbacks), "callbacks", wrapUp,
                Duration.ofSeconds(30), Duration.ofHours(24),
                Map.of(Priority.LEADER_SESSION, Duration.ofSeconds(600), Priority.URGENT, Duration.ofSeconds(300),
                        Priority.REPEAT_CALLER, Duration.ofSeconds(60)),
                Duration.ofSeconds(180), List.of(session));
    }

    /** Logs an agent in and makes them ready, asserting both succeed. */
    static List<AcdEvent> readyAgent(AcdEngine e, String agentId, String seat, Map<String, Integer> skills,
                                     Instant now) {
        done(e.login(agentId, seat, skills, now));
        return done(e.ready(agentId, now));
    }

    static List<AcdEvent> done(AcdOutcome outcome) {
        assertThat(outcome).isInstanceOf(AcdOutcome.Done.class);
        return outcome.events();
    }

    static AcdRejection rejected(AcdOutcome outcome) {
        assertThat(outcome).isInstanceOf(AcdOutcome.Rejected.class);
        return ((AcdOutcome.Rejected) outcome).reason();
    }

    static Arrival call(String id, String queue) {
        return new Arrival(id, queue, null, null, false);
    }

    @SuppressWarnings("unchecked")
    static <T extends AcdEvent> List<T> only(List<AcdEvent> events, Class<T> type) {
        return (List<T>) events.stream().filter(type::isInstance).toList();
    }
}
