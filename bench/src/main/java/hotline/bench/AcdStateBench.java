package hotline.bench;

import hotline.routing.acd.AcdConfig;
import hotline.routing.acd.AcdEngine;
import hotline.routing.acd.AcdEvent;
import hotline.routing.acd.Arrival;
import hotline.server.call.AcdStateCodec;
import hotline.server.call.RedisAcdStateStore;
import hotline.server.call.RedisHashAcdStateStore;
import hotline.server.cluster.FencedAcdStateStore;
import hotline.server.cluster.LeaderElection;
import hotline.server.cluster.RedisLeaderLease;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the routing leader's state costs Redis in a full hall: {@code agents} agents logged in and ready (6 skills
 * each, as in {@code routing}), {@code talking} calls connected and {@code waiting} calls queued. The leader saves the
 * whole state as one JSON document ({@link AcdStateCodec}) at most every 200 ms (debounced), through the fenced
 * write ({@link FencedAcdStateStore}: one Lua script checking the lease). Measured: the document's size, the time
 * to snapshot and encode it, and the fenced write's round trip on a real Redis (AOF on, as in production), and the
 * time to decode and restore it (what a new leader does on takeover).
 *
 * Times are medians, wall clock and this thread's CPU time (the machine may be shared).
 *
 * <p>Then the same hall saved incrementally ({@link FencedAcdStateStore} over {@link RedisHashAcdStateStore}: only
 * the agents and calls that changed) while one call cycle happens between two saves (a connected call ends, its
 * agent's wrap-up ends, a new call arrives and is answered: 5 calls/s at 5 saves/s, three times a 1,000-seat hall's
 * busiest hour): the bytes of fields sent per save, the growth of Redis's append-only file per save (what replication
 * and AOF carry), for the whole document too, and the save's round trip.
 *
 * <p>Prints {@code acd-state agents=... talking=... waiting=... doc_kb=... encode_ms=... encode_cpu_ms=...
 * restore_ms=... restore_cpu_ms=... fenced_set_ms_median=... fenced_set_ms_p99=... mb_per_s_at_5_saves=...
 * doc_aof_kb_per_save=... inc_first_kb=... inc_bytes_per_save=... inc_aof_bytes_per_save=... inc_save_ms_median=...
 * inc_save_ms_p99=... inc_snapshot_diff_cpu_ms=... inc_kb_per_s_at_5_saves=...}: {@code inc_snapshot_diff_cpu_ms} is
 * this thread's CPU for the snapshot and the save call (the diff and the changed fields' encoding run in it when the
 * previous save is done). The document is now written unfenced by {@link RedisAcdStateStore}: the same bytes,
 * without the lease check.
 */
