package hotline.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import hotline.dispatch.calls.TimelineEntry;
import hotline.routing.acd.AcdConfig;
import hotline.routing.acd.AcdEngine;
import hotline.routing.acd.AcdOutcome;
import hotline.routing.acd.AgentInfo;
import hotline.routing.acd.AgentStatus;
import hotline.routing.acd.QueueConfig;
import hotline.server.call.FakeCallControl.Offer;
import hotline.telephony.TelephonyEvent.AmiConnected;
import hotline.telephony.TelephonyEvent.AmiDisconnected;
import hotline.telephony.TelephonyEvent.ChannelHungUp;
import hotline.telephony.TelephonyEvent.ChannelInfo;
import hotline.telephony.TelephonyEvent.ChannelRinging;
import hotline.telephony.TelephonyEvent.ChannelsSnapshot;
import hotline.telephony.TelephonyEvent.DialEnded;
import hotline.telephony.TelephonyEvent.DialStarted;
import hotline.telephony.TelephonyEvent.HangupRequested;
import hotline.telephony.TelephonyEvent.SoftphoneStatus;
import hotline.telephony.agi.InboundCall;
import hotline.telephony.agi.InboundDecision;
import hotline.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The call path without IO: FastAGI, AMI and the store are driven by hand, the {@link AcdEngine} is the real one
 * (one queue that any agent serves, no wrap-up unless a test asks for it).
 * Uniqueids, channels, caller id and hangup causes are those of the {@code ami_redirect_fork} transcript (the
 * citizen {@code PJSIP/carrier-0000000b} offered to seat 1001); the second caller and seat 1002 continue Asterisk's
 * numbering.
 */
class CallControllerTest {
    // The transcripts were captured with the host clock in 2026; uniqueids start with the epoch second.
    private static final Instant T0 = Instant.ofEpochSecond(1795323011L);

    private static final String CALLER_UID = "1795323011.14";
    private static final String CALLER = "PJSIP/carrier-0000000b";
    private static final String SEAT_UID = "1795323012.16";
    private static final String SEAT_LEG = "PJSIP/1001-0000000c";
    private static final String CALLER2_UID = "1795323030.17";
    private static final String CALLER2 = "PJSIP/carrier-0000000d";
    private static final String SEAT2_UID = "1795323031.18";
    private static final String SEAT2_LEG = "PJSIP/1002-0000000e";

    private static final String AGENT = "wang.fang";
    private static final String SEAT = "1001";
    private static final String AGENT2 = "li.na";
    private static final String SEAT2 = "1002";

    private static final int NORMAL_CLEARING = 16;

    private FakeClock clock;
    private FakeCallStore store;
    private FakeCallControl callControl;
    private FakeScheduler scheduler;
    private CallController controller;

    @BeforeEach
    void setUp() {
        newController(10, Duration.ZERO);
    }

    private void newController(int maxQueueLength, Duration wrapUp) {
        clock = new FakeClock(T0);
        store = new FakeCallStore();
        callControl = new FakeCallControl();
        scheduler = new FakeScheduler(clock);
        AcdConfig config = new AcdConfig(List.of(
                QueueConfig.simple("citizen", Map.of(), Duration.ofSeconds(300), 100),
                QueueConfig.simple("callbacks", Map.of(), Duration.ofHours(24), 100)),
                "callbacks", wrapUp, Duration.ofSeconds(30), Duration.ofHours(24), Map.of(),
                Duration.ofSeconds(180), List.of());
        controller = new CallController(new AcdEngine(config), "citizen", maxQueueLength, callControl, store, clock,
                scheduler);
    }

    // ------------------------------------------------------------------ happy paths

