package hotline.orders.rating;

import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.OrderEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An increment to one field of a unit's {@link UnitTally}.
 *
 * @param unitId the unit
 * @param field  one of the {@code UnitTally} field-name constants
 * @param amount the increment
 */
public record TallyDelta(String unitId, String field, long amount) {

    public TallyDelta {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(field, "field");
    }

    /**
     * The increments that lifecycle events cause: {@code DISPATCHED} counts a dispatch, {@code RESPONDED onTime} an
     * on-time response, {@code RETURNED} a return, {@code ESCALATED} an overdue part, {@code CALLBACK_RECORDED} a
     * callback and, per its result, a resolution and a satisfied citizen. A part's response becomes due once: when
     * the unit responds ({@code RESPONDED onTime} or {@code late}), or when it is escalated before responding
     * ({@code ESCALATED} detail ending {@code " unresponded"}); its later late response
     * ({@code lateOverdue}) is not counted again. A callback in which the citizen was not reached (no
     * {@code resolved=} in the detail) counts nothing.
     */
    public static List<TallyDelta> of(List<OrderEvent> events) {
        List<TallyDelta> deltas = new ArrayList<>();
        for (OrderEvent e : events) {
            String u = e.unitId();
            switch (e.type()) {
                case DISPATCHED -> deltas.add(new TallyDelta(u, UnitTally.DISPATCHED, 1));
                case RESPONDED -> {
                    if ("onTime".equals(e.detail())) {
                        deltas.add(new TallyDelta(u, UnitTally.RESPONDED_ON_TIME, 1));
                        deltas.add(new TallyDelta(u, UnitTally.RESPONSE_DUE, 1));
                    } else if ("late".equals(e.detail())) {
                        deltas.add(new TallyDelta(u, UnitTally.RESPONSE_DUE, 1));
                    }
                }
                case RETURNED -> deltas.add(new TallyDelta(u, UnitTally.RETURNED, 1));
                case ESCALATED -> {
                    deltas.add(new TallyDelta(u, UnitTally.OVERDUE, 1));
                    if (e.detail().endsWith(Lifecycle.UNRESPONDED)) {
                        deltas.add(new TallyDelta(u, UnitTally.RESPONSE_DUE, 1));
                    }
                }
                case CALLBACK_RECORDED -> {
                    if (!e.detail().contains("resolved=")) {
                        break; // the citizen was not reached (联系不上 / 拒访 / 号码错误): not a callback result
                    }
                    deltas.add(new TallyDelta(u, UnitTally.CALLBACKS, 1));
                    if (e.detail().contains("resolved=true")) {
                        deltas.add(new TallyDelta(u, UnitTally.RESOLVED, 1));
                    }
                    if (e.detail().contains("satisfied=true")) {
                        deltas.add(new TallyDelta(u, UnitTally.SATISFIED, 1));
                    }
                }
                default -> {
                }
            }
        }
        return deltas;
    }
}
