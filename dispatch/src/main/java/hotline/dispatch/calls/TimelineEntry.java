package hotline.dispatch.calls;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One step in a call's life: {@code arrived}, {@code queued}, {@code offered}, {@code ringing},
 * {@code answered}, {@code requeued}, {@code abandoned}, {@code ended}, ...
 *
 * @param seq  per-call sequence number, the order of the steps (timestamps from different sources may tie)
 * @param data step details (agent, seat, reason, who hung up ...); never personal data beyond the call's own
 */
public record TimelineEntry(int seq, String type, Instant at, Map<String, String> data) {
    public TimelineEntry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        data = Map.copyOf(data);
    }
}
