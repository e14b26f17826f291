package hotline.dispatch.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class RetryingCallStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

    /** A store that is up or down; while {@code held}, appends wait for {@link #release}. */
    private static final class FlakyStore implements CallStore {
        boolean down;
        boolean held;
        final List<String> written = new ArrayList<>();
        final Map<String, Map<String, String>> fields = new LinkedHashMap<>();
        final Queue<Runnable> waiting = new ArrayDeque<>();
        int attempts;

        @Override
        public Future<Void> append(String callId, TimelineEntry entry, Map<String, String> f) {
            attempts++;
            if (held) {
                Promise<Void> p = Promise.promise();
                boolean failWhenReleased = down;
                waiting.add(() -> {
                    if (failWhenReleased) {
                        p.fail("Connection closed");
                    } else {
                        store(callId, entry, f);
                        p.complete();
                    }
                });
                return p.future();
            }
            if (down) {
                return Future.failedFuture("Connection refused");
            }
            store(callId, entry, f);
            return Future.succeededFuture();
        }

        private void store(String callId, TimelineEntry entry, Map<String, String> f) {
            written.add(callId + ":" + entry.seq() + ":" + entry.type());
            fields.computeIfAbsent(callId, k -> new LinkedHashMap<>()).putAll(f);
        }

        void releaseLastFirst() {
            List<Runnable> all = new ArrayList<>(waiting);
            waiting.clear();
            for (int i = all.size() - 1; i >= 0; i--) {
                all.get(i).run();
            }
        }

        @Override
        public Future<List<String>> recent(int limit) {
            return Future.succeededFuture(List.of());
        }

        @Override
        public Future<Optional<CallRecord>> find(String callId) {
            return Future.succeededFuture(Optional.empty());
        }
    }

    /** Timer actions run when the test says so, with the delays they asked for. */
    private static final class FakeTimer implements RetryingCallStore.Timer {
        final Queue<Runnable> due = new ArrayDeque<>();
        final List<Duration> delays = new ArrayList<>();

        @Override
        public void schedule(Duration delay, Runnable action) {
            delays.add(delay);
            due.add(action);
        }

        void runAll() {
            while (!due.isEmpty()) {
                due.poll().run();
            }
        }

        void runOne() {
            due.poll().run();
        }
    }

    private final FlakyStore flaky = new FlakyStore();
    private final FakeTimer timer = new FakeTimer();
    private final RetryingCallStore store = new RetryingCallStore(flaky, timer, Duration.ofMillis(100),
            Duration.ofMillis(400), 3);

    private static TimelineEntry step(int seq, String type) {
        return new TimelineEntry(seq, type, T0.plusSeconds(seq), Map.of());
    }

    @Test
    void shouldPassAppendsThroughWhileTheStoreAnswers() {
        Future<Void> f = store.append("C1", step(1, "arrived"), Map.of("state", "arrived"));

        assertThat(f.succeeded()).isTrue();
        assertThat(flaky.written).containsExactly("C1:1:arrived");
        assertThat(timer.due).isEmpty();
    }

    @Test
    void shouldKeepStepsWhileTheStoreIsDownAndWriteThemInIssueOrderWhenItIsBack() {
        flaky.down = true;
        Future<Void> arrived = store.append("C1", step(1, "arrived"), Map.of("state", "arrived"));
        Future<Void> queued = store.append("C1", step(2, "queued"), Map.of("state", "queued"));
        timer.runOne(); // still down: the head fails again, retried after a doubled delay
        Future<Void> ended = store.append("C1", step(3, "ended"), Map.of("state", "ended"));

        assertThat(arrived.isComplete()).isFalse();
        assertThat(store.backlog()).isEqualTo(3);
        assertThat(flaky.written).isEmpty();
        assertThat(timer.delays).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100));

        flaky.down = false;
        timer.runAll();

        assertThat(flaky.written).containsExactly("C1:1:arrived", "C1:2:queued", "C1:3:ended");
        assertThat(flaky.fields.get("C1")).containsEntry("state", "ended");
        assertThat(List.of(arrived, queued, ended)).allMatch(Future::succeeded);
        assertThat(store.backlog()).isZero();
        Future<Void> next = store.append("C2", step(1, "arrived"), Map.of());
        assertThat(next.succeeded()).as("passes through again once the backlog is written").isTrue();
    }

    @Test
    void shouldDoubleTheRetryDelayUpToTheMaximum() {
        flaky.down = true;
        store.append("C1", step(1, "arrived"), Map.of());
        for (int i = 0; i < 4; i++) {
            timer.runOne();
        }

        assertThat(timer.delays).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(400));
    }

    @Test
    void shouldOrderStepsWhoseFailuresArriveOutOfOrder() {
        flaky.held = true;
        flaky.down = true;
        store.append("C1", step(1, "answered"), Map.of("state", "connected"));
        store.append("C1", step(2, "ended"), Map.of("state", "ended"));
        flaky.releaseLastFirst(); // the later step's failure is reported first
        flaky.held = false;
        flaky.down = false;

        timer.runAll();

        assertThat(flaky.written).containsExactly("C1:1:answered", "C1:2:ended");
        assertThat(flaky.fields.get("C1")).containsEntry("state", "ended");
    }

    @Test
    void shouldDropTheOldestStepWithAFailedFutureWhenTheBacklogIsFull() {
        flaky.down = true;
        Future<Void> first = store.append("C1", step(1, "arrived"), Map.of());
        store.append("C1", step(2, "queued"), Map.of());
        store.append("C1", step(3, "offered"), Map.of());
        store.append("C1", step(4, "answered"), Map.of());

        assertThat(first.failed()).isTrue();
        assertThat(first.cause()).hasMessageContaining("backlog full");
        assertThat(store.dropped()).isEqualTo(1);
        flaky.down = false;
        timer.runAll();
        assertThat(flaky.written).containsExactly("C1:2:queued", "C1:3:offered", "C1:4:answered");
    }

    @Test
    void shouldRefuseBadSettings() {
        assertThatThrownBy(() -> new RetryingCallStore(flaky, timer, Duration.ZERO, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialDelay");
        assertThatThrownBy(() -> new RetryingCallStore(flaky, timer, Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
    }
}
