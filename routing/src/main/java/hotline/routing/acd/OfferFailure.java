package hotline.routing.acd;

/** Why an offered call did not connect to the agent. The {@link #code()} becomes the agent's not-ready reason. */
public enum OfferFailure {
    /** The seat rang until the ring timeout. */
    NO_ANSWER("ring-no-answer"),
    /** The seat answered busy. */
    BUSY("busy"),
    /** The seat is not registered or not reachable. */
    UNAVAILABLE("unavailable"),
    /** Another failure (dial error, channel not created). */
    ERROR("offer-error");

    private final String code;

    OfferFailure(String code) {
        this.code = code;
    }

    /**
     * Returns the stable reason code, e.g. {@code "ring-no-answer"}.
     *
     * @return the code
     */
    public String code() {
        return code;
    }
}
