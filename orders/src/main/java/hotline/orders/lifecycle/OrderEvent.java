package hotline.orders.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a work order, in the order's history and in the result of a transition.
 *
 * @param at     when
 * @param type   what
 * @param unitId the unit concerned, or empty for order-wide events
 * @param detail free text (reason, reply) or a flag ({@code onTime}/{@code late} for {@link Type#RESPONDED},
 *               {@code resolved=…,satisfied=…} for {@link Type#CALLBACK_RECORDED}); empty if none
 */
public record OrderEvent(Instant at, Type type, String unitId, String detail) {

    /** Event types. */
    public enum Type {
        /** The order was created; detail lists the repeat orders linked at once (the two-step store path), if any. */
        SUBMITTED,
        /** The earlier orders this one repeats were found and linked; detail lists them, newest first. */
        LINKED,
        /** A part was pushed to a unit (first dispatch or re-dispatch; detail {@code reopened} for a 重办). */
        DISPATCHED,
        /** The unit's first action on its part; detail {@code onTime} or {@code late}. */
        RESPONDED,
        ACCEPTED,
        REPLIED,
        /** Sent back to the desk; detail is the reason. */
        RETURNED,
        /** A returned part was superseded by a new dispatch; detail names the new unit. */
        REASSIGNED,
        /** One part closed. */
        PART_CLOSED,
        /** Every part is closed: the order is closed and its callback task created. */
        CLOSED,
        /** The callback result; one event per unit that handled the order; detail {@link CallbackResult#detail()}. */
        CALLBACK_RECORDED,
        /** A callback attempt that did not reach the citizen (联系不上); the task comes back later. */
        CALLBACK_ATTEMPT,
        /** 重办: the callback said unresolved or 不满意, the unit's closed part is reopened; detail the citizen's note. */
        REOPENED,
        /** The reminder for a running deadline. */
        REMINDED,
        /** The deadline passed unreplied: escalated to the supervisor. */
        ESCALATED,
        /**
         * The desk amended what the order says (修改工单) while it was open; detail {@code by=<who>;fields=<a,b>}
         * names who and which request fields changed (the new values are the version's request). Pushed to the
         * order's current units like a new version.
         */
        AMENDED,
        /** 催办: the citizen (through an agent or the desk) urged the unit; one per open part, detail the note. */
        URGED,
        /** 补充诉求: the caller added to the open order; one per open part, detail the added text. */
        SUPPLEMENTED,
        /** 直接答复: a consultation answered on the spot and closed without a unit; detail the answer given. */
        ANSWERED
    }

    public OrderEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(detail, "detail");
    }
}
