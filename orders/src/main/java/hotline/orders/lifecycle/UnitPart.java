package hotline.orders.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * One unit's part of a work order (a jointly dispatched order has several). Immutable; transitions return copies.
 *
 * @param partNo       1-based, in the order parts were created
 * @param unitId       the unit handling this part
 * @param state        where it stands
 * @param dispatchedAt when it was pushed to the unit
 * @param dueAt        the deadline
 * @param remindAt     when to remind the unit, or null for no reminder
 * @param respondedAt  the unit's first action (accept or return), or null
 * @param repliedAt    when the unit replied, or null
 * @param closedAt     when the part was closed, or null
 * @param note         the unit's reply or return reason, empty if none
 * @param reminded     the reminder went out
 * @param escalated    the overdue escalation went out
 * @param lead         the lead unit (主办) of the order; the others assist (协办). One live part leads: the first unit
 *                     at dispatch, the unit it was re-dispatched to, or a joint unit dispatched as the lead
 */
public record UnitPart(int partNo, String unitId, PartState state, Instant dispatchedAt, Instant dueAt,
        Instant remindAt, Instant respondedAt, Instant repliedAt, Instant closedAt, String note, boolean reminded,
        boolean escalated, boolean lead) {

    public UnitPart {
        if (partNo < 1) {
            throw new IllegalArgumentException("partNo must be >= 1, got " + partNo);
        }
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(dispatchedAt, "dispatchedAt");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(note, "note");
    }

    UnitPart withState(PartState s) {
        return new UnitPart(partNo, unitId, s, dispatchedAt, dueAt, remindAt, respondedAt, repliedAt, closedAt, note,
                reminded, escalated, lead);
    }

    UnitPart responded(PartState s, Instant at, String why) {
        return new UnitPart(partNo, unitId, s, dispatchedAt, dueAt, remindAt, respondedAt == null ? at : respondedAt,
                repliedAt, closedAt, why == null ? note : why, reminded, escalated, lead);
    }

    UnitPart replied(Instant at, String reply) {
        return new UnitPart(partNo, unitId, PartState.REPLIED, dispatchedAt, dueAt, remindAt, respondedAt, at,
                closedAt, reply, reminded, escalated, lead);
    }

    UnitPart closed(Instant at) {
        return new UnitPart(partNo, unitId, PartState.CLOSED, dispatchedAt, dueAt, remindAt, respondedAt, repliedAt,
                at, note, reminded, escalated, lead);
    }

    UnitPart markReminded() {
        return new UnitPart(partNo, unitId, state, dispatchedAt, dueAt, remindAt, respondedAt, repliedAt, closedAt,
                note, true, escalated, lead);
    }

    UnitPart markEscalated() {
        return new UnitPart(partNo, unitId, state, dispatchedAt, dueAt, remindAt, respondedAt, repliedAt, closedAt,
                note, reminded, true, lead);
    }

    /** This part as the lead ({@code true}) or an assisting part. */
    UnitPart withLead(boolean l) {
        return new UnitPart(partNo, unitId, state, dispatchedAt, dueAt, remindAt, respondedAt, repliedAt, closedAt,
                note, reminded, escalated, l);
    }

    /** The next deadline alert this part is waiting for (reminder, then overdue), or null for none. */
    public Instant nextAlertAt() {
        if (!state.clockRuns()) {
            return null;
        }
        if (remindAt != null && !reminded && !escalated) {
            return remindAt;
        }
        return escalated ? null : dueAt;
    }
}
