package hotline.server.asr;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.asr.AsrWorkers.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AsrWorkersTest {
    private static final Instant NOW = Instant.parse("2026-12-01T23:30:00Z");
    private static final Duration MAX_AGE = Duration.ofSeconds(3);

    private static Worker w(String id, int free, Duration age) {
        return new Worker(id, "127.0.0.1", 8, free, NOW.minus(age), java.util.Set.of("en"));
    }

    @Test
    void shouldPickTheWorkerWithTheMostFreeStreams() {
        assertThat(AsrWorkers.choose(List.of(w("w1", 2, Duration.ZERO), w("w2", 5, Duration.ZERO)), Set.of(), Map.of(), NOW,
                MAX_AGE)).map(Worker::nodeId).contains("w2");
    }

    @Test
    void shouldBreakTiesByNodeIdWhateverTheListOrder() {
        assertThat(AsrWorkers.choose(List.of(w("w2", 3, Duration.ZERO), w("w1", 3, Duration.ZERO)), Set.of(), Map.of(), NOW,
                MAX_AGE)).map(Worker::nodeId).contains("w1");
    }

    @Test
    void shouldSkipAWorkerWhoseRegistrationIsStaleAsADeadWorkersIs() {
        assertThat(AsrWorkers.choose(List.of(w("w1", 8, Duration.ofMillis(3001)), w("w2", 1, Duration.ofSeconds(1))),
                Set.of(), Map.of(), NOW, MAX_AGE)).map(Worker::nodeId).contains("w2");
    }

    @Test
    void shouldSkipFullWorkersAndWorkersAlreadyTried() {
        assertThat(AsrWorkers.choose(List.of(w("w1", 0, Duration.ZERO), w("w2", 4, Duration.ZERO)), Set.of("w2"),
                Map.of(), NOW, MAX_AGE)).isEmpty();
    }

    @Test
    void shouldSkipAWorkerThatFailedARequestUntilItRegistersAgain() {
        List<Worker> workers = List.of(w("w1", 8, Duration.ofMillis(500)), w("w2", 1, Duration.ofMillis(500)));
        assertThat(AsrWorkers.choose(workers, Set.of(), Map.of("w1", NOW.minusMillis(100)), NOW, MAX_AGE))
                .map(Worker::nodeId).contains("w2");
        assertThat(AsrWorkers.choose(workers, Set.of(), Map.of("w1", NOW.minusSeconds(1)), NOW, MAX_AGE))
                .as("w1 registered after failing: it is back").map(Worker::nodeId).contains("w1");
    }

    @Test
    void shouldPreemptTheLeastImportantNewestStreamOnALiveWorkerOnlyForAMoreImportantOne() {
        List<AsrWorkers.Stream> running = List.of(new AsrWorkers.Stream("A/caller", "w1", 5, 1),
                new AsrWorkers.Stream("B/caller", "w1", 5, 2), new AsrWorkers.Stream("C/caller", "w2", 7, 3),
                new AsrWorkers.Stream("D/agent", "w9", 1, 4));
        assertThat(AsrWorkers.victim(running, 7, Set.of("w1", "w2"))).as("the newer of two normal callers")
                .map(AsrWorkers.Stream::key).contains("B/caller");
        assertThat(AsrWorkers.victim(running, 5, Set.of("w1", "w2"))).as("equal priority never preempts").isEmpty();
        assertThat(AsrWorkers.victim(running, 8, Set.of("w1", "w2", "w9"))).as("an agent leg goes first")
                .map(AsrWorkers.Stream::key).contains("D/agent");
    }

    @Test
    void shouldCountOnlyFreshWorkersThatDidNotFailAsLive() {
        List<Worker> workers = List.of(w("w1", 0, Duration.ZERO), w("w2", 0, Duration.ofSeconds(4)),
                w("w3", 0, Duration.ofMillis(500)));
        assertThat(AsrWorkers.live(workers, Map.of("w3", NOW.minusMillis(100)), NOW, MAX_AGE)).containsExactly("w1");
    }
}
