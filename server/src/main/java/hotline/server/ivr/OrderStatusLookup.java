package hotline.server.ivr;

import hotline.routing.ivr.OrderStatusInfo;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Port: where the order-status self-service finds orders. Implemented by the dispatch store.
 *
 * <p>Called from FastAGI threads; implementations must be thread-safe and must not block the caller's thread for
 * long (the menu waits a bounded time for the future).
 */
public interface OrderStatusLookup {

    /** The order with this number, or empty if there is none. */
    CompletableFuture<Optional<OrderStatusInfo>> byNumber(String orderNumber);

    /** The most recent open order of this caller's number, or empty if they have none. */
    CompletableFuture<Optional<OrderStatusInfo>> latestOpenOf(String callerNumber);

    /** A lookup that knows no orders: until the dispatch store is wired, every number is unknown. */
    OrderStatusLookup NONE = new OrderStatusLookup() {
        @Override
        public CompletableFuture<Optional<OrderStatusInfo>> byNumber(String orderNumber) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletableFuture<Optional<OrderStatusInfo>> latestOpenOf(String callerNumber) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    };
}
