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
        return new Worker(id, "127.0.0.1", 8, free, NOW.minus(age));
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
}
