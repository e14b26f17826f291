package hotline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeatsConfigTest {

    private final SeatsConfig seats = new SeatsConfig(3, 1001, "agent");

    @Test
    void shouldListSeatsFromFirstInOrder() {
        assertThat(seats.seatIds()).containsExactly("1001", "1002", "1003");
    }

    @Test
    void shouldRecogniseOnlyExactSeatIds() {
        assertThat(seats.isSeat("1001")).isTrue();
        assertThat(seats.isSeat("1003")).isTrue();
        assertThat(seats.isSeat("1000")).isFalse();
        assertThat(seats.isSeat("1004")).isFalse();
        assertThat(seats.isSeat("01001")).isFalse();
        assertThat(seats.isSeat("+1001")).isFalse();
        assertThat(seats.isSeat(" 1001")).isFalse();
        assertThat(seats.isSeat("")).isFalse();
        assertThat(seats.isSeat(null)).isFalse();
        assertThat(seats.isSeat("99999999999999999999")).isFalse();
    }

    @Test
    void shouldBuildThePasswordFromThePrefix() {
        assertThat(seats.password("1002")).isEqualTo("agent1002");
        assertThatThrownBy(() -> seats.password("2000")).isInstanceOf(IllegalArgumentException.class);
    }
}
