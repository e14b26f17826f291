package hotline.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgentTableTest {

    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    private final AgentTable table = new AgentTable();

    private Agent readyAgent(String agentId, String seat, Instant idleSince) {
        Agent agent = Agent.loggedIn(agentId, seat, "login", T0).ready(idleSince, idleSince);
        table.put(agent);
        return agent;
    }

    @Test
    void shouldRankReadyAgentsByIdleSinceThenAgentId() {
        readyAgent("b", "1001", T0);
        readyAgent("a", "1002", T0);
        readyAgent("0", "1003", T0.plusSeconds(1));

        assertThat(table.longestIdleReady()).map(Agent::agentId).contains("a");
    }

    @Test
    void shouldReindexReplacedRecords() {
        Agent a = readyAgent("a", "1001", T0);
        readyAgent("b", "1002", T0.plusSeconds(1));

        table.put(a.reserve("c1", T0.plusSeconds(2)));
        assertThat(table.longestIdleReady()).map(Agent::agentId).contains("b");

        table.put(a.reserve("c1", T0.plusSeconds(2)).ready(T0.plusSeconds(3), T0));
        assertThat(table.longestIdleReady()).map(Agent::agentId).contains("a");
    }

    @Test
    void shouldFreeSeatAndReadyPlaceOnRemove() {
        readyAgent("a", "1001", T0);

        table.remove("a");

        assertThat(table.get("a")).isEmpty();
        assertThat(table.agentOnSeat("1001")).isEmpty();
        assertThat(table.longestIdleReady()).isEmpty();
        assertThat(table.all()).isEmpty();
    }

    @Test
    void shouldListAgentsByAgentId() {
        table.put(Agent.loggedIn("b", "1001", "login", T0));
        table.put(Agent.loggedIn("a", "1002", "login", T0));

        assertThat(table.all()).extracting(Agent::agentId).containsExactly("a", "b");
        assertThat(table.agentOnSeat("1002")).contains("a");
    }
}
