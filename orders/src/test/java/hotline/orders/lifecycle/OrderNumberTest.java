package hotline.orders.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class OrderNumberTest {

    @Test
    void shouldWriteDateAndZeroPaddedSequenceAndParseItBack() {
        OrderNumber n = new OrderNumber(LocalDate.of(2026, 12, 1), 42);

        assertThat(n.toString()).isEqualTo("20261201-000042");
        assertThat(OrderNumber.parse("20261201-000042")).contains(n);
        assertThat(OrderNumber.parse(new OrderNumber(LocalDate.of(2026, 12, 1), 1_234_567).toString()))
                .contains(new OrderNumber(LocalDate.of(2026, 12, 1), 1_234_567));
    }

    @Test
    void shouldRejectMalformedNumbers() {
        assertThat(OrderNumber.parse("20261301-000001")).isEmpty();
        assertThat(OrderNumber.parse("20261201-1")).isEmpty();
        assertThat(OrderNumber.parse("20261201-000000")).isEmpty();
        assertThat(OrderNumber.parse("x")).isEmpty();
        assertThat(OrderNumber.parse(null)).isEmpty();
    }

    @Test
    void shouldSortByDateThenSequence() {
        OrderNumber a = new OrderNumber(LocalDate.of(2026, 11, 30), 900);
        OrderNumber b = new OrderNumber(LocalDate.of(2026, 12, 1), 2);
        OrderNumber c = new OrderNumber(LocalDate.of(2026, 12, 1), 10);

        assertThat(a).isLessThan(b);
        assertThat(b).isLessThan(c);
    }

    @Test
    void shouldMapUrgencyCodesBothWays() {
        for (UrgencyTier t : UrgencyTier.values()) {
            assertThat(UrgencyTier.fromCode(t.code())).contains(t);
        }
        assertThat(UrgencyTier.fromCode("3d")).isEmpty();
        assertThat(Channel.fromCode("online")).contains(Channel.ONLINE);
    }
}
