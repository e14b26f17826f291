package hotline.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.dispatch.calls.TimelineEntry;
import hotline.routing.acd.AcdConfig;
import hotline.routing.acd.AcdEngine;
import hotline.routing.acd.AcdOutcome;
import hotline.routing.acd.AcdRejection;
import hotline.routing.acd.AgentInfo;
import hotline.routing.acd.AgentStatus;
import hotline.routing.acd.QueueConfig;
import hotline.server.call.FakeCallControl.Hold;
import hotline.server.call.FakeCallControl.Offer;
import hotline.server.call.FakeCallControl.Redirect;
import hotline.telephony.TelephonyEvent.ChannelHungUp;
import hotline.telephony.TelephonyEvent.DialEnded;
import hotline.telephony.TelephonyEvent.DialStarted;
import hotline.telephony.TelephonyEvent.HangupRequested;
import hotline.telephony.agi.InboundCall;
import hotline.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hold, resume and transfer through the controller: the engine is the real one, AMI is {@link FakeCallControl}.
 * Channels and uniqueids continue the {@code ami_redirect_fork} transcript's numbering, as in
 * {@link CallControllerTest}.
 */
class CallTransferTest {
    private static final Instant T0 = Instant.ofEpochSecond(1795323011L);
    private static final String CALLER_UID = "1795323011.14";
    private static final String CALLER = "PJSIP/carrier-0000000b";
    private static final String SEAT_UID = "1795323012.16";
    private static final String SEAT_LEG = "PJSIP/1001-0000000c";
    private static final String SEAT2_UID = "1795323031.18";
    private static final String SEAT2_LEG = "PJSIP/1002-0000000e";

    private FakeClock clock;
    private FakeCallStore store;
    private FakeCallControl ami;
    private CallController controller;
    private String callId;

