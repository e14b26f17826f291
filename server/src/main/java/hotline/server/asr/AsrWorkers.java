package hotline.server.asr;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which ASR worker node gets a new stream, as pure logic: among the workers whose registration is fresh (younger
 * than {@code maxAge}: a dead worker stops refreshing it), that have a free stream, were not tried for this stream
 * already and did not fail a request since they last registered, the one with the most free streams; ties go to the
 * smaller node id.
 */
public final class AsrWorkers {

    /**
     * A worker's registration in the cluster map.
     *
     * @param nodeId   the worker node
     * @param rtpHost  where Asterisk sends the stream's RTP
     * @param capacity streams it transcribes at once
     * @param free     streams free when it registered
     * @param at       when it registered
     */
    public record Worker(String nodeId, String rtpHost, int capacity, int free, Instant at) {
        public Worker {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(rtpHost, "rtpHost");
            Objects.requireNonNull(at, "at");
        }
    }

    private AsrWorkers() {
    }

    /**
     * The worker for a new stream at {@code now}, or empty when none is fresh with a free stream.
     *
     * @param tried    workers already asked for this stream
     * @param failedAt when a worker last failed to answer a request (a worker that died before its registration ran
     *                 out): skipped until it registers again after that moment
     */
    public static Optional<Worker> choose(Collection<Worker> workers, Set<String> tried, Map<String, Instant> failedAt,
                                          Instant now, Duration maxAge) {
        return workers.stream()
                .filter(w -> !tried.contains(w.nodeId()))
                .filter(w -> !failedAt.containsKey(w.nodeId()) || w.at().isAfter(failedAt.get(w.nodeId())))
                .filter(w -> w.free() > 0)
                .filter(w -> !w.at().isBefore(now.minus(maxAge)) && !w.at().isAfter(now.plus(maxAge)))
                .min(Comparator.comparingInt(Worker::free).reversed().thenComparing(Worker::nodeId));
    }
}
