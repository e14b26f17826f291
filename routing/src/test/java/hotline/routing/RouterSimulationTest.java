package hotline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.routing.Outcome.Rejected;
import hotline.routing.RoutingEvent.AgentStateChanged;
import hotline.routing.RoutingEvent.CallAbandoned;
import hotline.routing.RoutingEvent.CallConnected;
import hotline.routing.RoutingEvent.CallFinished;
import hotline.routing.RoutingEvent.CallOffered;
import hotline.routing.RoutingEvent.CallQueued;
import hotline.routing.RoutingEvent.CallRequeued;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Drives one router through a long, seeded, random but reproducible day: 600 agents logging in and out, going ready
 * and not ready, answering and missing offers, and thousands of callers arriving in bursts and hanging up. After every
 * operation it replays the events on an independent model and checks the invariants against the router's views.
 */
class RouterSimulationTest {

    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final int AGENTS = 600;
    private static final int CALLS = 5_000;
    private static final int MAX_QUEUE_LENGTH = 40;
    private static final long SEED = 12_345L;

    @Test
    void shouldKeepInvariantsWith600AgentsAndThousandsOfCalls() {
        Simulation simulation = new Simulation(SEED, CALLS, true).run();

        // Every call admitted ended exactly once, either finished after being connected or abandoned.
        assertThat(simulation.calls).hasSizeGreaterThan(CALLS / 2);
        assertThat(simulation.calls.values())
                .allSatisfy(track -> assertThat(track.phase).isIn(Phase.FINISHED, Phase.ABANDONED));
        assertThat(simulation.calls.values()).filteredOn(track -> track.phase == Phase.FINISHED)
                .allSatisfy(track -> assertThat(track.connected).isTrue());
        assertThat(simulation.calls.size() + simulation.rejections.getOrDefault(Rejection.QUEUE_FULL, 0))
                .isEqualTo(CALLS);
        assertThat(simulation.router.queue()).isEmpty();
        assertThat(simulation.router.agents()).allSatisfy(agent -> assertThat(agent.callId()).isNull());

        // The day exercised every path, not just the happy one.
        assertThat(simulation.count(CallFinished.class)).isGreaterThan(1_000);
        assertThat(simulation.count(CallAbandoned.class)).isGreaterThan(100);
        assertThat(simulation.count(CallRequeued.class)).isGreaterThan(100);
        assertThat(simulation.tiedOffers).isGreaterThan(10);
        assertThat(simulation.rejections).containsKeys(Rejection.QUEUE_FULL, Rejection.DUPLICATE_CALL,
                Rejection.INVALID_STATE, Rejection.UNKNOWN_CALL, Rejection.ALREADY_LOGGED_IN, Rejection.SEAT_TAKEN);
    }

    @Test
    void shouldProduceIdenticalEventsForIdenticalInputs() {
        // A shorter day without the per-step view checks: the invariant test covers those, this one compares logs.
        Simulation first = new Simulation(SEED, 1_000, false).run();
        Simulation second = new Simulation(SEED, 1_000, false).run();

        assertThat(first.log).hasSizeGreaterThan(5_000);

        assertThat(second.log).isEqualTo(first.log);
        assertThat(second.rejections).isEqualTo(first.rejections);
    }

    private enum Phase { QUEUED, OFFERED, CONNECTED, FINISHED, ABANDONED }

    private static final class CallTrack {
        Phase phase = Phase.QUEUED;
        String agentId;
        boolean connected;
    }

    private static final class Simulation {

        final Router router = new Router(new RouterConfig(MAX_QUEUE_LENGTH));
        final Random random;
        final int callCount;
        // Whether to check every agent view after every step; the event replay checks always run.
        final boolean checkEveryStep;
        final List<RoutingEvent> log = new ArrayList<>();
        final Map<String, CallTrack> calls = new LinkedHashMap<>();
        final Map<Rejection, Integer> rejections = new EnumMap<>(Rejection.class);
        int tiedOffers;

        // The model, rebuilt from events only.
        private final Map<String, AgentState> agentStates = new HashMap<>();
        private final Map<String, Instant> idleSince = new HashMap<>();
        private final Set<String> readyAgents = new HashSet<>();
        private final Map<String, String> callOfAgent = new HashMap<>();
        private final Comparator<String> idleOrder =
                Comparator.<String, Instant>comparing(idleSince::get).thenComparing(Comparator.naturalOrder());

