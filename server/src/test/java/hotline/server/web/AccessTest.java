package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.WebConfig.Role;
import hotline.server.web.Access.Decision;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTest {

    @Test
    void shouldLetAgentsAndDispatchersFindUrgeAndSupplementOrdersButUnitsSearchOnlyTheirOwn() {
        for (Role r : List.of(Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR)) {
            assertThat(Access.allowed(r, "demo", "GET", "/api/search/orders")).isTrue();
            assertThat(Access.allowed(r, "demo", "POST", "/api/orders/20261201-000001/urge")).isTrue();
            assertThat(Access.allowed(r, "demo", "POST", "/api/orders/20261201-000001/supplement")).isTrue();
        }
        assertThat(Access.allowed(Role.DISPATCHER, "d", "POST", "/api/orders/20261201-000001/units/u1/reassign"))
                .isTrue();
        assertThat(Access.allowed(Role.AGENT, "demo", "POST", "/api/orders/20261201-000001/units/u1/reassign"))
                .isFalse();
        assertThat(unit("GET", "/api/units/balizhuang/search")).isInstanceOf(Decision.Allowed.class);
        assertThat(unit("GET", "/api/units/other/search")).isInstanceOf(Decision.Denied.class);
        assertThat(unit("GET", "/api/search/orders")).isInstanceOf(Decision.Denied.class);
        assertThat(unit("POST", "/api/orders/20261201-000001/urge")).isInstanceOf(Decision.Denied.class);
        assertThat(unit("POST", "/api/orders/20261201-000001/units/balizhuang/reassign"))
                .isInstanceOf(Decision.Denied.class);
    }

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
    void shouldLetAnAgentHoldTransferAndWorkOnlyItsOwnCallsAndCallbackTasks() {
        for (String path : new String[] {"/hold", "/resume", "/transfer", "/callbacks/20261201-000001/claim",
            "/callbacks/20261201-000001/call", "/callbacks/20261201-000001/result"}) {
            assertThat(Access.allowed(Role.AGENT, "demo", "POST", "/api/agents/demo" + path)).as(path).isTrue();
            assertThat(Access.allowed(Role.AGENT, "demo", "POST", "/api/agents/li.na" + path)).as(path).isFalse();
            assertThat(unit("POST", "/api/agents/demo" + path)).isInstanceOf(Decision.Denied.class);
            assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "POST", "/api/agents/demo" + path)).isFalse();
        }
        assertThat(Access.allowed(Role.AGENT, "demo", "GET", "/api/agents/demo/callbacks")).isTrue();
        assertThat(Access.allowed(Role.AGENT, "demo", "GET", "/api/agents/li.na/callbacks")).isFalse();
        assertThat(Access.allowed(Role.LEADER, "leader", "POST", "/api/agents/leader/hold")).isTrue();
        assertThat(Access.allowed(Role.AGENT, "demo", "POST", "/api/supervisor/callbacks/20261201-000001/assign"))
                .isFalse();
        assertThat(Access.allowed(Role.SUPERVISOR, "super", "POST", "/api/supervisor/callbacks/20261201-000001/assign"))
                .isTrue();
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

    @Test
    void shouldKeepTheReportsToTheSupervisor() {
        assertThat(Access.allowed(Role.SUPERVISOR, "super", "GET", "/api/reports")).isTrue();
        assertThat(Access.allowed(Role.AGENT, "demo", "GET", "/api/reports")).isFalse();
        assertThat(Access.allowed(Role.AGENT, "demo", "GET", "/api/reports/x")).isFalse();
        assertThat(Access.decide(Role.UNIT, "balizhuang", "balizhuang", "GET", "/api/reports"))
                .isInstanceOf(Decision.Denied.class);
    }

    @Test
    void shouldGiveADistrictsLeaderThatDistrictsReportsOnly() {
        assertThat(Access.decide(Role.LEADER, "leader", null, "朝阳区", "GET", "/api/reports"))
                .isEqualTo(new Decision.InDistrict("朝阳区"));
        // a leader who leads no district has no reports; nor does one of its district through another path or verb
        assertThat(Access.decide(Role.LEADER, "leader", null, null, "GET", "/api/reports"))
                .isInstanceOf(Decision.Denied.class);
        assertThat(Access.decide(Role.LEADER, "leader", null, "朝阳区", "GET", "/api/reports/x"))
                .isInstanceOf(Decision.Denied.class);
        assertThat(Access.decide(Role.LEADER, "leader", null, "朝阳区", "POST", "/api/reports"))
                .isInstanceOf(Decision.Denied.class);
        // its district changes nothing else: what it may otherwise do is an agent's (no desk, no other feed)
        assertThat(Access.decide(Role.LEADER, "leader", null, "朝阳区", "GET", "/ws/desk"))
                .isInstanceOf(Decision.Denied.class);
        // the other roles are not narrowed
        assertThat(Access.decide(Role.SUPERVISOR, "super", null, null, "GET", "/api/reports"))
                .isInstanceOf(Decision.Allowed.class);
    }

    @Test
    void shouldLetALeaderActAsAnAgentOnItsOwnSeatAndReadTheFiguresFeed() {
        assertThat(Access.allowed(Role.LEADER, "leader", "POST", "/api/agents/leader/ready")).isTrue();
        assertThat(Access.allowed(Role.LEADER, "leader", "POST", "/api/agents/leader/outbound")).isTrue();
        assertThat(Access.allowed(Role.LEADER, "leader", "GET", "/ws/agents/leader")).isTrue();
        assertThat(Access.allowed(Role.LEADER, "leader", "GET", "/ws/figures")).isTrue();
        assertThat(Access.allowed(Role.LEADER, "leader", "GET", "/api/figures")).isTrue();
        assertThat(Access.allowed(Role.LEADER, "leader", "GET", "/api/queue")).isTrue();
        assertThat(Access.allowed(Role.LEADER, "leader", "GET", "/api/callbacks")).isTrue();
        assertThat(Access.allowed(Role.LEADER, "leader", "POST", "/api/agents/demo/outbound")).isFalse();
        assertThat(Access.allowed(Role.LEADER, "leader", "GET", "/ws/agents/demo")).isFalse();
        assertThat(Access.allowed(Role.LEADER, "leader", "POST", "/api/supervisor/calls/C1/spy")).isFalse();
        assertThat(Access.allowed(Role.LEADER, "leader", "GET", "/ws/desk")).isFalse();
        assertThat(Access.allowed(Role.LEADER, "leader", "GET", "/api/web/users")).isFalse();
        assertThat(Access.allowed(Role.AGENT, "demo", "GET", "/ws/figures")).isFalse();
    }

    @Test
    void shouldKeepAgentsAndLeadersOffTheUnitsPartsAndTheDesk() {
        for (Role r : List.of(Role.AGENT, Role.LEADER)) {
            for (String action : List.of("accept", "reply", "return", "close", "redispatch")) {
                assertThat(Access.allowed(r, "demo", "POST", "/api/orders/20261201-000001/units/balizhuang/" + action))
                        .as(r + " " + action).isFalse();
            }
            assertThat(Access.allowed(r, "demo", "POST", "/api/orders/20261201-000001/units")).isFalse();
            assertThat(Access.allowed(r, "demo", "GET", "/api/desk/orders")).isFalse();
            // what the desktop does with orders stays open: submit, read, the citizen's callback
            assertThat(Access.allowed(r, "demo", "POST", "/api/orders")).isTrue();
            assertThat(Access.allowed(r, "demo", "GET", "/api/orders/20261201-000001")).isTrue();
            assertThat(Access.allowed(r, "demo", "POST", "/api/orders/20261201-000001/callback")).isTrue();
        }
    }

    @Test
    void shouldLetADispatcherWorkTheDeskButNotTheAcd() {
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "GET", "/ws/desk")).isTrue();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "GET", "/api/desk/orders")).isTrue();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "GET", "/api/orders/20261201-000001")).isTrue();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "POST",
                "/api/orders/20261201-000001/units/balizhuang/redispatch")).isTrue();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "POST", "/api/orders/20261201-000001/units"))
                .isTrue();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "GET", "/api/units")).isTrue();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "GET", "/api/units/balizhuang/orders")).isTrue();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "GET", "/api/ranking")).isTrue();
        // a unit's own actions, the ACD, calls, callbacks and the users list are not the desk's
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "POST",
                "/api/orders/20261201-000001/units/balizhuang/accept")).isFalse();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "GET", "/api/orders/20261201-000001/units/x/redispatch"))
                .isFalse();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "POST", "/api/orders//units/x/redispatch")).isFalse();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "GET", "/api/agents")).isFalse();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "POST", "/api/agents/dispatch/login")).isFalse();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "GET", "/api/calls/C1")).isFalse();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "POST", "/api/orders/20261201-000001/callback"))
                .isFalse();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "GET", "/ws/units/balizhuang")).isFalse();
        assertThat(Access.allowed(Role.DISPATCHER, "dispatch", "GET", "/api/web/users")).isFalse();
    }

    @Test
    void shouldLetOnlyAnAdminReadTheUsersList() {
        assertThat(Access.allowed(Role.ADMIN, "admin", "GET", "/api/web/users")).isTrue();
        assertThat(Access.allowed(Role.ADMIN, "admin", "POST", "/api/supervisor/calls/C1/spy")).isTrue();
        assertThat(Access.allowed(Role.ADMIN, "admin", "GET", "/ws/desk")).isTrue();
        assertThat(Access.allowed(Role.SUPERVISOR, "super", "GET", "/api/web/users")).isFalse();
        assertThat(Access.allowed(Role.AGENT, "demo", "GET", "/api/web/users")).isFalse();
    }

    @Test
    void shouldLetEveryRoleReadTheUnitDirectory() {
        for (Role r : Role.values()) {
            assertThat(Access.decide(r, "x", r == Role.UNIT ? "balizhuang" : null, "GET", "/api/units"))
                    .isInstanceOf(Decision.Allowed.class);
            assertThat(Access.decide(r, "x", r == Role.UNIT ? "balizhuang" : null, "GET", "/api/units/resolve"))
                    .as("resolving a unit name, " + r).isInstanceOf(Decision.Allowed.class);
        }
        assertThat(unit("POST", "/api/units")).isInstanceOf(Decision.Denied.class);
        assertThat(unit("POST", "/api/units/resolve")).isInstanceOf(Decision.Denied.class);
    }
}
