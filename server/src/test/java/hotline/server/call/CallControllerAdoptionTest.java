package hotline.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.dispatch.calls.CallRecord;
import hotline.dispatch.calls.CallStore;
import hotline.dispatch.calls.TimelineEntry;
import hotline.routing.acd.AcdConfig;
import hotline.routing.acd.AcdEngine;
import hotline.routing.acd.AcdOutcome;
import hotline.routing.acd.Priority;
import hotline.routing.acd.QueueConfig;
import hotline.routing.acd.WaitingCall;
import hotline.server.call.FakeCallControl.Offer;
import hotline.telephony.TelephonyEvent.ChannelHungUp;
import hotline.telephony.TelephonyEvent.ChannelInfo;
import hotline.telephony.TelephonyEvent.ChannelsSnapshot;
import hotline.telephony.agi.InboundCall;
import hotline.testkit.FakeClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A leader is killed within the state's save interval ({@link CallController#SAVE_DELAY}) after a call arrived: the
 * call is in the call store (its arrival was recorded at once) but not in the saved routing state. The next leader
 * finds the caller on hold in AMI's channel list ({@code [hotline-wait]}, MusicOnHold, as the dialplan leaves a
 * caller whose FastAGI session is over) and adopts it from its record, exactly once. Uniqueids and channels continue
 * the {@code ami_redirect_fork} transcript's numbering, as in {@link CallControllerTest}.
 */
class CallControllerAdoptionTest {
    private static final Instant T0 = Instant.ofEpochSecond(1795323011L);
    private static final String CALLER_UID = "1795323011.14";
    private static final String CALLER = "PJSIP/carrier-0000000b";
    private static final String CALLER2_UID = "1795323030.17";
    private static final String CALLER2 = "PJSIP/carrier-0000000d";
    private static final String AGENT = "wang.fang";
    private static final String SEAT = "1001";
    private static final String AGENT2 = "li.na";
    private static final String SEAT2 = "1002";

    private FakeClock clock;
    private FakeCallStore store;
    private FakeAcdStateStore saved;
    private String first;
    private String orphan;
    private Instant orphanArrived;

    private static AcdConfig config() {
        return new AcdConfig(List.of(
                QueueConfig.simple("citizen", Map.of(), Duration.ofSeconds(300), 100),
                QueueConfig.simple("callbacks", Map.of(), Duration.ofHours(24), 100)),
                "callbacks", Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(24), Map.of(),
                Duration.ofSeconds(180), List.of());
    }

    /** The old leader: an agent logged in (not ready), call one saved waiting, call two arrived and not saved. */
    @BeforeEach
    void leaderDiesWithinTheSaveInterval() {
        clock = new FakeClock(T0);
        store = new FakeCallStore();
        saved = new FakeAcdStateStore();
        FakeScheduler scheduler = new FakeScheduler(clock);
        CallController leader = new CallController(new AcdEngine(config()), "citizen", 10, new FakeCallControl(),
                store, clock, scheduler, saved);
        assertThat(leader.login(AGENT, SEAT)).isInstanceOf(AcdOutcome.Done.class);
        clock.advance(Duration.ofSeconds(1));
        first = leader.inbound(new InboundCall(CALLER_UID, CALLER, "13900000000", "Citizen 0", "12345")).callId();
        leader.agiFinished(first, true);
        clock.advance(CallController.SAVE_DELAY);
        scheduler.runDue();
        clock.advance(Duration.ofMillis(50));
        orphanArrived = clock.instant();
        orphan = leader.inbound(new InboundCall(CALLER2_UID, CALLER2, "13900000001", "Citizen 1", "12345",
                Map.of("language", "en"))).callId();
        leader.agiFinished(orphan, true);
        // SIGKILL now: the debounced save of the second call never runs
        assertThat(AcdStateCodec.decode(saved.state()).calls()).extracting(AcdStateCodec.SavedCall::callId)
                .containsExactly(first);
        assertThat(store.types(orphan)).containsExactly("arrived", "ivr", "queued");
    }

    private CallController nextLeader(FakeCallControl control, CallStore calls, FakeScheduler scheduler) {
        clock.advance(Duration.ofSeconds(4)); // the lease runs out, the standby takes over
        AcdStateCodec.Saved state = AcdStateCodec.decode(saved.state());
        CallController next = new CallController(AcdEngine.restore(config(), state.engine()), "citizen", 10,
                control, calls, clock, scheduler, saved);
        next.resume(state.calls());
        return next;
    }

    private ChannelsSnapshot bothOnHold() {
        return new ChannelsSnapshot(clock.instant(), List.of(
                new ChannelInfo(CALLER_UID, CALLER_UID, CALLER, "hotline-wait", "s", "MusicOnHold", ""),
                new ChannelInfo(CALLER2_UID, CALLER2_UID, CALLER2, "hotline-wait", "s", "MusicOnHold", "")));
    }

