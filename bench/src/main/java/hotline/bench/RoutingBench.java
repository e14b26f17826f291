package hotline.bench;

import hotline.routing.acd.AcdConfig;
import hotline.routing.acd.AcdEngine;
import hotline.routing.acd.AcdEvent;
import hotline.routing.acd.AcdOutcome;
import hotline.routing.acd.Arrival;
import hotline.routing.acd.Priority;
import hotline.routing.acd.QueueConfig;
import hotline.routing.acd.SkillTier;
import hotline.routing.acd.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Routing decision cost of the ACD engine in a full hall: 600 agents with 6 of 40 skills each, 8 queues (two skill
 * tiers each, all four strategies), 2,000 calls waiting, every agent talking. One cycle: an agent's call ends (the
 * engine picks the agent's next call among the waiting ones it qualifies for: an agent-side decision), a new call
 * arrives (no agent is free, so the engine ranks and queues it: a call-side decision), the offered call is answered,
 * and due timers are ticked. Each decision is timed alone with {@code System.nanoTime()}; the sustained rate divides
 * the decisions by the wall time of the whole loop, bookkeeping, answers and ticks included, on one thread.
 *
 * <p>The same run drives a naive full-scan router with the same rules (every decision scans all waiting calls or all
 * agents, lists instead of indexes), after a lock-step phase that checks both make the same decisions.
 *
 * <p>Prints {@code routing agents=600 ... p99_us=... decisions_per_s=... naive_p99_us=... p99_ratio=...}.
 */
public final class RoutingBench {
    static final int AGENTS = 600;
    static final int SKILLS = 40;
    static final int QUEUES = 8;
    static final int WAITING = 2_000;
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final Map<Priority, Duration> BOOST = Map.of(Priority.LEADER_SESSION, Duration.ofSeconds(600),
            Priority.URGENT, Duration.ofSeconds(300), Priority.REPEAT_CALLER, Duration.ofSeconds(60));

    private RoutingBench() {
    }

    public static void main(String[] args) {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        if (cycles < 1_000 || warmup < 0) {
            throw new IllegalArgumentException("cycles must be >= 1000 and warmup >= 0");
        }
        AcdConfig config = config();
        Hall hall = new Hall(42);

        int checked = 20_000;
        int mismatches = lockstep(config, hall, checked);
        System.out.printf(Locale.ROOT, "lock-step check: %d decisions, %d differ between engine and naive scan%n",
                2 * checked, mismatches);

        Result engine = run(new EngineRouter(config, hall), hall, warmup, cycles);
        System.out.printf(Locale.ROOT, "engine: %s%n", engine);
        Result naive = run(new NaiveRouter(config, hall), hall, warmup / 10, Math.max(1_000, cycles / 10));
        System.out.printf(Locale.ROOT, "naive : %s%n", naive);

        System.out.printf(Locale.ROOT, "routing agents=%d skills=%d queues=%d waiting=%d decisions=%d p50_us=%.2f"
                        + " p99_us=%.2f p999_us=%.2f max_us=%.1f agent_side_p99_us=%.2f call_side_p99_us=%.2f"
                        + " decisions_per_s=%.0f naive_decisions=%d naive_p50_us=%.2f naive_p99_us=%.2f"
                        + " naive_decisions_per_s=%.0f p99_ratio=%.1f throughput_ratio=%.1f lockstep_mismatches=%d%n",
                AGENTS, SKILLS, QUEUES, WAITING, engine.decisions(), engine.p50(), engine.p99(), engine.p999(),
                engine.max(), engine.agentSideP99(), engine.callSideP99(), engine.perSecond(), naive.decisions(),
                naive.p50(), naive.p99(), naive.perSecond(), naive.p99() / engine.p99(),
                engine.perSecond() / naive.perSecond(), mismatches);
    }

    static AcdConfig config() {
        Strategy[] strategies = Strategy.values();
        List<QueueConfig> queues = new ArrayList<>();
        for (int q = 0; q < QUEUES; q++) {
            queues.add(new QueueConfig("q" + q, strategies[q % strategies.length], List.of(
                    new SkillTier(Duration.ZERO, Map.of(skill(5 * q), 3, skill(5 * q + 1), 1)),
                    new SkillTier(Duration.ofSeconds(30), Map.of(skill(5 * q), 1))),
                    Duration.ofSeconds(15), 80, Duration.ofHours(2), 10_000, null, null));
        }
        return new AcdConfig(queues, "q7", Duration.ZERO, Duration.ZERO, Duration.ofHours(24), BOOST,
                Duration.ofSeconds(180), List.of());
    }

