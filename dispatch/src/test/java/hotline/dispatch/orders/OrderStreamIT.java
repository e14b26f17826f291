package hotline.dispatch.orders;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.orders.lifecycle.Address;
import hotline.orders.lifecycle.Channel;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.OrderRequest;
import hotline.orders.lifecycle.RepeatRule;
import hotline.orders.lifecycle.Transition;
import hotline.orders.lifecycle.UrgencyTier;
import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.rating.UnitTally;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedis;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order store and the stream consumer against a real Redis started by the test. */
class OrderStreamIT {
    private static final String GROUP = "units";
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    private static LabRedis server;

    private Vertx vertx;
    private Redis redis;
    private Context ctx;
    private RedisOrderStore store;
    private final List<OrderStreamConsumer> consumers = new java.util.ArrayList<>();
    private final Lifecycle lifecycle = new Lifecycle(OrderJsonTest.DAY);
    private final RepeatRule repeats = new RepeatRule(Duration.ofDays(30));

    @BeforeAll
    static void startRedis() throws Exception {
        server = LabRedis.start(Lab.home().resolve(".run/it-dispatch-orders/redis"));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, server.uri());
        ctx = vertx.getOrCreateContext();
        store = new RedisOrderStore(redis, GROUP, 10_000);
        on(() -> redis.send(Request.cmd(Command.FLUSHALL)));
    }

    @AfterEach
    void close() throws Exception {
        for (OrderStreamConsumer c : consumers) {
            on(c::close);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private <T> T on(Supplier<Future<T>> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        ctx.runOnContext(v -> action.get().onComplete(ar -> {
            if (ar.succeeded()) {
                result.complete(ar.result());
            } else {
                result.completeExceptionally(ar.cause());
            }
        }));
        return result.get(10, TimeUnit.SECONDS);
    }

    private static OrderRequest request(String phone, String... units) {
        return new OrderRequest("王女士", phone, new Address("朝阳区", "八里庄街道", "天伦北里"), "noise",
                UrgencyTier.DAYS_7, "construction noise at night", List.of(units), null, Channel.PHONE);
    }

    private static OrderRequest requestAt(String phone, String street, String callId, String... units) {
        return new OrderRequest("王女士", phone, new Address("朝阳区", street, "天伦北里"), "noise",
                UrgencyTier.DAYS_7, "construction noise at night", List.of(units), callId, Channel.PHONE);
    }

    /** The production path: one submit.lua round trip, then the index step and the links, as the server does. */
    private WorkOrder submit(String requestId, OrderRequest request, Instant now) throws Exception {
        return submit(requestId, request, now, repeats);
    }

    private WorkOrder submit(String requestId, OrderRequest request, Instant now, RepeatRule rule) throws Exception {
        return indexed(on(() -> store.submit(requestId, request, now, LocalDate.of(2026, 12, 1), lifecycle, rule))
                .order(), rule);
    }

    /** What the server's indexer does with a submitted order: index.lua, then its LINKED version if it repeats. */
    private WorkOrder indexed(WorkOrder submitted, RepeatRule rule) throws Exception {
        String n = submitted.number().toString();
        OrderStore.Indexed i = on(() -> store.index(List.of(n), rule)).get(0);
        if (i.links().isEmpty()) {
            return i.order();
        }
        Transition.Applied linked = (Transition.Applied) lifecycle.link(i.order(), i.links(), T0);
        assertThat(on(() -> store.update(linked.order(), linked.events()))).isTrue();
        return linked.order();
    }

    private OrderStreamConsumer consumer(String name, Duration claimIdle, Function<StreamEntry, Future<Void>> h)
            throws Exception {
        OrderStreamConsumer c = new OrderStreamConsumer(vertx, redis,
                new io.vertx.redis.client.RedisOptions().setConnectionString(server.uri()), GROUP, name, claimIdle, h);
        on(c::start);
        consumers.add(c);
        return c;
    }

    private long pending(String stream) throws Exception {
        return on(() -> redis.send(Request.cmd(Command.XPENDING).arg(stream).arg(GROUP))).get(0).toLong();
    }

    @Test
    void shouldPushASubmittedOrderToEachUnitsStreamAndAckWhenHandled() throws Exception {
        LinkedBlockingQueue<StreamEntry> got = new LinkedBlockingQueue<>();
        OrderStreamConsumer c = consumer("node-a", Duration.ofSeconds(30), e -> {
            got.add(e);
            return Future.succeededFuture();
        });
        on(() -> c.subscribe(OrderKeys.unitStream("s1")));
        on(() -> c.subscribe(OrderKeys.unitStream("s2")));

        WorkOrder order = submit(UUID.randomUUID().toString(), request("13800138000", "s1", "s2"), T0);

        StreamEntry first = got.poll(10, TimeUnit.SECONDS);
        StreamEntry second = got.poll(10, TimeUnit.SECONDS);
        assertThat(List.of(first.stream(), second.stream())).containsExactlyInAnyOrder(OrderKeys.unitStream("s1"),
                OrderKeys.unitStream("s2"));
        assertThat(first.type()).isEqualTo("dispatched");
        assertThat(first.order()).isEqualTo(order.number().toString());
        assertThat(first.redelivery()).isFalse();
        assertThat(OrderJson.fromJson(new JsonObject(first.fields().get("doc")))).isEqualTo(order);
        awaitZero(() -> pending(OrderKeys.unitStream("s1")) + pending(OrderKeys.unitStream("s2")));
        assertThat(on(() -> store.find(order.number().toString()))).contains(order);
        assertThat(on(() -> store.unitOrders("s1", 10))).containsExactly(order.number().toString());
        assertThat(on(store::tallies)).contains(new UnitTally("s1", 1, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void shouldSubmitInOneStepLinkingRepeatsNewestFirstAndTheCallAndAnswerARetryWithTheStoredOrder()
            throws Exception {
        // the call's record as the server keeps it (steps may land out of order: the highest seq counts)
        on(() -> redis.batch(List.of(
                Request.cmd(Command.HSET).arg("hotline:call:C1").arg("callId").arg("C1").arg("state").arg("ended"),
                Request.cmd(Command.RPUSH).arg("hotline:call:C1:timeline")
                        .arg("{\"seq\":1,\"type\":\"arrived\",\"at\":\"2026-12-01T01:58:00Z\",\"data\":{}}")
                        .arg("{\"seq\":3,\"type\":\"ended\",\"at\":\"2026-12-01T01:59:50Z\",\"data\":{}}")
                        .arg("{\"seq\":2,\"type\":\"answered\",\"at\":\"2026-12-01T01:58:10Z\",\"data\":{}}"))));
        submit("r-old", request("13800138000", "s1"), T0.minus(Duration.ofDays(31))); // outside the window
        WorkOrder byCaller = submit("r-a", requestAt("13800138000", "其他街道", null, "s1"), T0.minusSeconds(120));
        WorkOrder byPlace = submit("r-b", request("13900139000", "s2"), T0.minusSeconds(60));
        WorkOrder byPlaceToo = submit("r-d", request("13600136000", "s2"), T0.minusSeconds(60)); // a tie: the higher number first
        submit("r-c", requestAt("13700137000", "其他街道", null, "s1"), T0.minusSeconds(30)); // neither caller nor place

        OrderRequest r = requestAt("13800138000", "八里庄街道", "C1", "s1");
        OrderStore.Submitted s = on(() -> store.submit("r-new", r, T0, LocalDate.of(2026, 12, 1), lifecycle,
                repeats));

        assertThat(s.created()).isTrue();
        // pushed at once as submitted (version 1, no links yet); indexing links the repeats as version 2
        assertThat(s.order().links()).isEmpty();
        WorkOrder pushed = s.order();
        WorkOrder order = indexed(s.order(), repeats);
        assertThat(order.links()).containsExactly(byPlaceToo.number().toString(), byPlace.number().toString(),
                byCaller.number().toString());
        assertThat(order.version()).isEqualTo(2);
        assertThat(order.request().callId()).isEqualTo("C1");
        assertThat(order.history().get(order.history().size() - 1).detail())
                .isEqualTo(String.join(",", order.links()));
        // indexing again finds the same links and changes nothing
        assertThat(on(() -> store.index(List.of(order.number().toString()), repeats)).get(0).links())
                .isEqualTo(order.links());
        assertThat(on(() -> store.find(order.number().toString()))).contains(order);
        var last = on(() -> redis.send(Request.cmd(Command.XREVRANGE).arg(OrderKeys.unitStream("s1")).arg("+")
                .arg("-").arg("COUNT").arg(1)));
        var fields = last.get(0).get(1);
        String doc = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if ("doc".equals(fields.get(i).toString())) {
                doc = fields.get(i + 1).toString();
            }
        }
        assertThat(OrderJson.fromJson(new JsonObject(doc))).isEqualTo(pushed);
        // the call links the order: a field on its hash and the next step on its timeline
        assertThat(on(() -> redis.send(Request.cmd(Command.HGET).arg("hotline:call:C1").arg("orderNumber")))
                .toString()).isEqualTo(order.number().toString());
        JsonObject step = new JsonObject(on(() -> redis.send(Request.cmd(Command.LINDEX)
                .arg("hotline:call:C1:timeline").arg(-1))).toString());
        assertThat(step).isEqualTo(new JsonObject().put("seq", 4).put("type", "order").put("at", T0.toString())
                .put("data", new JsonObject().put("orderNumber", order.number().toString())));

        // a retry: the stored order, nothing written or pushed again
        long entries = on(() -> redis.send(Request.cmd(Command.XLEN).arg(OrderKeys.unitStream("s1")))).toLong();
        OrderStore.Submitted again = on(() -> store.submit("r-new", r, T0.plusSeconds(5), LocalDate.of(2026, 12, 2),
                lifecycle, repeats));
        assertThat(again.created()).isFalse();
        assertThat(again.order()).isEqualTo(order);
        assertThat(on(() -> redis.send(Request.cmd(Command.XLEN).arg(OrderKeys.unitStream("s1")))).toLong())
                .isEqualTo(entries);
        assertThat(on(() -> redis.send(Request.cmd(Command.LLEN).arg("hotline:call:C1:timeline"))).toLong())
                .isEqualTo(4);
        // an order naming a call this Redis does not know creates no call record
        submit("r-x", requestAt("13500135000", "其他街道", "C-unknown", "s1"), T0);
        assertThat(on(() -> redis.send(Request.cmd(Command.EXISTS).arg("hotline:call:C-unknown"))).toInteger())
                .isZero();
    }

    @Test
    void shouldLinkOnlyTheNewestRepeatsWhenAPlaceHasMoreThanTheLimit() throws Exception {
        List<String> earlier = new ArrayList<>();
        for (int k = 0; k < RepeatRule.DEFAULT_MAX_LINKS + 5; k++) {
            earlier.add(submit("r-" + k, request("1390013" + String.format("%04d", k), "s1"),
                    T0.minusSeconds(600 - k)).number().toString());
        }

        WorkOrder order = submit("r-new", request("13800138000", "s1"), T0);

        List<String> newest = new ArrayList<>(earlier.subList(5, earlier.size()));
        java.util.Collections.reverse(newest);
        assertThat(order.links()).containsExactlyElementsOf(newest);
        assertThat(on(() -> store.find(order.number().toString()))).contains(order);
    }

    @Test
    void shouldLinkExactlyWhatThePureRuleLinksWhenBothIndexesHaveCandidatesWithTiesAtTheCut() throws Exception {
        // earlier orders by the same caller only, at the same place only, and both (in both indexes: linked once),
        // several in one millisecond, more than the limit in all: the script's merge must equal RepeatRule.links
        RepeatRule four = new RepeatRule(Duration.ofDays(30), 4);
        List<RepeatRule.Candidate> candidates = new ArrayList<>();
        String[][] kinds = {{"13800138000", "其他街道"}, {"13900139000", "八里庄街道"}, {"13800138000", "八里庄街道"}};
        int[] secondsBefore = {300, 200, 200, 200, 100, 100, 100, 50, 50, 40};
        for (int k = 0; k < secondsBefore.length; k++) {
            String[] kind = kinds[k % kinds.length];
            Instant at = T0.minusSeconds(secondsBefore[k]);
            WorkOrder o = submit("r-" + candidates.size(), requestAt(kind[0], kind[1], null, "s1"), at, four);
            candidates.add(new RepeatRule.Candidate(o.number().toString(), at));
        }
        // the same caller at the same place: candidates of both indexes (the place-only ones and caller-only ones)
        WorkOrder order = submit("r-new", request("13800138000", "s1"), T0, four);

        assertThat(order.links()).hasSize(4).containsExactlyElementsOf(four.links(candidates, T0));
        assertThat(on(() -> store.find(order.number().toString()))).contains(order);
        // one index only (a new caller at the place): its own order, no merge
        WorkOrder byPlace = submit("r-place", request("13500135000", "s1"), T0.plusSeconds(1), four);
        List<RepeatRule.Candidate> placeOnly = new ArrayList<>();
        for (int k = 0; k < candidates.size(); k++) {
            if (!kinds[k % kinds.length][1].equals("其他街道")) {
                placeOnly.add(candidates.get(k));
            }
        }
        placeOnly.add(new RepeatRule.Candidate(order.number().toString(), T0));
        assertThat(byPlace.links()).containsExactlyElementsOf(four.links(placeOnly, T0.plusSeconds(1)));
    }

    @Test
    void shouldGiveARetriedSubmitTheSameNumberAndNeitherStoreNorPushItTwice() throws Exception {
        WorkOrder first = submit("req-1", request("13800138000", "s1"), T0);

        OrderStore.Prepared again = on(() -> store.prepare("req-1", LocalDate.of(2026, 12, 2), "", "", T0));
        Transition.Applied t = lifecycle.submit(again.number(), request("13800138000", "s1"), List.of(), T0);
        boolean stored = on(() -> store.create(t.order(), t.events()));

        assertThat(again.number()).isEqualTo(first.number());
        assertThat(stored).isFalse();
        assertThat(on(() -> redis.send(Request.cmd(Command.XLEN).arg(OrderKeys.unitStream("s1")))).toLong())
                .isEqualTo(1);
        assertThat(on(store::tallies)).contains(new UnitTally("s1", 1, 0, 0, 0, 0, 0, 0, 0));
        WorkOrder other = submit("req-2", request("13800138000", "s1"), T0);
        assertThat(other.number().sequence()).isEqualTo(first.number().sequence() + 1);
    }

    @Test
    void shouldFindRepeatCandidatesByCallerWithinTheWindow() throws Exception {
        WorkOrder earlier = submit("req-a", request("13800138000", "s1"), T0);

        OrderStore.Prepared p = on(() -> store.prepare("req-b", LocalDate.of(2026, 12, 1), "13800138000", "",
                T0.minusSeconds(1)));

        assertThat(p.candidates()).extracting(c -> c.number()).containsExactly(earlier.number().toString());
        assertThat(p.candidates().get(0).createdAt()).isEqualTo(T0);
    }

    @Test
    void shouldRefuseAStaleUpdateAndApplyTheCurrentOne() throws Exception {
        WorkOrder order = submit("req-1", request("13800138000", "s1"), T0);
        Transition.Applied accepted = (Transition.Applied) lifecycle.accept(order, "s1", T0.plusSeconds(5));
        assertThat(on(() -> store.update(accepted.order(), accepted.events()))).isTrue();

        Transition.Applied stale = (Transition.Applied) lifecycle.returnToDesk(order, "s1", "wrong unit", T0);

        assertThat(on(() -> store.update(stale.order(), stale.events()))).isFalse();
        assertThat(on(() -> store.find(order.number().toString())).orElseThrow().version()).isEqualTo(2);
        assertThat(on(store::tallies)).contains(new UnitTally("s1", 1, 1, 0, 0, 0, 0, 0, 1));
    }

    @Test
    void shouldDeliverAgainToAnotherConsumerWhatACrashedConsumerNeverAcknowledged() throws Exception {
        LinkedBlockingQueue<StreamEntry> seenByA = new LinkedBlockingQueue<>();
        OrderStreamConsumer a = consumer("node-a", Duration.ofMillis(300), e -> {
            seenByA.add(e);
            return Promise.<Void>promise().future(); // never completes: node A dies while handling it
        });
        on(() -> a.subscribe(OrderKeys.unitStream("s1")));
        WorkOrder order = submit("req-1", request("13800138000", "s1"), T0);
        assertThat(seenByA.poll(10, TimeUnit.SECONDS).order()).isEqualTo(order.number().toString());
        on(a::close);
        assertThat(pending(OrderKeys.unitStream("s1"))).isEqualTo(1);

        LinkedBlockingQueue<StreamEntry> seenByB = new LinkedBlockingQueue<>();
        OrderStreamConsumer b = consumer("node-b", Duration.ofMillis(300), e -> {
            seenByB.add(e);
            return Future.succeededFuture();
        });
        on(() -> b.subscribe(OrderKeys.unitStream("s1")));

        StreamEntry recovered = seenByB.poll(10, TimeUnit.SECONDS);
        assertThat(recovered).isNotNull();
        assertThat(recovered.order()).isEqualTo(order.number().toString());
        assertThat(recovered.redelivery()).isTrue();
        awaitZero(() -> pending(OrderKeys.unitStream("s1")));
    }

    @Test
    void shouldRedeliverItsOwnPendingEntriesWhenAConsumerRestartsUnderTheSameName() throws Exception {
        LinkedBlockingQueue<StreamEntry> before = new LinkedBlockingQueue<>();
        OrderStreamConsumer first = consumer("node-a", Duration.ofSeconds(30), e -> {
            before.add(e);
            return Future.failedFuture("socket gone");
        });
        on(() -> first.subscribe(OrderKeys.unitStream("s1")));
        WorkOrder order = submit("req-1", request("13800138000", "s1"), T0);
        assertThat(before.poll(10, TimeUnit.SECONDS)).isNotNull();
        on(first::close);

        LinkedBlockingQueue<StreamEntry> after = new LinkedBlockingQueue<>();
        OrderStreamConsumer restarted = consumer("node-a", Duration.ofSeconds(30), e -> {
            after.add(e);
            return Future.succeededFuture();
        });
        on(() -> restarted.subscribe(OrderKeys.unitStream("s1")));

        StreamEntry again = after.poll(10, TimeUnit.SECONDS);
        assertThat(again.order()).isEqualTo(order.number().toString());
        assertThat(again.redelivery()).isTrue();
        awaitZero(() -> pending(OrderKeys.unitStream("s1")));
        WorkOrder next = submit("req-2", request("13900139000", "s1"), T0);
        assertThat(after.poll(10, TimeUnit.SECONDS).order()).isEqualTo(next.number().toString());
    }

    @Test
    void shouldNumberOrdersOfTwoNodesUniquelyFromBlocksOfTheDaysSequence() throws Exception {
        RedisOrderStore other = new RedisOrderStore(redis, GROUP, 10_000);
        java.util.Set<String> numbers = new java.util.HashSet<>();
        List<Long> mine = new ArrayList<>();
        List<Long> theirs = new ArrayList<>();
        for (int k = 0; k < RedisOrderStore.NUMBER_BLOCK + 10; k++) {
            int i = k;
            WorkOrder a = on(() -> store.submit("a-" + i, request("13800138000", "s1"), T0, LocalDate.of(2026, 12, 1),
                    lifecycle, repeats)).order();
            WorkOrder b = on(() -> other.submit("b-" + i, request("13800138000", "s1"), T0, LocalDate.of(2026, 12, 1),
                    lifecycle, repeats)).order();
            assertThat(numbers.add(a.number().toString())).isTrue();
            assertThat(numbers.add(b.number().toString())).isTrue();
            mine.add(a.number().sequence());
            theirs.add(b.number().sequence());
        }
        assertThat(mine).isSorted();
        assertThat(theirs).isSorted();
        // the next day starts its own sequence
        WorkOrder tomorrow = on(() -> store.submit("a-next-day", request("13800138000", "s1"), T0.plusSeconds(86_400),
                LocalDate.of(2026, 12, 2), lifecycle, repeats)).order();
        assertThat(tomorrow.number().toString()).isEqualTo("20261202-000001");
    }

    @Test
    void shouldKeepOrdersAndUnreadEntriesAcrossARedisRestart() throws Exception {
        WorkOrder order = submit("req-1", request("13800138000", "s1"), T0);
        for (OrderStreamConsumer c : consumers) {
            on(c::close);
        }
        consumers.clear();
        on(() -> redis.close());
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        server.restart();
        connectWithoutFlush();

        assertThat(on(() -> store.find(order.number().toString()))).contains(order);
        LinkedBlockingQueue<StreamEntry> got = new LinkedBlockingQueue<>();
        OrderStreamConsumer c = consumer("node-a", Duration.ofSeconds(30), e -> {
            got.add(e);
            return Future.succeededFuture();
        });
        on(() -> c.subscribe(OrderKeys.unitStream("s1")));
        assertThat(got.poll(10, TimeUnit.SECONDS).order()).isEqualTo(order.number().toString());
        // the restarted Redis has no cached scripts: EVALSHA answers NOSCRIPT and the store falls back to EVAL
        // (and the new store takes the next block of the day's sequence: the rest of the old one is skipped)
        WorkOrder next = submit("req-2", request("13900139000", "s1"), T0);
        assertThat(next.number().sequence()).isEqualTo(order.number().sequence() + RedisOrderStore.NUMBER_BLOCK);
        assertThat(got.poll(10, TimeUnit.SECONDS).order()).isEqualTo(next.number().toString());
    }

    private void connectWithoutFlush() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, server.uri());
        ctx = vertx.getOrCreateContext();
        store = new RedisOrderStore(redis, GROUP, 10_000);
    }

    private interface Count {
        long get() throws Exception;
    }

    /** Polls a Redis count until it is zero: the acknowledgement is sent after the handler, asynchronously. */
    private static void awaitZero(Count count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last;
        while ((last = count.get()) != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + last + " pending after 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
