/**
 * The router's bookkeeping: agent records, the agent index and the call queue. Not API: only
 * {@link hotline.routing.Router} uses these, from its single thread. None of them is thread-safe.
 */
package hotline.routing.internal;
