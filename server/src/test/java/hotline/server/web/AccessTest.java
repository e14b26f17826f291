package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.WebConfig.Role;
import hotline.server.web.Access.Decision;
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
        assertThat(Access.allowed(Role.AGENT, "demo", "GET", "/api/audit")).isFalse();
        assertThat(Access.allowed(Role.SUPERVISOR, "super", "GET", "/api/audit")).isTrue();
        assertThat(unit("GET", "/api/audit")).isInstanceOf(Decision.Denied.class);
    }

    @Test
    void shouldLetASupervisorDoEverything() {
        assertThat(Access.allowed(Role.SUPERVISOR, "super", "POST", "/api/supervisor/calls/C1/move")).isTrue();
        assertThat(Access.allowed(Role.SUPERVISOR, "super", "POST", "/api/agents/demo/not-ready")).isTrue();
    }

    private static Decision unit(String method, String path) {
        return Access.decide(Role.UNIT, "bl", "balizhuang", method, path);
    }

    @Test
    void shouldLetAUnitHandlerReadItsOwnUnitsOrdersRatesAndFeedOnly() {
        assertThat(unit("GET", "/api/units/balizhuang/orders")).isInstanceOf(Decision.Allowed.class);
        assertThat(unit("GET", "/api/units/balizhuang/rates")).isInstanceOf(Decision.Allowed.class);
        assertThat(unit("GET", "/ws/units/balizhuang")).isInstanceOf(Decision.Allowed.class);
        assertThat(unit("GET", "/api/units/balizhuang2/orders")).isInstanceOf(Decision.Denied.class);
        assertThat(unit("GET", "/api/units/other/orders")).isInstanceOf(Decision.Denied.class);
        assertThat(unit("GET", "/ws/units/other")).isInstanceOf(Decision.Denied.class);
        assertThat(unit("GET", "/ws/units/balizhuang/x")).isInstanceOf(Decision.Denied.class);
        assertThat(unit("GET", "/ws/desk")).isInstanceOf(Decision.Denied.class);
    }

    @Test
    void shouldLetAUnitHandlerActOnlyOnItsOwnPartAndNeverRedispatch() {
        for (String action : new String[] {"accept", "reply", "return", "close"}) {
            assertThat(unit("POST", "/api/orders/20261201-000001/units/balizhuang/" + action))
                    .isInstanceOf(Decision.Allowed.class);
            assertThat(unit("POST", "/api/orders/20261201-000001/units/other/" + action))
                    .isInstanceOf(Decision.Denied.class);
            assertThat(unit("GET", "/api/orders/20261201-000001/units/balizhuang/" + action))
                    .isInstanceOf(Decision.Denied.class);
        }
        assertThat(unit("POST", "/api/orders/20261201-000001/units/balizhuang/redispatch"))
                .isInstanceOf(Decision.Denied.class);
        assertThat(unit("POST", "/api/orders/20261201-000001/callback")).isInstanceOf(Decision.Denied.class);
    }

    @Test
    void shouldLetAUnitHandlerReadAnOrderOnlyIfItIsDispatchedToItsUnit() {
        assertThat(unit("GET", "/api/orders/20261201-000001"))
                .isEqualTo(new Decision.IfOrderOfUnit("20261201-000001", "balizhuang"));
        assertThat(unit("POST", "/api/orders/20261201-000001")).isInstanceOf(Decision.Denied.class);
        assertThat(unit("GET", "/api/orders/")).isInstanceOf(Decision.Denied.class);
    }

    @Test
    void shouldRefuseAUnitHandlerEverythingElse() {
        assertThat(unit("POST", "/api/orders")).isInstanceOf(Decision.Denied.class);
        assertThat(unit("GET", "/api/agents")).isInstanceOf(Decision.Denied.class);
        assertThat(unit("GET", "/api/calls/C1")).isInstanceOf(Decision.Denied.class);
        assertThat(unit("GET", "/api/ranking")).isInstanceOf(Decision.Denied.class);
        assertThat(unit("GET", "/ws/agents/bl")).isInstanceOf(Decision.Denied.class);
        assertThat(Access.decide(Role.UNIT, "bl", null, "GET", "/api/units/balizhuang/orders"))
                .isInstanceOf(Decision.Denied.class);
    }
}
