package hotline.dispatch.orders.internal;

import hotline.dispatch.orders.OrderKeys;
import hotline.orders.lifecycle.OrderNumber;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Order numbers from the day's sequence in Redis, taken a block at a time ({@code INCRBY} of the block size), so
 * that a submit has its number before it goes to Redis and its one round trip does not wait for a sequence. The next
 * block is asked for when half of the current one is used, so a steady stream of submits never waits for it; only
 * the first submit of a day (or after a restart) does.
 *
 * <p>Numbers are unique per day and increase on one node. Numbers of a block not used when the node stops, or taken
 * by a submit that turned out to be a retry, are skipped: the day's numbers can have gaps (docs/dispatch.md).
 * Thread-safe.
 */
public final class NumberBlocks {
    /** How long the day's sequence is kept after its first block: it outlives its day by two. */
    private static final long SEQUENCE_TTL_S = 259_200;

    private final Redis redis;
    private final int size;
    private String day = "";
    private long next;
    private long last = -1;
    /** The block asked for and not yet in use, and its day. */
    private Future<long[]> spare;
    private String spareDay = "";

    /**
     * @param size numbers per block (at least 1)
     */
    public NumberBlocks(Redis redis, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("number block size must be at least 1, got " + size);
        }
        this.redis = Objects.requireNonNull(redis, "redis");
        this.size = size;
    }

    /** The next number of {@code date}: at once while the block lasts, else when the next block arrives. */
    public Future<OrderNumber> next(LocalDate date) {
        String code = OrderNumber.dayCode(date);
        Future<long[]> waitFor;
        synchronized (this) {
            if (code.equals(day) && next <= last) {
                long n = next++;
                if (last - next + 1 <= size / 2 && !code.equals(spareDay)) {
                    ask(code);
                }
                return Future.succeededFuture(new OrderNumber(date, n));
            }
            if (!code.equals(spareDay)) {
                ask(code);
            }
            waitFor = spare;
        }
        return waitFor.compose(block -> {
            synchronized (this) {
                if (spare == waitFor) {
                    // the first to see it puts it in use; the others take their numbers from it
                    day = code;
                    next = block[0];
                    last = block[1];
                    spare = null;
                    spareDay = "";
                }
            }
            return next(date);
        });
    }

    private void ask(String code) {
        String key = OrderKeys.daySequence(code);
        Future<long[]> f = redis.batch(List.of(Request.cmd(Command.INCRBY).arg(key).arg(size),
                Request.cmd(Command.EXPIRE).arg(key).arg(SEQUENCE_TTL_S).arg("NX")))
            .map(replies -> {
                long end = replies.get(0).toLong();
                return new long[] {end - size + 1, end};
            });
        spare = f;
        spareDay = code;
        f.onFailure(err -> {
            synchronized (this) {
                if (spare == f) {
                    spare = null; // the next submit asks again
                    spareDay = "";
                }
            }
        });
    }
}
