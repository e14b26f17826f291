/**
 * The automatic call distributor (ACD), walking-skeleton edition: one FIFO queue of waiting calls and a pool of
 * agents, each logged in to a seat (the SIP extension of their softphone).
 *
 * <p>{@link hotline.routing.Router} is the entry point. It is a pure state machine: every operation takes its input
 * and the current time as an {@link java.time.Instant} and returns an {@link hotline.routing.Outcome}: either the
 * {@link hotline.routing.RoutingEvent}s it caused, in causal order, or a {@link hotline.routing.Rejection} with a
 * detail. It does no IO, reads no clock, starts no threads and does not log; the adapter that drives it does those.
 *
 * <p>Skills, priorities, several queues and wrap-up time are not covered yet.
 */
package hotline.routing;