        private Instant now = T0;
        private int nextCall;
        // The router's views after the last step; nothing else touches the router, so also the views before the next.
        private List<AgentView> agents = List.of();
        private List<String> queue = List.of();

        Simulation(long seed, int callCount, boolean checkEveryStep) {
            this.random = new Random(seed);
            this.callCount = callCount;
            this.checkEveryStep = checkEveryStep;
        }

        Simulation run() {
            for (int i = 0; i < AGENTS; i++) {
                String agentId = agentId(i);
                String seat = seat(i);
                step(r -> r.login(agentId, seat, now));
            }
            while (nextCall < callCount) {
                if (random.nextBoolean()) {
                    // Half the steps share an instant with the previous one, so idle ties happen.
                    now = now.plusMillis(1 + random.nextInt(3_000));
                }
                randomAction();
            }
            for (String callId : queue) {
                step(r -> r.callEnded(callId, now));
            }
            for (AgentView agent : agents) {
                if (agent.callId() != null) {
                    step(r -> r.callEnded(agent.callId(), now));
                }
            }
            return this;
        }

        long count(Class<? extends RoutingEvent> type) {
            return log.stream().filter(type::isInstance).count();
        }

        private void randomAction() {
            int roll = random.nextInt(1_000);
            if (roll < 100) {
                arrive();
            } else if (roll < 106) {
                for (int i = 0; i < 30 && nextCall < callCount; i++) {
                    arrive();
                }
            } else if (roll < 520) {
                progressCall();
            } else if (roll < 580) {
                pickAny(queue).ifPresent(callId -> step(r -> r.callEnded(callId, now)));
            } else if (roll < 760) {
                pickAgent(a -> a.state() == AgentState.NOT_READY).ifPresent(a -> step(r -> r.ready(a, now)));
            } else if (roll < 830) {
                String reason = List.of("break", "lunch", "training").get(random.nextInt(3));
                pickAgent(a -> a.state() == AgentState.READY)
                        .ifPresent(a -> step(r -> r.notReady(a, reason, now)));
            } else if (roll < 860) {
                logoutOrLogin();
            } else {
                misbehave();
            }
        }

        private void arrive() {
            String callId = "call-" + nextCall++;
            step(r -> r.callArrived(callId, now));
        }

        private void progressCall() {
            List<AgentView> busy = agents.stream().filter(a -> a.callId() != null).toList();
            if (busy.isEmpty()) {
                return;
            }
            AgentView agent = busy.get(random.nextInt(busy.size()));
            String callId = agent.callId();
            if (agent.state() == AgentState.ON_CALL) {
                step(r -> r.callEnded(callId, now));
                return;
            }
            int roll = random.nextInt(100);
            if (roll < 80) {
                step(r -> r.offerAnswered(callId, agent.agentId(), now));
            } else if (roll < 95) {
                OfferFailure failure = OfferFailure.values()[random.nextInt(OfferFailure.values().length)];
                step(r -> r.offerFailed(callId, agent.agentId(), failure, now));
            } else {
                step(r -> r.callEnded(callId, now));
            }
        }

        private void logoutOrLogin() {
            int i = random.nextInt(AGENTS);
            String agentId = agentId(i);
            if (agentStates.getOrDefault(agentId, AgentState.LOGGED_OUT) == AgentState.LOGGED_OUT) {
                step(r -> r.login(agentId, seat(i), now));
            } else {
                step(r -> r.logout(agentId, now));
            }
        }

        // Requests a confused adapter or a double-clicking agent might send; most are rejected, some are legal.
        private void misbehave() {
            String agentId = agentId(random.nextInt(AGENTS));
            String callId = "call-" + random.nextInt(Math.max(1, nextCall));
            switch (random.nextInt(7)) {
                case 0 -> step(r -> r.offerAnswered(callId, agentId, now));
                case 1 -> step(r -> r.offerFailed(callId, agentId, OfferFailure.BUSY, now));
                case 2 -> step(r -> r.ready(agentId, now));
                case 3 -> pickAny(activeCalls()).ifPresent(active -> step(r -> r.callArrived(active, now)));
                case 4 -> step(r -> r.login(agentId, seat(random.nextInt(AGENTS)), now));
                case 5 -> step(r -> r.login("extra-" + random.nextInt(AGENTS), seat(random.nextInt(AGENTS)), now));
                default -> step(r -> r.callEnded(callId + "-gone", now));
            }
        }

