package hotline.routing.acd;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.routing.acd.AcdEvent.AgentStateChanged;
import hotline.routing.acd.AcdEvent.CallAbandoned;
import hotline.routing.acd.AcdEvent.CallConnected;
import hotline.routing.acd.AcdEvent.CallFinished;
import hotline.routing.acd.AcdEvent.CallMoved;
import hotline.routing.acd.AcdEvent.CallOffered;
import hotline.routing.acd.AcdEvent.CallQueued;
import hotline.routing.acd.AcdEvent.CallRequeued;
import hotline.routing.acd.AcdEvent.CallWidened;
import hotline.routing.acd.AcdEvent.CallbackDial;
import hotline.routing.acd.AcdEvent.CallbackScheduled;
import hotline.routing.acd.AcdEvent.OutboundDial;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random event sequences against the engine, checked after every step against an independent model built only from
 * the events the engine emitted, and against an oracle of the routing rules:
 * <ul>
 *   <li>a call is never assigned to two agents, and an agent never holds two calls;
 *   <li>no call is lost: every call ever accepted is exactly one of waiting, offered, connected, ended or callback,
 *       and the engine holds exactly the waiting, offered and connected ones;
 *   <li>no waiting call has an available agent qualified for it;
 *   <li>priority and ageing order: a call's rank is its arrival minus its priority's boost, and an agent offered a
 *       call was not qualified for any waiting call ranked before it;
 *   <li>snapshot, restore and reconcile at random points keep all of the above.
 * </ul>
 */
class AcdEnginePropertiesTest {

    private static final Instant START = AcdFixture.SESSION_START.minusSeconds(900);
    private static final int AGENTS = 8;
    private static final String[] QUEUES = {"citizen", "enterprise", "english", "rr", "overflow", "callbacks"};
    private static final String[] SKILLS = {"complaints", "general", "enterprise", "english", "rr", "callback"};
    private static final String[] REASONS = {"break", "meal", "training", "meeting"};
    private static final Comparator<WaitingCall> RANK = Comparator.comparing(WaitingCall::headOfLine).reversed()
            .thenComparing(WaitingCall::rankedArrival).thenComparingLong(WaitingCall::seq);

    /** One random step; its integers are interpreted modulo whatever exists when it runs. */
    record Step(int kind, int a, int b, int c, int advance) {
    }

