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
 * @param parts     one part per dispatch, in creation order (superseded parts stay, {@link PartState#REASSIGNED});
 *                  none for a consultation answered on the spot ({@link OrderRequest#answered()})
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
        if (parts.isEmpty() && !request.answered()) {
            throw new IllegalArgumentException("an order has at least one part unless answered on the spot");
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

    /** The current parts a unit still works on (not replied, closed or superseded), in creation order. */
    public List<UnitPart> openParts() {
        return parts.stream().filter(p -> p.state() == PartState.DISPATCHED || p.state() == PartState.ACCEPTED
                || p.state() == PartState.RETURNED).toList();
    }

    /**
     * How often the order was urged (催办): one count per urge, whatever the number of units (each urge reaches every
     * unit working on it, so the most any unit received).
     */
    public int urges() {
        java.util.Map<String, Integer> perUnit = new java.util.HashMap<>();
        history.stream().filter(e -> e.type() == OrderEvent.Type.URGED).forEach(e -> perUnit.merge(e.unitId(), 1,
                Integer::sum));
        return perUnit.values().stream().max(Integer::compare).orElse(0);
    }

    /** How often {@code unitId} was urged on this order. */
    public int urges(String unitId) {
        return (int) history.stream().filter(e -> e.type() == OrderEvent.Type.URGED && e.unitId().equals(unitId))
                .count();
    }

    /** The earliest deadline of a part whose clock runs, if any. */
    public Optional<java.time.Instant> nextDueAt() {
        return parts.stream().filter(p -> p.state().clockRuns()).map(UnitPart::dueAt).min(java.time.Instant::compareTo);
    }

    /** Whether a running part's deadline has passed at {@code now}. */
    public boolean overdue(java.time.Instant now) {
        return parts.stream().anyMatch(p -> p.state().clockRuns() && !now.isBefore(p.dueAt()));
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
