package hotline.orders.lifecycle;

import hotline.orders.lifecycle.OrderEvent.Type;
import java.time.Duration;
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
 * the callback task; a callback that finds the matter unresolved or the citizen 不满意 reopens it (重办,
 * {@link #recordCallback(WorkOrder, CallbackResult, int, Duration, Instant)}).
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
        if (request.answered()) {
            // 直接答复: a consultation answered on the spot is closed at once, with no unit and no callback
            events.add(new OrderEvent(now, Type.ANSWERED, "", request.answer()));
        }
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

    /**
     * The desk amends what an open order says (修改工单): the caller's name, callback number, address, category and
     * summary may change; the units, the urgency (the deadlines run from it), the call and the channel may not (the
     * dispatch desk re-dispatches, it is no amendment). One {@link Type#AMENDED} event, detail
     * {@code by=<who>;fields=<changed fields, comma-separated>}. Refused for a closed order, for a change of what may
     * not change, and when nothing changed.
     *
     * @param by who amended it (the desk user)
     */
    public Transition amend(WorkOrder order, OrderRequest amended, String by, Instant now) {
        if (order.status() == OrderStatus.CLOSED) {
            return new Transition.Refused(Refusal.WRONG_STATE, "order " + order.number()
                    + " is closed: it can no longer be amended");
        }
        OrderRequest old = order.request();
        List<String> fixed = new ArrayList<>();
        if (!old.unitIds().equals(amended.unitIds())) {
            fixed.add("unitIds (" + String.join(",", old.unitIds()) + ")");
        }
        if (old.urgency() != amended.urgency()) {
            fixed.add("urgency (" + old.urgency().code() + ")");
        }
        if (!Objects.equals(old.callId(), amended.callId()) && amended.callId() != null) {
            fixed.add("callId (" + old.callId() + ")");
        }
        if (!fixed.isEmpty()) {
            return new Transition.Refused(Refusal.INVALID_ARGUMENT, "order " + order.number() + ": an amendment"
                    + " cannot change " + String.join(", ", fixed) + "; the dispatch desk re-dispatches");
        }
        List<String> changed = new ArrayList<>();
        if (!old.callerName().equals(amended.callerName())) {
            changed.add("callerName");
        }
        if (!old.phone().equals(amended.phone())) {
            changed.add("phone");
        }
        if (!Objects.equals(old.address().district(), amended.address().district())) {
            changed.add("district");
        }
        if (!Objects.equals(old.address().street(), amended.address().street())) {
            changed.add("street");
        }
        if (!Objects.equals(old.address().community(), amended.address().community())) {
            changed.add("community");
        }
        if (!old.category().equals(amended.category())) {
            changed.add("category");
        }
        if (!old.summary().equals(amended.summary())) {
            changed.add("summary");
        }
        RequestType type = amended.requestType() != null ? amended.requestType() : old.requestType();
        if (type != old.requestType()) {
            changed.add("requestType");
        }
        if (changed.isEmpty()) {
            return new Transition.Refused(Refusal.INVALID_ARGUMENT, "order " + order.number()
                    + ": the amendment changes nothing");
        }
        OrderRequest request = new OrderRequest(amended.callerName(), amended.phone(), amended.address(),
                amended.category(), old.urgency(), amended.summary(), old.unitIds(), old.callId(), old.channel(), type,
                old.answer());
        List<OrderEvent> events = List.of(new OrderEvent(now, Type.AMENDED, "",
                "by=" + by + ";fields=" + String.join(",", changed)));
        List<OrderEvent> history = new ArrayList<>(order.history());
        history.addAll(events);
        return new Transition.Applied(new WorkOrder(order.number(), request, order.createdAt(), order.parts(),
                order.links(), order.callback(), order.version() + 1, history), events);
    }

    /**
     * 催办: the citizen urges the order (through an agent or the desk). Each unit still working on it (its part
     * dispatched, accepted or back at the desk) gets an {@link Type#URGED} event with the note. Refused for an order
     * no unit works on any more (every part replied or closed).
     */
    public Transition urge(WorkOrder order, String note, Instant now) {
        return onOpenParts(order, Type.URGED, note == null ? "" : note.strip(), "urge", now);
    }

    /**
     * 补充诉求: a repeat caller adds to the open order instead of a new one. Each unit still working on it gets a
     * {@link Type#SUPPLEMENTED} event with the text. Refused for empty text or an order no unit works on any more.
     */
    public Transition supplement(WorkOrder order, String text, Instant now) {
        if (text == null || text.isBlank()) {
            return new Transition.Refused(Refusal.INVALID_ARGUMENT, "order " + order.number()
                    + ": the supplement is empty");
        }
        return onOpenParts(order, Type.SUPPLEMENTED, text.strip(), "supplement", now);
    }

    private static Transition onOpenParts(WorkOrder order, Type type, String detail, String action, Instant now) {
        List<UnitPart> open = order.openParts();
        if (open.isEmpty()) {
            return new Transition.Refused(Refusal.WRONG_STATE, "order " + order.number() + ": cannot " + action
                    + ": no unit works on it any more (" + order.status() + ")");
        }
        List<OrderEvent> events = new ArrayList<>();
        open.forEach(p -> events.add(new OrderEvent(now, type, p.unitId(), detail)));
        return applied(order, order.parts(), order.callback(), events);
    }

    /**
     * The desk reassigns any open part (dispatched, accepted or returned) to {@code toUnit}: the part is superseded
     * and a new part with a fresh deadline from {@code now} is created, as {@link #redispatch} does for a returned
     * part. Refused for a part already replied or closed, the same unit, or a unit that already has a part.
     */
    public Transition reassign(WorkOrder order, String fromUnit, String toUnit, Instant now) {
        Optional<UnitPart> from = order.part(fromUnit);
        if (from.isEmpty()) {
            return notAssigned(order, fromUnit);
        }
        if (from.get().state() == PartState.RETURNED) {
            return redispatch(order, fromUnit, toUnit, now);
        }
        if (!from.get().state().clockRuns()) {
            return new Transition.Refused(Refusal.WRONG_STATE, "order " + order.number() + ": cannot reassign unit "
                    + fromUnit + "'s part in state " + from.get().state() + " (needs DISPATCHED, ACCEPTED or RETURNED)");
        }
        if (toUnit.equals(fromUnit) || order.part(toUnit).isPresent()) {
            return new Transition.Refused(Refusal.INVALID_ARGUMENT, "order " + order.number() + ": unit " + toUnit
                    + " already has a part");
        }
        List<UnitPart> parts = new ArrayList<>(order.parts());
        parts.set(parts.indexOf(from.get()), from.get().withState(PartState.REASSIGNED));
        // the new unit takes the part's role: the lead's successor leads (主办), an assisting unit's assists
        parts.add(newPart(parts.size() + 1, toUnit, order.request().urgency(), now, from.get().lead()));
        List<OrderEvent> events = List.of(new OrderEvent(now, Type.REASSIGNED, fromUnit, toUnit),
                new OrderEvent(now, Type.DISPATCHED, toUnit, ""));
        return applied(order, parts, order.callback(), events);
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
     * Records a reached citizen's yes/no answer (the earlier API): {@code satisfied} is 满意, not satisfied 不满意.
     * Same as {@link #recordCallback(WorkOrder, CallbackResult, int, Duration, Instant)} with one attempt.
     */
    public Transition recordCallback(WorkOrder order, boolean resolved, boolean satisfied, Instant now) {
        return recordCallback(order, CallbackResult.reached(
                resolved ? CallbackResult.Resolution.RESOLVED : CallbackResult.Resolution.UNRESOLVED,
                satisfied ? CallbackResult.Satisfaction.SATISFIED : CallbackResult.Satisfaction.UNSATISFIED, ""),
                1, Duration.ZERO, now);
    }

    /**
     * Records one follow-up call's result ({@link CallbackResult} states the rules):
     * <ul>
     *   <li>联系不上 before the last of {@code maxAttempts}: the task stays pending, counts the attempt and comes back
     *       at {@code now + retryAfter} (a {@link Type#CALLBACK_ATTEMPT} event, nothing counted);</li>
     *   <li>otherwise the result is recorded: one {@link Type#CALLBACK_RECORDED} event per unit that closed a part
     *       (the rates count it when the citizen was reached);</li>
     *   <li>reached and unresolved or 不满意: 重办. Each unit's closed part becomes {@link PartState#REOPENED} and a new
     *       dispatched part for the same unit takes over, with a fresh deadline by the order's urgency tier from
     *       {@code now} ({@link Type#REOPENED} with the note, then {@link Type#DISPATCHED} {@code reopened}); the order
     *       is in progress again and its next close creates a new callback task.</li>
     * </ul>
     */
    public Transition recordCallback(WorkOrder order, CallbackResult result, int maxAttempts, Duration retryAfter,
            Instant now) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        CallbackTask task = order.callback();
        if (task == null || !task.isPending()) {
            return new Transition.Refused(Refusal.WRONG_STATE, "order " + order.number() + ": "
                    + (task == null ? "no callback task yet (order is " + order.status() + ")"
                    : "callback already recorded at " + task.recordedAt()));
        }
        int attempts = task.attempts() + (result.contact() == CallbackResult.Contact.NO_ANSWER ? 1 : 0);
        if (result.contact() == CallbackResult.Contact.NO_ANSWER && attempts < maxAttempts) {
            Instant retryAt = now.plus(retryAfter);
            List<OrderEvent> events = List.of(new OrderEvent(now, Type.CALLBACK_ATTEMPT, "",
                    "contact=noAnswer,attempt=" + attempts + "/" + maxAttempts + ",retryAt=" + retryAt));
            return applied(order, order.parts(), new CallbackTask(task.createdAt(), null, null, null,
                    CallbackResult.Contact.NO_ANSWER, null, result.note(), attempts, retryAt), events);
        }
        List<OrderEvent> events = new ArrayList<>();
        TreeSet<String> units = new TreeSet<>();
        order.currentParts().forEach(p -> units.add(p.unitId()));
        units.forEach(u -> events.add(new OrderEvent(now, Type.CALLBACK_RECORDED, u, result.detail())));
        CallbackTask recorded = new CallbackTask(task.createdAt(), now, result.reached() ? result.resolved() : null,
                result.reached() ? result.satisfied() : null, result.contact(), result.satisfaction(), result.note(),
                attempts, null);
        List<UnitPart> parts = new ArrayList<>(order.parts());
        if (result.reopens()) {
            for (int i = 0, n = parts.size(); i < n; i++) {
                UnitPart p = parts.get(i);
                if (p.state() == PartState.CLOSED) {
                    parts.set(i, p.withState(PartState.REOPENED));
                    parts.add(newPart(parts.size() + 1, p.unitId(), order.request().urgency(), now, p.lead()));
                    events.add(new OrderEvent(now, Type.REOPENED, p.unitId(), result.note()));
                    events.add(new OrderEvent(now, Type.DISPATCHED, p.unitId(), REOPENED_DISPATCH));
                }
            }
        }
        return applied(order, parts, recorded, events);
    }

    /** How an {@link Type#ESCALATED} event's detail ends when the part had not been responded to. */
    public static final String UNRESPONDED = " unresponded";

    /** The detail of the {@link Type#DISPATCHED} event of a 重办. */
    public static final String REOPENED_DISPATCH = "reopened";

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
                events.add(new OrderEvent(now, Type.ESCALATED, p.unitId(), "due " + p.dueAt()
                        + (p.respondedAt() == null ? UNRESPONDED : "")));
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
            // an escalated part that had not responded was counted due when escalated: its late response is not again
            events.add(new OrderEvent(now, Type.RESPONDED, p.unitId(),
                    !now.isAfter(p.dueAt()) ? "onTime" : p.escalated() ? "lateOverdue" : "late"));
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
