/**
 * The ACD engine: agents (states, skills 1..10, wrap-up, softphone overlay), queues (skill tiers, strategies,
 * service level, max wait and length, overflow), priorities with ageing, callback offers and tasks, leader sessions,
 * supervisor operations, real-time figures, timers as values and snapshot/restore/reconcile.
 *
 * <p>{@link hotline.routing.acd.AcdEngine} is the entry point. Every operation takes its input and the current time
 * as an {@link java.time.Instant} and returns an {@link hotline.routing.acd.AcdOutcome}: the
 * {@link hotline.routing.acd.AcdEvent}s it caused, or a rejection with a reason. It does no IO, reads no clock,
 * starts no threads and does not log; it is confined to one thread.
 */
package hotline.routing.acd;
