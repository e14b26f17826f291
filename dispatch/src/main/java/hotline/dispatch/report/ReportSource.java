package hotline.dispatch.report;

import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.report.CallFacts;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** Port: what a report reads, the calls and orders of a time range. */
public interface ReportSource {

    /**
     * The calls that arrived in {@code [from, to)}, oldest first. Fails with {@link TooManyRecords} when there are
     * more than {@code max}.
     */
    Future<List<CallFacts>> calls(Instant from, Instant to, int max);

    /**
     * The orders submitted in {@code [from, to)}, as stored now, oldest first. Fails with {@link TooManyRecords} when
     * there are more than {@code max}.
     */
    Future<List<WorkOrder>> orders(Instant from, Instant to, int max);

    /** The range holds more records than a report may read at once. */
    final class TooManyRecords extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TooManyRecords(String what, long count, int max) {
            super(count + " " + what + " in the range, more than the report limit " + max
                    + " (hotline.reports.maxRecords)");
        }
    }
}