    @BeforeEach
    void setUp() {
        clock = new FakeClock(T0);
        store = new FakeCallStore();
        ami = new FakeCallControl();
        AcdConfig config = new AcdConfig(List.of(
                QueueConfig.simple("citizen", Map.of(), Duration.ofSeconds(300), 100),
                QueueConfig.simple("enterprise", Map.of("enterprise", 1), Duration.ofSeconds(300), 100),
                QueueConfig.simple("callbacks", Map.of(), Duration.ofHours(24), 100)),
                "callbacks", Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofHours(24), Map.of(),
                Duration.ofSeconds(180), List.of());
        controller = new CallController(new AcdEngine(config), "citizen", 10, ami, store, clock,
                new FakeScheduler(clock));
        loginReady("wang.fang", "1001");
        callId = controller.inbound(new InboundCall(CALLER_UID, CALLER, "13900000000", "Citizen 0", "12345")).callId();
        controller.agiFinished(callId, true);
        controller.onTelephonyEvent(new DialStarted(tick(), CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "1001"));
        controller.onTelephonyEvent(new DialEnded(tick(), CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER"));
        assertThat(agent("wang.fang").status()).isEqualTo(AgentStatus.ON_CALL);
    }

    @Test
    void shouldHoldBothLegsAndResumeWithoutEndingTheCall() {
        assertThat(controller.hold("wang.fang")).isInstanceOf(AcdOutcome.Done.class);
        assertThat(ami.holds()).containsExactly(new Hold(CALLER, SEAT_LEG));
        assertThat(agent("wang.fang").held()).isTrue();
        assertThat(store.fields(callId)).containsEntry("state", "held");
        assertThat(rejection(controller.hold("wang.fang"))).isEqualTo(AcdRejection.INVALID_STATE);

        assertThat(controller.resumeHeld("wang.fang")).isInstanceOf(AcdOutcome.Done.class);
        assertThat(ami.holds()).containsExactly(new Hold(CALLER, SEAT_LEG), new Hold(CALLER, null));
        assertThat(agent("wang.fang")).extracting(AgentInfo::status, AgentInfo::held)
                .containsExactly(AgentStatus.ON_CALL, false);
        assertThat(types()).endsWith("answered", "held", "resumed");
        assertThat(controller.activeCalls()).isOne();
    }

    @Test
    void shouldTransferToAReadyColleagueAndConnectWhenTheyAnswer() {
        loginReady("li.na", "1002");
        controller.hold("wang.fang");
        assertThat(controller.transferToAgent("wang.fang", "li.na")).isInstanceOf(AcdOutcome.Done.class);

        assertThat(ami.offers()).containsExactly(new Offer(CALLER, "1002"));
        assertThat(ami.hangups()).as("the held seat leg waits in its own dialplan: ended").containsExactly(SEAT_LEG);
        assertThat(agent("wang.fang").status()).isEqualTo(AgentStatus.WRAP_UP);
        // the first seat leg's hang-up is not the call's end
        controller.onTelephonyEvent(new HangupRequested(tick(), SEAT_UID, CALLER_UID, SEAT_LEG, false, null));
        controller.onTelephonyEvent(new ChannelHungUp(tick(), SEAT_UID, CALLER_UID, SEAT_LEG, 16, "Normal Clearing"));
        assertThat(controller.activeCalls()).isOne();

        controller.onTelephonyEvent(new DialStarted(tick(), CALLER_UID, CALLER, SEAT2_UID, SEAT2_LEG, "1002"));
        controller.onTelephonyEvent(new DialEnded(tick(), CALLER_UID, CALLER, SEAT2_UID, SEAT2_LEG, "ANSWER"));
        assertThat(agent("li.na")).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.ON_CALL, callId);
        assertThat(types()).containsSubsequence("answered", "held", "transferred", "offered", "answered");
        TimelineEntry transferred = store.timeline(callId).stream().filter(e -> e.type().equals("transferred"))
                .findFirst().orElseThrow();
        assertThat(transferred.data()).containsEntry("from", "wang.fang").containsEntry("to", "li.na")
                .containsEntry("queue", "citizen");

        controller.onTelephonyEvent(new HangupRequested(tick(), SEAT2_UID, CALLER_UID, SEAT2_LEG, false, null));
        controller.onTelephonyEvent(new ChannelHungUp(tick(), CALLER_UID, CALLER_UID, CALLER, 16, "Normal Clearing"));
        assertThat(store.fields(callId)).containsEntry("endedBy", "agent").containsEntry("agentId", "li.na");
    }

    @Test
    void shouldReturnTheCallerToTheQueueWhenTheColleagueDoesNotAnswer() {
        loginReady("li.na", "1002");
        controller.transferToAgent("wang.fang", "li.na");
        assertThat(ami.hangups()).as("an unheld seat leg leaves with the caller's redirect").isEmpty();
        controller.onTelephonyEvent(new DialStarted(tick(), CALLER_UID, CALLER, SEAT2_UID, SEAT2_LEG, "1002"));
        controller.onTelephonyEvent(new DialEnded(tick(), CALLER_UID, CALLER, SEAT2_UID, SEAT2_LEG, "NOANSWER"));
        assertThat(controller.queue()).containsExactly(callId);
        assertThat(agent("li.na").reason()).isEqualTo("ring-no-answer");
        assertThat(types()).endsWith("transferred", "offered", "requeued");
    }

    @Test
    void shouldTransferToAQueueAndWaitWithMusicWhenNobodyThereIsReady() {
        assertThat(controller.transferToQueue("wang.fang", "enterprise")).isInstanceOf(AcdOutcome.Done.class);
        assertThat(ami.redirects()).containsExactly(new Redirect(CALLER, "hotline-wait", "s"));
        assertThat(controller.queue()).containsExactly(callId);
        assertThat(store.fields(callId)).containsEntry("queue", "enterprise");
        assertThat(agent("wang.fang").status()).isEqualTo(AgentStatus.WRAP_UP);
        assertThat(rejection(controller.transferToQueue("wang.fang", "enterprise")))
                .isEqualTo(AcdRejection.INVALID_STATE);
    }

    @Test
    void shouldRequeueAHeldCallerWhoseAgentHungUp() {
        controller.hold("wang.fang");
        controller.onTelephonyEvent(new HangupRequested(tick(), SEAT_UID, CALLER_UID, SEAT_LEG, false, null));
        controller.onTelephonyEvent(new ChannelHungUp(tick(), SEAT_UID, CALLER_UID, SEAT_LEG, 16, "Normal Clearing"));
        assertThat(controller.queue()).containsExactly(callId);
        assertThat(ami.redirects()).containsExactly(new Redirect(CALLER, "hotline-wait", "s"));
        assertThat(ami.hangups()).isEmpty();
        assertThat(types()).endsWith("held", "transferred", "queued");
    }

    @Test
    void shouldHangUpTheHeldSeatLegWhenTheCallerHangsUpOnHold() {
        controller.hold("wang.fang");
        controller.onTelephonyEvent(new HangupRequested(tick(), CALLER_UID, CALLER_UID, CALLER, false, null));
        controller.onTelephonyEvent(new ChannelHungUp(tick(), CALLER_UID, CALLER_UID, CALLER, 16, "Normal Clearing"));
        assertThat(ami.hangups()).containsExactly(SEAT_LEG);
        assertThat(store.fields(callId)).containsEntry("endedBy", "caller");
        assertThat(agent("wang.fang").status()).isEqualTo(AgentStatus.WRAP_UP);
        assertThat(controller.activeCalls()).isZero();
    }

    @Test
    void shouldRefuseHoldWithoutAConnectedCall() {
        loginReady("li.na", "1002");
        assertThat(rejection(controller.hold("li.na"))).isEqualTo(AcdRejection.INVALID_STATE);
        assertThat(rejection(controller.hold("nobody"))).isEqualTo(AcdRejection.UNKNOWN_AGENT);
        assertThat(rejection(controller.transferToAgent("wang.fang", "nobody"))).isEqualTo(AcdRejection.UNKNOWN_AGENT);
        assertThat(ami.holds()).isEmpty();
    }

    private List<String> types() {
        return store.timeline(callId).stream().map(TimelineEntry::type).toList();
    }

    private static AcdRejection rejection(AcdOutcome outcome) {
        assertThat(outcome).isInstanceOf(AcdOutcome.Rejected.class);
        return ((AcdOutcome.Rejected) outcome).reason();
    }

    private Instant tick() {
        return clock.advance(Duration.ofMillis(100));
    }

    private void loginReady(String agentId, String seat) {
        tick();
        assertThat(controller.login(agentId, seat)).isInstanceOf(AcdOutcome.Done.class);
        assertThat(controller.ready(agentId)).isInstanceOf(AcdOutcome.Done.class);
    }

    private AgentInfo agent(String agentId) {
        return controller.agents().stream().filter(a -> a.agentId().equals(agentId)).findFirst().orElseThrow();
    }
}
