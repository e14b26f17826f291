package hotline.server.asr;

import java.time.Duration;
import java.time.Instant;
import hotline.asr.CallLanguage;
import java.util.Collection;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which ASR worker node gets a new stream, as pure logic: among the workers whose registration is fresh (younger
 * than {@code maxAge}: a dead worker stops refreshing it), that have a free stream, were not tried for this stream
 * already and did not fail a request since they last registered, the one with the most free streams; ties go to the
 * smaller node id. When none has a free stream, {@link #victim} names the stream a more important one may take the
 * place of, by the same rule as one node's {@link hotline.asr.StreamAdmission}.
 */
public final class AsrWorkers {

    /**
     * A worker's registration in the cluster map.
     *
     * @param nodeId   the worker node
     * @param rtpHost  where Asterisk sends the stream's RTP
     * @param capacity streams it transcribes at once
     * @param free     streams free when it registered
     * @param at        when it registered
     * @param languages the languages it has a loaded model for
     */
    public record Worker(String nodeId, String rtpHost, int capacity, int free, Instant at, Set<String> languages) {
        public Worker {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(rtpHost, "rtpHost");
            Objects.requireNonNull(at, "at");
            languages = Set.copyOf(languages);
        }
    }

    /**
     * The workers that can transcribe a call in {@code language} (a model for it, {@link CallLanguage#model}): a
     * worker with only another language's model is never sent the call.
     */
    public static List<Worker> speaking(Collection<Worker> workers, String language) {
        return workers.stream().filter(w -> CallLanguage.model(language, w.languages()).isPresent()).toList();
    }

    /**
     * A stream the leader has running on a worker.
     *
     * @param key      {@code <callId>/<speaker>}
     * @param nodeId   the worker it runs on
     * @param priority {@link hotline.asr.StreamAdmission#priority}: higher is more important
     * @param order    when it was started, in the leader's count: larger is newer
     */
    public record Stream(String key, String nodeId, int priority, long order) {
        public Stream {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(nodeId, "nodeId");
        }
    }

    private AsrWorkers() {
    }

    /**
     * The running stream a new one of {@code priority} takes the place of when no worker has a free stream: among the
     * streams on {@code liveWorkers} (stopping one on a dead worker frees nothing), the least important one if it is
     * less important than the new one, the newest among equals (the older keeps its transcript going). Empty when
     * every stream is at least as important: equal priority never preempts.
     */
    public static Optional<Stream> victim(Collection<Stream> running, int priority, Set<String> liveWorkers) {
        return running.stream()
                .filter(s -> liveWorkers.contains(s.nodeId()))
                .filter(s -> s.priority() < priority)
                .min(Comparator.comparingInt(Stream::priority).thenComparing(Comparator.comparingLong(Stream::order)
                        .reversed()).thenComparing(Stream::key));
    }

    /** The workers a stream can still be sent to at {@code now}: fresh, and not failed since they registered. */
    public static Set<String> live(Collection<Worker> workers, Map<String, Instant> failedAt, Instant now,
                                   Duration maxAge) {
        Set<String> out = new java.util.TreeSet<>();
        for (Worker w : workers) {
            if ((!failedAt.containsKey(w.nodeId()) || w.at().isAfter(failedAt.get(w.nodeId())))
                    && !w.at().isBefore(now.minus(maxAge)) && !w.at().isAfter(now.plus(maxAge))) {
                out.add(w.nodeId());
            }
        }
        return out;
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
