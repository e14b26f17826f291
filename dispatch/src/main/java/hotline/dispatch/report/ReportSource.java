package hotline.dispatch.report;

import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.report.CallFacts;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Port: what a report reads, the calls and orders of a time range, handed to a sink one by one (so a month's records
 * are never held at once). The sink is called on the adapter's thread (a Vert.x event loop), one record after the
 * other, before the returned future completes.
 */
public interface ReportSource {

    /**
     * Feeds the calls that arrived in {@code [from, to)} to {@code sink}, oldest first; the future tells how many.
     * Fails with {@link TooManyRecords} before feeding anything when there are more than {@code max}.
     */
    Future<Long> calls(Instant from, Instant to, int max, Consumer<CallFacts> sink);

    /**
     * Feeds the orders submitted in {@code [from, to)}, as stored now, to {@code sink}, oldest first; the future
     * tells how many. Fails with {@link TooManyRecords} before feeding anything when there are more than {@code max}.
     */
    Future<Long> orders(Instant from, Instant to, int max, Consumer<WorkOrder> sink);

    /** The range holds more records than a report may read at once. */
    final class TooManyRecords extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TooManyRecords(String what, long count, int max) {
            super(count + " " + what + " in the range, more than the report limit " + max
                    + " (hotline.reports.maxRecords)");
        }
    }
}
