package hotline.server.callbacks;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;

/**
 * Port: who makes the follow-up callback (回访) of a closed order. One agent per order; the first claim wins, a
 * supervisor's assignment replaces it, recording the result releases it. Futures complete on the caller's context
 * (the Vert.x Redis client's).
 */
public interface CallbackClaims {

    /**
     * Claims the order's callback for {@code agentId} unless someone holds it.
     *
     * @return the holder after the call: {@code agentId} when the claim was taken (or was theirs already)
     */
    Future<String> claim(String orderNumber, String agentId);

    /** Gives the order's callback to {@code agentId}, whoever held it. */
    Future<Void> assign(String orderNumber, String agentId);

    /** The holder of one order's callback, if any. */
    Future<Optional<String>> holder(String orderNumber);

    /** Every claimed order's holder, by order number. */
    Future<Map<String, String>> all();

    /** Releases the order's callback (its result is recorded). */
    Future<Void> release(String orderNumber);
}
