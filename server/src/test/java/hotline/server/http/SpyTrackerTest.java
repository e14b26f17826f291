package hotline.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.http.SpyTracker.EndReason;
import hotline.server.http.SpyTracker.State;
import hotline.telephony.TelephonyEvent.ChannelHungUp;
import hotline.telephony.TelephonyEvent.ChannelRinging;
import hotline.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The supervisor's spy call followed from the pbx's events (issue 17 B6: "振铃至我的座席" forever). */
class SpyTrackerTest {
    private static final Instant T0 = Instant.parse("2026-12-08T02:00:00Z");
    private final FakeClock clock = new FakeClock(T0);
    private final SpyTracker tracker = new SpyTracker(clock);

    @Test
    void shouldGoFromRingingToConnectedToEndedWhenTheSpyLegHangsUp() {
        long id = tracker.started("super", "1010", "demo", "1001", "listen", "c-1");
        assertThat(tracker.of("1010").orElseThrow().state()).isEqualTo(State.RINGING);
        tracker.onEvent(new ChannelRinging(T0, "u-spy", "u-spy", "PJSIP/1010-0000002a"));
        clock.advance(Duration.ofSeconds(2));
        tracker.answered("1010", id, "u-spy");
        assertThat(tracker.of("1010").orElseThrow().state()).isEqualTo(State.CONNECTED);
        assertThat(tracker.of("1010").orElseThrow().since()).isEqualTo(T0.plusSeconds(2));
        // another seat's channel, or seat 10100's, is not the spy leg
        tracker.onEvent(new ChannelHungUp(T0, "u-x", "u-x", "PJSIP/10100-00000001", 16, "Normal Clearing"));
        assertThat(tracker.of("1010").orElseThrow().state()).isEqualTo(State.CONNECTED);
        clock.advance(Duration.ofSeconds(30));
        tracker.onEvent(new ChannelHungUp(T0, "u-spy", "u-spy", "PJSIP/1010-0000002a", 16, "Normal Clearing"));
        SpyTracker.Spy s = tracker.of("1010").orElseThrow();
        assertThat(s.state()).isEqualTo(State.ENDED);
        assertThat(s.endReason()).isEqualTo(EndReason.HUNG_UP);
        assertThat(s.toJson().getString("state")).isEqualTo("ended");
        assertThat(s.toJson().getString("endReason")).isEqualTo("hung-up");
    }

    @Test
    void shouldEndWhenTheSpiedCallEnds() {
        long id = tracker.started("super", "1010", "demo", "1001", "barge", "c-1");
        tracker.answered("1010", id, "u-spy");
        tracker.onEvent(new ChannelHungUp(T0, "u-agent", "u-citizen", "PJSIP/1001-00000007", 16, "Normal Clearing"));
        assertThat(tracker.of("1010").orElseThrow().endReason()).isEqualTo(EndReason.CALL_ENDED);
        // ChanSpy's E option then hangs the spy leg up: the first reason stays
        tracker.onEvent(new ChannelHungUp(T0, "u-spy", "u-spy", "PJSIP/1010-0000002a", 16, "Normal Clearing"));
        assertThat(tracker.of("1010").orElseThrow().endReason()).isEqualTo(EndReason.CALL_ENDED);
    }

    @Test
    void shouldEndWhenTheSupervisorsSeatNeverAnswersOrThePbxRefuses() {
        long first = tracker.started("super", "1010", "demo", "1001", "listen", "c-1");
        tracker.failed("1010", first, false);
        assertThat(tracker.of("1010").orElseThrow().endReason()).isEqualTo(EndReason.NOT_ANSWERED);
        long second = tracker.started("super", "1010", "demo", "1001", "whisper", "c-1");
        tracker.failed("1010", second, true);
        assertThat(tracker.of("1010").orElseThrow().endReason()).isEqualTo(EndReason.REFUSED);
    }

    @Test
    void shouldIgnoreALateAnswerOfASpyTheSeatHasReplaced() {
        long first = tracker.started("super", "1010", "demo", "1001", "listen", "c-1");
        long second = tracker.started("super", "1010", "bob", "1002", "listen", "c-2");
        tracker.answered("1010", first, "u-old");
        SpyTracker.Spy s = tracker.of("1010").orElseThrow();
        assertThat(s.id()).isEqualTo(second);
        assertThat(s.state()).isEqualTo(State.RINGING);
        // a hang-up before the answer was reported (unknown leg): matched by the seat's channel name
        tracker.onEvent(new ChannelHungUp(T0, "u-new", "u-new", "PJSIP/1010-0000002b", 19, "No Answer"));
        assertThat(tracker.of("1010").orElseThrow().state()).isEqualTo(State.ENDED);
        tracker.answered("1010", second, "u-new");
        assertThat(tracker.of("1010").orElseThrow().state()).isEqualTo(State.ENDED);
    }
}
