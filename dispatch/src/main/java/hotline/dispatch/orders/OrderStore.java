package hotline.dispatch.orders;

import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.OrderEvent;
import hotline.orders.lifecycle.OrderNumber;
import hotline.orders.lifecycle.OrderRequest;
import hotline.orders.lifecycle.RepeatRule;
import hotline.orders.lifecycle.Transition;
import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.rating.UnitTally;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Port: durable work orders, their push to the units' streams and the indexes beside them. Every write of an order
 * version, with its stream entries, index entries and tally increments, is atomic.
 */
public interface OrderStore {

    /**
     * A submission made ready: its number and the earlier orders it may repeat.
     *
     * @param number     reserved for the request id (the same on every retry of the request)
     * @param candidates earlier orders under the caller's and the place's repeat keys since the window start
     */
    record Prepared(OrderNumber number, List<RepeatRule.Candidate> candidates) {
        public Prepared {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * A submission's outcome.
     *
     * @param order   the stored order
     * @param created false when the request id had already stored this order (a retry): nothing was written or
     *                pushed again
     */
    record Submitted(WorkOrder order, boolean created) {
    }

    /**
     * Submits a new order: gives it a number for {@code requestId} (the same on every retry), stores the order
     * {@link Lifecycle#submit} makes and pushes it to its units' streams. The store either links the earlier orders
     * it repeats ({@link RepeatRule#links} of the orders under the request's caller and place keys) and indexes it
     * at once, or leaves both to {@link #index}, which the caller runs next. Indexing also links the order to its
     * call when the request names one the store knows ({@code orderNumber} and an {@code order} step on the call's
     * record).
     *
     * <p>This default indexes at once, in two round trips ({@link #prepare}, then {@link #create}, and a {@link #find} on a retry)
     * and links no call.
     */
    default Future<Submitted> submit(String requestId, OrderRequest request, Instant now, LocalDate day,
            Lifecycle lifecycle, RepeatRule repeats) {
        return prepare(requestId, day, RepeatRule.callerKey(request.phone()),
                RepeatRule.placeKey(request.address(), request.category()), repeats.windowStart(now))
            .compose(prepared -> {
                String number = prepared.number().toString();
                List<String> links = repeats.links(prepared.candidates(), now).stream()
                        .filter(n -> !n.equals(number)).toList();
                Transition.Applied t = lifecycle.submit(prepared.number(), request, links, now);
                return create(t.order(), t.events()).compose(created -> created
                        ? Future.succeededFuture(new Submitted(t.order(), true))
                        : find(number).map(existing -> new Submitted(existing.orElseThrow(() ->
                                new IllegalStateException("order " + number + " reported as existing but not found")),
                                false)));
            });
    }

    /**
     * An order as {@link #index} found it, and the earlier orders it repeats.
     *
     * @param order the order as read when indexed (null when there is no such order)
     * @param links the earlier orders it repeats, newest first ({@link RepeatRule#links}); empty if none
     */
    record Indexed(String number, WorkOrder order, List<String> links) {
        public Indexed {
            links = List.copyOf(links);
        }
    }

    /**
     * Indexes orders {@link #submit} stored, in the given order (the order log's): the order list, their units'
     * indexes and tallies, their deadline alerts, the repeat indexes and the link to their call, once per order
     * (again for the same order changes nothing), and finds the earlier orders each repeats among those indexed
     * before it. A store whose {@link #submit} indexes at once needs nothing here: the default returns the orders'
     * own links.
     */
    default Future<List<Indexed>> index(List<String> numbers, RepeatRule repeats) {
        List<Future<Optional<WorkOrder>>> all = numbers.stream().map(this::find).toList();
        return Future.all(all).map(v -> {
            List<Indexed> out = new java.util.ArrayList<>();
            for (int i = 0; i < numbers.size(); i++) {
                WorkOrder o = all.get(i).result().orElse(null);
                out.add(new Indexed(numbers.get(i), o, o == null ? List.of() : o.links()));
            }
            return out;
        });
    }

    /**
     * Reserves the number for {@code requestId} (a fresh one from the day's sequence the first time) and fetches the
     * repeat candidates. Empty keys fetch nothing.
     */
    Future<Prepared> prepare(String requestId, LocalDate day, String callerKey, String placeKey, Instant since);

    /**
     * Stores a new order (version 1) and pushes it to its units' streams.
     *
     * @return true when stored, false when an order with this number already exists (a retried submit: nothing
     *         written, nothing pushed again)
     */
    Future<Boolean> create(WorkOrder order, List<OrderEvent> events);

    /**
     * Stores {@code order} if the stored version is {@code order.version() - 1}, with the stream entries, indexes and
     * tallies its {@code events} call for.
     *
     * @return true when stored, false on a version conflict (nothing written)
     */
    Future<Boolean> update(WorkOrder order, List<OrderEvent> events);

    /** The order, or empty. */
    Future<Optional<WorkOrder>> find(String number);

    /** Numbers of the unit's orders, most recently dispatched first. */
    Future<List<String>> unitOrders(String unitId, int limit);

    /**
     * Numbers of the orders of one caller (the repeat index, {@link hotline.orders.lifecycle.RepeatRule#callerKey}),
     * newest first: what the order-status self-service reads for "my latest order".
     */
    Future<List<String>> callerOrders(String callerKey, int limit);

    /** Numbers of orders with a deadline alert due at {@code now}, earliest first. */
    Future<List<String>> dueAlerts(Instant now, int limit);

    /** Numbers of the orders submitted in {@code [from, to)}, newest first. */
    Future<List<String>> submittedBetween(Instant from, Instant to, int limit);

    /** Numbers of the orders back at the dispatch desk (a part returned, not yet re-dispatched), oldest return first. */
    Future<List<String>> deskOrders(int limit);

    /** Numbers of the orders not closed yet, newest first (the dispatch desk's list of open orders). */
    Future<List<String>> openOrders(int limit);

    /** Numbers of the most recently submitted orders, newest first (what a text search looks through). */
    Future<List<String>> recentOrders(int limit);

    /** Numbers of closed orders whose callback is pending, oldest first. */
    Future<List<String>> pendingCallbacks(int limit);

    /** Every unit's tally, by unit id. */
    Future<List<UnitTally>> tallies();
}
