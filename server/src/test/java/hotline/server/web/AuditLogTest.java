package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditLogTest {

    @Test
    void shouldRecordReadsOfOrdersAndCallsAndEveryChange() {
        assertThat(AuditLog.recorded("GET", "/api/orders/20261201-000001")).isTrue();
        assertThat(AuditLog.recorded("GET", "/api/units/balizhuang/orders")).isTrue();
        assertThat(AuditLog.recorded("GET", "/api/callbacks")).isTrue();
        assertThat(AuditLog.recorded("GET", "/api/calls")).isTrue();
        assertThat(AuditLog.recorded("GET", "/api/calls/C1/transcript")).isTrue();
        assertThat(AuditLog.recorded("GET", "/api/audit")).isTrue();
        assertThat(AuditLog.recorded("POST", "/api/agents/demo/ready")).isTrue();
        assertThat(AuditLog.recorded("POST", "/api/drafts")).isTrue();
        assertThat(AuditLog.recorded("DELETE", "/api/anything")).isTrue();
    }

    @Test
    void shouldRecordLiveFeedsButNotTheFiguresTheScreensPoll() {
        assertThat(AuditLog.recorded("GET", "/ws/units/balizhuang")).isTrue();
        assertThat(AuditLog.recorded("GET", "/ws/agents/demo")).isTrue();
        assertThat(AuditLog.recorded("GET", "/ws/desk")).isTrue();
        assertThat(AuditLog.recorded("GET", "/ws/figures")).isFalse();
        assertThat(AuditLog.recorded("GET", "/api/figures")).isFalse();
        assertThat(AuditLog.recorded("GET", "/api/agents")).isFalse();
        assertThat(AuditLog.recorded("GET", "/api/queue")).isFalse();
        assertThat(AuditLog.recorded("GET", "/api/units/balizhuang/rates")).isFalse();
        assertThat(AuditLog.recorded("GET", "/api/ranking")).isFalse();
        assertThat(AuditLog.recorded("GET", "/unit.html")).isFalse();
        assertThat(AuditLog.recorded("POST", "/health")).isFalse();
    }

    @Test
    void shouldPutOnlyWhoWhatAndTheStatusOnTheWire() {
        AuditLog.Entry e = new AuditLog.Entry(Instant.parse("2026-12-01T09:00:00Z"), "bl", "unit", "balizhuang", "GET",
                "/api/orders/20261201-000001", 200);

        assertThat(e.toJson().encode()).isEqualTo("{\"at\":\"2026-12-01T09:00:00Z\",\"user\":\"bl\",\"role\":\"unit\","
                + "\"unit\":\"balizhuang\",\"method\":\"GET\",\"path\":\"/api/orders/20261201-000001\",\"status\":200}");
    }
}
