package hotline.orders.lifecycle;

import hotline.orders.lifecycle.OrderEvent.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The work-order state machine. Every operation is a function of the order, its input and the time: it returns
 * {@link Transition.Applied} with the new version and the events it caused, or {@link Transition.Refused} with a
 * reason, leaving the order unchanged. No IO, no clock, no logging; thread-safe (holds only the schedule).
 *
 * <p>Per part: {@code dispatched -> accepted -> replied -> closed}; {@code dispatched|accepted -> returned} (with a
 * reason, back to the dispatch desk) {@code -> reassigned} when the desk re-dispatches it, which creates a new part
 * for the target unit with a fresh deadline. The order closes when every current part is closed; closing creates
 * the callback task.
 */
public final class Lifecycle {
    private final DeadlineSchedule schedule;

    public Lifecycle(DeadlineSchedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * Creates the order: one dispatched part per unit of the request (joint dispatch when several); the first unit
     * leads (主办), the others assist (协办).
     *
     * @param links earlier orders this one repeats (from {@link RepeatRule}), newest first
     */
    public Transition.Applied submit(OrderNumber number, OrderRequest request, List<String> links, Instant now) {
        List<UnitPart> parts = new ArrayList<>();
        List<OrderEvent> events = new ArrayList<>();
        events.add(new OrderEvent(now, Type.SUBMITTED, "", String.join(",", links)));
        for (String unit : request.unitIds()) {
            parts.add(newPart(parts.size() + 1, unit, request.urgency(), now, parts.isEmpty()));
            events.add(new OrderEvent(now, Type.DISPATCHED, unit, ""));
        }
        return new Transition.Applied(new WorkOrder(number, request, now, parts, links, null, 1, events), events);
    }

    /**
     * Links the earlier orders a submitted order repeats, once the store has found them (after the order reached its
     * units): a {@link Type#LINKED} event whose detail lists them. Refused when there is nothing to link or the order
     * already has links (linking is done once).
     *
     * @param links earlier orders this one repeats (from {@link RepeatRule}), newest first
     */
    public Transition link(WorkOrder order, List<String> links, Instant now) {
        if (links.isEmpty()) {
            return new Transition.Refused(Refusal.INVALID_ARGUMENT, "order " + order.number() + ": no links");
        }
        if (!order.links().isEmpty()) {
            return new Transition.Refused(Refusal.WRONG_STATE, "order " + order.number() + " is linked already");
        }
        List<OrderEvent> events = List.of(new OrderEvent(now, Type.LINKED, "", String.join(",", links)));
        List<OrderEvent> history = new ArrayList<>(order.history());
        history.addAll(events);
        return new Transition.Applied(new WorkOrder(order.number(), order.request(), order.createdAt(), order.parts(),
                links, order.callback(), order.version() + 1, history), events);
    }

    /** The unit takes its part on. */
    public Transition accept(WorkOrder order, String unitId, Instant now) {
        return onPart(order, unitId, PartState.DISPATCHED, "accept", (p, events) -> {
            responded(p, now, events);
            events.add(new OrderEvent(now, Type.ACCEPTED, unitId, ""));
            return p.responded(PartState.ACCEPTED, now, null);
        });
    }

    /** The unit reports what it did; {@code reply} must not be blank. */
    public Transition reply(WorkOrder order, String unitId, String reply, Instant now) {
        if (reply == null || reply.isBlank()) {
            return new Transition.Refused(Refusal.INVALID_ARGUMENT, "order " + order.number() + ": reply is empty");
        }
        return onPart(order, unitId, PartState.ACCEPTED, "reply", (p, events) -> {
            events.add(new OrderEvent(now, Type.REPLIED, unitId, reply.strip()));
            return p.replied(now, reply.strip());
        });
    }

    /** The unit sends its part back to the dispatch desk; allowed before it replies. */
    public Transition returnToDesk(WorkOrder order, String unitId, String reason, Instant now) {
        if (reason == null || reason.isBlank()) {
            return new Transition.Refused(Refusal.INVALID_ARGUMENT,
                    "order " + order.number() + ": a return needs a reason");
        }
        Optional<UnitPart> part = order.part(unitId);
        if (part.isPresent() && part.get().state() == PartState.ACCEPTED) {
            return onPart(order, unitId, PartState.ACCEPTED, "return", (p, events) -> returned(p, reason, now, events));
        }
        return onPart(order, unitId, PartState.DISPATCHED, "return", (p, events) -> {
            responded(p, now, events);
            return returned(p, reason, now, events);
        });
    }

    /**
     * The desk re-dispatches a returned part to {@code toUnit} (possibly the same unit): the returned part is
     * superseded and a new part with a fresh deadline from {@code now} is created; it leads if the returned part led.
     */
    public Transition redispatch(WorkOrder order, String fromUnit, String toUnit, Instant now) {
        Optional<UnitPart> from = order.part(fromUnit);
        if (from.isEmpty()) {
            return notAssigned(order, fromUnit);
        }
        if (from.get().state() != PartState.RETURNED) {
            return wrongState(order, from.get(), "re-dispatch", PartState.RETURNED);
        }
        if (!toUnit.equals(fromUnit) && order.part(toUnit).isPresent()) {
            return new Transition.Refused(Refusal.INVALID_ARGUMENT, "order " + order.number() + ": unit " + toUnit
                    + " already has a part (" + order.part(toUnit).get().state() + ")");
        }
        List<UnitPart> parts = new ArrayList<>(order.parts());
        parts.set(parts.indexOf(from.get()), from.get().withState(PartState.REASSIGNED));
        parts.add(newPart(parts.size() + 1, toUnit, order.request().urgency(), now, from.get().lead()));
        List<OrderEvent> events = List.of(new OrderEvent(now, Type.REASSIGNED, fromUnit, toUnit),
                new OrderEvent(now, Type.DISPATCHED, toUnit, ""));
        return applied(order, parts, order.callback(), events);
    }

    /**
     * Joint dispatch from the desk: {@code unitId} gets a part of its own with a fresh deadline from {@code now}, beside
     * the order's other units. Refused for a closed order or a unit that already has a part.
     */
    public Transition addUnit(WorkOrder order, String unitId, Instant now) {
        return addUnit(order, unitId, false, now);
    }

    /**
     * As {@link #addUnit(WorkOrder, String, Instant)}; with {@code lead} the new unit leads (主办) and the part that
     * led assists from now on (there is one lead).
     */
    public Transition addUnit(WorkOrder order, String unitId, boolean lead, Instant now) {
        if (order.status() == OrderStatus.CLOSED) {
            return new Transition.Refused(Refusal.WRONG_STATE, "order " + order.number() + " is closed");
        }
        if (order.part(unitId).isPresent()) {
            return new Transition.Refused(Refusal.INVALID_ARGUMENT, "order " + order.number() + ": unit " + unitId
                    + " already has a part (" + order.part(unitId).get().state() + ")");
        }
        List<UnitPart> parts = new ArrayList<>(order.parts());
        if (lead) {
            parts.replaceAll(p -> p.lead() ? p.withLead(false) : p);
        }
        parts.add(newPart(parts.size() + 1, unitId, order.request().urgency(), now, lead));
        return applied(order, parts, order.callback(), List.of(new OrderEvent(now, Type.DISPATCHED, unitId,
                lead ? "lead" : "")));
    }

    /** Closes a replied part; when it was the last open part the order closes and its callback task is created. */
    public Transition close(WorkOrder order, String unitId, Instant now) {
        Transition t = onPart(order, unitId, PartState.REPLIED, "close", (p, events) -> {
            events.add(new OrderEvent(now, Type.PART_CLOSED, unitId, ""));
            return p.closed(now);
        });
        if (t instanceof Transition.Applied a && a.order().status() == OrderStatus.CLOSED) {
            List<OrderEvent> events = new ArrayList<>(a.events());
            events.add(new OrderEvent(now, Type.CLOSED, "", ""));
            return applied(order, a.order().parts(), CallbackTask.pending(now), events);
        }
        return t;
    }

    /**
     * Records the callback result. Emits one {@link Type#CALLBACK_RECORDED} event per unit that closed a part, so each
     * unit's resolution and satisfaction rates count it.
     */
    public Transition recordCallback(WorkOrder order, boolean resolved, boolean satisfied, Instant now) {
        if (order.callback() == null || !order.callback().isPending()) {
            return new Transition.Refused(Refusal.WRONG_STATE, "order " + order.number() + ": "
                    + (order.callback() == null ? "no callback task yet (order is " + order.status() + ")"
                    : "callback already recorded at " + order.callback().recordedAt()));
        }
        String detail = "resolved=" + resolved + ",satisfied=" + satisfied;
        List<OrderEvent> events = new ArrayList<>();
        TreeSet<String> units = new TreeSet<>();
        order.currentParts().forEach(p -> units.add(p.unitId()));
        units.forEach(u -> events.add(new OrderEvent(now, Type.CALLBACK_RECORDED, u, detail)));
        return applied(order, order.parts(),
                new CallbackTask(order.callback().createdAt(), now, resolved, satisfied), events);
    }

    /**
     * Emits the reminders and overdue escalations that are due at {@code now} and marks them sent, so each fires
     * once. Applied with no events when nothing is due.
     */
    public Transition.Applied checkDeadlines(WorkOrder order, Instant now) {
        List<UnitPart> parts = new ArrayList<>(order.parts());
        List<OrderEvent> events = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            UnitPart p = parts.get(i);
            if (!p.state().clockRuns()) {
                continue;
            }
            if (!p.escalated() && !now.isBefore(p.dueAt())) {
                events.add(new OrderEvent(now, Type.ESCALATED, p.unitId(), "due " + p.dueAt()));
                parts.set(i, p.markReminded().markEscalated());
            } else if (p.remindAt() != null && !p.reminded() && !now.isBefore(p.remindAt())) {
                events.add(new OrderEvent(now, Type.REMINDED, p.unitId(), "due " + p.dueAt()));
                parts.set(i, p.markReminded());
            }
        }
        return events.isEmpty() ? new Transition.Applied(order, List.of())
                : applied(order, parts, order.callback(), events);
    }

