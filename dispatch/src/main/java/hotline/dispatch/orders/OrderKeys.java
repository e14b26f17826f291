package hotline.dispatch.orders;

/**
 * Redis key names of the order store (see docs/dispatch.md). All under {@code hotline:}.
 */
public final class OrderKeys {
    /** Stream the dispatch desk reads: returned orders and overdue escalations. */
    public static final String DESK_STREAM = "hotline:desk:orders";
    /**
     * The order log: one entry ({@code order} = the number) per new order, appended by the submit and read in order
     * by the indexer (consumer group {@link #INDEXER_GROUP}), which deletes the entry once the order is indexed.
     */
    public static final String LOG = "hotline:orders:log";
    /** The order log's consumer group. */
    public static final String INDEXER_GROUP = "indexer";
    /** Sorted set of every order number, scored by submission time (epoch ms). */
    public static final String ALL = "hotline:orders";
    /** Sorted set of orders waiting for a deadline alert, scored by when it is due (epoch ms). */
    public static final String ALERTS = "hotline:orders:alerts";
    /** Sorted set of closed orders whose callback is pending, scored by closing time (epoch ms). */
    public static final String CALLBACKS_PENDING = "hotline:orders:callbacks";
    /**
     * Sorted set of the orders not closed yet, scored by submission time (epoch ms): what the dispatch desk's list
     * of open orders reads. Added when an order is indexed (unless already closed: a consultation answered on the
     * spot never is), removed when it closes.
     */
    public static final String OPEN = "hotline:orders:open";
    /** The unit tally's field counting the 催办 the unit received. */
    public static final String TALLY_URGED = "urged";
    /** Sorted set of the orders back at the dispatch desk (a part returned), scored by the return (epoch ms). */
    public static final String DESK = "hotline:orders:desk";
    /** Sorted set of every unit that was ever dispatched an order (score 0). */
    public static final String UNITS = "hotline:units";

    private OrderKeys() {
    }

    /** Hash of one order: {@code doc} (JSON), {@code version}, {@code status}. */
    public static String order(String number) {
        return "hotline:order:" + number;
    }

    /** A unit's stream of orders and reminders. */
    public static String unitStream(String unitId) {
        return "hotline:unit:" + unitId + ":orders";
    }

    /** Sorted set of the numbers of a unit's orders, scored by dispatch time. */
    public static String unitIndex(String unitId) {
        return "hotline:unit:" + unitId + ":index";
    }

    /** Hash of a unit's tally (the counts behind its rates). */
    public static String unitTally(String unitId) {
        return "hotline:unit:" + unitId + ":tally";
    }

    /** The number reserved for a submit request id. */
    public static String request(String requestId) {
        return "hotline:orders:req:" + requestId;
    }

    /** The day's order sequence. */
    public static String daySequence(String dayCode) {
        return "hotline:orders:seq:" + dayCode;
    }

    /** Repeat index of a caller (orders by number, scored by submission time). */
    public static String repeatCaller(String callerKey) {
        return "hotline:repeat:caller:" + callerKey;
    }

    /** Repeat index of a place and category. */
    public static String repeatPlace(String placeKey) {
        return "hotline:repeat:place:" + placeKey;
    }
}
