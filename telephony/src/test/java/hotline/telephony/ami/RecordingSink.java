package hotline.telephony.ami;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.TelephonyEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** An {@link AmiClient} sink that queues the events so a test can wait for them in order. Thread-safe. */
final class RecordingSink implements Consumer<TelephonyEvent> {

    private final BlockingQueue<TelephonyEvent> events = new LinkedBlockingQueue<>();
    private final Duration wait;

    RecordingSink(Duration wait) {
        this.wait = wait;
    }

    @Override
    public void accept(TelephonyEvent event) {
        events.add(event);
    }

    /** The next event, which must be a {@code type}; fails after the wait. */
    <T extends TelephonyEvent> T next(Class<T> type) throws InterruptedException {
        TelephonyEvent event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + wait + ", expected " + type.getSimpleName());
        }
        assertThat(event).isInstanceOf(type);
        return type.cast(event);
    }

    /** Every event up to and including the first that matches {@code last}; fails after the wait. */
    List<TelephonyEvent> until(Predicate<TelephonyEvent> last) throws InterruptedException {
        List<TelephonyEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            TelephonyEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("the awaited event did not come within " + wait + "; got " + seen);
            }
            seen.add(event);
            if (last.test(event)) {
                return seen;
            }
        }
    }

    /** The events queued now, without waiting. */
    List<TelephonyEvent> drain() {
        List<TelephonyEvent> now = new ArrayList<>();
        events.drainTo(now);
        return now;
    }
}
