package hotline.routing.internal;

import hotline.routing.AgentState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The logged-in agents, indexed by id, by seat, and (for the ready ones) by idle order. Not thread-safe.
 */
public final class AgentTable {

    /**
     * Dispatch order: longest idle first, ties by agent id, then seat. A total order, so the winner never depends on
     * insertion or hash order (STYLE 2.2).
     */
    private static final Comparator<Agent> IDLE_ORDER = Comparator.comparing(Agent::idleSince)
            .thenComparing(Agent::agentId)
            .thenComparing(Agent::seat);

    // TreeMap: agents() is sorted by id without sorting on every call.
    private final Map<String, Agent> byId = new TreeMap<>();
    // Lookups only, never iterated.
    private final Map<String, String> agentIdBySeat = new HashMap<>();
    // Invariant: exactly the READY records stored in byId.
    private final NavigableSet<Agent> ready = new TreeSet<>(IDLE_ORDER);

    /**
     * Returns the agent with this id.
     *
     * @param agentId the id
     * @return the agent, or empty if not logged in
     */
    public Optional<Agent> get(String agentId) {
        return Optional.ofNullable(byId.get(agentId));
    }

    /**
     * Returns the id of the agent logged in to this seat.
     *
     * @param seat the seat
     * @return the agent id, or empty if the seat is free
     */
    public Optional<String> agentOnSeat(String seat) {
        return Optional.ofNullable(agentIdBySeat.get(seat));
    }

    /**
     * Adds an agent or replaces the record with the same id, keeping the indexes in step. The seat of an agent
     * never changes while logged in.
     *
     * @param agent the new record
     */
    public void put(Agent agent) {
        Agent old = byId.put(agent.agentId(), agent);
        if (old != null) {
            unindexReady(old);
        }
        agentIdBySeat.put(agent.seat(), agent.agentId());
        if (agent.state() == AgentState.READY) {
            ready.add(agent);
        }
    }

    /**
     * Removes an agent and frees their seat.
     *
     * @param agentId the id; nothing happens if not logged in
     */
    public void remove(String agentId) {
        Agent old = byId.remove(agentId);
        if (old != null) {
            agentIdBySeat.remove(old.seat());
            unindexReady(old);
        }
    }

    /**
     * Returns the ready agent who should get the next call.
     *
     * @return the longest-idle ready agent (ties by agent id, then seat), or empty if none is ready
     */
    public Optional<Agent> longestIdleReady() {
        return ready.isEmpty() ? Optional.empty() : Optional.of(ready.first());
    }

    /**
     * Returns all agents.
     *
     * @return a new list sorted by agent id
     */
    public List<Agent> all() {
        return new ArrayList<>(byId.values());
    }

    private void unindexReady(Agent old) {
        // Only READY records are in the set; the comparator cannot rank others (their idleSince may be null).
        if (old.state() == AgentState.READY) {
            ready.remove(old);
        }
    }
}
