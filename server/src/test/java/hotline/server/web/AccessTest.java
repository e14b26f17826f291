package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.WebConfig.Role;
import org.junit.jupiter.api.Test;

class AccessTest {

    @Test
    void shouldLetAnAgentActOnlyOnItself() {
        assertThat(Access.allowed(Role.AGENT, "demo", "POST", "/api/agents/demo/ready")).isTrue();
        assertThat(Access.allowed(Role.AGENT, "demo", "GET", "/ws/agents/demo")).isTrue();
        assertThat(Access.allowed(Role.AGENT, "demo", "POST", "/api/agents/demo2/ready")).isFalse();
        assertThat(Access.allowed(Role.AGENT, "demo", "GET", "/ws/agents/li.na")).isFalse();
    }

    @Test
    void shouldLetAnAgentReadStatesCallsAndSubmitOrdersButNoSupervisorOperation() {
        assertThat(Access.allowed(Role.AGENT, "demo", "GET", "/api/agents")).isTrue();
        assertThat(Access.allowed(Role.AGENT, "demo", "GET", "/api/calls/C1")).isTrue();
        assertThat(Access.allowed(Role.AGENT, "demo", "POST", "/api/drafts")).isTrue();
        assertThat(Access.allowed(Role.AGENT, "demo", "POST", "/api/orders")).isTrue();
        assertThat(Access.allowed(Role.AGENT, "demo", "POST", "/api/supervisor/calls/C1/move")).isFalse();
        assertThat(Access.allowed(Role.AGENT, "demo", "GET", "/ws/units/balizhuang")).isFalse();
    }

    @Test
    void shouldLetASupervisorDoEverything() {
        assertThat(Access.allowed(Role.SUPERVISOR, "super", "POST", "/api/supervisor/calls/C1/move")).isTrue();
        assertThat(Access.allowed(Role.SUPERVISOR, "super", "POST", "/api/agents/demo/not-ready")).isTrue();
    }
}
