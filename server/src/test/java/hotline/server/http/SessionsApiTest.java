package hotline.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.SeatsConfig;
import hotline.routing.acd.LeaderSessionConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A leader session asked for on the wallboard: what it becomes, or the problem naming the field (fixed clock). */
class SessionsApiTest {
    private static final Instant NOW = Instant.parse("2026-12-08T02:00:00Z");
    private static final SeatsConfig SEATS = new SeatsConfig(20, 1001, "seat-secret-");
    private static final Set<String> DISTRICTS = Set.of("东城区", "朝阳区");

    private static JsonObject request(String district, String start, String end, String... seats) {
        return new JsonObject().put("supervisorId", "super").put("district", district)
                .put("leaderSeats", new JsonArray(List.of((Object[]) seats))).put("start", start).put("end", end);
    }

    private static Object parse(JsonObject body, List<LeaderSessionConfig> existing) {
        return SessionsApi.parse(body, SEATS, DISTRICTS, "citizen", existing, NOW, "sch-1");
    }

    @Test
    void shouldMakeASessionOfTheDistrictSeatsAndTimes() {
        Object s = parse(request("朝阳区", "2026-12-08T02:00:00Z", "2026-12-08T04:00:00Z", "1001"), List.of());
        assertThat(s).isEqualTo(new LeaderSessionConfig("sch-1", "朝阳区", NOW, NOW.plusSeconds(7200), Set.of("1001"),
                Set.of(), "citizen", SessionsApi.OTHERS_AFTER));
        // stored and read back the same
        assertThat(SessionsApi.fromJson(SessionsApi.toJson((LeaderSessionConfig) s))).isEqualTo(s);
    }

    @Test
    void shouldNameTheFieldOfABadRequest() {
        assertThat(parse(request("朝阳", "2026-12-08T02:00:00Z", "2026-12-08T04:00:00Z", "1001"), List.of()))
                .asString().startsWith("district:");
        assertThat(parse(request("朝阳区", "2026-12-08T02:00:00Z", "2026-12-08T04:00:00Z", "9999"), List.of()))
                .asString().startsWith("leaderSeats: 9999 is not a configured seat");
        assertThat(parse(request("朝阳区", "2026-12-08T02:00:00Z", "2026-12-08T04:00:00Z"), List.of()))
                .asString().startsWith("leaderSeats:");
        assertThat(parse(request("朝阳区", "tomorrow", "2026-12-08T04:00:00Z", "1001"), List.of()))
                .asString().startsWith("start, end:");
        assertThat(parse(request("朝阳区", "2026-12-08T04:00:00Z", "2026-12-08T03:00:00Z", "1001"), List.of()))
                .asString().startsWith("end: must be after start");
        assertThat(parse(request("朝阳区", "2026-12-08T00:00:00Z", "2026-12-08T01:00:00Z", "1001"), List.of()))
                .asString().contains("has passed");
    }

    @Test
    void shouldRefuseALeaderSeatAlreadyLeadingAnOverlappingSession() {
        LeaderSessionConfig dongcheng = new LeaderSessionConfig("dc", "东城区", NOW.plusSeconds(3600),
                NOW.plusSeconds(3 * 3600), Set.of("1001"), Set.of(), "citizen", Duration.ZERO);
        assertThat(parse(request("朝阳区", "2026-12-08T02:00:00Z", "2026-12-08T04:00:00Z", "1001"),
                List.of(dongcheng))).asString().startsWith("leaderSeats: seat 1001 already leads session dc");
        // back to back is fine
        assertThat(parse(request("朝阳区", "2026-12-08T02:00:00Z", "2026-12-08T03:00:00Z", "1001"),
                List.of(dongcheng))).isInstanceOf(LeaderSessionConfig.class);
    }
}
