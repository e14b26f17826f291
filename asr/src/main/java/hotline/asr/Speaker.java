package hotline.asr;

/** Who is talking on a transcribed stream. */
public enum Speaker {
    /** The citizen who called 12345. */
    CALLER,
    /** The hotline agent at the seat. */
    AGENT;

    /** Lower-case wire name: {@code caller}, {@code agent}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
