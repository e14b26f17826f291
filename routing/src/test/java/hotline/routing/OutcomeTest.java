package hotline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.routing.Outcome.Done;
import hotline.routing.Outcome.Rejected;
import hotline.routing.RoutingEvent.CallAbandoned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    @Test
    void shouldHaveNoEventsWhenRejected() {
        assertThat(new Rejected(Rejection.QUEUE_FULL, "full").events()).isEmpty();
    }

    @Test
    void shouldCopyEventsIntoImmutableList() {
        List<RoutingEvent> events = new ArrayList<>(List.of(new CallAbandoned("c1", T0)));
        Done done = new Done(events);

        events.clear();

        assertThat(done.events()).containsExactly(new CallAbandoned("c1", T0));
        assertThatThrownBy(() -> done.events().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRequireReasonAndDetailWhenRejected() {
        assertThatNullPointerException().isThrownBy(() -> new Rejected(null, "x"));
        assertThatNullPointerException().isThrownBy(() -> new Rejected(Rejection.UNKNOWN_CALL, null));
    }

    @Test
    void shouldExposeStableFailureCodes() {
        assertThat(OfferFailure.values()).extracting(OfferFailure::code)
                .containsExactly("ring-no-answer", "busy", "unavailable", "offer-error");
    }
}
