package hotline.server.orders;

import hotline.dispatch.orders.OrderStore;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.OrderEvent;
import hotline.orders.lifecycle.OrderRequest;
import hotline.orders.lifecycle.RepeatRule;
import hotline.orders.lifecycle.Transition;
import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.rating.Rating;
import hotline.orders.rating.UnitRates;
import hotline.orders.rating.UnitTally;
import hotline.orders.search.OrderFilter;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work orders on the server: drives the pure {@link Lifecycle} and persists each result through the
 * {@link OrderStore}, which pushes it to the units' streams. Logs transitions with {@code orderId} and
 * {@code unitId}.
 *
 * <p>Runs on the hotline verticle's context. Concurrent actions on one order (from this or another node) are
 * serialised by the store's version check: a conflicting write is retried on the fresh version, a few times.
 */
public final class OrdersService {
    private static final Logger log = LoggerFactory.getLogger(OrdersService.class);
    private static final int CONFLICT_RETRIES = 5;

    private final OrderStore store;
    private final Lifecycle lifecycle;
    private final RepeatRule repeats;
    private final Rating rating;
    private volatile int callbackAttempts = 3;
    private volatile java.time.Duration callbackRetryAfter = java.time.Duration.ofHours(2);
    private final Clock clock;
    private final ZoneId zone;

    /** The result of an action on an order. */
    public sealed interface Result permits Result.Done, Result.Refused, Result.NotFound, Result.Conflict {
        /** Applied; {@code order} is the new version. */
        record Done(WorkOrder order) implements Result {
        }

        /** The lifecycle refused it; nothing changed. */
        record Refused(hotline.orders.lifecycle.Refusal reason, String detail) implements Result {
        }

        /** No such order. */
        record NotFound(String number) implements Result {
        }

        /** Kept losing the race against concurrent writers. */
        record Conflict(String number) implements Result {
        }
    }

    /**
     * A submission's outcome.
     *
     * @param order   the stored order
     * @param created false when the request id had already created this order (a retry): nothing was pushed again
     */
    public record Submitted(WorkOrder order, boolean created, boolean reusedWithOtherBody) {
        public Submitted(WorkOrder order, boolean created) {
            this(order, created, false);
        }
    }

