package hotline.config;

import hotline.config.internal.Secrets;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The agent seats registered on the pbx ({@code hotline.seats}): seat ids are the decimal numbers
 * {@code first .. first+count-1}. {@link #toString()} prints the password prefix as {@code ***}.
 *
 * @param count          number of seats, not negative
 * @param first          the first seat id
 * @param passwordPrefix SIP password of seat S is {@code passwordPrefix + S}
 */
public record SeatsConfig(int count, int first, String passwordPrefix) {

    public SeatsConfig {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        Objects.requireNonNull(passwordPrefix, "passwordPrefix");
    }

    /** The seat ids in ascending order, e.g. {@code ["1001", "1002"]}; a new immutable list on each call. */
    public List<String> seatIds() {
        return IntStream.range(first, first + count).mapToObj(Integer::toString).toList();
    }

    /**
     * Whether {@code id} is exactly one of {@link #seatIds()} (no sign, no leading zeros, no spaces).
     *
     * @param id a candidate seat id; {@code null} is not a seat
     */
    public boolean isSeat(String id) {
        if (id == null || id.isEmpty() || id.length() > 10 || id.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        long n = Long.parseLong(id);
        return n >= first && n < (long) first + count;
    }

    /**
     * The SIP password of a seat.
     *
     * @throws IllegalArgumentException if {@code seatId} is not a seat
     */
    public String password(String seatId) {
        if (!isSeat(seatId)) {
            throw new IllegalArgumentException("not a seat: " + seatId);
        }
        return passwordPrefix + seatId;
    }

    @Override
    public String toString() {
        return "SeatsConfig[count=" + count + ", first=" + first + ", passwordPrefix=" + Secrets.MASK + "]";
    }
}
