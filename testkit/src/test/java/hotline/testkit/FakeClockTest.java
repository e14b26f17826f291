package hotline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FakeClockTest {

    private static final Instant START = Instant.parse("2026-11-22T04:50:11Z");

    @Test
    void shouldStandStillUntilAdvanced() {
        FakeClock clock = new FakeClock(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.advance(Duration.ofSeconds(6))).isEqualTo(START.plusSeconds(6));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(6));
    }

    @Test
    void shouldSetAnyInstantButRefuseNegativeAdvance() {
        FakeClock clock = new FakeClock(START);

        clock.set(START.minusSeconds(60));

        assertThat(clock.instant()).isEqualTo(START.minusSeconds(60));
        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldShareInstantWithZonedView() {
        FakeClock clock = new FakeClock(START);
        FakeClock shanghai = clock.withZone(ZoneId.of("Asia/Shanghai"));

        clock.advance(Duration.ofMinutes(1));

        assertThat(shanghai.instant()).isEqualTo(START.plusSeconds(60));
        assertThat(shanghai.getZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(clock.getZone()).isEqualTo(ZoneId.of("Z"));
    }
}
