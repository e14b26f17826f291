package hotline.orders.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A work order: what the citizen asked, which units handle it, and its history. Immutable; {@link Lifecycle}
 * transitions return a new version.
 *
 * @param number    unique order number
 * @param request   what was submitted
 * @param createdAt submission time
 * @param parts     one part per dispatch, in creation order (superseded parts stay, {@link PartState#REASSIGNED})
 * @param links     numbers of earlier orders this one repeats (same caller, or same place and category), newest
 *                  first
 * @param callback  the follow-up task, null until the order closes
 * @param version   1 when created, +1 per applied transition that changed something (optimistic concurrency)
 * @param history   every event so far, oldest first
 */
public record WorkOrder(OrderNumber number, OrderRequest request, Instant createdAt, List<UnitPart> parts,
        List<String> links, CallbackTask callback, int version, List<OrderEvent> history) {

    public WorkOrder {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(createdAt, "createdAt");
        parts = List.copyOf(parts);
        links = List.copyOf(links);
        history = List.copyOf(history);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("an order has at least one part");
        }
    }

    /** The current (not superseded) part of {@code unitId}, if the unit has one. */
    public Optional<UnitPart> part(String unitId) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            UnitPart p = parts.get(i);
            if (p.unitId().equals(unitId) && p.state().current()) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The current parts, in creation order. */
    public List<UnitPart> currentParts() {
        return parts.stream().filter(p -> p.state().current()).toList();
    }

    /** The overall status. */
    public OrderStatus status() {
        List<UnitPart> current = currentParts();
        if (current.stream().allMatch(p -> p.state() == PartState.CLOSED)) {
            return OrderStatus.CLOSED;
        }
        return current.stream().anyMatch(p -> p.state() == PartState.RETURNED) ? OrderStatus.AT_DESK
                : OrderStatus.IN_PROGRESS;
    }

    /** The earliest pending deadline alert over all parts (reminder or overdue), if any. */
    public Optional<Instant> nextAlertAt() {
        return parts.stream().map(UnitPart::nextAlertAt).filter(Objects::nonNull).min(Instant::compareTo);
    }
}
