package hotline.server.ivr;

import hotline.routing.ivr.IvrStats;
import hotline.routing.ivr.IvrSummary;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the menu is doing now (callers in it, at which node) and its figures. Thread-safe: FastAGI threads write,
 * the HTTP API reads.
 */
public final class IvrMonitor {

    /**
     * A caller in the menu.
     *
     * @param uniqueId  the caller's channel uniqueid
     * @param node      the node they are at
     * @param listening whether the menu waits for their keys now (prompt playing or waiting)
     * @param since     when they reached the node
     * @param started   when they entered the menu
     */
    public record Active(String uniqueId, String node, boolean listening, Instant since, Instant started) {
    }

    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final IvrStats stats = new IvrStats();

    void at(String uniqueId, String node, boolean listening, Instant now) {
        active.compute(uniqueId, (k, old) -> new Active(uniqueId, node, listening,
                old != null && old.node().equals(node) ? old.since() : now, old == null ? now : old.started()));
    }

    void done(String uniqueId, IvrSummary summary) {
        active.remove(uniqueId);
        synchronized (stats) {
            stats.add(summary);
        }
    }

    void gone(String uniqueId) {
        active.remove(uniqueId);
    }

    /** Callers in the menu now, longest there first. */
    public List<Active> active() {
        return active.values().stream().sorted(Comparator.comparing(Active::started).thenComparing(Active::uniqueId))
                .toList();
    }

    /** The figures so far. */
    public IvrStats.Snapshot stats() {
        synchronized (stats) {
            return stats.snapshot();
        }
    }
}
