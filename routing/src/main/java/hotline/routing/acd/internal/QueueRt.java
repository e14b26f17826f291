package hotline.routing.acd.internal;

import hotline.routing.acd.QueueConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * One queue at run time: its tiers and, per tier, the waiting calls whose highest applying tier it is (a bucket),
 * each ordered head-of-line first, then by rank (arrival minus priority boost), then arrival sequence.
 */
public final class QueueRt {
    public static final Comparator<CallRec> CALL_ORDER = (a, b) -> {
        if (a.headOfLine != b.headOfLine) {
            return a.headOfLine ? -1 : 1;
        }
        int c = Long.compare(a.rank, b.rank);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    };

    public final String id;
    public final int index;
    public final QueueConfig config;
    public final SessionRt session;
    public final List<TierRt> tiers = new ArrayList<>();
    public final List<NavigableSet<CallRec>> buckets = new ArrayList<>();
    public QueueRt overflow;
    public int waiting;
    public int staffed;
    public long answered;
    public long answeredInTarget;
    public long abandoned;
    public long handled;
    public long handleMillis;
    public long callbacksOffered;
    public long callbacksScheduled;

    public QueueRt(String id, int index, QueueConfig config, SessionRt session) {
        this.id = id;
        this.index = index;
        this.config = config;
        this.session = session;
    }

    public void addTier(TierRt tier) {
        tiers.add(tier);
        buckets.add(new TreeSet<>(CALL_ORDER));
    }

    /** The average handle time, or the default before the first handled call. */
    public Duration averageHandleTime(Duration fallback) {
        return handled == 0 ? fallback : Duration.ofMillis(handleMillis / handled);
    }
}