    @Test
    void shouldAdoptTheCallerOnHoldWithItsArrivalTimeAndOfferItExactlyOnce() {
        FakeCallControl control = new FakeCallControl();
        CallController next = nextLeader(control, store, new FakeScheduler(clock));

        next.onTelephonyEvent(bothOnHold());

        assertThat(next.queue()).containsExactly(first, orphan);
        WaitingCall adopted = next.waiting().get(1);
        assertThat(adopted.arrivedAt()).isEqualTo(orphanArrived);
        assertThat(adopted.priority()).isEqualTo(Priority.NORMAL);
        assertThat(store.types(orphan)).containsExactly("arrived", "ivr", "queued", "adopted", "queued");
        assertThat(store.timeline(orphan)).extracting(TimelineEntry::seq).containsExactly(1, 2, 3, 4, 5);
        assertThat(next.activeCalls()).isEqualTo(2);

        // AMI reconnects and lists the same channels again: nothing is adopted twice
        next.onTelephonyEvent(bothOnHold());
        assertThat(next.queue()).containsExactly(first, orphan);
        assertThat(store.types(orphan)).hasSize(5);

        assertThat(next.ready(AGENT)).isInstanceOf(AcdOutcome.Done.class);
        assertThat(next.login(AGENT2, SEAT2)).isInstanceOf(AcdOutcome.Done.class);
        assertThat(next.ready(AGENT2)).isInstanceOf(AcdOutcome.Done.class);
        assertThat(control.offers()).containsExactly(new Offer(CALLER, SEAT), new Offer(CALLER2, SEAT2));
        assertThat(store.types(orphan)).endsWith("adopted", "queued", "offered");
        assertThat(store.types(orphan)).doesNotContain("fallback");
    }

    @Test
    void shouldNotAdoptACallerWhoseRecordIsOverOrMissing() {
        // the second caller's record says it went to the native queue (a stale channel list); a third channel on
        // hold has no record at all
        store.append(orphan, new TimelineEntry(4, "fallback", clock.instant(), Map.of("reason", "NATIVE_QUEUE")),
                Map.of("state", "fallback"));
        FakeCallControl control = new FakeCallControl();
        CallController next = nextLeader(control, store, new FakeScheduler(clock));

        next.onTelephonyEvent(new ChannelsSnapshot(clock.instant(), List.of(
                new ChannelInfo(CALLER_UID, CALLER_UID, CALLER, "hotline-wait", "s", "MusicOnHold", ""),
                new ChannelInfo(CALLER2_UID, CALLER2_UID, CALLER2, "hotline-wait", "s", "MusicOnHold", ""),
                new ChannelInfo("1795323040.19", "1795323040.19", "PJSIP/carrier-0000000f", "hotline-wait", "s",
                        "MusicOnHold", ""))));

        assertThat(next.queue()).containsExactly(first);
        assertThat(store.types(orphan)).doesNotContain("adopted");
        assertThat(next.ready(AGENT)).isInstanceOf(AcdOutcome.Done.class);
        assertThat(control.offers()).containsExactly(new Offer(CALLER, SEAT));
    }

    @Test
    void shouldLeaveOutACallerWhoHungUpWhileItsRecordWasLookedUp() {
        HeldStore held = new HeldStore(store);
        CallController next = nextLeader(new FakeCallControl(), held, new FakeScheduler(clock));

        next.onTelephonyEvent(bothOnHold());
        assertThat(next.ready(AGENT)).as("not reconciled while the records are read")
                .isInstanceOf(AcdOutcome.Rejected.class);
        next.onTelephonyEvent(new ChannelHungUp(clock.instant(), CALLER2_UID, CALLER2_UID, CALLER2, 16,
                "Normal Clearing"));
        next.onTelephonyEvent(bothOnHold()); // a second list meanwhile is not a second reconcile
        held.release();

        assertThat(next.queue()).containsExactly(first);
        assertThat(store.types(orphan)).doesNotContain("adopted");
        assertThat(next.ready(AGENT)).isInstanceOf(AcdOutcome.Done.class);
    }

    @Test
    void shouldReconcileWithoutAdoptingWhenTheRecordsDoNotCome() {
        HeldStore held = new HeldStore(store);
        FakeScheduler scheduler = new FakeScheduler(clock);
        CallController next = nextLeader(new FakeCallControl(), held, scheduler);

        next.onTelephonyEvent(bothOnHold());
        clock.advance(CallController.ADOPT_TIMEOUT);
        scheduler.runDue();

        assertThat(next.queue()).containsExactly(first);
        assertThat(next.ready(AGENT)).isInstanceOf(AcdOutcome.Done.class);
        held.release(); // too late: ignored
        assertThat(next.queue()).isEmpty();
        assertThat(store.types(orphan)).doesNotContain("adopted");
    }

    /** A store whose {@link #recent} answers only when released (Redis slow at the takeover). */
    private static final class HeldStore implements CallStore {
        private final FakeCallStore delegate;
        private final Promise<List<String>> recent = Promise.promise();

        HeldStore(FakeCallStore delegate) {
            this.delegate = delegate;
        }

        void release() {
            delegate.recent(100).onSuccess(recent::complete);
        }

        @Override
        public Future<Void> append(String callId, TimelineEntry entry, Map<String, String> fields) {
            return delegate.append(callId, entry, fields);
        }

        @Override
        public Future<List<String>> recent(int limit) {
            return recent.future();
        }

        @Override
        public Future<Optional<CallRecord>> find(String callId) {
            return delegate.find(callId);
        }
    }
}
