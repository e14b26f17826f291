package hotline.routing.acd;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The whole ACD configuration, passed to {@link AcdEngine} as a value.
 *
 * @param queues             the queues, in display order; ids unique
 * @param callbackQueue      the queue that callback tasks wait in (one of {@code queues})
 * @param wrapUp             after-call work time; zero for none
 * @param wrapUpExtension    how much one extension adds (an agent may extend once per call)
 * @param repeatCallerWindow a number that called within this window gets {@link Priority#REPEAT_CALLER}
 * @param priorityBoost      head start in waiting time per priority; a missing priority gets zero. Must not increase
 *                           from higher to lower priority
 * @param defaultHandleTime  the handle time assumed for the wait estimate until a queue has handled a call
 * @param sessions           the leader-session schedule
 */
public record AcdConfig(
        List<QueueConfig> queues,
        String callbackQueue,
        Duration wrapUp,
        Duration wrapUpExtension,
        Duration repeatCallerWindow,
        Map<Priority, Duration> priorityBoost,
        Duration defaultHandleTime,
        List<LeaderSessionConfig> sessions) {

    /**
     * Validates the configuration as a whole.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public AcdConfig {
        queues = List.copyOf(queues);
        sessions = List.copyOf(sessions);
        Objects.requireNonNull(callbackQueue, "callbackQueue");
        Objects.requireNonNull(wrapUp, "wrapUp");
        Objects.requireNonNull(wrapUpExtension, "wrapUpExtension");
        Objects.requireNonNull(repeatCallerWindow, "repeatCallerWindow");
        Objects.requireNonNull(defaultHandleTime, "defaultHandleTime");
        EnumMap<Priority, Duration> boost = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            Duration d = priorityBoost.getOrDefault(p, Duration.ZERO);
            if (d.isNegative()) {
                throw new IllegalArgumentException("priorityBoost " + p + " must not be negative");
            }
            boost.put(p, d);
        }
        for (int i = 1; i < Priority.values().length; i++) {
            if (boost.get(Priority.values()[i]).compareTo(boost.get(Priority.values()[i - 1])) > 0) {
                throw new IllegalArgumentException("priorityBoost " + Priority.values()[i]
                        + " must not exceed that of " + Priority.values()[i - 1]);
            }
        }
        priorityBoost = java.util.Collections.unmodifiableMap(boost);
        if (wrapUp.isNegative() || wrapUpExtension.isNegative() || defaultHandleTime.isNegative()) {
            throw new IllegalArgumentException("wrapUp, wrapUpExtension and defaultHandleTime must not be negative");
        }
        Set<String> ids = new HashSet<>();
        for (QueueConfig q : queues) {
            if (!ids.add(q.id())) {
                throw new IllegalArgumentException("queue " + q.id() + " is configured twice");
            }
        }
        if (!ids.contains(callbackQueue)) {
            throw new IllegalArgumentException("callbackQueue " + callbackQueue + " is not a configured queue");
        }
        for (QueueConfig q : queues) {
            if (q.overflowQueue() != null && !ids.contains(q.overflowQueue())) {
                throw new IllegalArgumentException("queue " + q.id() + " overflows to unknown queue " + q.overflowQueue());
            }
        }
        for (QueueConfig q : queues) {
            Set<String> seen = new HashSet<>();
            String at = q.id();
            while (at != null) {
                if (!seen.add(at)) {
                    throw new IllegalArgumentException("queue " + q.id() + " overflows in a cycle back to " + at);
                }
                String current = at;
                at = queues.stream().filter(x -> x.id().equals(current)).findFirst().map(QueueConfig::overflowQueue)
                        .orElse(null);
            }
        }
        Set<String> sessionIds = new HashSet<>();
        for (LeaderSessionConfig s : sessions) {
            if (!sessionIds.add(s.id())) {
                throw new IllegalArgumentException("session " + s.id() + " is configured twice");
            }
            if (!ids.contains(s.queue())) {
                throw new IllegalArgumentException("session " + s.id() + " names unknown queue " + s.queue());
            }
        }
    }

    /**
     * Returns the boost of a priority.
     *
     * @param priority the priority
     * @return the head start in waiting time
     */
    public Duration boost(Priority priority) {
        return priorityBoost.get(priority);
    }
}