    /**
     * @param zone the time zone of order-number dates
     */
    public OrdersService(OrderStore store, Lifecycle lifecycle, RepeatRule repeats, Rating rating, Clock clock,
            ZoneId zone) {
        this.store = Objects.requireNonNull(store, "store");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.repeats = Objects.requireNonNull(repeats, "repeats");
        this.rating = Objects.requireNonNull(rating, "rating");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * Submits an order: gives it its number for {@code requestId}, stores it and pushes it to every unit
     * ({@link OrderStore#submit}: one atomic round trip in Redis), then has it indexed: the indexes, the repeat links
     * and the link to its call ({@link #index}, run by the {@link #indexedBy indexer} from the order log when there
     * is one). The future completes once the order is indexed, with its linked version if it repeats earlier orders;
     * if indexing takes longer than the indexer's wait, with the order as submitted (the indexer still indexes it).
     * Retrying with the same request id returns the same order and pushes nothing twice.
     */
    public Future<Submitted> submit(String requestId, OrderRequest request) {
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now, zone);
        return store.submit(requestId, request, now, day, lifecycle, repeats).compose(s -> {
            WorkOrder o = s.order();
            if (!s.created()) {
                if (!o.request().equals(request)) {
                    // the id names another submission: answering with that order would drop this one silently
                    log.warn("orderId={} request id {} reused with a different body: refused", o.number(),
                            requestId);
                    return Future.succeededFuture(new Submitted(o, false, true));
                }
                log.info("orderId={} resubmitted with the same request id: not stored or pushed again", o.number());
                return Future.succeededFuture(new Submitted(o, false));
            }
            String number = o.number().toString();
            Future<WorkOrder> indexed = indexer == null ? index(number) : indexer.apply(number);
            return indexed.recover(err -> {
                log.warn("orderId={} not indexed yet ({}): answered as submitted; its indexes and links follow from "
                        + "the order log", number, err.getMessage());
                return Future.succeededFuture(o);
            }).map(done -> {
                created.accept(done);
                log.info("orderId={} submitted units={} urgency={} category={} links={} callId={}", number,
                        request.unitIds(), request.urgency().code(), request.category(), done.links(),
                        request.callId());
                return new Submitted(done, true);
            });
        });
    }

    /**
     * Indexes submitted orders ({@link OrderStore#index}, in the given order: the order log's) and links the earlier
     * orders each repeats as its next version ({@link Lifecycle#link}); again for the same order changes nothing.
     * The order log's indexer calls this, one batch after the other.
     *
     * @return per number, the order as indexed (linked if it repeats earlier ones); null where there is no such order
     */
    public Future<List<WorkOrder>> index(List<String> numbers) {
        return store.index(numbers, repeats).compose(indexed -> {
            List<Future<WorkOrder>> all = new ArrayList<>();
            for (OrderStore.Indexed i : indexed) {
                if (i.order() == null || i.links().isEmpty() || !i.order().links().isEmpty()) {
                    all.add(Future.succeededFuture(i.order()));
                    continue;
                }
                all.add(act(i.number(), o -> o.links().isEmpty() ? lifecycle.link(o, i.links(), clock.instant())
                        : new Transition.Applied(o, List.of())).compose(r -> r instanceof Result.Done d
                                ? Future.succeededFuture(d.order()) : find(i.number()).map(o -> o.orElse(null))));
            }
            return Future.all(all).map(v -> all.stream().map(Future::result).toList());
        });
    }

    /** {@link #index(List)} of one order; fails if there is no such order. */
    public Future<WorkOrder> index(String number) {
        return index(List.of(number)).compose(list -> list.get(0) != null ? Future.succeededFuture(list.get(0))
                : Future.failedFuture("order " + number + " not found"));
    }

    private Function<String, Future<WorkOrder>> indexer;

    /**
     * Who indexes submitted orders: given an order's number, a future of the order once indexed. Without one (null),
     * {@link #submit} calls {@link #index} itself.
     */
    public void indexedBy(Function<String, Future<WorkOrder>> indexer) {
        this.indexer = indexer;
    }

    private java.util.function.Consumer<WorkOrder> created = o -> { };

    /**
     * Who is told of each newly created order (the ACD counts orders made from a leader session's calls). Called on
     * the thread the store's future completes on; the default does nothing.
     */
    public void onCreated(java.util.function.Consumer<WorkOrder> listener) {
        this.created = listener == null ? o -> { } : listener;
    }

    /** The order, or empty. */
    public Future<Optional<WorkOrder>> find(String number) {
        return store.find(number);
    }

    /** A caller's orders (by their phone number), newest first. */
    public Future<List<WorkOrder>> callerOrders(String phone, int limit) {
        return store.callerOrders(RepeatRule.callerKey(phone), limit).compose(this::load);
    }

    /** A unit's orders, most recently dispatched first. */
    public Future<List<WorkOrder>> unitOrders(String unitId, int limit) {
        return store.unitOrders(unitId, limit).compose(this::load);
    }

    /**
     * Closed orders whose callback is to be made now, oldest first: a follow-up that did not reach the citizen is left
     * out until its retry time.
     */
    public Future<List<WorkOrder>> pendingCallbacks(int limit) {
        return store.pendingCallbacks(limit).compose(this::load).map(list -> {
            Instant now = clock.instant();
            return list.stream().filter(o -> o.callback() != null && !o.callback().waitingAt(now)).toList();
        });
    }

    private Future<List<WorkOrder>> load(List<String> numbers) {
        List<Future<Optional<WorkOrder>>> all = new ArrayList<>();
        numbers.forEach(n -> all.add(store.find(n)));
        return Future.all(all).map(f -> {
            List<WorkOrder> out = new ArrayList<>();
            all.forEach(o -> o.result().ifPresent(out::add));
            return out;
        });
    }

    public Future<Result> accept(String number, String unitId) {
        return act(number, o -> lifecycle.accept(o, unitId, clock.instant()));
    }

    public Future<Result> reply(String number, String unitId, String reply) {
        return act(number, o -> lifecycle.reply(o, unitId, reply, clock.instant()));
    }

    public Future<Result> returnToDesk(String number, String unitId, String reason) {
        return act(number, o -> lifecycle.returnToDesk(o, unitId, reason, clock.instant()));
    }

    public Future<Result> redispatch(String number, String fromUnit, String toUnit) {
        return act(number, o -> lifecycle.redispatch(o, fromUnit, toUnit, clock.instant()));
    }

    /**
     * Amends an open order (修改工单, {@link Lifecycle#amend}): a new version with what {@code by} changed, pushed to
     * its current units.
     */
    public Future<Result> amend(String number, OrderRequest amended, String by) {
        return act(number, o -> lifecycle.amend(o, amended, by, clock.instant()));
    }

    /** Joint dispatch: {@code unitId} gets its own part of the order. */
    public Future<Result> addUnit(String number, String unitId) {
        return addUnit(number, unitId, false);
    }

    /** Joint dispatch of {@code unitId}; with {@code lead} it becomes the order's lead unit (主办). */
    public Future<Result> addUnit(String number, String unitId, boolean lead) {
        return act(number, o -> lifecycle.addUnit(o, unitId, lead, clock.instant()));
    }

    /**
     * The orders submitted in {@code [from, to)} (at most {@code limit} looked at, newest first), of {@code district}
     * only unless it is null: a leader session's citizens to call back.
     */
    public Future<List<WorkOrder>> submittedBetween(Instant from, Instant to, String district, int limit) {
        return store.submittedBetween(from, to, limit).compose(this::load).map(list -> district == null ? list
                : list.stream().filter(o -> district.equals(o.request().address().district())).toList());
    }

    /** 催办: urges every unit still working on the order (a new version; pushed to their boards, counted). */
    public Future<Result> urge(String number, String note) {
        return act(number, o -> lifecycle.urge(o, note, clock.instant()));
    }

    /** 补充诉求: adds the caller's new information to the open order (a new version; pushed to its units). */
    public Future<Result> supplement(String number, String text) {
        return act(number, o -> lifecycle.supplement(o, text, clock.instant()));
    }

    /** The desk reassigns any open part of the order (not only a returned one) to {@code toUnit}. */
    public Future<Result> reassign(String number, String fromUnit, String toUnit) {
        return act(number, o -> lifecycle.reassign(o, fromUnit, toUnit, clock.instant()));
    }

    /**
     * Finds orders ({@link OrderFilter}): an order number is looked up, a caller's number through the caller index,
     * anything else among the newest {@code scan} orders (the open ones only when the filter asks for open or
     * overdue orders); {@code unitId} (a unit handler's search) narrows the candidates to the orders ever dispatched
     * to that unit.
     */
    public Future<OrderFilter.Page> search(OrderFilter filter, String unitId, int scan, int offset, int limit) {
        Future<List<String>> numbers;
        if (unitId != null) {
            numbers = store.unitOrders(unitId, scan);
        } else {
            numbers = switch (filter.query().kind()) {
                case NUMBER -> Future.succeededFuture(List.of(filter.query().value()));
                case PHONE -> store.callerOrders(RepeatRule.callerKey(filter.query().value()), scan);
                case TEXT, ALL -> filter.openOnly() || filter.overdue() ? store.openOrders(scan)
                        : store.recentOrders(scan);
            };
        }
        return numbers.compose(this::load).map(list -> filter.apply(list, clock.instant(), offset, limit));
    }

    /** Orders back at the dispatch desk, oldest return first. */
    public Future<List<WorkOrder>> deskOrders(int limit) {
        return store.deskOrders(limit).compose(this::load);
    }

    public Future<Result> close(String number, String unitId) {
        return act(number, o -> lifecycle.close(o, unitId, clock.instant()));
    }

    public Future<Result> recordCallback(String number, boolean resolved, boolean satisfied) {
        return act(number, o -> lifecycle.recordCallback(o, resolved, satisfied, clock.instant()));
    }

    /**
     * Records a follow-up call's result under the configured retry policy ({@link #callbackPolicy}): 联系不上 comes
     * back later, unresolved or 不满意 reopens the order to its units (重办).
     */
    public Future<Result> recordCallback(String number, hotline.orders.lifecycle.CallbackResult result) {
        return act(number, o -> lifecycle.recordCallback(o, result, callbackAttempts, callbackRetryAfter,
                clock.instant()));
    }

    /** Sets how many attempts an unanswered follow-up gets and when it comes back (default 3, 2 hours). */
    public OrdersService callbackPolicy(int maxAttempts, java.time.Duration retryAfter) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        this.callbackAttempts = maxAttempts;
        this.callbackRetryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        return this;
    }

    /** Every dispatched unit's rates, ranked. */
    public Future<List<UnitRates>> ranking() {
        return store.tallies().map(rating::rank);
    }

    /** One unit's rates (rank 0 if the unit had nothing dispatched). */
    public Future<UnitRates> rates(String unitId) {
        return store.tallies().map(tallies -> {
            for (UnitRates r : rating.rank(tallies)) {
                if (r.unitId().equals(unitId)) {
                    return r;
                }
            }
            return rating.rates(tallies.stream().filter(t -> t.unitId().equals(unitId)).findFirst()
                    .orElse(UnitTally.empty(unitId)));
        });
    }

    /**
     * A unit's rates with its place among the ranked units.
     *
     * @param rates       the unit's rates (rank 0 if it had nothing dispatched)
     * @param rankedUnits how many units are ranked (every unit dispatched anything)
     */
    public record Standing(UnitRates rates, int rankedUnits) {
    }

    /** One unit's {@link Standing}: its rates and place out of how many, from one read of the tallies. */
    public Future<Standing> standing(String unitId) {
        return store.tallies().map(tallies -> {
            List<UnitRates> ranked = rating.rank(tallies);
            for (UnitRates r : ranked) {
                if (r.unitId().equals(unitId)) {
                    return new Standing(r, ranked.size());
                }
            }
            return new Standing(rating.rates(tallies.stream().filter(t -> t.unitId().equals(unitId)).findFirst()
                    .orElse(UnitTally.empty(unitId))), ranked.size());
        });
    }

    /**
     * Sends the reminders and overdue escalations due now (at most {@code limit} orders per call).
     *
     * @return how many orders had an alert
     */
    public Future<Integer> checkDeadlines(int limit) {
        Instant now = clock.instant();
        return store.dueAlerts(now, limit).compose(numbers -> {
            List<Future<Result>> all = new ArrayList<>();
            for (String n : numbers) {
                all.add(act(n, o -> lifecycle.checkDeadlines(o, now)));
            }
            return Future.join(all).otherwiseEmpty().map(v -> (int) all.stream().filter(f -> f.succeeded()
                    && f.result() instanceof Result.Done).count());
        });
    }

    private Future<Result> act(String number, Function<WorkOrder, Transition> action) {
        return act(number, action, CONFLICT_RETRIES);
    }

    private Future<Result> act(String number, Function<WorkOrder, Transition> action, int retries) {
        return store.find(number).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(new Result.NotFound(number));
            }
            Transition t = action.apply(found.get());
            if (t instanceof Transition.Refused r) {
                log.info("orderId={} refused {}: {}", number, r.reason(), r.detail());
                return Future.succeededFuture(new Result.Refused(r.reason(), r.detail()));
            }
            Transition.Applied a = (Transition.Applied) t;
            if (!a.changed()) {
                return Future.succeededFuture(new Result.Done(a.order()));
            }
            return store.update(a.order(), a.events()).compose(stored -> {
                if (stored) {
                    a.events().forEach(e -> logEvent(number, e));
                    return Future.succeededFuture(new Result.Done(a.order()));
                }
                if (retries <= 0) {
                    log.warn("orderId={} gave up after repeated version conflicts", number);
                    return Future.succeededFuture(new Result.Conflict(number));
                }
                return act(number, action, retries - 1);
            });
        });
    }

    private static void logEvent(String number, OrderEvent e) {
        switch (e.type()) {
            case ESCALATED -> log.warn("orderId={} unitId={} overdue ({}): escalated to the supervisor", number,
                    e.unitId(), e.detail());
            case REMINDED -> log.info("orderId={} unitId={} reminded ({})", number, e.unitId(), e.detail());
            case URGED -> log.info("orderId={} unitId={} urged (催办): {}", number, e.unitId(), e.detail());
            case SUPPLEMENTED -> log.info("orderId={} unitId={} supplemented (补充诉求)", number, e.unitId());
            case RETURNED -> log.info("orderId={} unitId={} returned to the desk: {}", number, e.unitId(), e.detail());
            default -> log.info("orderId={} unitId={} {}", number, e.unitId().isEmpty() ? "-" : e.unitId(),
                    e.type());
        }
    }
}
