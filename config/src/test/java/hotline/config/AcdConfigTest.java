package hotline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcdConfigTest {

    @TempDir
    Path dir;

    private HotlineConfig load(String hocon) throws IOException {
        Path file = dir.resolve("hotline.conf");
        Files.writeString(file, hocon);
        return HotlineConfigLoader.load(Map.of(HotlineConfigLoader.CONFIG_FILE_ENV, file.toString()), Map.of());
    }

    private List<String> problems(String hocon) throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, hocon);
        return catchThrowableOfType(HotlineConfigException.class, () -> HotlineConfigLoader.load(
                Map.of(HotlineConfigLoader.CONFIG_FILE_ENV, file.toString()), Map.of())).problems();
    }

    @Test
    void shouldLoadDocumentedAcdDefaults() {
        AcdConfig acd = HotlineConfigLoader.load(Map.of(), Map.of()).acd();
        assertThat(acd.wrapUp()).isEqualTo(Duration.ofSeconds(120));
        assertThat(acd.urgentBoost()).isEqualTo(Duration.ofSeconds(300));
        assertThat(acd.defaultQueue()).isEqualTo("citizen");
        assertThat(acd.queues()).extracting(AcdConfig.Queue::id)
                .containsExactly("citizen", "enterprise", "english", "callbacks");
        AcdConfig.Queue enterprise = acd.queues().get(1);
        assertThat(enterprise.skills()).isEqualTo(Map.of("enterprise", 3));
        assertThat(enterprise.widen()).containsExactly(new AcdConfig.Tier(Duration.ofSeconds(30),
                Map.of("enterprise", 1)));
        assertThat(enterprise.overflowQueue()).isEqualTo("citizen");
        assertThat(acd.sessions()).isEmpty();
    }

    @Test
    void shouldReadSessionsAndZeroWrapUp() throws IOException {
        AcdConfig acd = load("""
                hotline.acd.wrapUp = 0s
                hotline.acd.sessions = [ { id = "dc1", district = "东城区", start = "2026-12-01T09:00:00+08:00",
                  end = "2026-12-01T11:00:00+08:00", leaderSeats = ["1019"], assistantSeats = [1018],
                  queue = "citizen", othersAfter = 20s } ]
                """).acd();
        assertThat(acd.wrapUp()).isZero();
        assertThat(acd.sessions()).containsExactly(new AcdConfig.Session("dc1", "东城区",
                Instant.parse("2026-12-01T01:00:00Z"), Instant.parse("2026-12-01T03:00:00Z"), List.of("1019"),
                List.of("1018"), "citizen", Duration.ofSeconds(20)));
    }

    @Test
    void shouldNameEveryBrokenQueueAndSessionKey() throws IOException {
        List<String> problems = problems("""
                hotline.acd.priorityBoost.repeatCaller = 900s
                hotline.acd.queues = [
                  { id = "a", strategy = "fifo", skills { x = 11 }, serviceLevelTarget = 15s,
                    serviceLevelPercent = 80, maxWait = 300s, maxLength = 10, maxwait = 1s }
                  { id = "b", strategy = "round-robin", skills {}, serviceLevelTarget = 15s,
                    serviceLevelPercent = 80, maxWait = 15, maxLength = 10, overflow { after = 5s, queue = "zz" } }
                ]
                hotline.acd.sessions = [ { id = "s", district = "x", start = "tomorrow", end = "2026-12-01T11:00:00Z",
                  leaderSeats = [], assistantSeats = [], queue = "a", othersAfter = 0s } ]
                """);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("hotline.acd.priorityBoost: must not increase"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("hotline.acd.queues.0.maxwait: unknown key"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("hotline.acd.sessions.0.start: expected a date-time"));
        List<String> second = problems("""
                hotline.acd.queues = [
                  { id = "a", strategy = "fifo", skills { x = 11 }, serviceLevelTarget = 15s,
                    serviceLevelPercent = 80, maxWait = 300s, maxLength = 10 }
                  { id = "b", strategy = "round-robin", skills {}, serviceLevelTarget = 15s,
                    serviceLevelPercent = 80, maxWait = 15, maxLength = 10, overflow { after = 5s, queue = "zz" } }
                ]
                """);
        assertThat(second).anySatisfy(p -> assertThat(p).startsWith("hotline.acd.queues.0.strategy: expected one of"));
        assertThat(second).anySatisfy(p -> assertThat(p).startsWith("hotline.acd.queues.0.skills.x: expected a skill level 1..10"));
        assertThat(second).anySatisfy(p -> assertThat(p).startsWith("hotline.acd.queues.1.maxWait: expected a positive duration"));
        List<String> third = problems("""
                hotline.acd.queues = [
                  { id = "b", strategy = "round-robin", skills {}, serviceLevelTarget = 15s,
                    serviceLevelPercent = 80, maxWait = 15s, maxLength = 10, overflow { after = 5s, queue = "zz" } }
                ]
                """);
        assertThat(third).contains("hotline.acd.queues.0.overflow.queue: zz is not another configured queue");
        assertThat(third).anySatisfy(p -> assertThat(p).startsWith("hotline.acd.defaultQueue: citizen is not one of"));
    }
}
