package hotline.server.call;

import hotline.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A {@link Scheduler} driven by a {@link FakeClock}: {@link #runDue()} runs what is due, in order. */
public final class FakeScheduler implements Scheduler {
    private record Task(Instant at, Runnable task) {
    }

    private final FakeClock clock;
    private final TreeMap<Long, Task> pending = new TreeMap<>();
    private long next;

    public FakeScheduler(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public long schedule(Duration delay, Runnable task) {
        pending.put(++next, new Task(clock.instant().plus(delay), task));
        return next;
    }

    @Override
    public void cancel(long handle) {
        pending.remove(handle);
    }

    /** Runs every task due at the clock's current instant, earliest first. */
    public void runDue() {
        while (true) {
            Long due = null;
            for (var e : pending.entrySet()) {
                if (!e.getValue().at().isAfter(clock.instant())
                        && (due == null || e.getValue().at().isBefore(pending.get(due).at()))) {
                    due = e.getKey();
                }
            }
            if (due == null) {
                return;
            }
            pending.remove(due).task().run();
        }
    }

    /** When the pending tasks are due. */
    public List<Instant> dueTimes() {
        List<Instant> out = new ArrayList<>();
        pending.values().forEach(t -> out.add(t.at()));
        return out;
    }
}
