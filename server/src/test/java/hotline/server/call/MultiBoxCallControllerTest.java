package hotline.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.BoxesConfig;
import hotline.dispatch.calls.TimelineEntry;
import hotline.routing.acd.AcdConfig;
import hotline.routing.acd.AcdEngine;
import hotline.routing.acd.AcdOutcome;
import hotline.routing.acd.AgentInfo;
import hotline.routing.acd.AgentStatus;
import hotline.routing.acd.QueueConfig;
import hotline.telephony.CallControl;
import hotline.telephony.TelephonyEvent;
import hotline.telephony.TelephonyEvent.ChannelHungUp;
import hotline.telephony.TelephonyEvent.ChannelInfo;
import hotline.telephony.TelephonyEvent.ChannelRinging;
import hotline.telephony.TelephonyEvent.ChannelsSnapshot;
import hotline.telephony.TelephonyEvent.DialEnded;
import hotline.telephony.TelephonyEvent.DialStarted;
import hotline.telephony.TelephonyEvent.HangupRequested;
import hotline.telephony.agi.InboundCall;
import hotline.telephony.agi.InboundDecision;
import hotline.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller on box a answered by a seat on box b, over the IAX2 trunk: the events of both boxes as Asterisk 16 sends
 * them (uniqueids prefixed by each box's systemname; the caller's box sees its IAX2 leg, the seat's box the trunk's
 * incoming leg dialling the seat).
 */
class MultiBoxCallControllerTest {
    private static final Instant T0 = Instant.ofEpochSecond(1795323011L);
    private static final BoxesConfig BOXES = new BoxesConfig("a", 4569, "t", List.of(new BoxesConfig.Box("b",
            "127.0.0.1", 5040, "hotline", "s", 5061, 30000, 30098, 4570, 1011, 1020, "127.0.0.1")));

    private static final String CALLER_UID = "a-1795323011.14";
    private static final String CALLER = "PJSIP/carrier-0000000b";
    private static final String TRUNK_UID = "a-1795323012.15"; // box a's IAX2 leg to box b
    private static final String TRUNK = "IAX2/b-5817";
    private static final String B_IN_UID = "b-1795323012.3"; // box b's incoming IAX2 leg
    private static final String B_IN = "IAX2/a-11093";
    private static final String SEAT_UID = "b-1795323012.4";
    private static final String SEAT_LEG = "PJSIP/1011-00000001";

    private FakeClock clock;
    private FakeCallStore store;
    private BoxControl control;
    private CallController controller;

    /** Records each command with the box it was given on. */
    static final class BoxControl implements CallControl {
        private final String box;
        private final List<String> log;

        BoxControl() {
            this("a", new ArrayList<>());
        }

        private BoxControl(String box, List<String> log) {
            this.box = box;
            this.log = log;
        }

        List<String> sent() {
            return log;
        }

        @Override
        public CallControl onBox(String b) {
            return new BoxControl(b, log);
        }