public final class AcdStateBench {
    private AcdStateBench() {
    }

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int talking = args.length > 1 ? Integer.parseInt(args[1]) : 800;
        int waiting = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int writes = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        if (talking > agents || agents < 1 || writes < 10) {
            throw new IllegalArgumentException("need 1 <= agents, talking <= agents, writes >= 10");
        }
        AcdConfig config = RoutingBench.config();
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        AcdEngine engine = new AcdEngine(config);
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < agents; i++) {
            Map<String, Integer> skills = new TreeMap<>();
            for (int q = 0; q < RoutingBench.QUEUES; q++) {
                skills.put(RoutingBench.skill(5 * q), 3 + r.nextInt(8)); // every agent can take every queue
                skills.put(RoutingBench.skill(5 * q + 1), 1 + r.nextInt(10));
            }
            engine.login("agent" + i, String.valueOf(1001 + i), skills, now);
            engine.ready("agent" + i, now);
        }
        List<AcdStateCodec.SavedCall> calls = new ArrayList<>();
        for (int c = 0; c < talking + waiting; c++) {
            String id = "C" + c;
            now = now.plusMillis(50);
            var out = engine.callArrived(new Arrival(id, "q" + (c % RoutingBench.QUEUES), "1380013" + (1000 + c),
                    null, false), now);
            String agent = null;
            for (AcdEvent e : out.events()) {
                if (e instanceof AcdEvent.CallOffered o) {
                    agent = o.agentId();
                }
            }
            if (agent != null) {
                engine.offerAnswered(id, agent, now);
            }
            calls.add(new AcdStateCodec.SavedCall(id, "1796166409." + c, "PJSIP/carrier-" + c, 6, true, agent,
                    agent == null ? null : String.valueOf(1001 + Integer.parseInt(agent.substring(5))),
                    agent == null ? null : "1796166410." + c, agent != null, null));
        }
        // warm up, then time snapshot + encode
        String doc = null;
        for (int i = 0; i < 20; i++) {
            doc = AcdStateCodec.encode(engine.snapshot(), calls);
        }
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] enc = new long[50];
        long[] encCpu = new long[enc.length];
        for (int i = 0; i < enc.length; i++) {
            long c = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            doc = AcdStateCodec.encode(engine.snapshot(), calls);
            enc[i] = System.nanoTime() - t;
            encCpu[i] = threads.getCurrentThreadCpuTime() - c;
        }
        long[] rest = new long[20];
        long[] restCpu = new long[rest.length];
        for (int i = 0; i < rest.length; i++) {
            long c = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            AcdEngine.restore(config, AcdStateCodec.decode(doc).engine());
            rest[i] = System.nanoTime() - t;
            restCpu[i] = threads.getCurrentThreadCpuTime() - c;
        }
        int bytes = doc.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf(Locale.ROOT, "state document: %d agents, %d calls (%d connected), %d bytes%n", agents,
                calls.size(), talking, bytes);

        Path run = Files.createDirectories(Lab.home().resolve(".run/bench-acd-state"));
        long[] set = new long[writes];
        long[] inc = new long[writes];
        long[] snapCpu = new long[writes];
        long docAof;
        long incAof;
        long incFirst;
        long incBytes;
        try (LabRedis server = LabRedis.start(run.resolve("redis"))) {
            Vertx vertx = Vertx.vertx();
            try {
                Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()));
                RedisLeaderLease lease = new RedisLeaderLease(redis, "bench", Duration.ofSeconds(60));
                var granted = (LeaderElection.Granted) lease.acquire().toCompletionStage().toCompletableFuture()
                        .get(5, TimeUnit.SECONDS);
                RedisAcdStateStore whole = new RedisAcdStateStore(redis);
                // no AOF rewrite during the run: the file's growth is then exactly what the writes appended
                redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.CONFIG).arg("SET")
                        .arg("auto-aof-rewrite-percentage").arg("0")).toCompletionStage().toCompletableFuture()
                        .get(5, TimeUnit.SECONDS);
                long aof0 = aofSize(redis);
                for (int i = 0; i < writes; i++) {
                    long t = System.nanoTime();
                    whole.save(doc).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                    set[i] = System.nanoTime() - t;
                }
                docAof = (aofSize(redis) - aof0) / writes;

                FencedAcdStateStore store = new FencedAcdStateStore(redis, lease.holder(granted.token()),
                        granted.token());
                store.save(engine.snapshot(), calls).toCompletionStage().toCompletableFuture().get(10,
                        TimeUnit.SECONDS);
                incFirst = store.bytesSent();
                long aof1 = aofSize(redis);
                Cycle cycle = new Cycle(engine, calls, now, talking + waiting);
                for (int i = 0; i < writes; i++) {
                    cycle.next();
                    long c = threads.getCurrentThreadCpuTime();
                    long t = System.nanoTime();
                    var snapshot = engine.snapshot();
                    var saving = store.save(snapshot, new ArrayList<>(cycle.saved()));
                    snapCpu[i] = threads.getCurrentThreadCpuTime() - c;
                    saving.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                    inc[i] = System.nanoTime() - t;
                }
                incAof = (aofSize(redis) - aof1) / writes;
                incBytes = (store.bytesSent() - incFirst) / writes;
                String loaded = store.load().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                        .orElseThrow();
                if (!loaded.equals(AcdStateCodec.encode(engine.snapshot(), cycle.saved()))) {
                    throw new IllegalStateException("the incremental state loaded is not the state saved");
                }
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
        Arrays.sort(enc);
        Arrays.sort(rest);
        Arrays.sort(encCpu);
        Arrays.sort(restCpu);
        long[] measured = Arrays.copyOfRange(set, writes / 10, writes); // the first tenth warms the connection
        Arrays.sort(measured);
        long[] incMeasured = Arrays.copyOfRange(inc, writes / 10, writes);
        Arrays.sort(incMeasured);
        Arrays.sort(snapCpu);
        System.out.printf(Locale.ROOT, "acd-state agents=%d talking=%d waiting=%d doc_kb=%.1f encode_ms=%.2f"
                + " encode_cpu_ms=%.2f restore_ms=%.2f restore_cpu_ms=%.2f fenced_set_ms_median=%.2f"
                + " fenced_set_ms_p99=%.2f mb_per_s_at_5_saves=%.2f doc_aof_kb_per_save=%.1f inc_first_kb=%.1f"
                + " inc_bytes_per_save=%d inc_aof_bytes_per_save=%d inc_save_ms_median=%.2f inc_save_ms_p99=%.2f"
                + " inc_snapshot_diff_cpu_ms=%.2f inc_kb_per_s_at_5_saves=%.1f%n",
                agents, talking, waiting, bytes / 1024.0, enc[enc.length / 2] / 1e6,
                encCpu[encCpu.length / 2] / 1e6, rest[rest.length / 2] / 1e6, restCpu[restCpu.length / 2] / 1e6,
                measured[measured.length / 2] / 1e6, measured[(int) (measured.length * 0.99)] / 1e6,
                5.0 * bytes / 1e6, docAof / 1024.0, incFirst / 1024.0, incBytes, incAof,
                incMeasured[incMeasured.length / 2] / 1e6, incMeasured[(int) (incMeasured.length * 0.99)] / 1e6,
                snapCpu[snapCpu.length / 2] / 1e6, 5.0 * incAof / 1024.0);
    }

    private static long aofSize(Redis redis) throws Exception {
        String info = redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.INFO)
                .arg("persistence")).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).toString();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("aof_current_size:")) {
                return Long.parseLong(line.substring("aof_current_size:".length()).trim());
            }
        }
        throw new IllegalStateException("Redis reports no aof_current_size (AOF off?)");
    }

    /**
     * One call cycle of a full hall: the oldest connected call ends, its agent's wrap-up ends (the agent is ready
     * again), and a new call arrives and is answered by whoever it is offered to.
     */
    private static final class Cycle {
        private final AcdEngine engine;
        private final Map<String, AcdStateCodec.SavedCall> saved = new TreeMap<>();
        private final java.util.ArrayDeque<String> connected = new java.util.ArrayDeque<>();
        private Instant now;
        private int next;

        Cycle(AcdEngine engine, List<AcdStateCodec.SavedCall> calls, Instant now, int next) {
            this.engine = engine;
            this.now = now;
            this.next = next;
            for (AcdStateCodec.SavedCall c : calls) {
                saved.put(c.callId(), c);
                if (c.connected()) {
                    connected.add(c.callId());
                }
            }
        }

        List<AcdStateCodec.SavedCall> saved() {
            return new ArrayList<>(saved.values());
        }

        void next() {
            now = now.plusMillis(200);
            String ended = connected.poll();
            if (ended != null) {
                String agent = saved.remove(ended).offeredAgent();
                engine.callEnded(ended, now);
                answer(engine.endWrapUp(agent, now));
                answer(engine.ready(agent, now));
            }
            String id = "C" + next++;
            saved.put(id, new AcdStateCodec.SavedCall(id, "1796166409." + id, "PJSIP/carrier-" + id, 2, false, null,
                    null, null, false, null));
            answer(engine.callArrived(new Arrival(id, "q" + (next % RoutingBench.QUEUES), "1390013" + (1000 + next),
                    null, false), now));
        }

        private void answer(hotline.routing.acd.AcdOutcome out) {
            for (AcdEvent e : out.events()) {
                if (e instanceof AcdEvent.CallOffered o) {
                    engine.offerAnswered(o.callId(), o.agentId(), now);
                    AcdStateCodec.SavedCall c = saved.get(o.callId());
                    saved.put(o.callId(), new AcdStateCodec.SavedCall(o.callId(), c.uniqueId(), c.channel(),
                            c.seq() + 3, true, o.agentId(), o.seat(), "1796166410." + o.callId(), true, null));
                    connected.add(o.callId());
                }
            }
        }
    }
}
