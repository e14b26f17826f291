package hotline.bench;

import hotline.bench.RoutingBench.Hall;
import hotline.routing.acd.AcdConfig;
import hotline.routing.acd.Arrival;
import hotline.routing.acd.Priority;
import hotline.routing.acd.QueueConfig;
import hotline.routing.acd.SkillTier;
import hotline.routing.acd.Strategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline for {@link RoutingBench}: the same routing rules as the engine's (skill tiers by waiting time,
 * strategies, priority boost, repeat callers) without indexes. A freed agent scans every waiting call, checking the
 * skills of the tier each call has reached by now; an arriving call scans every agent. Waiting calls live in one list
 * in arrival order. No timers: tiers are computed on the fly.
 */
final class NaiveRouter implements RoutingBench.Router {

    private static final class Agent {
        final String id;
        final Map<String, Integer> skills;
        boolean ready;
        long idleSince;
        int callsToday;
        long lastOffer;

        Agent(String id, Map<String, Integer> skills) {
            this.id = id;
            this.skills = skills;
        }
    }

    private static final class Call {
        final String id;
        final int queue;
        final long arrived;
        final long rank;
        final long seq;
        Agent agent;

        Call(String id, int queue, long arrived, long rank, long seq) {
            this.id = id;
            this.queue = queue;
            this.arrived = arrived;
            this.rank = rank;
            this.seq = seq;
        }
    }

    private final AcdConfig config;
    private final List<QueueConfig> queues;
    private final Map<String, Integer> queueIndex = new HashMap<>();
    private final Agent[] agents = new Agent[RoutingBench.AGENTS];
    private final Map<String, Agent> agentById = new HashMap<>();
    private final List<Call> waiting = new ArrayList<>();
    private final Map<String, Call> calls = new HashMap<>();
    private final Map<String, Long> recent = new HashMap<>();
    private final Hall hall;
    private long seq;

    NaiveRouter(AcdConfig config, Hall hall) {
        this.config = config;
        this.queues = config.queues();
        this.hall = hall;
        for (int i = 0; i < queues.size(); i++) {
            queueIndex.put(queues.get(i).id(), i);
        }
    }

    @Override
    public void login(int i, Instant now) {
        Agent a = new Agent(Hall.agentId(i), hall.skills[i]);
        a.ready = true;
        a.idleSince = now.toEpochMilli();
        agents[i] = a;
        agentById.put(a.id, a);
    }

    @Override
    public String arrive(Arrival arrival, Instant now) {
        long t = now.toEpochMilli();
        Priority p = arrival.urgent() ? Priority.URGENT : Priority.NORMAL;
        if (p == Priority.NORMAL && arrival.callerNumber() != null) {
            Long last = recent.get(arrival.callerNumber());
            if (last != null && last >= t - config.repeatCallerWindow().toMillis()) {
                p = Priority.REPEAT_CALLER;
            }
        }
        if (arrival.callerNumber() != null) {
            recent.put(arrival.callerNumber(), t);
        }
        Call c = new Call(arrival.callId(), queueIndex.get(arrival.queueId()), t, t - config.boost(p).toMillis(),
                ++seq);
        calls.put(c.id, c);
        Agent best = null;
        QueueConfig q = queues.get(c.queue);
        for (int tier = 0; tier <= tierAt(c, t) && best == null; tier++) {
            for (Agent a : agents) {
                if (a.ready && admits(q.tiers().get(tier), a) && (best == null || better(q, tier, a, best))) {
                    best = a;
                }
            }
        }
        if (best == null) {
            waiting.add(c);
            return null;
        }
        offer(c, best);
        return best.id;
    }

    @Override
    public String end(String callId, String agentId, Instant now) {
        long t = now.toEpochMilli();
        Call done = calls.remove(callId);
        Agent a = done.agent;
        a.ready = true;
        a.idleSince = t;
        int bestIndex = -1;
        Call best = null;
        for (int i = 0; i < waiting.size(); i++) {
            Call c = waiting.get(i);
            if (qualifies(a, c, t) && (best == null || c.rank < best.rank || c.rank == best.rank && c.seq < best.seq)) {
                best = c;
                bestIndex = i;
            }
        }
        if (best == null) {
            return null;
        }
        waiting.remove(bestIndex);
        offer(best, a);
        return best.id;
    }

    @Override
    public void answer(String callId, String agentId, Instant now) {
        agentById.get(agentId).callsToday++;
    }

    @Override
    public List<String[]> tick(Instant now) {
        return List.of();
    }

    @Override
    public int waiting() {
        return waiting.size();
    }

    private void offer(Call c, Agent a) {
        a.ready = false;
        a.lastOffer = ++seq;
        c.agent = a;
    }

    private int tierAt(Call c, long t) {
        List<SkillTier> tiers = queues.get(c.queue).tiers();
        int tier = 0;
        while (tier + 1 < tiers.size() && tiers.get(tier + 1).after().toMillis() <= t - c.arrived) {
            tier++;
        }
        return tier;
    }

    private boolean qualifies(Agent a, Call c, long t) {
        List<SkillTier> tiers = queues.get(c.queue).tiers();
        int top = tierAt(c, t);
        for (int i = 0; i <= top; i++) {
            if (admits(tiers.get(i), a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean admits(SkillTier tier, Agent a) {
        for (Map.Entry<String, Integer> need : tier.skills().entrySet()) {
            Integer level = a.skills.get(need.getKey());
            if (level == null || level < need.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static boolean better(QueueConfig q, int tier, Agent a, Agent b) {
        Strategy s = q.strategy();
        if (s == Strategy.LEAST_CALLS_TODAY && a.callsToday != b.callsToday) {
            return a.callsToday < b.callsToday;
        }
        if (s == Strategy.SKILL_LEVEL_WEIGHTED) {
            int wa = weight(q.tiers().get(tier), a);
            int wb = weight(q.tiers().get(tier), b);
            if (wa != wb) {
                return wa > wb;
            }
        }
        if (s == Strategy.ROUND_ROBIN) {
            return a.lastOffer != b.lastOffer ? a.lastOffer < b.lastOffer : a.id.compareTo(b.id) < 0;
        }
        return a.idleSince != b.idleSince ? a.idleSince < b.idleSince : a.id.compareTo(b.id) < 0;
    }

    private static int weight(SkillTier tier, Agent a) {
        int sum = 0;
        for (String skill : tier.skills().keySet()) {
            sum += a.skills.getOrDefault(skill, 0);
        }
        return sum;
    }
}
