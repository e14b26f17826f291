package hotline.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.call.RedisAcdStateStore;
import hotline.server.cluster.LeaderElection.Answer;
import hotline.server.cluster.LeaderElection.Granted;
import hotline.server.cluster.LeaderElection.Refused;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lease and the fenced routing-state write on a real Redis: one holder at a time, a new token per grant, and a
 * holder whose lease passed to another node can neither renew nor write the state.
 */
class RedisLeaderLeaseIT {
    private static LabRedis server;
    private static Vertx vertx;
    private static Redis redis;

    @BeforeAll
    static void start() throws Exception {
        server = LabRedis.start(Lab.home().resolve("server/target/it-leader-lease/redis"));
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    /** A routing state with one agent, {@code agentId}, at sequence {@code seq}. */
    static String state(String agentId, long seq) {
        var agent = new hotline.routing.acd.EngineSnapshot.AgentRecord(agentId, "1001", java.util.Map.of("general", 1),
                hotline.routing.acd.AgentStatus.NOT_READY, "break", true, java.time.Instant.parse(
                        "2026-12-01T10:00:00Z"), null, null, 0, 0, null, false, 0, 0, null, null, null);
        return hotline.server.call.AcdStateCodec.encode(new hotline.routing.acd.EngineSnapshot(seq,
                java.util.List.of(agent), java.util.List.of(), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), java.util.List.of(), java.util.Map.of()), java.util.List.of());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldGrantOneHolderAtATimeAndFenceTheStateWritesOfAnOldOne() throws Exception {
        RedisLeaderLease a = new RedisLeaderLease(redis, "node-a", Duration.ofMillis(400));
        RedisLeaderLease b = new RedisLeaderLease(redis, "node-b", Duration.ofSeconds(5));

        Answer first = await(a.acquire());
        assertThat(first).isInstanceOf(Granted.class);
        long tokenA = ((Granted) first).token();
        assertThat(await(b.acquire())).isEqualTo(new Refused("node-a|" + tokenA));
        assertThat(await(a.renew(tokenA))).isEqualTo(new Granted(tokenA));

        FencedAcdStateStore storeA = new FencedAcdStateStore(redis, a.holder(tokenA), tokenA);
        String byA = state("ann", 1);
        await(storeA.save(byA));
        assertThat(await(storeA.load())).contains(byA);

        // node a stops renewing (a pause): its lease runs out in Redis and node b takes it with a larger token
        await(redis.send(Request.cmd(Command.PEXPIRE).arg(RedisLeaderLease.KEY).arg(1)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Answer second;
        do {
            second = await(b.acquire());
        } while (!(second instanceof Granted) && System.nanoTime() < deadline);
        assertThat(second).isInstanceOf(Granted.class);
        long tokenB = ((Granted) second).token();
        assertThat(tokenB).isGreaterThan(tokenA);

        assertThat(await(a.renew(tokenA))).isEqualTo(new Refused("node-b|" + tokenB));
        Throwable fenced = storeA.save(state("stale", 2)).toCompletionStage().toCompletableFuture()
                .handle((v, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(fenced).as("the stale leader's write is refused").isNotNull();
        assertThat(fenced.getMessage()).contains("FENCED").contains("node-b|" + tokenB);
        assertThat(await(new RedisAcdStateStore(redis).load())).isEqualTo(Optional.of(byA));

        FencedAcdStateStore storeB = new FencedAcdStateStore(redis, b.holder(tokenB), tokenB);
        String byB = state("bob", 3);
        await(storeB.save(byB));
        assertThat(await(storeB.load())).contains(byB);
        assertThat(await(redis.send(Request.cmd(Command.GET).arg(FencedAcdStateStore.TOKEN_KEY))).toLong())
                .isEqualTo(tokenB);

        assertThat(await(a.release(tokenA))).as("an old holder cannot release another's lease").isFalse();
        assertThat(await(b.release(tokenB))).isTrue();
        assertThat(await(a.acquire())).isInstanceOf(Granted.class);
    }

    @Test
    void shouldGiveBackAGrantNoReplicaAcknowledged() throws Exception {
        // this Redis has no replica: WAIT 1 answers 0 after the timeout, so the grant must not count
        RedisLeaderLease waiting = new RedisLeaderLease(redis, "node-w", Duration.ofSeconds(5), 1,
                Duration.ofMillis(50));
        await(redis.send(Request.cmd(Command.DEL).arg(RedisLeaderLease.KEY)));
        Answer answer = await(waiting.acquire());
        assertThat(answer).isInstanceOf(LeaderElection.Failed.class);
        assertThat(((LeaderElection.Failed) answer).reason()).contains("reached 0 of 1 replicas");
        assertThat(await(redis.send(Request.cmd(Command.GET).arg(RedisLeaderLease.KEY)))).isNull();

        // a holder that got its grant without WAIT cannot renew with WAIT: the renewal is Failed, not Granted
        Answer plain = await(new RedisLeaderLease(redis, "node-w", Duration.ofSeconds(5)).acquire());
        long token = ((Granted) plain).token();
        assertThat(await(waiting.renew(token))).isInstanceOf(LeaderElection.Failed.class);
        await(redis.send(Request.cmd(Command.DEL).arg(RedisLeaderLease.KEY)));
    }
}
