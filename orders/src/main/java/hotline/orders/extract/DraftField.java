package hotline.orders.extract;

/**
 * One field of a draft: a value the agent confirms or edits, and how sure the extractor is.
 *
 * @param value      the value, or {@code null} when the transcript does not give it
 * @param confidence 0..1; 0 when {@code value} is {@code null}
 */
public record DraftField(String value, double confidence) {
    /** No value. */
    public static final DraftField NONE = new DraftField(null, 0);

    public DraftField {
        if (confidence < 0 || confidence > 1 || Double.isNaN(confidence)) {
            throw new IllegalArgumentException("confidence must be 0..1, got " + confidence);
        }
        if (value == null) {
            confidence = 0;
        }
    }

    /** A value with a confidence, or {@link #NONE} for a {@code null} value. */
    public static DraftField of(String value, double confidence) {
        return value == null ? NONE : new DraftField(value, Math.round(confidence * 100) / 100.0);
    }

    /** True when there is a value. */
    public boolean present() {
        return value != null;
    }
}