    static String skill(int i) {
        return "s" + i;
    }

    /** The seeded hall: agents' skills and the arrival pattern (queue and priority of each call). */
    static final class Hall {
        final Map<String, Integer>[] skills;
        final long seed;

        @SuppressWarnings("unchecked")
        Hall(long seed) {
            this.seed = seed;
            Random r = new Random(seed);
            skills = new Map[AGENTS];
            for (int i = 0; i < AGENTS; i++) {
                Map<String, Integer> s = new TreeMap<>();
                int home = r.nextInt(QUEUES);
                s.put(skill(5 * home), 3 + r.nextInt(8));
                s.put(skill(5 * home + 1), 1 + r.nextInt(10));
                while (s.size() < 6) {
                    s.putIfAbsent(skill(r.nextInt(SKILLS)), 1 + r.nextInt(10));
                }
                skills[i] = s;
            }
        }

        static String agentId(int i) {
            return "agent" + i;
        }

        static String seat(int i) {
            return String.valueOf(1001 + i);
        }
    }

    /** What the driver needs from a router: each operation returns the agent or call it offered, or null. */
    interface Router {
        void login(int agent, Instant now);

        /** Returns the id of the agent offered the new call, or null if it was queued. */
        String arrive(Arrival a, Instant now);

        /** Returns the id of the call offered to the freed agent, or null. */
        String end(String callId, String agentId, Instant now);

        void answer(String callId, String agentId, Instant now);

        /** Returns offers made by due timers: call id, agent id pairs. */
        List<String[]> tick(Instant now);

        int waiting();
    }

