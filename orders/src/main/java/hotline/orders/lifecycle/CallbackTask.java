package hotline.orders.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * The follow-up call (回访) to the citizen, created when a work order closes.
 *
 * @param createdAt  when the order closed
 * @param recordedAt when the result was recorded, or null while pending
 * @param resolved   the citizen says the matter is resolved; null while pending
 * @param satisfied  the citizen is satisfied with the handling; null while pending
 */
public record CallbackTask(Instant createdAt, Instant recordedAt, Boolean resolved, Boolean satisfied) {
    public CallbackTask {
        Objects.requireNonNull(createdAt, "createdAt");
        if ((recordedAt == null) != (resolved == null) || (resolved == null) != (satisfied == null)) {
            throw new IllegalArgumentException("recordedAt, resolved and satisfied are all set or all null");
        }
    }

    /** A new, pending task. */
    public static CallbackTask pending(Instant createdAt) {
        return new CallbackTask(createdAt, null, null, null);
    }

    /** Whether the result is still to be recorded. */
    public boolean isPending() {
        return recordedAt == null;
    }
}
