package hotline.telephony.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final DoubleSupplier LOWEST = () -> 0.0;
    private static final DoubleSupplier HIGHEST = () -> 0.999;

    @Test
    void shouldDoubleTheCeilingUpToMax() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), HIGHEST);

        assertThat(delaysMillis(backoff, 7)).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
    }

    @Test
    void shouldDrawLowestDelayAsHalfTheCeiling() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), LOWEST);

        assertThat(delaysMillis(backoff, 6)).containsExactly(50L, 100L, 200L, 400L, 500L, 500L);
    }

    @Test
    void shouldKeepEveryJitteredDelayWithinHalfToFullCeiling() {
        double[] draws = {0.0, 0.25, 0.5, 0.75, 0.999, 0.9999999};
        for (double draw : draws) {
            Backoff backoff = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), () -> draw);
            long ceiling = 20;
            for (int attempt = 0; attempt < 8; attempt++) {
                long delay = backoff.next().toMillis();

                assertThat(delay).as("draw %s attempt %d", draw, attempt).isBetween(ceiling / 2, ceiling);
                ceiling = Math.min(ceiling * 2, 200);
            }
        }
    }

    @Test
    void shouldCountAttemptsAndStartOverAfterReset() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), HIGHEST);
        delaysMillis(backoff, 4);
        assertThat(backoff.attempts()).isEqualTo(4);

        backoff.reset();

        assertThat(backoff.attempts()).isZero();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldStayAtMaxWithoutOverflowAfterManyAttempts() {
        Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofSeconds(30), LOWEST);
        for (int i = 0; i < 10_000; i++) {
            backoff.next();
        }

        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void shouldAllowInitialEqualToMax() {
        Backoff backoff = new Backoff(Duration.ofMillis(150), Duration.ofMillis(150), HIGHEST);

        assertThat(delaysMillis(backoff, 3)).containsExactly(150L, 150L, 150L);
    }

    @Test
    void shouldRejectNonPositiveInitial() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), LOWEST))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1), LOWEST))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectSubMillisecondInitialThatWouldRetryWithoutAnyDelay() {
        // delays are whole milliseconds: 500 µs would truncate to 0 ms and double to 0 ms forever, a busy loop
        assertThatThrownBy(() -> new Backoff(Duration.ofNanos(500_000), Duration.ofSeconds(1), LOWEST))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectMaxBelowInitial() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), LOWEST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT2S").hasMessageContaining("PT1S");
    }

    @Test
    void shouldRejectNulls() {
        assertThatThrownBy(() -> new Backoff(null, Duration.ofSeconds(1), LOWEST))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("initial");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), null, LOWEST))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("random");
    }

    private static List<Long> delaysMillis(Backoff backoff, int count) {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            delays.add(backoff.next().toMillis());
        }
        return delays;
    }
}
