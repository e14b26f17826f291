package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private final FakeClock clock = new FakeClock(T0);
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(15), 100, clock);

    @Test
    void shouldRefuseAKeyAfterTooManyFailuresUntilTheOldestAgesOut() {
        throttle.failed("name:ann");
        clock.advance(Duration.ofMinutes(1));
        throttle.failed("name:ann");
        assertThat(throttle.blockedUntil("name:ann")).isEmpty();
        throttle.failed("name:ann");

        assertThat(throttle.blockedUntil("name:ann")).contains(T0.plus(Duration.ofMinutes(15)));
        assertThat(throttle.blockedUntil("name:bob")).isEmpty();
        clock.set(T0.plus(Duration.ofMinutes(15)));
        assertThat(throttle.blockedUntil("name:ann")).isEmpty();
    }

    @Test
    void shouldForgetAKeysFailuresWhenItLogsIn() {
        throttle.failed("name:ann");
        throttle.failed("name:ann");
        throttle.succeeded("name:ann");
        throttle.failed("name:ann");
        throttle.failed("name:ann");

        assertThat(throttle.blockedUntil("name:ann")).isEmpty();
    }

    @Test
    void shouldKeepAtMostMaxKeysDroppingTheStalest() {
        LoginThrottle small = new LoginThrottle(1, Duration.ofMinutes(15), 2, clock);
        small.failed("a");
        clock.advance(Duration.ofSeconds(1));
        small.failed("b");
        clock.advance(Duration.ofSeconds(1));
        small.failed("c");

        assertThat(small.blockedUntil("a")).isEmpty();
        assertThat(small.blockedUntil("b")).isPresent();
        assertThat(small.blockedUntil("c")).isPresent();
    }
}
