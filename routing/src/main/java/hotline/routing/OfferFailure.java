package hotline.routing;

/**
 * Why an offered call did not connect to the agent. The {@link #code()} becomes the agent's not-ready reason.
 */
public enum OfferFailure {
    /** The agent's phone rang until the ring timeout. */
    NO_ANSWER("ring-no-answer"),
    /** The agent's phone answered busy. */
    BUSY("busy"),
    /** The agent's phone is not registered or not reachable. */
    UNAVAILABLE("unavailable"),
    /** The offer failed for another reason (a dial error, a channel that could not be created). */
    ERROR("offer-error");

    private final String code;

    OfferFailure(String code) {
        this.code = code;
    }

    /**
     * Returns the stable reason code, e.g. {@code "ring-no-answer"}.
     *
     * @return the code, never null
     */
    public String code() {
        return code;
    }
}
