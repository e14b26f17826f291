package hotline.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.routing.acd.AcdConfig;
import hotline.routing.acd.AcdEngine;
import hotline.routing.acd.AcdOutcome;
import hotline.routing.acd.Priority;
import hotline.routing.acd.QueueConfig;
import hotline.server.call.CallObserver.AnsweredCall;
import hotline.telephony.TelephonyEvent.ChannelHungUp;
import hotline.telephony.TelephonyEvent.DialEnded;
import hotline.telephony.TelephonyEvent.DialStarted;
import hotline.telephony.agi.InboundCall;
import hotline.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the {@link CallController} tells its observer (live transcription) about an answered call: the caller's
 * number and the call's routing priority, which the transcription's admission ranks streams by. Uniqueids and
 * channels as in {@link CallControllerTest}.
 */
class CallObserverTest {
    private static final Instant T0 = Instant.ofEpochSecond(1795323011L);
    private final FakeClock clock = new FakeClock(T0);
    private final List<AnsweredCall> answered = new ArrayList<>();
    private final CallController controller;

    CallObserverTest() {
        AcdConfig config = new AcdConfig(List.of(
                QueueConfig.simple("citizen", Map.of(), Duration.ofSeconds(300), 100),
                QueueConfig.simple("callbacks", Map.of(), Duration.ofHours(24), 100)),
                "callbacks", Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(24), Map.of(),
                Duration.ofSeconds(180), List.of());
        controller = new CallController(new AcdEngine(config), "citizen", 10, new FakeCallControl(),
                new FakeCallStore(), clock, new FakeScheduler(clock));
        controller.setObserver(new CallObserver() {
            @Override
            public void callAnswered(AnsweredCall call) {
                answered.add(call);
            }
        });
    }

    @Test
    void shouldTellTheObserverTheCallersNumberAndTheCallsPriorityWhenAnAgentAnswers() {
        tick();
        assertThat(controller.login("wang.fang", "1001")).isInstanceOf(AcdOutcome.Done.class);
        tick();
        assertThat(controller.ready("wang.fang")).isInstanceOf(AcdOutcome.Done.class);

        String first = answer("1795323011.14", "PJSIP/carrier-0000000b", "1795323012.16", "PJSIP/1001-0000000c");
        // the same number again within the repeat window: a repeat caller
        String second = answer("1795323030.17", "PJSIP/carrier-0000000d", "1795323031.18", "PJSIP/1001-0000000e");

        assertThat(answered).extracting(AnsweredCall::callId, AnsweredCall::callerNumber, AnsweredCall::priority,
                AnsweredCall::agentUniqueId).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(first, "13900000000", Priority.NORMAL, "1795323012.16"),
                        org.assertj.core.groups.Tuple.tuple(second, "13900000000", Priority.REPEAT_CALLER,
                                "1795323031.18"));
    }

    /** A call from 13900000000 rings seat 1001 at once, is answered, then the caller hangs up. */
    private String answer(String uniqueId, String channel, String seatUniqueId, String seatChannel) {
        tick();
        String callId = controller.inbound(new InboundCall(uniqueId, channel, "13900000000", "Citizen 0", "12345"))
                .callId();
        controller.agiFinished(callId, true);
        controller.onTelephonyEvent(new DialStarted(tick(), uniqueId, channel, seatUniqueId, seatChannel, "1001"));
        controller.onTelephonyEvent(new DialEnded(tick(), uniqueId, channel, seatUniqueId, seatChannel, "ANSWER"));
        controller.onTelephonyEvent(new ChannelHungUp(tick(), seatUniqueId, uniqueId, seatChannel, 16,
                "Normal Clearing"));
        controller.onTelephonyEvent(new ChannelHungUp(tick(), uniqueId, uniqueId, channel, 16, "Normal Clearing"));
        return callId;
    }

    private Instant tick() {
        return clock.advance(Duration.ofMillis(100));
    }
}
