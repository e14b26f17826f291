package hotline.orders.rating;

/**
 * A ratio of counts. Undefined (no denominator) until something was counted.
 *
 * @param numerator   how many met the criterion
 * @param denominator how many were counted
 */
public record Rate(long numerator, long denominator) {
    public Rate {
        if (numerator < 0 || denominator < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + numerator + "/" + denominator);
        }
    }

    /** Whether anything was counted. */
    public boolean defined() {
        return denominator > 0;
    }

    /** The rate in basis points (1/100 of a percent), rounded down, capped at 10000; 0 when undefined. */
    public int basisPoints() {
        return defined() ? (int) Math.min(10_000, numerator * 10_000 / denominator) : 0;
    }
}