    @Test
    void shouldRingReadySeatAtOnceAndEndByCallerWhenCallerHangsUp() {
        loginReady(AGENT, SEAT);

        InboundDecision decision = arrive(CALLER_UID, CALLER);
        Instant arrivedAt = clock.instant();
        String callId = decision.callId();
        controller.agiFinished(callId, true);

        assertThat(decision.seat()).contains(SEAT);
        assertThat(callControl.offers()).as("the dialplan rings the seat itself, no AMI Redirect").isEmpty();
        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.RESERVED, callId);

        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        ringing(SEAT_UID, SEAT_LEG);
        ringing(SEAT_UID, SEAT_LEG); // 180 repeated by the phone
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER");
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.ON_CALL);

        // As captured: HangupRequest (BYE from the carrier), SoftHangupRequest, Hangup of seat, Hangup of caller.
        hangupRequested(CALLER_UID, CALLER, false);
        hangupRequested(CALLER_UID, CALLER, true);
        hungUp(SEAT_UID, SEAT_LEG);
        Instant callerGone = hungUp(CALLER_UID, CALLER);

        assertThat(store.timeline(callId)).extracting(TimelineEntry::type, TimelineEntry::data).containsExactly(
                tuple("arrived", Map.of("uniqueId", CALLER_UID, "channel", CALLER)),
                tuple("queued", Map.of("position", "1")),
                tuple("offered", Map.of("agentId", AGENT, "seat", SEAT)),
                tuple("ringing", Map.of("agentId", AGENT, "seat", SEAT)),
                tuple("answered", Map.of("agentId", AGENT, "seat", SEAT)),
                tuple("ended", Map.of("endedBy", "caller", "cause", "16", "causeText", "Normal Clearing")));
        assertThat(store.timeline(callId).get(5).at()).isEqualTo(callerGone);
        assertThat(store.fields(callId)).containsEntry("callId", callId).containsEntry("uniqueId", CALLER_UID)
                .containsEntry("channel", CALLER).containsEntry("callerNumber", "13900000000")
                .containsEntry("dnid", "12345").containsEntry("state", "ended").containsEntry("endedBy", "caller")
                .containsEntry("agentId", AGENT).containsEntry("seat", SEAT)
                .containsEntry("arrivedAt", arrivedAt.toString())
                .containsEntry("endedAt", callerGone.toString());
        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::reason, AgentInfo::callId)
                .containsExactly(AgentStatus.READY, null, null);
        assertThat(controller.activeCalls()).isZero();
        assertThat(callControl.offers()).isEmpty();
        assertSeqsStrictlyIncrease(callId);
    }

    @Test
    void shouldRecordRingingWhenSeatLegRingsBeforeDialBeginArrives() {
        // Asterisk publishes the seat leg's Newstate and the caller's DialBegin on different Stasis topics: seen on
        // real Asterisk 16, AMI delivered Newstate Ringing first for the first call after start.
        loginReady(AGENT, SEAT);
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);

        ringing(SEAT_UID, SEAT_LEG);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        ringing(SEAT_UID, SEAT_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER");

        assertThat(store.timeline(callId)).extracting(TimelineEntry::type)
                .containsExactly("arrived", "queued", "offered", "ringing", "answered");
    }

    @Test
    void shouldIgnoreRingingOfALinkedChannelThatIsNotTheOfferedSeat() {
        loginReady(AGENT, SEAT);
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);

        ringing("1700000000.99", "PJSIP/1999-000000aa");

        assertThat(store.timeline(callId)).extracting(TimelineEntry::type)
                .containsExactly("arrived", "queued", "offered");
    }

    @Test
    void shouldRecordEndedByAgentWhenSeatHangsUpFirst() {
        loginReady(AGENT, SEAT);
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        ringing(SEAT_UID, SEAT_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER");

        hangupRequested(SEAT_UID, SEAT_LEG, false); // BYE from the softphone
        hangupRequested(CALLER_UID, CALLER, true); // Asterisk tears the caller down
        hungUp(SEAT_UID, SEAT_LEG);
        hungUp(CALLER_UID, CALLER);

        assertThat(store.types(callId)).containsExactly("arrived", "queued", "offered", "ringing", "answered", "ended");
        assertThat(store.timeline(callId).get(5).data())
                .isEqualTo(Map.of("endedBy", "agent", "cause", "16", "causeText", "Normal Clearing"));
        assertThat(store.fields(callId)).containsEntry("endedBy", "agent");
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.READY);
        assertSeqsStrictlyIncrease(callId);
    }

    @Test
    void shouldHangUpTheSeatLegWhenTheAgentPressesHangUpAndEndTheCallAsAnAgentHangUp() {
        assertThat(controller.hangupSeat(AGENT)).isInstanceOf(AcdOutcome.Rejected.class); // not logged in
        loginReady(AGENT, SEAT);
        assertThat(controller.hangupSeat(AGENT)).isInstanceOfSatisfying(AcdOutcome.Rejected.class,
                r -> assertThat(r.detail()).contains("no call to hang up"));
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        ringing(SEAT_UID, SEAT_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER");

        assertThat(controller.hangupSeat(AGENT)).isInstanceOf(AcdOutcome.Done.class);

        assertThat(callControl.hangups()).containsExactly(SEAT_LEG); // AMI Hangup of the seat's channel
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.ON_CALL); // until Asterisk reports the hang-up
        hangupRequested(SEAT_UID, SEAT_LEG, false);
        hangupRequested(CALLER_UID, CALLER, true);
        hungUp(SEAT_UID, SEAT_LEG);
        hungUp(CALLER_UID, CALLER);
        assertThat(store.fields(callId)).containsEntry("endedBy", "agent");
        assertThat(agent(AGENT).status()).isNotEqualTo(AgentStatus.ON_CALL);
    }

    @Test
    void shouldAbandonAndFreeAgentWhenCallerHangsUpWhileSeatRings() {
        loginReady(AGENT, SEAT);
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        ringing(SEAT_UID, SEAT_LEG);

        // the caller gives up while the seat rings: HangupRequest on the caller, Dial ends with CANCEL
        hangupRequested(CALLER_UID, CALLER, false);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "CANCEL");
        hangupRequested(SEAT_UID, SEAT_LEG, true);
        hungUp(SEAT_UID, SEAT_LEG);
        hungUp(CALLER_UID, CALLER);

        assertThat(store.timeline(callId)).extracting(TimelineEntry::type, TimelineEntry::data).containsExactly(
                tuple("arrived", Map.of("uniqueId", CALLER_UID, "channel", CALLER)),
                tuple("queued", Map.of("position", "1")),
                tuple("offered", Map.of("agentId", AGENT, "seat", SEAT)),
                tuple("ringing", Map.of("agentId", AGENT, "seat", SEAT)),
                tuple("abandoned", Map.of()),
                tuple("ended", Map.of("endedBy", "caller", "cause", "16", "causeText", "Normal Clearing")));
        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.READY, null);
    }

    // ------------------------------------------------------------------ queued calls, offers over AMI

    @Test
    void shouldQueueWithoutSeatAndOfferOverAmiWhenAgentBecomesReadyAfterAgi() {
        InboundDecision decision = arrive(CALLER_UID, CALLER);
        String callId = decision.callId();
        controller.agiFinished(callId, true);

        assertThat(decision.seat()).isEmpty();
        assertThat(store.types(callId)).containsExactly("arrived", "queued");
        assertThat(controller.queue()).containsExactly(callId);

        loginReady(AGENT, SEAT);

        assertThat(callControl.offers()).containsExactly(new Offer(CALLER, SEAT));
        assertThat(controller.queue()).isEmpty();
        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.RESERVED, callId);
        assertThat(store.timeline(callId)).extracting(TimelineEntry::type, TimelineEntry::data).containsExactly(
                tuple("arrived", Map.of("uniqueId", CALLER_UID, "channel", CALLER)),
                tuple("queued", Map.of("position", "1")),
                tuple("offered", Map.of("agentId", AGENT, "seat", SEAT)));

        // the Redirected caller Dials the seat: ringing and answer must not send a second offer
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        ringing(SEAT_UID, SEAT_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER");
        assertThat(controller.ready(AGENT)).isInstanceOf(AcdOutcome.Rejected.class);
        assertThat(callControl.offers()).hasSize(1);
        assertThat(store.types(callId)).endsWith("ringing", "answered");
    }

    @Test
    void shouldDeferOfferUntilAgiFinishedWhenAgentBecomesReadyDuringAgi() {
        InboundDecision decision = arrive(CALLER_UID, CALLER);
        String callId = decision.callId();
        assertThat(decision.seat()).isEmpty();

        loginReady(AGENT, SEAT);

        assertThat(callControl.offers()).as("the channel is still in FastAGI: a Redirect now would be lost")
                .isEmpty();
        assertThat(store.types(callId)).containsExactly("arrived", "queued", "offered");
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.RESERVED);

        controller.agiFinished(callId, true);
        controller.agiFinished(callId, true); // a repeated notification must not offer twice

        assertThat(callControl.offers()).containsExactly(new Offer(CALLER, SEAT));
        assertThat(store.types(callId)).containsExactly("arrived", "queued", "offered");
    }

    @Test
    void shouldNeverOfferWhenAgiFailedAndFreeTheAgentWhenTheCallerIsGone() {
        String callId = arrive(CALLER_UID, CALLER).callId();
        loginReady(AGENT, SEAT);

        controller.agiFinished(callId, false);

        assertThat(callControl.offers()).isEmpty();

        hangupRequested(CALLER_UID, CALLER, false);
        hungUp(CALLER_UID, CALLER);

        assertThat(callControl.offers()).isEmpty();
        assertThat(store.types(callId)).containsExactly("arrived", "queued", "offered", "abandoned", "ended");
        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.READY, null);
    }

    // ------------------------------------------------------------------ failed offers

    @Test
    void shouldRequeueOnNoAnswerAndOfferToNextReadyAgentOverAmi() {
        loginReady(AGENT, SEAT);
        loginReady(AGENT2, SEAT2); // ready later: AGENT is the longest idle
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        ringing(SEAT_UID, SEAT_LEG);

        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "NOANSWER");

        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::reason, AgentInfo::callId)
                .containsExactly(AgentStatus.NOT_READY, "ring-no-answer", null);
        assertThat(agent(AGENT2)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.RESERVED, callId);
        assertThat(callControl.offers()).containsExactly(new Offer(CALLER, SEAT2));

        // the unanswered seat leg goes away late; it must not touch the call
        ringing(SEAT_UID, SEAT_LEG);
        hangupRequested(SEAT_UID, SEAT_LEG, true);
        hungUp(SEAT_UID, SEAT_LEG);

        dialStarted(CALLER_UID, CALLER, SEAT2_UID, SEAT2_LEG);
        ringing(SEAT2_UID, SEAT2_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT2_UID, SEAT2_LEG, "ANSWER");

        assertThat(store.timeline(callId)).extracting(TimelineEntry::type, TimelineEntry::data).containsExactly(
                tuple("arrived", Map.of("uniqueId", CALLER_UID, "channel", CALLER)),
                tuple("queued", Map.of("position", "1")),
                tuple("offered", Map.of("agentId", AGENT, "seat", SEAT)),
                tuple("ringing", Map.of("agentId", AGENT, "seat", SEAT)),
                tuple("requeued", Map.of("agentId", AGENT, "reason", "ring-no-answer")),
                tuple("offered", Map.of("agentId", AGENT2, "seat", SEAT2)),
                tuple("ringing", Map.of("agentId", AGENT2, "seat", SEAT2)),
                tuple("answered", Map.of("agentId", AGENT2, "seat", SEAT2)));
        assertThat(agent(AGENT2).status()).isEqualTo(AgentStatus.ON_CALL);
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.NOT_READY);
        assertSeqsStrictlyIncrease(callId);
    }

    @ParameterizedTest(name = "DIALSTATUS {0} -> {1}")
    @CsvSource({"NOANSWER, ring-no-answer", "BUSY, busy", "CHANUNAVAIL, unavailable", "CONGESTION, unavailable",
            "INVALIDARGS, offer-error"})
    void shouldMapDialStatusToNotReadyReasonAndRequeue(String dialStatus, String reason) {
        loginReady(AGENT, SEAT);
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);

        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, dialStatus);

        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::reason, AgentInfo::callId)
                .containsExactly(AgentStatus.NOT_READY, reason, null);
        assertThat(controller.queue()).containsExactly(callId);
        assertThat(callControl.offers()).isEmpty();
        assertThat(store.timeline(callId)).last().extracting(TimelineEntry::type, TimelineEntry::data)
                .containsExactly("requeued", Map.of("agentId", AGENT, "reason", reason));
        assertThat(store.fields(callId)).containsEntry("state", "queued");
    }

    @Test
    void shouldTellRouterOfferErrorWhenAsteriskRefusesTheRedirect() {
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);
        callControl.refuseOffers("Channel not found");

        loginReady(AGENT, SEAT);

        assertThat(callControl.offers()).containsExactly(new Offer(CALLER, SEAT));
        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::reason, AgentInfo::callId)
                .containsExactly(AgentStatus.NOT_READY, "offer-error", null);
        assertThat(controller.queue()).containsExactly(callId);
        assertThat(store.timeline(callId)).extracting(TimelineEntry::type, TimelineEntry::data).containsExactly(
                tuple("arrived", Map.of("uniqueId", CALLER_UID, "channel", CALLER)),
                tuple("queued", Map.of("position", "1")),
                tuple("offered", Map.of("agentId", AGENT, "seat", SEAT)),
                tuple("requeued", Map.of("agentId", AGENT, "reason", "offer-error")));

        // Asterisk accepts again: the next ready agent gets the call
        callControl.refuseOffers(null);
        loginReady(AGENT2, SEAT2);

        assertThat(callControl.offers()).containsExactly(new Offer(CALLER, SEAT), new Offer(CALLER, SEAT2));
        assertThat(agent(AGENT2)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.RESERVED, callId);
        assertSeqsStrictlyIncrease(callId);
    }

    // ------------------------------------------------------------------ abandoned, ignored, resync

    @Test
    void shouldRecordAbandonedAndEndedWhenCallerHangsUpWhileQueued() {
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);

        hangupRequested(CALLER_UID, CALLER, false);
        Instant gone = hungUp(CALLER_UID, CALLER);

        assertThat(store.timeline(callId)).extracting(TimelineEntry::type, TimelineEntry::data).containsExactly(
                tuple("arrived", Map.of("uniqueId", CALLER_UID, "channel", CALLER)),
                tuple("queued", Map.of("position", "1")),
                tuple("abandoned", Map.of()),
                tuple("ended", Map.of("endedBy", "caller", "cause", "16", "causeText", "Normal Clearing")));
        assertThat(store.fields(callId)).containsEntry("abandoned", "true").containsEntry("state", "ended")
                .containsEntry("endedAt", gone.toString());
        assertThat(controller.queue()).isEmpty();
        assertThat(controller.activeCalls()).isZero();

        loginReady(AGENT, SEAT);
        assertThat(callControl.offers()).isEmpty();
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.READY);
    }

    @Test
    void shouldIgnoreEventsForUnknownUniqueIds() {
        loginReady(AGENT, SEAT);
        String stranger = "1795329999.99";
        String strangerChannel = "PJSIP/carrier-00000063";

        assertThatCode(() -> {
            dialStarted(stranger, strangerChannel, "1795329999.100", "PJSIP/1001-00000064");
            ringing("1795329999.100", "PJSIP/1001-00000064");
            dialEnded(stranger, strangerChannel, "1795329999.100", "PJSIP/1001-00000064", "ANSWER");
            hangupRequested(stranger, strangerChannel, false);
            hungUp(stranger, strangerChannel);
            controller.onTelephonyEvent(new AmiDisconnected(clock.instant(), "connection reset"));
            controller.onTelephonyEvent(new AmiConnected(clock.instant(), true));
            controller.onTelephonyEvent(new ChannelsSnapshot(clock.instant(), List.of()));
            controller.onTelephonyEvent(new DialStarted(clock.instant(), null, null, null, null, null));
            controller.onTelephonyEvent(new DialEnded(clock.instant(), null, null, null, null, null));
            controller.agiFinished("CNOSUCHCALL", true);
            controller.inboundTimedOut(stranger);
        }).doesNotThrowAnyException();

        assertThat(store.callIds()).isEmpty();
        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.READY, null);
        assertThat(callControl.offers()).isEmpty();
    }

    @Test
    void shouldIgnoreDialToAnotherSeatThanTheOfferedOne() {
        loginReady(AGENT, SEAT);
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);

        dialStarted(CALLER_UID, CALLER, SEAT2_UID, SEAT2_LEG);
        ringing(SEAT2_UID, SEAT2_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT2_UID, SEAT2_LEG, "ANSWER");
        hangupRequested(SEAT2_UID, SEAT2_LEG, false);

        assertThat(store.types(callId)).containsExactly("arrived", "queued", "offered");
        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.RESERVED, callId);

        // the expected seat still works afterwards
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        ringing(SEAT_UID, SEAT_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER");
        assertThat(store.types(callId)).containsExactly("arrived", "queued", "offered", "ringing", "answered");
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.ON_CALL);
    }

    @Test
    void shouldIgnoreRepeatedHangupEventsAfterTheCallEnded() {
        loginReady(AGENT, SEAT);
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER");
        hangupRequested(CALLER_UID, CALLER, false);
        hungUp(SEAT_UID, SEAT_LEG);
        hungUp(CALLER_UID, CALLER);
        List<TimelineEntry> afterEnd = store.timeline(callId);

        assertThatCode(() -> {
            hangupRequested(CALLER_UID, CALLER, false);
            hangupRequested(SEAT_UID, SEAT_LEG, false);
            hungUp(SEAT_UID, SEAT_LEG);
            hungUp(CALLER_UID, CALLER);
            controller.agiFinished(callId, true);
        }).doesNotThrowAnyException();

        assertThat(store.timeline(callId)).isEqualTo(afterEnd);
        assertThat(store.types(callId)).containsOnlyOnce("ended");
        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.READY, null);
    }

    @Test
    void shouldEndCallsMissingFromSnapshotAfterAmiReconnect() {
        loginReady(AGENT, SEAT);
        String talking = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(talking, true);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER");
        String waiting = arrive(CALLER2_UID, CALLER2).callId();
        controller.agiFinished(waiting, true);

        // the first caller hung up while the AMI was down; CoreShowChannels lists only the second one
        controller.onTelephonyEvent(new AmiDisconnected(tick(), "connection reset"));
        controller.onTelephonyEvent(new AmiConnected(tick(), true));
        Instant snapshotAt = tick();
        controller.onTelephonyEvent(new ChannelsSnapshot(snapshotAt, List.of(
                new ChannelInfo(CALLER2_UID, CALLER2_UID, CALLER2, "hotline-wait", "s", "MusicOnHold", ""))));

        assertThat(store.timeline(talking)).last()
                .extracting(TimelineEntry::type, TimelineEntry::data, TimelineEntry::at)
                .containsExactly("ended",
                        Map.of("endedBy", "unknown", "cause", "", "causeText", "gone after AMI resync"), snapshotAt);
        assertThat(store.fields(talking)).containsEntry("state", "ended").containsEntry("endedBy", "unknown");
        assertThat(store.types(waiting)).as("still listed: kept, and offered to the agent freed by the resync")
                .containsExactly("arrived", "queued", "offered");
        assertThat(controller.activeCalls()).isEqualTo(1);
        assertThat(callControl.offers()).containsExactly(new Offer(CALLER2, SEAT));
        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.RESERVED, waiting);
    }

    @Test
    void shouldConnectAnOfferTheSeatAnsweredWhileAmiWasDown() {
        loginReady(AGENT, SEAT);
        String callId = arrive(CALLER_UID, CALLER).callId(); // offered by the AGI: the dialplan rings the seat
        controller.agiFinished(callId, true);

        // DialBegin and DialEnd ANSWER happened while the AMI was cut
        controller.onTelephonyEvent(new AmiDisconnected(tick(), "connection reset"));
        controller.onTelephonyEvent(new AmiConnected(tick(), true));
        controller.onTelephonyEvent(new ChannelsSnapshot(tick(), List.of(
                new ChannelInfo(CALLER_UID, CALLER_UID, CALLER, "hotline-agents", SEAT, "Dial", "bridge-1"),
                new ChannelInfo(SEAT_UID, CALLER_UID, SEAT_LEG, "from-seats", "", "AppDial", "bridge-1"))));

        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.ON_CALL, callId);
        assertThat(store.types(callId)).containsExactly("arrived", "queued", "offered", "answered");
        assertThat(store.fields(callId)).containsEntry("state", "talking");

        // the seat leg is known now: the agent's hang-up is told apart from the caller's
        hangupRequested(SEAT_UID, SEAT_LEG, false);
        hungUp(CALLER_UID, CALLER);
        assertThat(store.fields(callId)).containsEntry("endedBy", "agent");
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.READY);
    }

    @Test
    void shouldRequeueAnOfferWhoseSeatLegEndedWhileAmiWasDown() {
        loginReady(AGENT, SEAT);
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);

        // the seat never answered; the dialplan put the caller back on hold while the AMI was cut
        controller.onTelephonyEvent(new AmiDisconnected(tick(), "connection reset"));
        loginReady(AGENT2, SEAT2);
        controller.onTelephonyEvent(new AmiConnected(tick(), true));
        controller.onTelephonyEvent(new ChannelsSnapshot(tick(), List.of(
                new ChannelInfo(CALLER_UID, CALLER_UID, CALLER, "hotline-wait", "s", "MusicOnHold", ""))));

        assertThat(store.types(callId)).containsExactly("arrived", "queued", "offered", "requeued", "offered");
        assertThat(store.timeline(callId).get(3).data()).containsEntry("reason", "offer-error");
        assertThat(agent(AGENT).status()).isNotIn(AgentStatus.RESERVED, AgentStatus.ON_CALL);
        assertThat(agent(AGENT2)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.RESERVED, callId);
        assertThat(callControl.offers()).containsExactly(new Offer(CALLER, SEAT2));
    }

    @Test
    void shouldLeaveAnOfferStillRingingAtResyncToItsEvents() {
        loginReady(AGENT, SEAT);
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);

        controller.onTelephonyEvent(new AmiConnected(tick(), true));
        controller.onTelephonyEvent(new ChannelsSnapshot(tick(), List.of(
                new ChannelInfo(CALLER_UID, CALLER_UID, CALLER, "hotline-agents", SEAT, "Dial", ""),
                new ChannelInfo(SEAT_UID, CALLER_UID, SEAT_LEG, "from-seats", "", "AppDial", ""))));

        assertThat(store.types(callId)).containsExactly("arrived", "queued", "offered");
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.RESERVED);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER");
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.ON_CALL);
    }

    @Test
    void shouldKeepCallsStillListedInSnapshot() {
        loginReady(AGENT, SEAT);
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER");
        List<TimelineEntry> before = store.timeline(callId);

        controller.onTelephonyEvent(new AmiConnected(tick(), true));
        controller.onTelephonyEvent(new ChannelsSnapshot(tick(), List.of(
                new ChannelInfo(CALLER_UID, CALLER_UID, CALLER, "hotline-agents", SEAT, "Dial", "bridge-1"),
                new ChannelInfo(SEAT_UID, CALLER_UID, SEAT_LEG, "from-seats", "", "AppDial", "bridge-1"))));

        assertThat(store.timeline(callId)).isEqualTo(before);
        assertThat(controller.activeCalls()).isEqualTo(1);
        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.ON_CALL, callId);

        hangupRequested(CALLER_UID, CALLER, false);
        hungUp(CALLER_UID, CALLER);
        assertThat(store.fields(callId)).containsEntry("endedBy", "caller");
    }

    // ------------------------------------------------------------------ fallback

    @Test
    void shouldRecordFallbackForgetCallAndFreeAgentWhenDecisionTimedOut() {
        loginReady(AGENT, SEAT);
        String callId = arrive(CALLER_UID, CALLER).callId();
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.RESERVED);

        controller.inboundTimedOut(CALLER_UID);

        assertThat(store.timeline(callId)).extracting(TimelineEntry::type, TimelineEntry::data).containsExactly(
                tuple("arrived", Map.of("uniqueId", CALLER_UID, "channel", CALLER)),
                tuple("queued", Map.of("position", "1")),
                tuple("offered", Map.of("agentId", AGENT, "seat", SEAT)),
                tuple("fallback", Map.of("reason", "DECISION_TIMEOUT")),
                tuple("abandoned", Map.of()));
        assertThat(store.fields(callId)).containsEntry("state", "fallback");
        assertThat(controller.activeCalls()).isZero();
        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.READY, null);

        // the caller now lives in Asterisk's native fallback queue: its events are no longer ours
        List<TimelineEntry> before = store.timeline(callId);
        controller.agiFinished(callId, false);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER");
        hungUp(CALLER_UID, CALLER);
        assertThat(store.timeline(callId)).isEqualTo(before);
        assertThat(callControl.offers()).isEmpty();
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.READY);

        // a new call with the same uniqueid would be a new call, not a duplicate
        assertThat(arrive(CALLER_UID, CALLER).seat()).contains(SEAT);
    }

    @Test
    void shouldThrowAndRecordFallbackWhenQueueIsFull() {
        newController(1, Duration.ZERO);
        String waiting = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(waiting, true);

        assertThatThrownBy(() -> arrive(CALLER2_UID, CALLER2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("QUEUE_FULL");

        String refused = store.callIds().stream().filter(id -> !id.equals(waiting)).findFirst().orElseThrow();
        assertThat(store.timeline(refused)).extracting(TimelineEntry::type, TimelineEntry::data).containsExactly(
                tuple("arrived", Map.of("uniqueId", CALLER2_UID, "channel", CALLER2)),
                tuple("fallback", Map.of("reason", "QUEUE_FULL")));
        assertThat(store.fields(refused)).containsEntry("state", "fallback");
        assertThat(controller.queue()).containsExactly(waiting);
        assertThat(controller.activeCalls()).isEqualTo(1);

        // the refused caller's later events are ignored; the waiting call is untouched
        hungUp(CALLER2_UID, CALLER2);
        assertThat(store.types(refused)).containsExactly("arrived", "fallback");
        assertThat(store.types(waiting)).containsExactly("arrived", "queued");
    }

    @Test
    void shouldRefuseSecondInboundForSameUniqueId() {
        String callId = arrive(CALLER_UID, CALLER).callId();

        assertThatThrownBy(() -> arrive(CALLER_UID, CALLER)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(CALLER_UID);
        assertThat(store.callIds()).containsExactly(callId);
        assertThat(controller.queue()).containsExactly(callId);
    }

    // ------------------------------------------------------------------ ordering

    @Test
    void shouldNumberEachCallsTimelineIndependentlyAndStrictlyIncreasing() {
        loginReady(AGENT, SEAT);
        String first = arrive(CALLER_UID, CALLER).callId();
        String second = arrive(CALLER2_UID, CALLER2).callId();
        controller.agiFinished(first, true);
        controller.agiFinished(second, true);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        ringing(SEAT_UID, SEAT_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "BUSY");
        loginReady(AGENT2, SEAT2);
        dialStarted(CALLER_UID, CALLER, SEAT2_UID, SEAT2_LEG);
        ringing(SEAT2_UID, SEAT2_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT2_UID, SEAT2_LEG, "ANSWER");
        hangupRequested(CALLER2_UID, CALLER2, false);
        hungUp(CALLER2_UID, CALLER2);
        hangupRequested(SEAT2_UID, SEAT2_LEG, false);
        hungUp(SEAT2_UID, SEAT2_LEG);
        hungUp(CALLER_UID, CALLER);

        assertThat(store.types(first)).containsExactly("arrived", "queued", "offered", "ringing", "requeued",
                "offered", "ringing", "answered", "ended");
        assertThat(store.types(second)).containsExactly("arrived", "queued", "abandoned", "ended");
        assertSeqsStrictlyIncrease(first);
        assertSeqsStrictlyIncrease(second);
        assertThat(store.fields(first)).containsEntry("endedBy", "agent");
        assertThat(agent(AGENT2)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.READY, null);
    }

    // ------------------------------------------------------------------ ACD timers and supervisor

    @Test
    void shouldWrapUpAfterTheCallAndOfferTheNextCallWhenTheWrapUpTimerFires() {
        newController(10, Duration.ofSeconds(30));
        loginReady(AGENT, SEAT);
        String first = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(first, true);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER");
        String second = arrive(CALLER2_UID, CALLER2).callId();
        controller.agiFinished(second, true);
        hangupRequested(CALLER_UID, CALLER, false);
        Instant ended = hungUp(CALLER_UID, CALLER);

        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::wrapUpEnds)
                .containsExactly(AgentStatus.WRAP_UP, ended.plusSeconds(30));
        assertThat(scheduler.dueTimes()).containsExactly(ended.plusSeconds(30));
        assertThat(callControl.offers()).isEmpty();

        assertThat(controller.extendWrapUp(AGENT)).isInstanceOf(AcdOutcome.Done.class);
        assertThat(scheduler.dueTimes()).containsExactly(ended.plusSeconds(60));
        clock.advance(Duration.ofSeconds(59));
        scheduler.runDue();
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.WRAP_UP);
        clock.advance(Duration.ofSeconds(1));
        scheduler.runDue();

        assertThat(callControl.offers()).containsExactly(new Offer(CALLER2, SEAT));
        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::callId)
                .containsExactly(AgentStatus.RESERVED, second);
        assertThat(store.types(second)).containsExactly("arrived", "queued", "offered");
    }

    @Test
    void shouldRecordCallbackOfferWhenTheCallerWaitedTheQueuesMaxWait() {
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);
        Instant arrived = store.timeline(callId).get(0).at();
        assertThat(scheduler.dueTimes()).containsExactly(arrived.plusSeconds(300));

        clock.advance(Duration.ofSeconds(300));
        scheduler.runDue();

        assertThat(store.timeline(callId)).last().extracting(TimelineEntry::type, TimelineEntry::data)
                .containsExactly("callback-offered", Map.of("cause", "max-wait"));
        assertThat(controller.queue()).containsExactly(callId);
        assertThat(scheduler.dueTimes()).isEmpty();
    }

    @Test
    void shouldSendTheCallerToTheAnnouncementWhenACallbackIsOfferedAndTellTheirPlace() {
        controller.announcements("hotline-wait", Duration.ofSeconds(15));
        String callId = waitPastMaxWait();

        assertThat(callControl.redirects()).containsExactly(
                new FakeCallControl.Redirect(CALLER, "hotline-wait", "announce"));
        CallController.QueuedInfo info = controller.queuedInfo(callId).orElseThrow();
        assertThat(info.position()).isEqualTo(1);
        assertThat(info.callbackOffered()).isTrue();
        assertThat(controller.queuedInfo("C-unknown")).isEmpty();
    }

    @Test
    void shouldScheduleACallbackWhenTheCallerPressesOneAndDialTheSeatThenTheCitizenWhenAnAgentIsFree() {
        controller.announcements("hotline-wait", Duration.ofSeconds(15));
        String callId = waitPastMaxWait();

        assertThat(controller.acceptCallback(callId)).isTrue();
        assertThat(store.timeline(callId)).last().extracting(TimelineEntry::type)
                .isEqualTo("callback-scheduled");
        assertThat(controller.queuedInfo(callId)).as("no longer waiting").isEmpty();
        hungUp(CALLER_UID, CALLER); // the dialplan hangs up after the confirmation
        assertThat(store.fields(callId)).containsEntry("endedBy", "callback");

        loginReady(AGENT, SEAT);
        assertThat(callControl.dialOuts()).hasSize(1);
        FakeCallControl.DialOut dial = callControl.dialOuts().get(0);
        assertThat(dial.seat()).isEqualTo(SEAT);
        assertThat(dial.number()).isEqualTo("13900000000");
        String taskId = dial.callId();
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.RESERVED);

        dial.result().complete(null); // the agent answered; the dialplan calls the citizen
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.ON_CALL);
        controller.onTelephonyEvent(new ChannelHungUp(tick(), dial.channelId(), dial.channelId(), "PJSIP/1001-0000aa",
                NORMAL_CLEARING, "Normal Clearing"));

        assertThat(store.timeline(taskId)).extracting(TimelineEntry::type)
                .containsExactly("arrived", "offered", "answered", "ended");
        assertThat(store.fields(taskId)).containsEntry("kind", "callback").containsEntry("callerNumber", "13900000000");
        assertThat(agent(AGENT).status()).isNotIn(AgentStatus.RESERVED, AgentStatus.ON_CALL);
    }

    @Test
    void shouldRequeueTheCallbackAtTheHeadWhenTheSeatDoesNotAnswerEvenIfItsHangupComesFirst() {
        controller.announcements("hotline-wait", Duration.ofSeconds(15));
        String callId = waitPastMaxWait();
        controller.acceptCallback(callId);
        hungUp(CALLER_UID, CALLER);
        loginReady(AGENT, SEAT);
        FakeCallControl.DialOut dial = callControl.dialOuts().get(0);

        controller.onTelephonyEvent(new ChannelHungUp(tick(), dial.channelId(), dial.channelId(), "PJSIP/1001-0000aa",
                NORMAL_CLEARING, "Normal Clearing"));
        dial.result().completeExceptionally(new hotline.telephony.TelephonyException("pbx: Originate failed"));

        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::reason)
                .containsExactly(AgentStatus.NOT_READY, "ring-no-answer");
        assertThat(controller.queue()).containsExactly(dial.callId());
        assertThat(store.types(dial.callId())).containsExactly("arrived", "offered", "requeued");
    }

    @Test
    void shouldPlaceALeadersOutboundCallThroughTheSeatAndRecordItUnderItsOwnId() {
        loginReady(AGENT, SEAT);

        assertThat(controller.placeOutbound(AGENT, "13900000001", "20261201-000017"))
                .isInstanceOf(AcdOutcome.Done.class);
        FakeCallControl.DialOut dial = callControl.dialOuts().get(0);
        assertThat(dial.seat()).isEqualTo(SEAT);
        assertThat(dial.number()).isEqualTo("13900000001");
        String recordId = dial.callId();
        assertThat(recordId).as("stored apart from earlier runs' out-N").matches("C[0-9A-Z]+-out-[0-9]+");
        assertThat(store.fields(recordId)).containsEntry("kind", "outbound").containsEntry("orderId",
                "20261201-000017");

        dial.result().complete(null);
        assertThat(agent(AGENT).status()).isEqualTo(AgentStatus.ON_CALL);
        controller.onTelephonyEvent(new ChannelHungUp(tick(), dial.channelId(), dial.channelId(), "PJSIP/1001-0000ab",
                NORMAL_CLEARING, "Normal Clearing"));
        assertThat(store.types(recordId)).containsExactly("arrived", "offered", "answered", "ended");
    }

    @Test
    void shouldEndAnOutboundCallWhoseSeatDoesNotAnswerAndGiveTheAgentBack() {
        loginReady(AGENT, SEAT);
        controller.placeOutbound(AGENT, "13900000001", null);
        FakeCallControl.DialOut dial = callControl.dialOuts().get(0);

        dial.result().completeExceptionally(new hotline.telephony.TelephonyException("pbx: Originate failed"));

        assertThat(store.types(dial.callId())).containsExactly("arrived", "offered", "ended");
        assertThat(agent(AGENT).status()).isNotIn(AgentStatus.RESERVED, AgentStatus.ON_CALL);
        assertThat(controller.activeCalls()).isZero();
    }

    @Test
    void shouldRefuseACallbackThatWasNotOffered() {
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);

        assertThat(controller.acceptCallback(callId)).isFalse();
        assertThat(controller.queue()).containsExactly(callId);
    }

    private String waitPastMaxWait() {
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);
        clock.advance(Duration.ofSeconds(300));
        scheduler.runDue();
        return callId;
    }

    @Test
    void shouldOfferNothingToSeatWhoseSoftphoneUnregisteredUntilItRegistersAgain() {
        loginReady(AGENT, SEAT);
        controller.onTelephonyEvent(new SoftphoneStatus(tick(), SEAT, false, "Removed"));
        controller.onTelephonyEvent(new SoftphoneStatus(tick(), "carrier", false, "Removed"));
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);

        assertThat(agent(AGENT)).extracting(AgentInfo::status, AgentInfo::registered)
                .containsExactly(AgentStatus.READY, false);
        assertThat(store.types(callId)).containsExactly("arrived", "queued");

        controller.onTelephonyEvent(new SoftphoneStatus(tick(), SEAT, true, "NonQualified"));

        assertThat(callControl.offers()).containsExactly(new Offer(CALLER, SEAT));
    }

    @Test
    void shouldLetSupervisorForceStateAndAssignAWaitingCall() {
        String callId = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(callId, true);
        tick();
        controller.login(AGENT, SEAT, Map.of("complaints", 5));

        AcdOutcome forced = controller.forceState("sup", AGENT, AgentStatus.READY, null);
        assertThat(forced.events().get(0)).isInstanceOf(hotline.routing.acd.AcdEvent.Audited.class);
        assertThat(callControl.offers()).containsExactly(new Offer(CALLER, SEAT));
        assertThat(agent(AGENT).skills()).isEqualTo(Map.of("complaints", 5));
        assertThat(controller.moveCall("sup", callId, "nowhere")).isInstanceOf(AcdOutcome.Rejected.class);
    }

    // ------------------------------------------------------------------ the menu's choices

    @Test
    void shouldQueueACallInTheQueueTheMenuChoseAndRecordTheChoices() {
        String callId = controller.inbound(new InboundCall(CALLER_UID, CALLER, "13900000000", "Citizen 0", "12345",
                Map.of("queue", "callbacks", "language", "en", "ivrMs", "9000", "ivrPath", "welcome>language")))
                .callId();

        assertThat(controller.waiting()).extracting(w -> w.queueId()).containsExactly("callbacks");
        assertThat(store.timeline(callId)).extracting(TimelineEntry::type).startsWith("arrived", "ivr", "queued");
        assertThat(store.timeline(callId).get(0).at()).as("arrived when the menu began")
                .isEqualTo(clock.instant().minusSeconds(9));
        assertThat(store.fields(callId)).containsEntry("ivr.language", "en").containsEntry("ivr.queue", "callbacks");
    }

    @Test
    void shouldQueueInTheDefaultQueueWhenTheMenuNamesAQueueTheEngineDoesNotHave() {
        controller.inbound(new InboundCall(CALLER_UID, CALLER, "13900000000", "Citizen 0", "12345",
                Map.of("queue", "leader")));

        assertThat(controller.waiting()).extracting(w -> w.queueId()).containsExactly("citizen");
    }

    // ------------------------------------------------------------------ restart

    private AcdConfig restartConfig() {
        return new AcdConfig(List.of(
                QueueConfig.simple("citizen", Map.of(), Duration.ofSeconds(300), 100),
                QueueConfig.simple("callbacks", Map.of(), Duration.ofHours(24), 100)),
                "callbacks", Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(24), Map.of(),
                Duration.ofSeconds(180), List.of());
    }

    @Test
    void shouldSaveStateAndResumeAfterRestartReconcilingWithAsterisksChannels() {
        FakeAcdStateStore saved = new FakeAcdStateStore();
        controller = new CallController(new AcdEngine(restartConfig()), "citizen", 10, callControl, store, clock,
                scheduler, saved);
        loginReady(AGENT, SEAT);
        String talking = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(talking, true);
        dialStarted(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG);
        dialEnded(CALLER_UID, CALLER, SEAT_UID, SEAT_LEG, "ANSWER");
        String waiting = arrive(CALLER2_UID, CALLER2).callId();
        controller.agiFinished(waiting, true);
        clock.advance(CallController.SAVE_DELAY);
        scheduler.runDue();
        assertThat(saved.state()).isNotNull();

        // The server restarts: a new engine restored from the saved document, the calls taken back.
        AcdStateCodec.Saved state = AcdStateCodec.decode(saved.state());
        FakeCallControl control2 = new FakeCallControl();
        CallController restarted = new CallController(AcdEngine.restore(restartConfig(), state.engine()), "citizen",
                10, control2, store, clock, new FakeScheduler(clock), saved);
        restarted.resume(state.calls());
        assertThat(restarted.login(AGENT2, SEAT2)).isInstanceOf(AcdOutcome.Rejected.class);

        restarted.onTelephonyEvent(new AmiConnected(tick(), false));
        restarted.onTelephonyEvent(new ChannelsSnapshot(tick(), List.of(
                new ChannelInfo(CALLER_UID, CALLER_UID, CALLER, "hotline-agents", SEAT, "Dial", "bridge-1"),
                new ChannelInfo(SEAT_UID, CALLER_UID, SEAT_LEG, "from-seats", "", "AppDial", "bridge-1"),
                new ChannelInfo(CALLER2_UID, CALLER2_UID, CALLER2, "hotline-wait", "s", "MusicOnHold", ""))));

        AgentInfo agent = restarted.agents().get(0);
        assertThat(agent).extracting(AgentInfo::agentId, AgentInfo::status, AgentInfo::callId)
                .containsExactly(AGENT, AgentStatus.ON_CALL, talking);
        assertThat(restarted.queue()).containsExactly(waiting);
        assertThat(restarted.activeCalls()).isEqualTo(2);

        // the talking caller hangs up: the agent is free and gets the waiting call, exactly once
        restarted.onTelephonyEvent(new HangupRequested(tick(), CALLER_UID, CALLER_UID, CALLER, false, null));
        restarted.onTelephonyEvent(new ChannelHungUp(tick(), CALLER_UID, CALLER_UID, CALLER, NORMAL_CLEARING,
                "Normal Clearing"));
        assertThat(control2.offers()).containsExactly(new Offer(CALLER2, SEAT));
        assertThat(store.types(talking)).endsWith("answered", "ended");
        assertThat(store.types(waiting)).containsExactly("arrived", "queued", "offered");
        assertSeqsStrictlyIncrease(talking);
        assertSeqsStrictlyIncrease(waiting);
    }

    @Test
    void shouldSaveTheLatestStateAgainWhenTheStoreComesBackAfterAFailedSave() {
        FakeAcdStateStore saved = new FakeAcdStateStore();
        controller = new CallController(new AcdEngine(restartConfig()), "citizen", 10, callControl, store, clock,
                scheduler, saved);
        saved.down(true);
        loginReady(AGENT, SEAT);
        String waiting = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(waiting, true);
        clock.advance(CallController.SAVE_DELAY);
        scheduler.runDue();
        assertThat(saved.state()).as("nothing saved while the store is down").isNull();
        clock.advance(CallController.SAVE_RETRY);
        scheduler.runDue();
        clock.advance(CallController.SAVE_DELAY);
        scheduler.runDue();
        assertThat(saved.state()).as("still down").isNull();

        saved.down(false); // nothing changes after the outage: the retry alone saves the state
        clock.advance(CallController.SAVE_RETRY);
        scheduler.runDue();
        clock.advance(CallController.SAVE_DELAY);
        scheduler.runDue();

        assertThat(saved.state()).isNotNull();
        AcdStateCodec.Saved state = AcdStateCodec.decode(saved.state());
        assertThat(state.calls()).extracting(AcdStateCodec.SavedCall::callId).containsExactly(waiting);
        int saves = saved.saves();
        clock.advance(Duration.ofSeconds(10));
        scheduler.runDue();
        assertThat(saved.saves()).as("no more saves once saved").isEqualTo(saves);
    }

    @Test
    void shouldLeaveToTheNativeQueueACallThatWentThereWhileTheServerWasDown() {
        FakeAcdStateStore saved = new FakeAcdStateStore();
        controller = new CallController(new AcdEngine(restartConfig()), "citizen", 10, callControl, store, clock,
                scheduler, saved);
        tick();
        assertThat(controller.login(AGENT, SEAT)).isInstanceOf(AcdOutcome.Done.class); // not ready: the call waits
        String waiting = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(waiting, true);
        clock.advance(CallController.SAVE_DELAY);
        scheduler.runDue();

        // the server is killed; the caller waits past routing.maxWait and the dialplan sends them to the native queue
        AcdStateCodec.Saved state = AcdStateCodec.decode(saved.state());
        FakeCallControl control2 = new FakeCallControl();
        CallController restarted = new CallController(AcdEngine.restore(restartConfig(), state.engine()), "citizen",
                10, control2, store, clock, new FakeScheduler(clock), saved);
        restarted.resume(state.calls());
        restarted.onTelephonyEvent(new AmiConnected(tick(), false));
        restarted.onTelephonyEvent(new ChannelsSnapshot(tick(), List.of(
                new ChannelInfo(CALLER_UID, CALLER_UID, CALLER, "hotline-fallback", "s", "Queue", ""))));

        assertThat(store.types(waiting)).containsExactly("arrived", "queued", "fallback");
        assertThat(store.timeline(waiting).get(2).data()).containsEntry("reason", "NATIVE_QUEUE");
        assertThat(store.fields(waiting)).containsEntry("state", "fallback");
        assertThat(restarted.activeCalls()).isZero();
        tick();
        assertThat(restarted.ready(AGENT)).isInstanceOf(AcdOutcome.Done.class);
        assertThat(control2.offers()).as("never pulled out of the native queue").isEmpty();
    }

    @Test
    void shouldLeaveToTheNativeQueueACallThatWentThereWhileAmiWasDown() {
        String waiting = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(waiting, true);

        controller.onTelephonyEvent(new AmiDisconnected(tick(), "connection reset"));
        controller.onTelephonyEvent(new AmiConnected(tick(), true));
        controller.onTelephonyEvent(new ChannelsSnapshot(tick(), List.of(
                new ChannelInfo(CALLER_UID, CALLER_UID, CALLER, "hotline-fallback", "s", "Queue", ""))));

        assertThat(store.types(waiting)).containsExactly("arrived", "queued", "fallback");
        assertThat(controller.activeCalls()).isZero();
        loginReady(AGENT, SEAT);
        assertThat(callControl.offers()).isEmpty();
    }

    @Test
    void shouldEndCallsGoneDuringRestartAndRevokeOffersThatNoLongerRing() {
        FakeAcdStateStore saved = new FakeAcdStateStore();
        controller = new CallController(new AcdEngine(restartConfig()), "citizen", 10, callControl, store, clock,
                scheduler, saved);
        loginReady(AGENT, SEAT);
        String ringing = arrive(CALLER_UID, CALLER).callId();
        controller.agiFinished(ringing, true);
        String gone = arrive(CALLER2_UID, CALLER2).callId();
        controller.agiFinished(gone, true);
        clock.advance(CallController.SAVE_DELAY);
        scheduler.runDue();

        AcdStateCodec.Saved state = AcdStateCodec.decode(saved.state());
        CallController restarted = new CallController(AcdEngine.restore(restartConfig(), state.engine()), "citizen",
                10, new FakeCallControl(), store, clock, new FakeScheduler(clock), saved);
        restarted.resume(state.calls());
        restarted.onTelephonyEvent(new ChannelsSnapshot(tick(), List.of(
                new ChannelInfo(CALLER_UID, CALLER_UID, CALLER, "hotline-wait", "s", "MusicOnHold", ""))));

        assertThat(store.types(gone)).containsExactly("arrived", "queued", "abandoned", "ended");
        assertThat(store.timeline(gone)).last().extracting(TimelineEntry::data)
                .isEqualTo(Map.of("endedBy", "unknown", "cause", "", "causeText", "gone after restart"));
        assertThat(store.types(ringing)).endsWith("offered", "requeued");
        assertThat(restarted.agents().get(0)).extracting(AgentInfo::status, AgentInfo::reason)
                .containsExactly(AgentStatus.NOT_READY, AcdEngine.RESTART_REASON);
        assertThat(restarted.queue()).containsExactly(ringing);
    }

    @Test
    void shouldRefuseAStateDocumentThatIsNotOne() {
        assertThatThrownBy(() -> AcdStateCodec.decode("{\"version\":7}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> AcdStateCodec.decode("not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("saved ACD state is unreadable");
    }

    // ------------------------------------------------------------------ helpers

    private Instant tick() {
        return clock.advance(Duration.ofMillis(100));
    }

    private void loginReady(String agentId, String seat) {
        tick();
        assertThat(controller.login(agentId, seat)).isInstanceOf(AcdOutcome.Done.class);
        tick();
        assertThat(controller.ready(agentId)).isInstanceOf(AcdOutcome.Done.class);
    }

    private InboundDecision arrive(String uniqueId, String channel) {
        tick();
        return controller.inbound(new InboundCall(uniqueId, channel, "13900000000", "Citizen 0", "12345"));
    }

    private AgentInfo agent(String agentId) {
        return controller.agents().stream().filter(a -> a.agentId().equals(agentId)).findFirst().orElseThrow();
    }

    private void dialStarted(String uniqueId, String channel, String destUniqueId, String destChannel) {
        String dialString = destChannel.substring("PJSIP/".length(), destChannel.indexOf('-'));
        controller.onTelephonyEvent(new DialStarted(tick(), uniqueId, channel, destUniqueId, destChannel, dialString));
    }

    private void ringing(String uniqueId, String channel) {
        controller.onTelephonyEvent(new ChannelRinging(tick(), uniqueId, CALLER_UID, channel));
    }

    private void dialEnded(String uniqueId, String channel, String destUniqueId, String destChannel, String status) {
        controller.onTelephonyEvent(new DialEnded(tick(), uniqueId, channel, destUniqueId, destChannel, status));
    }

    private void hangupRequested(String uniqueId, String channel, boolean soft) {
        controller.onTelephonyEvent(new HangupRequested(tick(), uniqueId, CALLER_UID, channel, soft,
                soft ? NORMAL_CLEARING : null));
    }

    private Instant hungUp(String uniqueId, String channel) {
        Instant at = tick();
        controller.onTelephonyEvent(new ChannelHungUp(at, uniqueId, CALLER_UID, channel, NORMAL_CLEARING,
                "Normal Clearing"));
        return at;
    }

    private void assertSeqsStrictlyIncrease(String callId) {
        List<Integer> seqs = store.timeline(callId).stream().map(TimelineEntry::seq).toList();
        assertThat(seqs).as("seq of %s in append order", callId).isNotEmpty().startsWith(1).isSorted()
                .doesNotHaveDuplicates();
    }
}