    record Result(long decisions, double p50, double p99, double p999, double max, double agentSideP99,
                  double callSideP99, double perSecond) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d decisions, p50 %.2f us, p99 %.2f us, p99.9 %.2f us, max %.1f us,"
                            + " agent-side p99 %.2f us, call-side p99 %.2f us, %.0f decisions/s sustained",
                    decisions, p50, p99, p999, max, agentSideP99, callSideP99, perSecond);
        }
    }

    /** Drives one router: fills the hall, then runs warm-up and measured cycles. */
    static final class Driver {
        final Router router;
        final Random random;
        final String[] callOf = new String[AGENTS];
        final Map<String, Integer> agentIndex = new HashMap<>();
        Instant now = T0;
        long nextCall;
        int cursor;

        Driver(Router router, Hall hall) {
            this.router = router;
            this.random = new Random(hall.seed + 1);
            for (int i = 0; i < AGENTS; i++) {
                agentIndex.put(Hall.agentId(i), i);
                router.login(i, now);
            }
            while (busy() < AGENTS || router.waiting() < WAITING) {
                arrive();
            }
        }

        int busy() {
            int n = 0;
            for (String c : callOf) {
                n += c == null ? 0 : 1;
            }
            return n;
        }

        Arrival nextArrival() {
            int q = random.nextInt(QUEUES);
            int p = random.nextInt(100);
            String number = p < 10 ? "1390000" + random.nextInt(1000) : null;
            return new Arrival("c" + (nextCall++), "q" + q, number, null, p >= 97);
        }

        String arrive() {
            Arrival a = nextArrival();
            String agent = router.arrive(a, now);
            if (agent != null) {
                connect(a.callId(), agent);
            }
            return agent;
        }

        void connect(String callId, String agentId) {
            router.answer(callId, agentId, now);
            callOf[agentIndex.get(agentId)] = callId;
        }

        /** Ends the next busy agent's call; returns the call offered to them (or null). */
        String endNext() {
            while (callOf[cursor] == null) {
                cursor = (cursor + 1) % AGENTS;
            }
            int i = cursor;
            cursor = (cursor + 1) % AGENTS;
            String call = callOf[i];
            callOf[i] = null;
            return router.end(call, Hall.agentId(i), now);
        }

        void afterEnd(String offered, int agent) {
            if (offered != null) {
                connect(offered, Hall.agentId(agent));
            }
        }

        void ticks() {
            for (String[] offer : router.tick(now)) {
                connect(offer[0], offer[1]);
            }
        }
    }

    static Result run(Router router, Hall hall, int warmup, int cycles) {
        Driver d = new Driver(router, hall);
        long[] agentSide = new long[cycles];
        long[] callSide = new long[cycles];
        for (int i = 0; i < warmup; i++) {
            cycle(d, null, null, 0);
        }
        long start = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            cycle(d, agentSide, callSide, i);
        }
        long wall = System.nanoTime() - start;
        long[] all = Arrays.copyOf(agentSide, 2 * cycles);
        System.arraycopy(callSide, 0, all, cycles, cycles);
        Arrays.sort(all);
        Arrays.sort(agentSide);
        Arrays.sort(callSide);
        return new Result(all.length, us(all, 0.50), us(all, 0.99), us(all, 0.999), all[all.length - 1] / 1000.0,
                us(agentSide, 0.99), us(callSide, 0.99), all.length / (wall / 1e9));
    }

    private static void cycle(Driver d, long[] agentSide, long[] callSide, int i) {
        d.now = d.now.plusMillis(1);
        d.ticks();
        int agent = nextBusy(d);
        long t0 = System.nanoTime();
        String offered = d.endNext();
        long t1 = System.nanoTime();
        d.afterEnd(offered, agent);
        Arrival a = d.nextArrival();
        long t2 = System.nanoTime();
        String to = d.router.arrive(a, d.now);
        long t3 = System.nanoTime();
        if (to != null) {
            d.connect(a.callId(), to);
        }
        if (agentSide != null) {
            agentSide[i] = t1 - t0;
            callSide[i] = t3 - t2;
        }
    }

    private static int nextBusy(Driver d) {
        int c = d.cursor;
        while (d.callOf[c] == null) {
            c = (c + 1) % AGENTS;
        }
        return c;
    }

    private static double us(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1000.0;
    }

    /** Runs engine and naive side by side on one arrival pattern and counts decisions that differ. */
    static int lockstep(AcdConfig config, Hall hall, int cycles) {
        Driver e = new Driver(new EngineRouter(config, hall), hall);
        Driver n = new Driver(new NaiveRouter(config, hall), hall);
        int mismatches = 0;
        for (int i = 0; i < cycles; i++) {
            e.now = e.now.plusMillis(1);
            n.now = n.now.plusMillis(1);
            e.ticks();
            n.ticks();
            int ae = nextBusy(e);
            int an = nextBusy(n);
            String oe = e.endNext();
            String on = n.endNext();
            mismatches += (ae == an && java.util.Objects.equals(oe, on)) ? 0 : 1;
            e.afterEnd(oe, ae);
            n.afterEnd(on, an);
            Arrival a = e.nextArrival();
            n.nextArrival();
            String te = e.router.arrive(a, e.now);
            String tn = n.router.arrive(a, n.now);
            mismatches += java.util.Objects.equals(te, tn) ? 0 : 1;
            if (te != null) {
                e.connect(a.callId(), te);
            }
            if (tn != null) {
                n.connect(a.callId(), tn);
            }
        }
        return mismatches;
    }

    /** The ACD engine behind the driver's interface. */
    static final class EngineRouter implements Router {
        final AcdEngine engine;
        final Hall hall;
        final List<String[]> offers = new ArrayList<>();

        EngineRouter(AcdConfig config, Hall hall) {
            this.engine = new AcdEngine(config);
            this.hall = hall;
        }

        @Override
        public void login(int agent, Instant now) {
            engine.login(Hall.agentId(agent), Hall.seat(agent), hall.skills[agent], now);
            engine.ready(Hall.agentId(agent), now);
        }

        @Override
        public String arrive(Arrival a, Instant now) {
            return offeredAgent(engine.callArrived(a, now));
        }

        @Override
        public String end(String callId, String agentId, Instant now) {
            AcdOutcome out = engine.callEnded(callId, now);
            for (AcdEvent e : out.events()) {
                if (e instanceof AcdEvent.CallOffered o) {
                    return o.callId();
                }
            }
            return null;
        }

        @Override
        public void answer(String callId, String agentId, Instant now) {
            engine.offerAnswered(callId, agentId, now);
        }

        @Override
        public List<String[]> tick(Instant now) {
            offers.clear();
            if (engine.nextDeadline().map(d -> !d.isAfter(now)).orElse(false)) {
                for (AcdEvent e : engine.tick(now).events()) {
                    if (e instanceof AcdEvent.CallOffered o) {
                        offers.add(new String[] {o.callId(), o.agentId()});
                    }
                }
            }
            return offers;
        }

        @Override
        public int waiting() {
            int n = 0;
            for (var f : engine.queueFigures(T0)) {
                n += f.waiting();
            }
            return n;
        }

        private static String offeredAgent(AcdOutcome out) {
            for (AcdEvent e : out.events()) {
                if (e instanceof AcdEvent.CallOffered o) {
                    return o.agentId();
                }
            }
            return null;
        }
    }
}