        private List<String> activeCalls() {
            List<String> active = new ArrayList<>(queue);
            agents.stream().map(AgentView::callId).filter(Objects::nonNull).forEach(active::add);
            return active;
        }

        private Optional<String> pickAgent(Predicate<AgentView> filter) {
            return pickAny(agents.stream().filter(filter).map(AgentView::agentId).toList());
        }

        private Optional<String> pickAny(List<String> items) {
            return items.isEmpty()
                    ? Optional.empty()
                    : Optional.of(items.get(random.nextInt(items.size())));
        }

        private void step(Function<Router, Outcome> operation) {
            List<AgentView> agentsBefore = agents;
            List<String> queueBefore = queue;

            Outcome outcome = operation.apply(router);

            List<AgentView> agentsAfter = router.agents();
            List<String> queueAfter = router.queue();
            if (outcome instanceof Rejected rejected) {
                rejections.merge(rejected.reason(), 1, Integer::sum);
            }
            if (checkEveryStep && outcome.events().isEmpty()) {
                assertThat(agentsAfter).as("state changed without events").isEqualTo(agentsBefore);
                assertThat(queueAfter).as("queue changed without events").isEqualTo(queueBefore);
            }
            Deque<String> queueModel = new ArrayDeque<>(queueBefore);
            for (RoutingEvent event : outcome.events()) {
                assertThat(event.at()).isEqualTo(now);
                replay(event, queueModel);
            }
            log.addAll(outcome.events());
            assertThat(queueAfter).as("queue order").containsExactlyElementsOf(queueModel);
            if (checkEveryStep) {
                checkInvariants(agentsAfter, queueAfter);
            }
            agents = agentsAfter;
            queue = queueAfter;
        }

        private void replay(RoutingEvent event, Deque<String> queueModel) {
            if (event instanceof AgentStateChanged changed) {
                replayAgent(changed);
            } else if (event instanceof CallQueued queued) {
                CallTrack previous = calls.get(queued.callId());
                assertThat(previous == null || previous.phase == Phase.FINISHED || previous.phase == Phase.ABANDONED)
                        .as("%s queued while active", queued.callId()).isTrue();
                calls.remove(queued.callId());
                calls.put(queued.callId(), new CallTrack());
                queueModel.addLast(queued.callId());
                assertThat(queued.position()).isEqualTo(queueModel.size());
            } else if (event instanceof CallOffered offered) {
                assertThat(queueModel.pollFirst()).as("offered call is the head").isEqualTo(offered.callId());
                CallTrack track = track(offered.callId(), Phase.QUEUED, null);
                assertThat(agentStates.get(offered.agentId())).isEqualTo(AgentState.RESERVED);
                assertThat(callOfAgent.put(offered.agentId(), offered.callId())).as("agent holds two calls").isNull();
                track.phase = Phase.OFFERED;
                track.agentId = offered.agentId();
            } else if (event instanceof CallConnected connected) {
                CallTrack track = track(connected.callId(), Phase.OFFERED, connected.agentId());
                track.phase = Phase.CONNECTED;
                track.connected = true;
            } else if (event instanceof CallRequeued requeued) {
                CallTrack track = track(requeued.callId(), Phase.OFFERED, requeued.agentId());
                callOfAgent.remove(requeued.agentId());
                track.phase = Phase.QUEUED;
                track.agentId = null;
                queueModel.addFirst(requeued.callId());
            } else if (event instanceof CallAbandoned abandoned) {
                CallTrack track = calls.get(abandoned.callId());
                assertThat(track.phase).isIn(Phase.QUEUED, Phase.OFFERED);
                if (track.phase == Phase.QUEUED) {
                    assertThat(queueModel.remove(abandoned.callId())).isTrue();
                } else {
                    callOfAgent.remove(track.agentId);
                }
                track.phase = Phase.ABANDONED;
            } else if (event instanceof CallFinished finished) {
                CallTrack track = track(finished.callId(), Phase.CONNECTED, finished.agentId());
                callOfAgent.remove(finished.agentId());
                track.phase = Phase.FINISHED;
            }
        }

