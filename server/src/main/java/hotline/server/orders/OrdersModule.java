package hotline.server.orders;

import hotline.config.DispatchConfig;
import hotline.dispatch.orders.OrderStreamConsumer;
import hotline.dispatch.orders.RedisOrderStore;
import hotline.orders.deadline.WorkCalendar;
import hotline.orders.deadline.WorkingTimeDeadlines;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.RepeatRule;
import hotline.orders.rating.Rating;
import hotline.server.http.OrdersApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work-order dispatch wired on the hotline verticle's context: the pure lifecycle, deadlines and rating, the Redis
 * order store, the unit-stream consumer feeding the WebSockets, the deadline timer and the HTTP routes.
 */
public final class OrdersModule {
    private static final Logger log = LoggerFactory.getLogger(OrdersModule.class);
    private static final int ALERTS_PER_TICK = 500;

    private final Vertx vertx;
    private final DispatchConfig config;
    private final OrdersService service;
    private final UnitFeed feed = new UnitFeed();
    private final OrderStreamConsumer consumer;
    private final OrderIndexer indexer;
    /** How long a submit waits for its order to be indexed before it answers with the order as submitted. */
    private static final java.time.Duration INDEX_WAIT = java.time.Duration.ofSeconds(2);
    private long timer = -1;
    private boolean checking;

    /**
     * @param redis  the verticle's pooled Redis client
     * @param reader connection options for the consumer's own blocking connection (the same server)
     */
    public OrdersModule(Vertx vertx, Redis redis, RedisOptions reader, DispatchConfig config, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        WorkCalendar calendar = new WorkCalendar(config.zone(), config.dayStart(), config.dayEnd(), config.holidays(),
                config.makeUpWorkdays());
        Lifecycle lifecycle = new Lifecycle(new WorkingTimeDeadlines(calendar, config.hourTiersInWorkingTime(),
                config.reminderWorkingDay()));
        RedisOrderStore store = new RedisOrderStore(redis, config.consumerGroup(), config.streamMaxLength());
        service = new OrdersService(store, lifecycle, new RepeatRule(config.repeatWindow(), config.repeatLinks()),
                Rating.standard(), clock, config.zone())
                .callbackPolicy(config.callbackAttempts(), config.callbackRetryAfter());
        indexer = new OrderIndexer(vertx, redis, reader, config.consumerName(), config.claimIdle(), service, store,
                INDEX_WAIT);
        service.indexedBy(indexer::indexed);
        consumer = new OrderStreamConsumer(vertx, redis, reader, config.consumerGroup(), config.consumerName(),
                config.claimIdle(), feed::deliver);
        feed.attach(consumer);
    }

    /** The service (for tests and the bench). */
    public OrdersService service() {
        return service;
    }

    /** Starts the indexer, the consumer and the deadline timer. Call on the verticle's context. */
    public Future<Void> start() {
        timer = vertx.setPeriodic(config.deadlineCheckInterval().toMillis(), id -> checkDeadlines());
        return indexer.start().compose(v -> consumer.start());
    }

    /**
     * Adds the order routes and the WebSocket endpoints to the API router; orders to units not in {@code units}'
     * directory are refused (400).
     */
    public void mount(Router router, java.util.function.Supplier<UnitDirectory> units) {
        new OrdersApi(service, feed, units).mount(router);
        new hotline.server.http.OrderSearchApi(service, units).mount(router);
    }

    /**
     * Adds the routes without a unit directory: any well-formed unit id is taken (the dispatch benchmark's made-up
     * units). The server always mounts them with its directory.
     */
    public void mount(Router router) {
        mount(router, null);
    }

    private void checkDeadlines() {
        if (checking) {
            return; // the previous pass is still running
        }
        checking = true;
        service.checkDeadlines(ALERTS_PER_TICK).onComplete(ar -> {
            checking = false;
            if (ar.failed()) {
                log.warn("deadline check failed: {}", ar.cause().getMessage());
            } else if (ar.result() > 0) {
                log.info("deadline check: {} order(s) reminded or escalated", ar.result());
            }
        });
    }

    /** Stops the timer, closes the sockets, the consumer and the indexer. */
    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        feed.closeAll();
        return consumer.close().compose(v -> indexer.stop());
    }
}
