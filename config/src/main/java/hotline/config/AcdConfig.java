package hotline.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ACD engine's settings ({@code hotline.acd}): queues with skills, priorities, overflow, callbacks and the
 * leader-session schedule. The server maps them onto {@code hotline.routing.acd.AcdConfig}.
 *
 * @param wrapUp             after-call work time; zero for none
 * @param wrapUpExtension    what one extension adds
 * @param repeatCallerWindow a number calling again within this window is a repeat caller
 * @param defaultHandleTime  the handle time assumed for wait estimates before a queue has handled a call
 * @param leaderSessionBoost head start in waiting time of a leader-session call
 * @param urgentBoost        head start of an urgent call
 * @param repeatCallerBoost  head start of a repeat caller
 * @param defaultQueue       the queue of a call for which the IVR chose none
 * @param callbackQueue      the queue callback tasks wait in
 * @param queues             the queues, in display order
 * @param sessions           the leader-session schedule
 */
public record AcdConfig(
        Duration wrapUp,
        Duration wrapUpExtension,
        Duration repeatCallerWindow,
        Duration defaultHandleTime,
        Duration leaderSessionBoost,
        Duration urgentBoost,
        Duration repeatCallerBoost,
        String defaultQueue,
        String callbackQueue,
        List<Queue> queues,
        List<Session> sessions) {

    public AcdConfig {
        queues = List.copyOf(queues);
        sessions = List.copyOf(sessions);
        Objects.requireNonNull(defaultQueue, "defaultQueue");
        Objects.requireNonNull(callbackQueue, "callbackQueue");
    }

    /**
     * One queue.
     *
     * @param id                  queue id
     * @param strategy            {@code longest-idle}, {@code least-calls-today}, {@code skill-level-weighted} or
     *                            {@code round-robin}
     * @param skills              tier 0: skill to minimum level 1..10; empty for any agent
     * @param widen               later tiers, each applying after a wait
     * @param serviceLevelTarget  answer within this for the service level
     * @param serviceLevelPercent the target share, 1..100
     * @param maxWait             a caller waiting this long is offered a callback
     * @param maxLength           with this many waiting, new callers are offered a callback at once
     * @param overflowAfter       move to {@code overflowQueue} after this wait, or null
     * @param overflowQueue       the overflow queue, or null
     */
    public record Queue(String id, String strategy, Map<String, Integer> skills, List<Tier> widen,
                        Duration serviceLevelTarget, int serviceLevelPercent, Duration maxWait, int maxLength,
                        Duration overflowAfter, String overflowQueue) {
        public Queue {
            skills = Map.copyOf(skills);
            widen = List.copyOf(widen);
        }
    }

    /**
     * A widening step of a queue's skill requirement.
     *
     * @param after  how long a call waits before it applies
     * @param skills skill to minimum level
     */
    public record Tier(Duration after, Map<String, Integer> skills) {
        public Tier {
            skills = Map.copyOf(skills);
        }
    }

    /**
     * One scheduled leader session.
     *
     * @param id             session id
     * @param district       the district its calls concern
     * @param start          start instant
     * @param end            end instant
     * @param leaderSeats    the leaders' seats
     * @param assistantSeats the assistants' seats
     * @param queue          the normal queue for the district
     * @param othersAfter    wait before other agents of the normal queue may take a session call
     */
    public record Session(String id, String district, Instant start, Instant end, List<String> leaderSeats,
                          List<String> assistantSeats, String queue, Duration othersAfter) {
        public Session {
            leaderSeats = List.copyOf(leaderSeats);
            assistantSeats = List.copyOf(assistantSeats);
        }
    }
}
