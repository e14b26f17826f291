package hotline.server.ivr;

import hotline.orders.lifecycle.OrderNumber;
import hotline.orders.lifecycle.OrderStatus;
import hotline.orders.lifecycle.PartState;
import hotline.orders.lifecycle.UnitPart;
import hotline.orders.lifecycle.WorkOrder;
import hotline.routing.ivr.OrderStatusInfo;
import hotline.server.orders.OrdersService;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The order-status self-service's view of the dispatch store. Callers key in the 14 digits of an order number
 * ({@code 20261201000017} for {@code 20261201-000017}). The status read back:
 * {@code closed}; {@code returned} (back at the dispatch desk); {@code replied} when every current unit has
 * answered; {@code accepted} when one has accepted; else {@code dispatched}. The deadline is the latest due time of
 * the current parts, in the hotline's zone. Thread-safe: every lookup hops onto the orders' Vert.x context.
 */
public final class OrdersStatusLookup implements OrderStatusLookup {
    private static final int CALLER_ORDERS = 20;

    private final Context context;
    private final Supplier<OrdersService> service;
    private final ZoneId zone;

    /**
     * @param context the verticle's context, which owns the orders service
     * @param service the orders service (read when a lookup runs: it exists once the verticle has started)
     * @param zone    the zone deadlines are read in
     */
    public OrdersStatusLookup(Context context, Supplier<OrdersService> service, ZoneId zone) {
        this.context = context;
        this.service = service;
        this.zone = zone;
    }

    @Override
    public CompletableFuture<Optional<OrderStatusInfo>> byNumber(String digits) {
        Optional<OrderNumber> number = digits.length() == 14
                ? OrderNumber.parse(digits.substring(0, 8) + "-" + digits.substring(8)) : Optional.empty();
        if (number.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return onContext(() -> service.get().find(number.get().toString()).map(o -> o.map(this::info)));
    }

    @Override
    public CompletableFuture<Optional<OrderStatusInfo>> latestOpenOf(String callerNumber) {
        return onContext(() -> service.get().callerOrders(callerNumber, CALLER_ORDERS).map(orders -> orders.stream()
                .filter(o -> o.status() != OrderStatus.CLOSED)
                .max(Comparator.comparing(WorkOrder::createdAt)).map(this::info)));
    }

    private <T> CompletableFuture<T> onContext(Supplier<Future<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                call.get().onComplete(ar -> {
                    if (ar.succeeded()) {
                        result.complete(ar.result());
                    } else {
                        result.completeExceptionally(ar.cause());
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    OrderStatusInfo info(WorkOrder o) {
        List<UnitPart> current = o.currentParts();
        String status;
        if (o.status() == OrderStatus.CLOSED) {
            status = "closed";
        } else if (o.status() == OrderStatus.AT_DESK) {
            status = "returned";
        } else if (!current.isEmpty() && current.stream().allMatch(p -> p.state() == PartState.REPLIED)) {
            status = "replied";
        } else if (current.stream().anyMatch(p -> p.state() == PartState.ACCEPTED || p.state() == PartState.REPLIED)) {
            status = "accepted";
        } else {
            status = "dispatched";
        }
        LocalDateTime deadline = o.status() == OrderStatus.CLOSED ? null : current.stream().map(UnitPart::dueAt)
                .max(Comparator.naturalOrder()).map((Instant due) -> LocalDateTime.ofInstant(due, zone)).orElse(null);
        return new OrderStatusInfo(o.number().toString().replace("-", ""), status, deadline);
    }
}
