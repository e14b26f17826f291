package hotline.orders.search;

import hotline.orders.lifecycle.OrderStatus;
import hotline.orders.lifecycle.RequestType;
import hotline.orders.lifecycle.UrgencyTier;
import hotline.orders.lifecycle.WorkOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which orders a search or the dispatch desk's list shows, and in which order: the search text ({@link OrderQuery})
 * and the filters, each null (or false) for "any". Pure: {@link #apply} takes the candidate orders the store read
 * and the time.
 *
 * @param query       the search text
 * @param status      the order's status
 * @param openOnly    only orders not closed
 * @param unitId      only orders with a current part for this unit
 * @param district    only orders in this district
 * @param category    only this category code
 * @param urgency     only this tier
 * @param requestType only this request type
 * @param overdue     only orders with a running part past its deadline
 */
public record OrderFilter(OrderQuery query, OrderStatus status, boolean openOnly, String unitId, String district,
        String category, UrgencyTier urgency, RequestType requestType, boolean overdue) {

    public OrderFilter {
        Objects.requireNonNull(query, "query");
    }

    /** A filter of the search text only. */
    public static OrderFilter of(OrderQuery query) {
        return new OrderFilter(query, null, false, null, null, null, null, null, false);
    }

    /** Whether {@code order} matches at {@code now}. */
    public boolean matches(WorkOrder order, Instant now) {
        if (!matchesQuery(order)) {
            return false;
        }
        OrderStatus s = order.status();
        if ((status != null && s != status) || (openOnly && s == OrderStatus.CLOSED)) {
            return false;
        }
        if (unitId != null && order.part(unitId).isEmpty()) {
            return false;
        }
        if (district != null && !district.equals(order.request().address().district())) {
            return false;
        }
        if (category != null && !category.equals(order.request().category())) {
            return false;
        }
        if (urgency != null && urgency != order.request().urgency()) {
            return false;
        }
        if (requestType != null && requestType != order.request().requestType()) {
            return false;
        }
        return !overdue || order.overdue(now);
    }

    private boolean matchesQuery(WorkOrder order) {
        return switch (query.kind()) {
            case ALL -> true;
            case NUMBER -> order.number().toString().equals(query.value());
            case PHONE -> digits(order.request().phone()).equals(query.value());
            case TEXT -> searchable(order).contains(query.value().toLowerCase(Locale.ROOT));
        };
    }

    private static String digits(String phone) {
        String d = phone.replaceAll("[^0-9]", "");
        return d.length() == 13 && d.startsWith("86") ? d.substring(2) : d;
    }

    /** The text a TEXT query is looked for in: the address (with and without spaces), the summary and the caller. */
    private static String searchable(WorkOrder o) {
        var a = o.request().address();
        return String.join("\n", a.district() + a.street() + a.community(), a.district(), a.street(), a.community(),
                o.request().summary(), o.request().callerName()).toLowerCase(Locale.ROOT);
    }

    /**
     * The matching orders in the list's order, one page of it.
     *
     * @param candidates the orders the store read (any order, duplicates by number ignored)
     * @param offset     how many matches to skip
     * @param limit      the page size
     */
    public Page apply(List<WorkOrder> candidates, Instant now, int offset, int limit) {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1, got " + offset + ", " + limit);
        }
        List<WorkOrder> matches = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (WorkOrder o : candidates) {
            if (o != null && seen.add(o.number().toString()) && matches(o, now)) {
                matches.add(o);
            }
        }
        matches.sort(ORDER);
        int from = Math.min(offset, matches.size());
        int to = Math.min(matches.size(), from + limit);
        return new Page(List.copyOf(matches.subList(from, to)), matches.size(), offset, limit);
    }

    /**
     * The list's order: open orders first, by their earliest running deadline (the most urgent at the top; an open
     * order whose parts are all replied or back at the desk after those with a deadline), then closed orders newest
     * first; ties by number, newest first.
     */
    public static final Comparator<WorkOrder> ORDER = Comparator
            .<WorkOrder, Integer>comparing(o -> o.status() == OrderStatus.CLOSED ? 1 : 0)
            .thenComparing(o -> o.status() == OrderStatus.CLOSED ? Instant.MAX : o.nextDueAt().orElse(Instant.MAX))
            .thenComparing(WorkOrder::createdAt, Comparator.reverseOrder())
            .thenComparing(o -> o.number().toString(), Comparator.reverseOrder());

    /**
     * One page of matches.
     *
     * @param orders the page's orders, in the list's order
     * @param total  how many candidates matched in all
     */
    public record Page(List<WorkOrder> orders, int total, int offset, int limit) {
        public Page {
            orders = List.copyOf(orders);
        }
    }
}