        @Override
        public CompletionStage<Void> offerToSeat(String channel, String seat) {
            log.add(box + " offer " + channel + " " + seat);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> hangup(String channel) {
            log.add(box + " hangup " + channel);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> redirect(String channel, String context, String exten) {
            log.add(box + " redirect " + channel + " " + context + "," + exten);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> dialOut(String seat, String number, String channelId, String callId,
                                             Duration ringTimeout) {
            log.add(box + " dialOut " + seat);
            return new CompletableFuture<>();
        }
    }

    @BeforeEach
    void setUp() {
        clock = new FakeClock(T0);
        store = new FakeCallStore();
        control = new BoxControl();
        AcdConfig config = new AcdConfig(List.of(
                QueueConfig.simple("citizen", Map.of(), Duration.ofSeconds(300), 100),
                QueueConfig.simple("callbacks", Map.of(), Duration.ofHours(24), 100)),
                "callbacks", Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(24), Map.of(),
                Duration.ofSeconds(180), List.of());
        controller = new CallController(new AcdEngine(config), "citizen", 10, control, store, clock,
                new FakeScheduler(clock));
        controller.boxes(new BoxDirectory(BOXES));
    }

    @Test
    void shouldRedirectTheCallerOverTheTrunkAndFollowTheSeatLegOnItsOwnBox() {
        loginReady("ann", "1011");
        InboundDecision d = controller.inbound(new InboundCall(CALLER_UID, CALLER, "13900000000", "C", "12345"));
        assertThat(d.seat()).as("the caller's dialplan rings only its own seats").isEmpty();
        assertThat(control.sent()).isEmpty();
        controller.agiFinished(d.callId(), true);
        assertThat(control.sent()).containsExactly("a offer " + CALLER + " 1011");

        event("a", new DialStarted(tick(), CALLER_UID, CALLER, TRUNK_UID, TRUNK, "b/1011"));
        event("b", new ChannelRinging(tick(), SEAT_UID, B_IN_UID, SEAT_LEG)); // before b's DialBegin
        event("b", new DialStarted(tick(), B_IN_UID, B_IN, SEAT_UID, SEAT_LEG, "1011"));
        event("b", new ChannelRinging(tick(), SEAT_UID, B_IN_UID, SEAT_LEG));
        event("b", new DialEnded(tick(), B_IN_UID, B_IN, SEAT_UID, SEAT_LEG, "ANSWER"));
        event("a", new DialEnded(tick(), CALLER_UID, CALLER, TRUNK_UID, TRUNK, "ANSWER"));
        assertThat(agent("ann").status()).isEqualTo(AgentStatus.ON_CALL);

        // box b's snapshot (its AMI reconnected) does not know box a's caller: the call goes on
        event("b", new ChannelsSnapshot(tick(), List.of(new ChannelInfo(SEAT_UID, B_IN_UID, SEAT_LEG, "from-boxes",
                "1011", "AppDial", "br1"))));
        assertThat(controller.activeCalls()).isOne();

        // the agent hangs up on box b; box a's caller follows
        event("b", new HangupRequested(tick(), SEAT_UID, B_IN_UID, SEAT_LEG, false, null));
        event("b", new ChannelHungUp(tick(), SEAT_UID, B_IN_UID, SEAT_LEG, 16, "Normal Clearing"));
        event("b", new ChannelHungUp(tick(), B_IN_UID, B_IN_UID, B_IN, 16, "Normal Clearing"));
        event("a", new HangupRequested(tick(), TRUNK_UID, CALLER_UID, TRUNK, false, 16));
        event("a", new ChannelHungUp(tick(), TRUNK_UID, CALLER_UID, TRUNK, 16, "Normal Clearing"));
        event("a", new HangupRequested(tick(), CALLER_UID, CALLER_UID, CALLER, true, 16));
        event("a", new ChannelHungUp(tick(), CALLER_UID, CALLER_UID, CALLER, 16, "Normal Clearing"));

        assertThat(store.timeline(d.callId())).extracting(TimelineEntry::type)
                .containsExactly("arrived", "queued", "offered", "ringing", "answered", "ended");
        assertThat(store.timeline(d.callId()).get(5).data()).containsEntry("endedBy", "agent");
        assertThat(controller.activeCalls()).isZero();
        assertThat(agent("ann").status()).isEqualTo(AgentStatus.READY);
    }

    @Test
    void shouldRequeueOnceWhenTheCallersBoxGivesUpRingingTheRemoteSeat() {
        loginReady("ann", "1011");
        InboundDecision d = controller.inbound(new InboundCall(CALLER_UID, CALLER, "13900000000", "C", "12345"));
        controller.agiFinished(d.callId(), true);
        event("a", new DialStarted(tick(), CALLER_UID, CALLER, TRUNK_UID, TRUNK, "b/1011"));
        event("b", new DialStarted(tick(), B_IN_UID, B_IN, SEAT_UID, SEAT_LEG, "1011"));
        event("a", new DialEnded(tick(), CALLER_UID, CALLER, TRUNK_UID, TRUNK, "NOANSWER"));
        event("b", new DialEnded(tick(), B_IN_UID, B_IN, SEAT_UID, SEAT_LEG, "CANCEL"));
        assertThat(store.timeline(d.callId())).extracting(TimelineEntry::type)
                .containsExactly("arrived", "queued", "offered", "requeued");
        assertThat(agent("ann").status()).isEqualTo(AgentStatus.NOT_READY);
    }

    @Test
    void shouldRequeueOnceWhenTheSeatsBoxCannotReachTheSeat() {
        loginReady("ann", "1011");
        InboundDecision d = controller.inbound(new InboundCall(CALLER_UID, CALLER, "13900000000", "C", "12345"));
        controller.agiFinished(d.callId(), true);
        event("a", new DialStarted(tick(), CALLER_UID, CALLER, TRUNK_UID, TRUNK, "b/1011"));
        event("b", new DialStarted(tick(), B_IN_UID, B_IN, SEAT_UID, SEAT_LEG, "1011"));
        event("b", new DialEnded(tick(), B_IN_UID, B_IN, SEAT_UID, SEAT_LEG, "CHANUNAVAIL"));
        event("a", new DialEnded(tick(), CALLER_UID, CALLER, TRUNK_UID, TRUNK, "CHANUNAVAIL"));
        assertThat(store.timeline(d.callId())).extracting(TimelineEntry::type)
                .containsExactly("arrived", "queued", "offered", "requeued");
    }

    @Test
    void shouldStillRingALocalSeatFromTheDialplanAndEndOnlyTheSnapshotBoxsCalls() {
        loginReady("bob", "1001");
        InboundDecision d = controller.inbound(new InboundCall(CALLER_UID, CALLER, "13900000000", "C", "12345"));
        assertThat(d.seat()).contains("1001");
        controller.agiFinished(d.callId(), true);
        assertThat(control.sent()).isEmpty();
        event("b", new ChannelsSnapshot(tick(), List.of()));
        assertThat(controller.activeCalls()).as("box b's empty list says nothing of box a's caller").isOne();
        event("a", new ChannelsSnapshot(tick(), List.of()));
        assertThat(controller.activeCalls()).as("box a's list: the caller is gone").isZero();
    }

    @Test
    void shouldReconcileAfterARestartOnlyOnceEveryBoxListedItsChannels() {
        FakeAcdStateStore saved = new FakeAcdStateStore();
        FakeScheduler scheduler = new FakeScheduler(clock);
        controller = new CallController(new AcdEngine(config()), "citizen", 10, control, store, clock, scheduler,
                saved);
        controller.boxes(new BoxDirectory(BOXES));
        loginReady("ann", "1011");
        InboundDecision d = controller.inbound(new InboundCall(CALLER_UID, CALLER, "13900000000", "C", "12345"));
        controller.agiFinished(d.callId(), true);
        event("a", new DialStarted(tick(), CALLER_UID, CALLER, TRUNK_UID, TRUNK, "b/1011"));
        event("b", new DialStarted(tick(), B_IN_UID, B_IN, SEAT_UID, SEAT_LEG, "1011"));
        event("b", new DialEnded(tick(), B_IN_UID, B_IN, SEAT_UID, SEAT_LEG, "ANSWER"));
        clock.advance(CallController.SAVE_DELAY);
        scheduler.runDue();
        assertThat(saved.state()).isNotNull();

        AcdStateCodec.Saved state = AcdStateCodec.decode(saved.state());
        CallController restarted = new CallController(AcdEngine.restore(config(), state.engine()), "citizen", 10,
                control, store, clock, new FakeScheduler(clock), saved);
        restarted.boxes(new BoxDirectory(BOXES));
        restarted.resume(state.calls());
        restarted.onTelephonyEvent("b", new ChannelsSnapshot(tick(), List.of(
                new ChannelInfo(B_IN_UID, B_IN_UID, B_IN, "from-boxes", "1011", "Dial", "br-b"),
                new ChannelInfo(SEAT_UID, B_IN_UID, SEAT_LEG, "from-seats", "", "AppDial", "br-b"))));
        assertThat(restarted.login("bob", "1001")).as("box a has not listed its channels yet")
                .isInstanceOf(AcdOutcome.Rejected.class);
        restarted.onTelephonyEvent("a", new ChannelsSnapshot(tick(), List.of(
                new ChannelInfo(CALLER_UID, CALLER_UID, CALLER, "hotline-agents-b", "1011", "Dial", "br-a"),
                new ChannelInfo(TRUNK_UID, CALLER_UID, TRUNK, "hotline-agents-b", "", "AppDial", "br-a"))));
        assertThat(restarted.agents()).singleElement().extracting(AgentInfo::status).isEqualTo(AgentStatus.ON_CALL);
        assertThat(restarted.activeCalls()).isOne();

        // the agent hangs up on box b: known from the saved seat leg
        restarted.onTelephonyEvent("b", new HangupRequested(tick(), SEAT_UID, B_IN_UID, SEAT_LEG, false, null));
        restarted.onTelephonyEvent("a", new ChannelHungUp(tick(), CALLER_UID, CALLER_UID, CALLER, 16, "Normal"));
        assertThat(store.types(d.callId())).containsExactly("arrived", "queued", "offered", "answered", "ended");
        assertThat(store.timeline(d.callId()).get(4).data()).containsEntry("endedBy", "agent");
    }

    private static AcdConfig config() {
        return new AcdConfig(List.of(
                QueueConfig.simple("citizen", Map.of(), Duration.ofSeconds(300), 100),
                QueueConfig.simple("callbacks", Map.of(), Duration.ofHours(24), 100)),
                "callbacks", Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(24), Map.of(),
                Duration.ofSeconds(180), List.of());
    }

    private void event(String box, TelephonyEvent e) {
        controller.onTelephonyEvent(box, e);
    }

    private void loginReady(String agentId, String seat) {
        tick();
        assertThat(controller.login(agentId, seat)).isInstanceOf(AcdOutcome.Done.class);
        assertThat(controller.ready(agentId)).isInstanceOf(AcdOutcome.Done.class);
    }

    private AgentInfo agent(String agentId) {
        return controller.agents().stream().filter(a -> a.agentId().equals(agentId)).findFirst().orElseThrow();
    }

    private Instant tick() {
        clock.advance(Duration.ofMillis(10));
        return clock.instant();
    }
}
