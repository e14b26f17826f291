package hotline.orders.lifecycle;

import java.util.Objects;

/**
 * What one follow-up call (回访) to the citizen found, as a 12345 hall records it: whether the citizen was reached
 * and, if so, whether the matter is resolved (解决情况), how satisfied they are (满意度) and a note.
 *
 * <p>Rules (pure; {@link Lifecycle#recordCallback}):
 * <ul>
 *   <li>{@link Contact#REACHED} needs a {@link Resolution} and a {@link Satisfaction}; the other contacts must have
 *       neither (there was nobody to ask).</li>
 *   <li>Only a reached citizen counts in the units' resolution and satisfaction rates. 满意 and 基本满意 count as
 *       satisfied ({@link Satisfaction#countsAsSatisfied()}); 不满意 does not.</li>
 *   <li>{@link Contact#NO_ANSWER} (联系不上) keeps the task pending and brings it back later, up to a configured number
 *       of attempts; the last one closes it unreached. {@link Contact#REFUSED} (拒访) and
 *       {@link Contact#WRONG_NUMBER} (号码错误) close it unreached at once.</li>
 *   <li>A reached citizen who says unresolved or 不满意 reopens the order (重办, {@link #reopens()}).</li>
 * </ul>
 *
 * @param contact      whether the citizen was reached
 * @param resolution   解决情况, null unless reached
 * @param satisfaction 满意度, null unless reached
 * @param note         the agent's note (the citizen's words), stripped; empty if none; at most {@link #NOTE_MAX} chars
 */
public record CallbackResult(Contact contact, Resolution resolution, Satisfaction satisfaction, String note) {
    /** The longest note. */
    public static final int NOTE_MAX = 500;

    /** Whether the citizen was reached. */
    public enum Contact {
        /** 已联系: the citizen answered and was asked. */
        REACHED("reached"),
        /** 联系不上: no answer, busy, switched off; the task comes back later. */
        NO_ANSWER("noAnswer"),
        /** 拒访: the citizen declined the follow-up. */
        REFUSED("refused"),
        /** 号码错误: the number is wrong or not in service. */
        WRONG_NUMBER("wrongNumber");

        private final String code;

        Contact(String code) {
            this.code = code;
        }

        /** The API's and the history's spelling. */
        public String code() {
            return code;
        }

        /** The contact spelled {@code code}, or null. */
        public static Contact of(String code) {
            for (Contact c : values()) {
                if (c.code.equals(code)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** 解决情况. */
    public enum Resolution {
        RESOLVED("resolved"), UNRESOLVED("unresolved");

        private final String code;

        Resolution(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Resolution of(String code) {
            for (Resolution r : values()) {
                if (r.code.equals(code)) {
                    return r;
                }
            }
            return null;
        }
    }

    /** 满意度. */
    public enum Satisfaction {
        /** 满意. */
        SATISFIED("satisfied"),
        /** 基本满意: counts as satisfied in the rate. */
        BASICALLY_SATISFIED("basic"),
        /** 不满意. */
        UNSATISFIED("unsatisfied");

        private final String code;

        Satisfaction(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        /** The documented rule: 满意 and 基本满意 count as satisfied in the satisfaction rate, 不满意 does not. */
        public boolean countsAsSatisfied() {
            return this != UNSATISFIED;
        }

        public static Satisfaction of(String code) {
            for (Satisfaction s : values()) {
                if (s.code.equals(code)) {
                    return s;
                }
            }
            return null;
        }
    }

    public CallbackResult {
        Objects.requireNonNull(contact, "contact");
        note = note == null ? "" : note.strip();
        if (contact == Contact.REACHED && (resolution == null || satisfaction == null)) {
            throw new IllegalArgumentException("a reached citizen's result needs resolution and satisfaction");
        }
        if (contact != Contact.REACHED && (resolution != null || satisfaction != null)) {
            throw new IllegalArgumentException("citizen not reached (" + contact.code()
                    + "): resolution and satisfaction must be empty");
        }
        if (note.length() > NOTE_MAX) {
            throw new IllegalArgumentException("note: at most " + NOTE_MAX + " characters, got " + note.length());
        }
    }

    /** A reached citizen's answer. */
    public static CallbackResult reached(Resolution resolution, Satisfaction satisfaction, String note) {
        return new CallbackResult(Contact.REACHED, resolution, satisfaction, note);
    }

    /** The citizen was not reached. */
    public static CallbackResult unreached(Contact contact, String note) {
        return new CallbackResult(contact, null, null, note);
    }

    /** Whether the citizen was reached (the result counts in the rates). */
    public boolean reached() {
        return contact == Contact.REACHED;
    }

    /** Reached, resolved. */
    public boolean resolved() {
        return reached() && resolution == Resolution.RESOLVED;
    }

    /** Reached and 满意 or 基本满意. */
    public boolean satisfied() {
        return reached() && satisfaction.countsAsSatisfied();
    }

    /** Reached and unresolved or 不满意: the order is reopened to its units (重办). */
    public boolean reopens() {
        return reached() && (resolution == Resolution.UNRESOLVED || satisfaction == Satisfaction.UNSATISFIED);
    }

    /**
     * The {@code CALLBACK_RECORDED} event's detail: {@code contact=reached,resolved=…,satisfied=…,satisfaction=…}
     * (the rates read {@code resolved=} and {@code satisfied=}), or {@code contact=<code>} when not reached. The note
     * is not in it (it goes to the {@code REOPENED} event and the callback task).
     */
    public String detail() {
        if (!reached()) {
            return "contact=" + contact.code();
        }
        return "contact=reached,resolved=" + resolved() + ",satisfied=" + satisfied() + ",satisfaction="
                + satisfaction.code();
    }
}