    @Provide
    Arbitrary<List<Step>> scripts() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 19),
                        Arbitraries.integers().between(0, 1_000), Arbitraries.integers().between(0, 1_000),
                        Arbitraries.integers().between(0, 1_000), Arbitraries.integers().between(0, 45))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(250);
    }

    @Property(tries = 300)
    void shouldKeepEveryInvariantOverRandomSequences(@ForAll("scripts") List<Step> script) {
        new Run(AcdFixture.config()).play(script);
    }

    @Property(tries = 100)
    void shouldKeepEveryInvariantWithoutWrapUp(@ForAll("scripts") List<Step> script) {
        new Run(AcdFixture.config(Duration.ZERO)).play(script);
    }

    @Property(tries = 50)
    void shouldBeDeterministic(@ForAll("scripts") List<Step> script) {
        Run first = new Run(AcdFixture.config());
        first.play(script);
        Run second = new Run(AcdFixture.config());
        second.play(script);
        assertThat(second.log).isEqualTo(first.log);
        assertThat(second.engine.snapshot()).isEqualTo(first.engine.snapshot());
    }

    @net.jqwik.api.Example
    void shouldExerciseEveryPathInALongSeededDay() {
        java.util.Random random = new java.util.Random(12_345);
        List<Step> script = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            script.add(new Step(random.nextInt(20), random.nextInt(1_001), random.nextInt(1_001),
                    random.nextInt(1_001), random.nextInt(46)));
        }
        Run run = new Run(AcdFixture.config());
        run.play(script);
        Map<Class<?>, Integer> counts = new HashMap<>();
        run.log.forEach(e -> counts.merge(e.getClass(), 1, Integer::sum));
        System.out.println("seeded day: " + new TreeMap<>(counts.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(e -> e.getKey().getSimpleName(), Map.Entry::getValue))));
        for (Class<?> type : AcdEvent.class.getPermittedSubclasses()) {
            if (type != AcdEvent.SessionChanged.class) {
                assertThat(counts.getOrDefault(type, 0)).as("%s events", type.getSimpleName()).isGreaterThan(10);
            }
        }
        assertThat(counts.get(AcdEvent.SessionChanged.class)).isEqualTo(2);
        assertThat(run.restarts).isGreaterThan(100);
    }

    private static final class Run {
        int restarts;
        final AcdConfig config;
        AcdEngine engine;
        Instant now = START;
        int nextCall;
        final List<AcdEvent> log = new ArrayList<>();
        // The model, fed only by events.
        final Map<String, CallPhase> phase = new TreeMap<>();
        final Map<String, String> agentOfCall = new HashMap<>();
        final Map<String, String> callOfAgent = new HashMap<>();
        final Set<String> held = new TreeSet<>();
        // a transfer's call until the offer (if any) in the same operation
        final Map<String, String> transferredFrom = new HashMap<>();

        Run(AcdConfig config) {
            this.config = config;
            this.engine = new AcdEngine(config);
        }

        void play(List<Step> script) {
            for (Step s : script) {
                now = now.plusSeconds(s.advance());
                Map<String, List<WaitingCall>> before = waitingByQueue();
                AcdOutcome outcome = apply(s);
                List<AcdEvent> events = outcome.events();
                log.addAll(events);
                for (AcdEvent e : events) {
                    follow(e);
                }
                transferredFrom.clear();
                check(s, before, events);
            }
        }

        private AcdOutcome apply(Step s) {
            String agent = "a" + (s.a() % AGENTS);
            List<String> live = new ArrayList<>();
            List<String> offered = new ArrayList<>();
            List<String> waiting = new ArrayList<>();
            for (Map.Entry<String, CallPhase> e : phase.entrySet()) {
                if (e.getValue() == CallPhase.WAITING) {
                    waiting.add(e.getKey());
                }
                if (e.getValue() == CallPhase.OFFERED) {
                    offered.add(e.getKey());
                }
                if (e.getValue() != CallPhase.ENDED && e.getValue() != CallPhase.CALLBACK) {
                    live.add(e.getKey());
                }
            }
            return switch (s.kind()) {
                case 0 -> engine.login(agent, seatOf(s.a() % AGENTS), skills(s.b(), s.c()), now);
                case 1, 2 -> engine.ready(agent, now);
                case 3 -> engine.notReady(agent, REASONS[s.b() % REASONS.length], now);
                case 4 -> engine.logout(agent, now);
                case 5, 6, 7 -> engine.callArrived(new Arrival("c" + nextCall++, QUEUES[s.b() % (QUEUES.length - 1)],
                        s.c() % 3 == 0 ? "1390000000" + (s.c() % 7) : null,
                        s.c() % 4 == 0 ? "Dongcheng" : s.c() % 4 == 1 ? "Xicheng" : null, s.c() % 5 == 0), now);
                case 8, 9 -> offered.isEmpty() ? engine.tick(now) : answer(pick(offered, s.b()));
                case 10 -> offered.isEmpty() ? engine.tick(now) : fail(pick(offered, s.b()), s.c());
                case 11, 12 -> live.isEmpty() ? engine.tick(now) : engine.callEnded(pick(live, s.b()), now);
                case 13 -> waiting.isEmpty() ? engine.tick(now)
                        : engine.callbackAccepted(pick(waiting, s.b()), "1380000" + s.c(), now);
                case 14 -> {
                    List<String> wrapping = engine.agents().stream().filter(a -> a.status() == AgentStatus.WRAP_UP)
                            .map(AgentInfo::agentId).toList();
                    String who = wrapping.isEmpty() ? agent : pick(wrapping, s.a());
                    yield s.b() % 3 == 0 ? engine.endWrapUp(who, now) : engine.extendWrapUp(who, now);
                }
                case 15 -> engine.softphone(seatOf(s.a() % AGENTS), s.b() % 3 != 0, now);
                case 16 -> supervisor(s, agent, waiting);
                case 17 -> engine.placeOutbound(agent, "1370000" + s.b(), s.c() % 2 == 0 ? "ORD-" + s.c() : null, now);
                case 18 -> restart(s);
                default -> holdOrTransfer(s, agent);
            };
        }

        private AcdOutcome answer(String callId) {
            return engine.offerAnswered(callId, agentOfCall.get(callId), now);
        }

        private AcdOutcome fail(String callId, int how) {
            return engine.offerFailed(callId, agentOfCall.get(callId), OfferFailure.values()[how % 4], now);
        }

        private AcdOutcome supervisor(Step s, String agent, List<String> waiting) {
            if (waiting.isEmpty()) {
                return engine.forceState("sup", agent, s.b() % 2 == 0 ? AgentStatus.READY : AgentStatus.NOT_READY,
                        "meeting", now);
            }
            String callId = pick(waiting, s.b());
            return switch (s.c() % 4) {
                case 0 -> engine.moveCall("sup", callId, engine.queueIds().get(s.a() % engine.queueIds().size()), now);
                case 1 -> engine.assignCall("sup", callId, agent, now);
                case 2 -> engine.changePriority("sup", callId, Priority.values()[s.a() % 4], now);
                default -> engine.setSkills("sup", agent, skills(s.a(), s.b()), now);
            };
        }

        private AcdOutcome holdOrTransfer(Step s, String agent) {
            List<String> connected = new ArrayList<>();
            phase.forEach((id, p) -> {
                if (p == CallPhase.CONNECTED) {
                    connected.add(id);
                }
            });
            if (connected.isEmpty()) {
                return engine.tick(now);
            }
            String callId = pick(connected, s.b());
            String with = agentOfCall.get(callId);
            return switch (s.c() % 5) {
                case 0, 1 -> engine.call(callId).orElseThrow().held() ? engine.resumeCall(callId, with, now)
                        : engine.holdCall(callId, with, now);
                case 2 -> engine.transferToQueue(callId, with, QUEUES[s.a() % (QUEUES.length - 1)], now);
                default -> engine.transferToAgent(callId, with, agent, now);
            };
        }

        private AcdOutcome restart(Step s) {
            restarts++;
            EngineSnapshot snapshot = engine.snapshot();
            engine = AcdEngine.restore(config, snapshot);
            assertThat(engine.snapshot()).isEqualTo(snapshot);
            List<LiveCall> live = new ArrayList<>();
            int bit = 0;
            for (Map.Entry<String, CallPhase> e : phase.entrySet()) {
                CallPhase p = e.getValue();
                if (p == CallPhase.WAITING || p == CallPhase.OFFERED || p == CallPhase.CONNECTED) {
                    boolean alive = ((s.b() >> (bit++ % 10)) & 1) == 0 || p == CallPhase.CONNECTED && s.c() % 2 == 0;
                    String agent = agentOfCall.get(e.getKey());
                    boolean bridged = agent != null && (p == CallPhase.CONNECTED || s.c() % 3 == 0);
                    if (alive) {
                        live.add(new LiveCall(e.getKey(),
                                bridged ? engine.agent(agent).orElseThrow().seat() : null));
                    }
                }
            }
            return engine.reconcile(live, now);
        }

        // ------------------------------------------------------------ model

        private void follow(AcdEvent e) {
            if (e instanceof CallQueued q) {
                CallPhase was = phase.get(q.callId());
                assertThat(was).as("queued %s", q.callId()).isNull();
                phase.put(q.callId(), CallPhase.WAITING);
            } else if (e instanceof CallOffered o) {
                // a transferred call never goes straight back to the agent who transferred it (who is on call until
                // the transfer's dispatch is done, then in wrap-up); without wrap-up they are ready at once and may
                // take it if nobody else can (the dispatch invariant)
                String from = transferredFrom.remove(o.callId());
                if (!config.wrapUp().isZero()) {
                    assertThat(o.agentId()).as("%s offered back to its transferring agent", o.callId())
                            .isNotEqualTo(from);
                }
                assign(o.callId(), o.agentId(), true);
            } else if (e instanceof CallbackDial d) {
                assign(d.taskId(), d.agentId(), true);
            } else if (e instanceof OutboundDial d) {
                assign(d.taskId(), d.agentId(), false);
            } else if (e instanceof CallConnected c) {
                assertThat(phase.get(c.callId())).as("connect %s", c.callId()).isEqualTo(CallPhase.OFFERED);
                assertThat(agentOfCall.get(c.callId())).isEqualTo(c.agentId());
                phase.put(c.callId(), CallPhase.CONNECTED);
            } else if (e instanceof CallRequeued r) {
                assertThat(phase.get(r.callId())).as("requeue %s", r.callId()).isEqualTo(CallPhase.OFFERED);
                release(r.callId());
                phase.put(r.callId(), CallPhase.WAITING);
            } else if (e instanceof CallAbandoned a) {
                assertThat(phase.get(a.callId())).as("abandon %s", a.callId())
                        .isIn(CallPhase.WAITING, CallPhase.OFFERED);
                release(a.callId());
                phase.put(a.callId(), CallPhase.ENDED);
            } else if (e instanceof CallFinished f) {
                assertThat(phase.get(f.callId())).as("finish %s", f.callId()).isEqualTo(CallPhase.CONNECTED);
                release(f.callId());
                phase.put(f.callId(), CallPhase.ENDED);
            } else if (e instanceof AcdEvent.CallHeld h) {
                assertThat(phase.get(h.callId())).isEqualTo(CallPhase.CONNECTED);
                assertThat(agentOfCall.get(h.callId())).isEqualTo(h.agentId());
                assertThat(held.add(h.callId())).as("held twice %s", h.callId()).isTrue();
            } else if (e instanceof AcdEvent.CallResumed r) {
                assertThat(phase.get(r.callId())).isEqualTo(CallPhase.CONNECTED);
                assertThat(held.remove(r.callId())).as("resumed but not held %s", r.callId()).isTrue();
            } else if (e instanceof AcdEvent.CallTransferred t) {
                assertThat(phase.get(t.callId())).as("transfer %s", t.callId()).isEqualTo(CallPhase.CONNECTED);
                assertThat(agentOfCall.get(t.callId())).isEqualTo(t.fromAgentId());
                release(t.callId());
                held.remove(t.callId());
                transferredFrom.put(t.callId(), t.fromAgentId());
                if (t.toAgentId() == null) {
                    phase.remove(t.callId()); // its CallQueued follows
                } else {
                    phase.put(t.callId(), CallPhase.WAITING); // its CallOffered to the colleague follows
                }
            } else if (e instanceof CallbackScheduled cb) {
                assertThat(phase.get(cb.callId())).isEqualTo(CallPhase.WAITING);
                phase.put(cb.callId(), CallPhase.CALLBACK);
            } else if (e instanceof CallMoved m) {
                assertThat(phase.get(m.callId())).isEqualTo(CallPhase.WAITING);
            } else if (e instanceof CallWidened w) {
                assertThat(phase.get(w.callId())).isEqualTo(CallPhase.WAITING);
            } else if (e instanceof AgentStateChanged c && c.to() == AgentStatus.LOGGED_OUT) {
                assertThat(callOfAgent).doesNotContainKey(c.agentId());
            }
        }

        private void assign(String callId, String agentId, boolean fromQueue) {
            CallPhase was = phase.get(callId);
            if (fromQueue) {
                assertThat(was).as("call %s offered while %s", callId, was).isEqualTo(CallPhase.WAITING);
            } else {
                assertThat(was).isNull();
            }
            assertThat(callOfAgent).as("agent %s offered %s while holding a call", agentId, callId)
                    .doesNotContainKey(agentId);
            phase.put(callId, CallPhase.OFFERED);
            agentOfCall.put(callId, agentId);
            callOfAgent.put(agentId, callId);
        }

        private void release(String callId) {
            held.remove(callId);
            String agent = agentOfCall.remove(callId);
            if (agent != null) {
                callOfAgent.remove(agent);
            }
        }

        // ------------------------------------------------------------ checks

        private void check(Step step, Map<String, List<WaitingCall>> before, List<AcdEvent> events) {
            int holding = 0;
            for (Map.Entry<String, CallPhase> e : phase.entrySet()) {
                var info = engine.call(e.getKey());
                switch (e.getValue()) {
                    case WAITING, OFFERED, CONNECTED -> {
                        holding++;
                        assertThat(info).as("call %s lost", e.getKey()).isPresent();
                        assertThat(info.get().phase()).isEqualTo(e.getValue());
                        assertThat(info.get().agentId()).isEqualTo(agentOfCall.get(e.getKey()));
                        assertThat(info.get().held()).as("held %s", e.getKey()).isEqualTo(held.contains(e.getKey()));
                    }
                    default -> assertThat(info).as("call %s should be gone", e.getKey()).isEmpty();
                }
            }
            assertThat(engine.calls()).hasSize(holding);
            Set<String> holders = new TreeSet<>();
            for (AgentInfo a : engine.agents()) {
                boolean holds = a.status() == AgentStatus.RESERVED || a.status() == AgentStatus.ON_CALL;
                assertThat(holds).as("agent %s %s vs model %s", a.agentId(), a.status(), callOfAgent.get(a.agentId()))
                        .isEqualTo(callOfAgent.containsKey(a.agentId()));
                if (holds) {
                    assertThat(a.callId()).isEqualTo(callOfAgent.get(a.agentId()));
                    assertThat(holders.add(a.callId())).isTrue();
                }
            }
            Map<String, AgentInfo> agents = new HashMap<>();
            engine.agents().forEach(a -> agents.put(a.agentId(), a));
            Map<String, List<WaitingCall>> after = waitingByQueue();
            for (List<WaitingCall> queue : after.values()) {
                for (WaitingCall w : queue) {
                    assertThat(w.rankedArrival()).isEqualTo(w.arrivedAt().minus(config.boost(w.priority())));
                    for (AgentInfo a : agents.values()) {
                        if (a.status() == AgentStatus.READY && a.registered()) {
                            assertThat(qualifies(a, w.queueId(), w.tier()))
                                    .as("call %s waits in %s tier %d while %s is available", w.callId(), w.queueId(),
                                            w.tier(), a.agentId())
                                    .isFalse();
                        }
                    }
                }
                for (int i = 1; i < queue.size(); i++) {
                    assertThat(RANK.compare(queue.get(i - 1), queue.get(i))).isNegative();
                    assertThat(queue.get(i).position()).isEqualTo(i + 1);
                }
            }
            if (step.kind() == 16) {
                return; // a supervisor's assignment overrides the order on purpose
            }
            Map<String, WaitingCall> waitingBefore = new HashMap<>();
            before.values().forEach(l -> l.forEach(w -> waitingBefore.put(w.callId(), w)));
            Map<String, WaitingCall> stillWaiting = new TreeMap<>();
            after.values().forEach(l -> l.forEach(w -> stillWaiting.put(w.callId(), w)));
            for (AcdEvent e : events) {
                String callId = e instanceof CallOffered o ? o.callId() : e instanceof CallbackDial d ? d.taskId() : null;
                String agentId = e instanceof CallOffered o ? o.agentId() : e instanceof CallbackDial d ? d.agentId()
                        : null;
                WaitingCall chosen = callId == null ? null : waitingBefore.get(callId);
                AgentInfo agent = agentId == null ? null : agents.get(agentId);
                if (chosen == null || agent == null) {
                    continue;
                }
                // A call ranked before the chosen one must not have been open to this agent all along (before the
                // operation and after it: it may have overflowed away from the agent's skills meanwhile).
                for (WaitingCall now : stillWaiting.values()) {
                    String other = now.callId();
                    WaitingCall w = waitingBefore.get(other);
                    if (w != null && qualifies(agent, w.queueId(), w.tier()) && qualifies(agent, now.queueId(), now.tier())
                            && RANK.compare(w, chosen) < 0) {
                        throw new AssertionError("agent " + agentId + " was offered " + callId + " (" + chosen
                                + ") while " + other + " (" + w + ") ranked before it; step " + step + " events "
                                + events);
                    }
                }
            }
        }

        private Map<String, List<WaitingCall>> waitingByQueue() {
            Map<String, List<WaitingCall>> out = new TreeMap<>();
            for (String q : engine.queueIds()) {
                out.put(q, engine.waiting(q));
            }
            return out;
        }

        // The oracle: tiers 0..tier of the queue, each with skills and (for a session) seats.
        private boolean qualifies(AgentInfo a, String queueId, int tier) {
            List<Map.Entry<Map<String, Integer>, Set<String>>> tiers = new ArrayList<>();
            if (queueId.startsWith(AcdEngine.SESSION_QUEUE_PREFIX)) {
                LeaderSessionConfig s = config.sessions().get(0);
                tiers.add(Map.entry(Map.of(), s.leaderSeats()));
                tiers.add(Map.entry(Map.of(), s.assistantSeats()));
                tiers.add(Map.entry(queue(s.queue()).tiers().get(0).skills(), Set.of()));
            } else {
                for (SkillTier t : queue(queueId).tiers()) {
                    tiers.add(Map.entry(t.skills(), Set.of()));
                }
            }
            for (int i = 0; i <= tier; i++) {
                Set<String> seats = tiers.get(i).getValue();
                if (!seats.isEmpty() && !seats.contains(a.seat())) {
                    continue;
                }
                boolean ok = true;
                for (Map.Entry<String, Integer> need : tiers.get(i).getKey().entrySet()) {
                    ok &= a.skills().getOrDefault(need.getKey(), 0) >= need.getValue();
                }
                if (ok) {
                    return true;
                }
            }
            return false;
        }

        private QueueConfig queue(String id) {
            return config.queues().stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow();
        }
    }

    private static String seatOf(int agent) {
        return agent == 6 ? "2001" : agent == 7 ? "2002" : String.valueOf(1001 + agent);
    }

    private static Map<String, Integer> skills(int mask, int levels) {
        Map<String, Integer> skills = new TreeMap<>();
        for (int i = 0; i < SKILLS.length; i++) {
            if ((mask >> i & 1) == 1) {
                skills.put(SKILLS[i], 1 + (levels >> i) % 10);
            }
        }
        return skills;
    }

    private static String pick(List<String> from, int index) {
        return from.get(index % from.size());
    }
}
