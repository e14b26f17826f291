package hotline.routing.ivr;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The menu's figures: per node the calls that passed, the time spent there and the callers who hung up there; in
 * all the sessions, how they ended, and the time spent in the menu. Not thread-safe: the server guards it.
 */
public final class IvrStats {

    private final Map<String, long[]> nodes = new TreeMap<>(); // node -> {visits, spentMillis, hangups}
    private long sessions;
    private long toAgent;
    private long selfServed;
    private long hungUp;
    private long totalMillis;

    /** Adds one finished session. */
    public void add(IvrSummary s) {
        sessions++;
        totalMillis += s.total().toMillis();
        switch (s.outcome()) {
            case TO_AGENT -> toAgent++;
            case SELF_SERVED -> selfServed++;
            case HUNG_UP -> hungUp++;
        }
        for (IvrSummary.Visit v : s.visits()) {
            long[] n = nodes.computeIfAbsent(v.node(), k -> new long[3]);
            n[0]++;
            n[1] += v.spent().toMillis();
        }
        if (s.outcome() == IvrSummary.Outcome.HUNG_UP && !s.visits().isEmpty()) {
            nodes.get(s.lastNode())[2]++;
        }
    }

    /** A copy of the figures now. */
    public Snapshot snapshot() {
        Map<String, NodeFigures> byNode = new TreeMap<>();
        nodes.forEach((id, n) -> byNode.put(id, new NodeFigures(n[0], Duration.ofMillis(n[1]), n[2])));
        return new Snapshot(sessions, toAgent, selfServed, hungUp,
                sessions == 0 ? Duration.ZERO : Duration.ofMillis(totalMillis / sessions),
                Collections.unmodifiableMap(byNode));
    }

    /**
     * The figures of the menu.
     *
     * @param sessions     sessions finished
     * @param toAgent      handed to an agent
     * @param selfServed   served by self-service without an agent
     * @param hungUp       callers who hung up in the menu
     * @param averageTime  mean time in the menu per session
     * @param nodes        per node, in id order
     */
    public record Snapshot(long sessions, long toAgent, long selfServed, long hungUp, Duration averageTime,
                           Map<String, NodeFigures> nodes) {
    }

    /**
     * One node's figures.
     *
     * @param visits  sessions that reached the node
     * @param spent   total time spent there
     * @param hangups callers who hung up there
     */
    public record NodeFigures(long visits, Duration spent, long hangups) {
    }
}
