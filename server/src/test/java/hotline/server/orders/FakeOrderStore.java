package hotline.server.orders;

import hotline.dispatch.orders.OrderStore;
import hotline.orders.lifecycle.OrderEvent;
import hotline.orders.lifecycle.OrderNumber;
import hotline.orders.lifecycle.RepeatRule;
import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.rating.TallyDelta;
import hotline.orders.rating.UnitTally;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link OrderStore} in memory, with the Redis store's contract: numbers per request id, the version check, the
 * events of every stored version (what would go to the streams) and the tallies. Not thread-safe: one context.
 */
final class FakeOrderStore implements OrderStore {
    final Map<String, WorkOrder> orders = new TreeMap<>();
    final Map<String, String> requests = new HashMap<>();
    final Map<LocalDate, Long> sequences = new HashMap<>();
    final List<OrderEvent> stored = new ArrayList<>();
    final Map<String, UnitTally> tallies = new TreeMap<>();
    /** When positive, that many updates are refused as if another node had written first. */
    int conflicts;

    @Override
    public Future<Prepared> prepare(String requestId, LocalDate day, String callerKey, String placeKey,
            Instant since) {
        String number = requests.computeIfAbsent(requestId, r ->
                new OrderNumber(day, sequences.merge(day, 1L, Long::sum)).toString());
        List<RepeatRule.Candidate> candidates = new ArrayList<>();
        for (WorkOrder o : orders.values()) {
            boolean caller = !callerKey.isEmpty() && RepeatRule.callerKey(o.request().phone()).equals(callerKey);
            boolean place = !placeKey.isEmpty()
                    && RepeatRule.placeKey(o.request().address(), o.request().category()).equals(placeKey);
            if ((caller || place) && !o.createdAt().isBefore(since)) {
                candidates.add(new RepeatRule.Candidate(o.number().toString(), o.createdAt()));
            }
        }
        return Future.succeededFuture(new Prepared(OrderNumber.parse(number).orElseThrow(), candidates));
    }

    @Override
    public Future<Boolean> create(WorkOrder order, List<OrderEvent> events) {
        if (orders.containsKey(order.number().toString())) {
            return Future.succeededFuture(false);
        }
        return store(order, events);
    }

    @Override
    public Future<Boolean> update(WorkOrder order, List<OrderEvent> events) {
        WorkOrder current = orders.get(order.number().toString());
        if (conflicts > 0) {
            conflicts--;
            return Future.succeededFuture(false);
        }
        if (current == null || current.version() != order.version() - 1) {
            return Future.succeededFuture(false);
        }
        return store(order, events);
    }

    private Future<Boolean> store(WorkOrder order, List<OrderEvent> events) {
        orders.put(order.number().toString(), order);
        stored.addAll(events);
        for (TallyDelta d : TallyDelta.of(events)) {
            tallies.merge(d.unitId(), UnitTally.empty(d.unitId()).plus(d), (a, b) -> a.plus(d));
        }
        return Future.succeededFuture(true);
    }

    @Override
    public Future<Optional<WorkOrder>> find(String number) {
        return Future.succeededFuture(Optional.ofNullable(orders.get(number)));
    }

    @Override
    public Future<List<String>> callerOrders(String callerKey, int limit) {
        List<String> out = new ArrayList<>();
        for (WorkOrder o : orders.values()) {
            if (!callerKey.isEmpty() && RepeatRule.callerKey(o.request().phone()).equals(callerKey)) {
                out.add(0, o.number().toString());
            }
        }
        return Future.succeededFuture(out.subList(0, Math.min(limit, out.size())));
    }

    @Override
    public Future<List<String>> unitOrders(String unitId, int limit) {
        List<String> out = new ArrayList<>();
        for (WorkOrder o : orders.values()) {
            if (o.parts().stream().anyMatch(p -> p.unitId().equals(unitId))) {
                out.add(0, o.number().toString());
            }
        }
        return Future.succeededFuture(out.subList(0, Math.min(limit, out.size())));
    }

    @Override
    public Future<List<String>> dueAlerts(Instant now, int limit) {
        List<String> out = new ArrayList<>();
        for (WorkOrder o : orders.values()) {
            if (o.nextAlertAt().isPresent() && !o.nextAlertAt().get().isAfter(now) && out.size() < limit) {
                out.add(o.number().toString());
            }
        }
        return Future.succeededFuture(out);
    }

    @Override
    public Future<List<String>> submittedBetween(Instant from, Instant to, int limit) {
        List<String> out = new ArrayList<>();
        orders.values().stream().filter(o -> !o.createdAt().isBefore(from) && o.createdAt().isBefore(to))
                .sorted(java.util.Comparator.comparing(WorkOrder::createdAt).reversed()).limit(limit)
                .forEach(o -> out.add(o.number().toString()));
        return Future.succeededFuture(out);
    }

    @Override
    public Future<List<String>> deskOrders(int limit) {
        List<String> out = new ArrayList<>();
        for (WorkOrder o : orders.values()) {
            if (o.status() == hotline.orders.lifecycle.OrderStatus.AT_DESK && out.size() < limit) {
                out.add(o.number().toString());
            }
        }
        return Future.succeededFuture(out);
    }

    @Override
    public Future<List<String>> openOrders(int limit) {
        List<String> out = new ArrayList<>();
        for (WorkOrder o : orders.values()) {
            if (o.status() != hotline.orders.lifecycle.OrderStatus.CLOSED) {
                out.add(0, o.number().toString());
            }
        }
        return Future.succeededFuture(out.subList(0, Math.min(limit, out.size())));
    }

    @Override
    public Future<List<String>> recentOrders(int limit) {
        List<String> out = new ArrayList<>();
        orders.keySet().forEach(n -> out.add(0, n));
        return Future.succeededFuture(out.subList(0, Math.min(limit, out.size())));
    }

    @Override
    public Future<List<String>> pendingCallbacks(int limit) {
        List<String> out = new ArrayList<>();
        for (WorkOrder o : orders.values()) {
            if (o.callback() != null && o.callback().isPending() && out.size() < limit) {
                out.add(o.number().toString());
            }
        }
        return Future.succeededFuture(out);
    }

    @Override
    public Future<List<UnitTally>> tallies() {
        return Future.succeededFuture(List.copyOf(tallies.values()));
    }
}
