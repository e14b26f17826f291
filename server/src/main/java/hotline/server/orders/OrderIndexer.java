package hotline.server.orders;

import hotline.dispatch.orders.OrderKeys;
import hotline.dispatch.orders.OrderStreamConsumer;
import hotline.dispatch.orders.RedisOrderStore;
import hotline.dispatch.orders.StreamEntry;
import hotline.orders.lifecycle.WorkOrder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes submitted orders from the order log ({@link OrderKeys#LOG}), in its order and one at a time, so that each
 * order's repeat lookup finds exactly the orders submitted before it: a consumer ({@link OrderStreamConsumer}) of the
 * log's group {@link OrderKeys#INDEXER_GROUP} runs {@link OrdersService#index} for each entry, then deletes the entry;
 * it is acknowledged only then. A node that dies with entries in hand leaves them pending: they are delivered again
 * when it restarts under the same consumer name, or claimed by another node after {@code claimIdle}; indexing twice
 * changes nothing.
 *
 * <p>{@link #indexed} is what {@link OrdersService#submit} waits on; it also makes the indexer read the log at once.
 * Runs on the context that called {@link #start} (the verticle's, as the submits).
 */
public final class OrderIndexer {
    private static final Logger log = LoggerFactory.getLogger(OrderIndexer.class);
    /** Indexed orders remembered for a submit whose answer arrives after the indexer has done it. */
    private static final int REMEMBERED = 10_000;
    /**
     * How often the log is read when no submit on this node pokes it (entries appended by another node, or left by
     * a crash). The indexer does not block in Redis: a second blocked reader woken by every submit would make Redis
     * serve it beside the unit's consumer on the push's own path.
     */
    private static final Duration POLL_EVERY = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final OrdersService service;
    private final RedisOrderStore store;
    private final Duration wait;
    private final OrderStreamConsumer consumer;
    /** Orders indexed or awaited, by number; the oldest forgotten beyond {@link #REMEMBERED}. */
    private final Map<String, Promise<WorkOrder>> results = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Promise<WorkOrder>> eldest) {
            return size() > REMEMBERED;
        }
    };
    private Future<Void> tail = Future.succeededFuture();
    private final List<Map.Entry<StreamEntry, Promise<Void>>> batch = new ArrayList<>();

    /**
     * @param reader    connection options for the indexer's own blocking connection
     * @param consumer  this node's consumer name in the log's group (stable across restarts)
     * @param claimIdle how long a log entry stays unacknowledged before another consumer takes it over
     * @param wait      how long {@link #indexed} waits before it gives up (the order is indexed later all the same)
     */
    public OrderIndexer(Vertx vertx, Redis redis, RedisOptions reader, String consumer, Duration claimIdle,
            OrdersService service, RedisOrderStore store, Duration wait) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.service = Objects.requireNonNull(service, "service");
        this.store = Objects.requireNonNull(store, "store");
        this.wait = Objects.requireNonNull(wait, "wait");
        this.consumer = new OrderStreamConsumer(vertx, redis, reader, OrderKeys.INDEXER_GROUP, consumer, claimIdle,
                this::handle).polling(POLL_EVERY);
    }

    /** Starts reading the log (creating its group from id 0 when new). Call on the owning context. */
    public Future<Void> start() {
        return consumer.start().compose(v -> consumer.subscribe(OrderKeys.LOG));
    }

    /** Stops reading; entries in hand stay pending. */
    public Future<Void> stop() {
        return consumer.close();
    }

    /**
     * The order once indexed here; fails after the wait if it has not been. Reads the log now: the order has just
     * been appended to it. Call on the indexer's context.
     */
    public Future<WorkOrder> indexed(String number) {
        Future<WorkOrder> f = result(number).future();
        consumer.poke();
        return f.timeout(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Promise<WorkOrder> result(String number) {
        synchronized (results) {
            return results.computeIfAbsent(number, n -> Promise.promise());
        }
    }

    private Future<Void> handle(StreamEntry entry) {
        // the entries of one read arrive one after the other on this context: gather them and index them as one
        // batch on the next turn of the loop
        Promise<Void> done = Promise.promise();
        batch.add(Map.entry(entry, done));
        if (batch.size() == 1) {
            vertx.getOrCreateContext().runOnContext(v -> flush());
        }
        return done.future();
    }

    private void flush() {
        List<Map.Entry<StreamEntry, Promise<Void>>> entries = new ArrayList<>(batch);
        batch.clear();
        // one batch after the other, in the log's order: each lookup sees the orders indexed before it
        tail = tail.transform(ignored -> {
            List<String> numbers = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Map.Entry<StreamEntry, Promise<Void>> e : entries) {
                ids.add(e.getKey().id());
                if (!e.getKey().order().isEmpty()) {
                    numbers.add(e.getKey().order());
                }
            }
            Future<Void> work = service.index(numbers).compose(orders -> {
                for (int i = 0; i < numbers.size(); i++) {
                    if (orders.get(i) == null) {
                        log.warn("orderId={} is in the order log but not stored: nothing to index", numbers.get(i));
                    } else {
                        result(numbers.get(i)).tryComplete(orders.get(i));
                    }
                }
                return store.forgetLogEntries(ids);
            });
            work.onComplete(ar -> {
                if (ar.failed()) {
                    log.warn("orderIds={} not indexed: {}; they stay pending, retried after the claim time", numbers,
                            ar.cause().getMessage());
                }
                entries.forEach(e -> e.getValue().handle(ar));
            });
            return work.otherwiseEmpty();
        });
    }
}