    private UnitPart newPart(int partNo, String unit, UrgencyTier tier, Instant now, boolean lead) {
        return new UnitPart(partNo, unit, PartState.DISPATCHED, now, schedule.dueAt(tier, now),
                schedule.remindAt(tier, now).orElse(null), null, null, null, "", false, false, lead);
    }

    private static void responded(UnitPart p, Instant now, List<OrderEvent> events) {
        if (p.respondedAt() == null) {
            events.add(new OrderEvent(now, Type.RESPONDED, p.unitId(), now.isAfter(p.dueAt()) ? "late" : "onTime"));
        }
    }

    private static UnitPart returned(UnitPart p, String reason, Instant now, List<OrderEvent> events) {
        events.add(new OrderEvent(now, Type.RETURNED, p.unitId(), reason.strip()));
        return p.responded(PartState.RETURNED, now, reason.strip());
    }

    private interface PartChange {
        UnitPart apply(UnitPart part, List<OrderEvent> events);
    }

    private static Transition onPart(WorkOrder order, String unitId, PartState required, String action,
            PartChange change) {
        Optional<UnitPart> part = order.part(unitId);
        if (part.isEmpty()) {
            return notAssigned(order, unitId);
        }
        if (part.get().state() != required) {
            return wrongState(order, part.get(), action, required);
        }
        List<OrderEvent> events = new ArrayList<>();
        UnitPart changed = change.apply(part.get(), events);
        List<UnitPart> parts = new ArrayList<>(order.parts());
        parts.set(parts.indexOf(part.get()), changed);
        return applied(order, parts, order.callback(), events);
    }

    private static Transition.Applied applied(WorkOrder order, List<UnitPart> parts, CallbackTask callback,
            List<OrderEvent> events) {
        List<OrderEvent> history = new ArrayList<>(order.history());
        history.addAll(events);
        return new Transition.Applied(new WorkOrder(order.number(), order.request(), order.createdAt(), parts,
                order.links(), callback, order.version() + 1, history), events);
    }

    private static Transition.Refused notAssigned(WorkOrder order, String unitId) {
        return new Transition.Refused(Refusal.NOT_ASSIGNED, "order " + order.number() + ": unit " + unitId
                + " has no part of it");
    }

    private static Transition.Refused wrongState(WorkOrder order, UnitPart part, String action, PartState required) {
        return new Transition.Refused(Refusal.WRONG_STATE, "order " + order.number() + ": cannot " + action
                + " unit " + part.unitId() + "'s part in state " + part.state() + " (needs " + required + ")");
    }
}
