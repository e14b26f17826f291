package hotline.orders.report;

import java.time.Instant;
import java.util.Objects;

/**
 * What a report needs of one call, as its record holds it.
 *
 * @param callId     the call
 * @param arrivedAt  when it reached the hotline
 * @param answeredAt when an agent answered, or null if nobody did
 * @param abandoned  whether the caller hung up while waiting in a queue
 * @param queue      the queue it waited in, or empty if it never queued
 */
public record CallFacts(String callId, Instant arrivedAt, Instant answeredAt, boolean abandoned, String queue) {
    public CallFacts {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
        Objects.requireNonNull(queue, "queue");
    }
}
