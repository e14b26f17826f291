package hotline.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.routing.acd.AgentStatus;
import hotline.routing.acd.CallKind;
import hotline.routing.acd.CallPhase;
import hotline.routing.acd.EngineSnapshot;
import hotline.routing.acd.EngineSnapshot.AgentRecord;
import hotline.routing.acd.EngineSnapshot.CallRecord;
import hotline.routing.acd.EngineSnapshot.QueueCounters;
import hotline.routing.acd.EngineSnapshot.RecentCaller;
import hotline.routing.acd.Priority;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The incremental routing-state store on a real Redis: what it loads is the very document the whole-document store
 * would have saved, a save sends only what changed, and a hash Redis lost (or another store replaced) is written
 * whole again.
 */
class RedisHashAcdStateStoreIT {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static LabRedis server;
    private static Vertx vertx;
    private static Redis redis;

    @BeforeAll
    static void start() throws Exception {
        server = LabRedis.start(Lab.home().resolve("server/target/it-hash-state/redis"));
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

    @BeforeEach
    void empty() throws Exception {
        await(redis.send(Request.cmd(Command.FLUSHALL)));
    }

    @Test
    void shouldLoadExactlyTheDocumentOfTheStateSavedAndSendOnlyWhatChanged() throws Exception {
        RedisHashAcdStateStore store = new RedisHashAcdStateStore(redis);
        Hall hall = new Hall(50, 30, 10);
        await(store.save(hall.snapshot(), hall.saved));
        assertThat(await(store.load())).contains(AcdStateCodec.encode(hall.snapshot(), hall.saved));
        long whole = store.bytesSent();

        // one call ends: its agent goes to wrap-up, its records go; one new caller is remembered
        hall.agents.set(3, agent("agent3", AgentStatus.WRAP_UP, "C3"));
        hall.calls.removeIf(c -> c.callId().equals("C3"));
        hall.saved.removeIf(c -> c.callId().equals("C3"));
        hall.recent.add(new RecentCaller("13900000999", T0.plusSeconds(60)));
        hall.seq++;
        await(store.save(hall.snapshot(), hall.saved));
        long change = store.bytesSent() - whole;
        assertThat(await(store.load())).contains(AcdStateCodec.encode(hall.snapshot(), hall.saved));
        assertThat(change).as("one agent, one recent caller, the meta and two deletions, not the %d-byte state",
                whole).isLessThan(whole / 10);
        assertThat(hlen()).isEqualTo(1 + 1 + 50 + 39 + 39 + 41);

        long before = store.bytesSent();
        await(store.save(hall.snapshot(), hall.saved));
        assertThat(store.bytesSent()).as("nothing changed: nothing sent").isEqualTo(before);
    }

    @Test
    void shouldWriteTheWholeStateAgainWhenRedisLostTheHash() throws Exception {
        RedisHashAcdStateStore store = new RedisHashAcdStateStore(redis);
        Hall hall = new Hall(5, 2, 1);
        await(store.save(hall.snapshot(), hall.saved));
        await(redis.send(Request.cmd(Command.DEL).arg(RedisHashAcdStateStore.KEY))); // a Redis restart without AOF
        hall.seq++;
        hall.agents.set(0, agent("agent0", AgentStatus.NOT_READY, null));
        await(store.save(hall.snapshot(), hall.saved));
        assertThat(await(store.load())).contains(AcdStateCodec.encode(hall.snapshot(), hall.saved));
    }

    @Test
    void shouldReadAnOlderWholeDocumentUntilTheFirstSaveAndThenDeleteIt() throws Exception {
        Hall hall = new Hall(4, 1, 1);
        String doc = AcdStateCodec.encode(hall.snapshot(), hall.saved);
        await(new RedisAcdStateStore(redis).save(doc));
        RedisHashAcdStateStore store = new RedisHashAcdStateStore(redis);
        assertThat(await(store.load())).contains(doc);
        hall.seq++;
        await(store.save(hall.snapshot(), hall.saved));
        assertThat(await(redis.send(Request.cmd(Command.EXISTS).arg(RedisAcdStateStore.KEY))).toInteger()).isZero();
        assertThat(await(new RedisAcdStateStore(redis).load()).orElseThrow())
                .as("the whole-document store reads the hash too").isEqualTo(AcdStateCodec.encode(hall.snapshot(),
                        hall.saved));
        // and back: a whole-document save replaces the hash
        await(new RedisAcdStateStore(redis).save(doc));
        assertThat(await(store.load())).isEqualTo(Optional.of(doc));
    }

    @Test
    void shouldRefuseADocumentItCannotRead() throws Exception {
        Throwable e = new RedisHashAcdStateStore(redis).save("{\"by\":\"a\"}").toCompletionStage()
                .toCompletableFuture().handle((v, err) -> err).get(10, TimeUnit.SECONDS);
        assertThat(e).hasMessageContaining("saved ACD state");
    }

    private long hlen() throws Exception {
        return await(redis.send(Request.cmd(Command.HLEN).arg(RedisHashAcdStateStore.KEY))).toLong();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static AgentRecord agent(String id, AgentStatus status, String callId) {
        return new AgentRecord(id, "s-" + id, Map.of("general", 3, "water", 5), status,
                status == AgentStatus.NOT_READY ? "break" : null, true, T0, status == AgentStatus.READY ? T0 : null,
                callId, 2, 7, status == AgentStatus.WRAP_UP ? T0.plusSeconds(90) : null, false, 1000, 2000, "q1",
                null, null);
    }

    /** A small hall: agents, the first {@code talking} on a call, {@code waiting} calls queued. */
    private static final class Hall {
        long seq = 100;
        final List<AgentRecord> agents = new ArrayList<>();
        final List<CallRecord> calls = new ArrayList<>();
        final List<AcdStateCodec.SavedCall> saved = new ArrayList<>();
        final List<RecentCaller> recent = new ArrayList<>();

        Hall(int agentCount, int talking, int waiting) {
            for (int i = 0; i < agentCount; i++) {
                agents.add(agent("agent" + i, i < talking ? AgentStatus.ON_CALL : AgentStatus.READY,
                        i < talking ? "C" + i : null));
            }
            for (int c = 0; c < talking + waiting; c++) {
                boolean on = c < talking;
                calls.add(new CallRecord("C" + c, CallKind.INBOUND, on ? CallPhase.CONNECTED : CallPhase.WAITING,
                        "q1", 0, Priority.NORMAL, false, T0.plusSeconds(c), T0.plusSeconds(c), c + 1,
                        on ? "agent" + c : null, on ? T0.plusSeconds(c + 5) : null, "1390000" + (1000 + c), null,
                        null, null, false, null, false, on));
                saved.add(new AcdStateCodec.SavedCall("C" + c, "1796166409." + c, "PJSIP/carrier-" + c, 6, true,
                        on ? "agent" + c : null, on ? "s-agent" + c : null, on ? "1796166410." + c : null, on, null));
                recent.add(new RecentCaller("1390000" + (1000 + c), T0.plusSeconds(c)));
            }
            saved.sort(java.util.Comparator.comparing(AcdStateCodec.SavedCall::callId)); // as the controller does
        }

        EngineSnapshot snapshot() {
            List<RecentCaller> byNumber = new ArrayList<>(recent);
            byNumber.sort(java.util.Comparator.comparing(RecentCaller::number));
            List<AgentRecord> byId = new ArrayList<>(agents);
            byId.sort(java.util.Comparator.comparing(AgentRecord::agentId));
            return new EngineSnapshot(seq, byId, List.copyOf(calls), List.of(new QueueCounters("q1", seq, 3, 1, 2,
                    4000, 0, 0)), List.of(), byNumber, List.of("1099"), Map.of());
        }
    }
}