        private CallTrack track(String callId, Phase expected, String agentId) {
            CallTrack track = calls.get(callId);
            assertThat(track).as("call %s", callId).isNotNull();
            assertThat(track.phase).as("call %s", callId).isEqualTo(expected);
            assertThat(track.agentId).as("agent of call %s", callId).isEqualTo(agentId);
            return track;
        }

        private void replayAgent(AgentStateChanged changed) {
            String agentId = changed.agentId();
            assertThat(changed.from()).as("from of %s", agentId)
                    .isEqualTo(agentStates.getOrDefault(agentId, AgentState.LOGGED_OUT));
            if (changed.from() == AgentState.READY && changed.to() == AgentState.RESERVED) {
                // Longest idle wins, ties by agent id (every agent id here is unique, so the seat never decides).
                String expected = readyAgents.stream().min(idleOrder).orElseThrow();
                assertThat(agentId).as("offer goes to longest idle").isEqualTo(expected);
                long tied = readyAgents.stream().filter(a -> idleSince.get(a).equals(idleSince.get(expected))).count();
                if (tied > 1) {
                    tiedOffers++;
                }
            }
            if (changed.to() == AgentState.READY) {
                if (changed.from() != AgentState.RESERVED) {
                    idleSince.put(agentId, changed.at());
                }
                assertThat(idleSince).containsKey(agentId);
                readyAgents.add(agentId);
            } else {
                readyAgents.remove(agentId);
            }
            if (changed.to() == AgentState.NOT_READY || changed.to() == AgentState.LOGGED_OUT) {
                idleSince.remove(agentId);
                assertThat(changed.reason() != null).isEqualTo(changed.to() == AgentState.NOT_READY);
            }
            agentStates.put(agentId, changed.to());
        }

        // Plain checks rather than AssertJ chains: this runs for 600 agents after each of ~20,000 steps.
        private void checkInvariants(List<AgentView> agentsAfter, List<String> queueAfter) {
            Set<String> heldCalls = new HashSet<>();
            int ready = 0;
            for (AgentView agent : agentsAfter) {
                AgentState state = agent.state();
                check(agentStates.get(agent.agentId()) == state, "events and view disagree on %s", agent);
                boolean holdsCall = state == AgentState.RESERVED || state == AgentState.ON_CALL;
                check((agent.callId() != null) == holdsCall, "callId only while holding a call: %s", agent);
                check((agent.reason() != null) == (state == AgentState.NOT_READY), "reason iff not ready: %s", agent);
                check((agent.idleSince() != null) == (state == AgentState.READY), "idleSince iff ready: %s", agent);
                if (holdsCall) {
                    check(heldCalls.add(agent.callId()), "call held by two agents: %s", agent);
                    check(router.agentOfCall(agent.callId()).equals(Optional.of(agent.agentId())),
                            "agentOfCall disagrees with %s", agent);
                    check(agent.callId().equals(callOfAgent.get(agent.agentId())), "events disagree on %s", agent);
                }
                if (state == AgentState.READY) {
                    ready++;
                    check(agent.idleSince().equals(idleSince.get(agent.agentId())), "idleSince of %s", agent);
                }
            }
            check(ready == readyAgents.size(), "ready agents: %s in view, %s from events", ready, readyAgents.size());
            long loggedIn = agentStates.values().stream().filter(s -> s != AgentState.LOGGED_OUT).count();
            check(loggedIn == agentsAfter.size(), "logged in: %s in view, %s in events", agentsAfter.size(), loggedIn);
            check(callOfAgent.size() == heldCalls.size(), "agents holding calls: %s", callOfAgent);
            check(new HashSet<>(queueAfter).size() == queueAfter.size(), "queue has duplicates: %s", queueAfter);
            check(queueAfter.stream().noneMatch(heldCalls::contains), "queued and held: %s", queueAfter);
            check(queueAfter.isEmpty() || ready == 0, "calls %s wait while an agent is ready", queueAfter);
        }

        private static void check(boolean condition, String message, Object... args) {
            if (!condition) {
                throw new AssertionError(message.formatted(args));
            }
        }

        private static String agentId(int i) {
            return "agent-%03d".formatted(i);
        }

        private static String seat(int i) {
            return Integer.toString(1000 + i);
        }
    }
}
