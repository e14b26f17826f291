package hotline.orders.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * The follow-up call (回访) to the citizen, created when a work order closes (again after each 重办).
 *
 * @param createdAt    when the order closed
 * @param recordedAt   when the result was recorded, or null while pending
 * @param resolved     the citizen says the matter is resolved; null while pending or when not reached
 * @param satisfied    the citizen is satisfied (满意 or 基本满意); null while pending or when not reached
 * @param contact      the last attempt's contact: null before any attempt (and in results recorded before
 *                     contacts were kept, which were all reached); {@code NO_ANSWER} on a pending task means it
 *                     comes back at {@code retryAt}
 * @param satisfaction 满意度 in full (满意 / 基本满意 / 不满意), or null
 * @param note         the agent's note, empty if none
 * @param attempts     the failed attempts (联系不上) so far
 * @param retryAt      when a task that was not answered comes back to the agents' list, or null
 */
public record CallbackTask(Instant createdAt, Instant recordedAt, Boolean resolved, Boolean satisfied,
        CallbackResult.Contact contact, CallbackResult.Satisfaction satisfaction, String note, int attempts,
        Instant retryAt) {
    public CallbackTask {
        Objects.requireNonNull(createdAt, "createdAt");
        note = note == null ? "" : note;
        if ((resolved == null) != (satisfied == null)) {
            throw new IllegalArgumentException("resolved and satisfied are both set or both null");
        }
        boolean reached = recordedAt != null && (contact == null || contact == CallbackResult.Contact.REACHED);
        if (reached != (resolved != null)) {
            throw new IllegalArgumentException("resolved and satisfied are set exactly when a reached citizen's result"
                    + " is recorded");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, got " + attempts);
        }
    }

    /** A result as recorded before contacts were kept (the citizen was reached). */
    public CallbackTask(Instant createdAt, Instant recordedAt, Boolean resolved, Boolean satisfied) {
        this(createdAt, recordedAt, resolved, satisfied, null, null, "", 0, null);
    }

    /** A new, pending task. */
    public static CallbackTask pending(Instant createdAt) {
        return new CallbackTask(createdAt, null, null, null);
    }

    /** Whether the result is still to be recorded. */
    public boolean isPending() {
        return recordedAt == null;
    }

    /** Whether a pending task is waiting for its retry at {@code now} (not offered to the agents yet). */
    public boolean waitingAt(Instant now) {
        return isPending() && retryAt != null && now.isBefore(retryAt);
    }
}
