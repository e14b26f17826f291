package hotline.routing.acd.internal;

import java.time.Instant;
import java.util.Comparator;

/**
 * A pending deadline: a waiting call's next overflow step or max wait, an agent's wrap-up end, a session's start or
 * end. Ordered by instant, then key, so the order never depends on when a timer was created (a restored engine
 * fires simultaneous deadlines in the same order as the original).
 *
 * @param at     when it fires
 * @param key    {@code c:<callId>}, {@code a:<agentId>} or {@code s:<sessionId>}: the tie-break
 * @param target a {@link CallRec}, an {@link AgentRec} or a {@link SessionRt}
 */
public record Timer(Instant at, String key, Object target) {
    public static final Comparator<Timer> ORDER = Comparator.comparing(Timer::at).thenComparing(Timer::key);
}
