package hotline.routing.ivr;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * An order as the self-service reads it back.
 *
 * @param number   the order number, digits only (it is read back digit by digit)
 * @param status   the status code, e.g. {@code dispatched}, {@code accepted}, {@code replied}, {@code closed}; the
 *                 prompt {@code status-<code>} says it
 * @param deadline the deadline in the hotline's local time, or null when there is none
 */
public record OrderStatusInfo(String number, String status, LocalDateTime deadline) {

    /**
     * Creates the record.
     *
     * @throws IllegalArgumentException if {@code number} is not digits or {@code status} not a code
     */
    public OrderStatusInfo {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(status, "status");
        if (!number.matches("[0-9]{1,32}")) {
            throw new IllegalArgumentException("order number must be 1 to 32 digits, was \"" + number + "\"");
        }
        if (!status.matches("[a-z_]{1,32}")) {
            throw new IllegalArgumentException("status must be a code of a-z and _, was \"" + status + "\"");
        }
    }
}
