/**
 * Work orders after submission: numbering ({@link hotline.orders.lifecycle.OrderNumber}), the lifecycle state
 * machine ({@link hotline.orders.lifecycle.Lifecycle}: dispatched, accepted, replied, closed; returned to the desk
 * and re-dispatched; joint dispatch with one part per unit), the callback task and repeat detection
 * ({@link hotline.orders.lifecycle.RepeatRule}).
 *
 * <p>Pure: JDK only, no IO, no clock (every operation takes the time as an {@link java.time.Instant}), no logging.
 * Refused transitions are values ({@link hotline.orders.lifecycle.Transition.Refused}), not exceptions.
 */
package hotline.orders.lifecycle;
