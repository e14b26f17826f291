package hotline.routing;

/**
 * Settings of a {@link Router}, validated on construction.
 *
 * @param maxQueueLength how many calls may wait in the queue before {@link Router#callArrived} answers
 *                       {@link Rejection#QUEUE_FULL}; must be positive. It limits admissions only: a call whose offer
 *                       failed always goes back to the queue, even a full one.
 */
public record RouterConfig(int maxQueueLength) {

    /**
     * Creates and validates the settings.
     *
     * @param maxQueueLength how many calls may wait before new ones are rejected; must be positive
     * @throws IllegalArgumentException if {@code maxQueueLength} is not positive
     */
    public RouterConfig {
        if (maxQueueLength <= 0) {
            throw new IllegalArgumentException("maxQueueLength must be > 0, was " + maxQueueLength);
        }
    }
}
