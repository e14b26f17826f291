package hotline.routing.acd;

import static hotline.routing.acd.AcdFixture.at;
import static hotline.routing.acd.AcdFixture.call;
import static hotline.routing.acd.AcdFixture.config;
import static hotline.routing.acd.AcdFixture.done;
import static hotline.routing.acd.AcdFixture.only;
import static hotline.routing.acd.AcdFixture.readyAgent;
import static hotline.routing.acd.AcdFixture.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import hotline.routing.acd.AcdEvent.CallOffered;
import hotline.routing.acd.AcdEvent.CallQueued;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calls that arrived after the routing state was last saved (the leader died within the save interval): a restored
 * engine adopts them at reconcile with their original arrival time, exactly once.
 */
class AcdEngineAdoptionTest {
    private static final Map<String, Integer> COMPLAINTS_5 = Map.of("complaints", 5);

    /** The state a leader saved at 2 s: c1 waiting; then o1 arrived at 3 s and the leader died. */
    private static AcdEngine restoredWithC1Waiting() {
        AcdEngine before = new AcdEngine(config());
        done(before.callArrived(call("c1", "citizen"), at(1)));
        return AcdEngine.restore(config(), before.snapshot());
    }

    @Test
    void shouldEnqueueAnAdoptedCallWithItsOriginalArrivalBehindEarlierCalls() {
        AcdEngine restored = restoredWithC1Waiting();

        List<AcdEvent> ev = done(restored.reconcile(List.of(new LiveCall("c1", null)),
                List.of(new AdoptedCall(call("o1", "citizen"), at(3), null)), at(10)));

        assertThat(only(ev, CallQueued.class)).extracting(CallQueued::callId).containsExactly("o1");
        assertThat(restored.waiting("citizen")).extracting(WaitingCall::callId).containsExactly("c1", "o1");
        WaitingCall o1 = restored.waiting("citizen").get(1);
        assertThat(o1.arrivedAt()).isEqualTo(at(3));
        assertThat(o1.priority()).isEqualTo(Priority.NORMAL);
        // the first agent ready takes c1, the next one o1
        assertThat(only(readyAgent(restored, "a", "1001", COMPLAINTS_5, at(11)), CallOffered.class))
                .extracting(CallOffered::callId).containsExactly("c1");
        assertThat(only(readyAgent(restored, "b", "1002", COMPLAINTS_5, at(12)), CallOffered.class))
                .extracting(CallOffered::callId).containsExactly("o1");
    }

    @Test
    void shouldOfferTheAdoptedCallAtOnceWhenAnAgentIsReadyAndKeepTheRecordedPriority() {
        AcdEngine before = new AcdEngine(config());
        readyAgent(before, "a", "1001", COMPLAINTS_5, at(0));
        done(before.callArrived(call("c1", "citizen"), at(1))); // offered to a
        done(before.offerAnswered("c1", "a", at(2)));
        readyAgent(before, "b", "1002", COMPLAINTS_5, at(2));
        done(before.notReady("b", "break", at(2)));
        AcdEngine restored = AcdEngine.restore(config(), before.snapshot());
        done(restored.reconcile(List.of(new LiveCall("c1", "1001")), List.of(
                new AdoptedCall(call("o1", "citizen"), at(3), null),
                new AdoptedCall(call("o2", "citizen"), at(4), Priority.URGENT)), at(10)));
        // o2 was urgent on arrival (the call record says so): it ranks ahead of o1
        assertThat(restored.waiting("citizen")).extracting(WaitingCall::callId).containsExactly("o2", "o1");
        assertThat(only(done(restored.ready("b", at(11))), CallOffered.class)).extracting(CallOffered::callId)
                .containsExactly("o2");
    }

    @Test
    void shouldAdoptEachCallOnceAndNeverACallTheSnapshotHas() {
        AcdEngine restored = restoredWithC1Waiting();

        List<AcdEvent> ev = done(restored.reconcile(List.of(new LiveCall("c1", null)), List.of(
                new AdoptedCall(call("c1", "citizen"), at(1), null),
                new AdoptedCall(call("o1", "citizen"), at(3), null),
                new AdoptedCall(call("o1", "citizen"), at(3), null)), at(10)));

        assertThat(only(ev, CallQueued.class)).extracting(CallQueued::callId).containsExactly("o1");
        assertThat(restored.waiting("citizen")).extracting(WaitingCall::callId).containsExactly("c1", "o1");
        assertThat(restored.waiting("citizen").get(0).arrivedAt()).isEqualTo(at(1));
        assertThat(rejected(restored.callArrived(call("o1", "citizen"), at(11))))
                .isEqualTo(AcdRejection.DUPLICATE_CALL);
    }

    @Test
    void shouldRejectABadAdoptedCallWithoutReconcilingSoAGoodListStillCan() {
        AcdEngine restored = restoredWithC1Waiting();

        assertThat(rejected(restored.reconcile(List.of(new LiveCall("c1", null)),
                List.of(new AdoptedCall(call("o1", "nope"), at(3), null)), at(10))))
                .isEqualTo(AcdRejection.INVALID_ARGUMENT);
        assertThat(rejected(restored.reconcile(List.of(new LiveCall("c1", null)),
                List.of(new AdoptedCall(call("o1", "citizen"), at(11), null)), at(10))))
                .isEqualTo(AcdRejection.INVALID_ARGUMENT);
        assertThat(restored.reconciled()).isFalse();

        done(restored.reconcile(List.of(new LiveCall("c1", null)),
                List.of(new AdoptedCall(call("o1", "citizen"), at(3), null)), at(10)));
        assertThat(restored.waiting("citizen")).extracting(WaitingCall::callId).containsExactly("c1", "o1");
    }

    @Test
    void shouldCountTheMaxWaitFromTheOriginalArrival() {
        // enterprise's maxWait is 600 s (no overflow): c1 arrived at 1 s, o1 at 3 s and was adopted at 10 s
        AcdEngine before = new AcdEngine(config());
        done(before.callArrived(call("c1", "enterprise"), at(1)));
        AcdEngine restored = AcdEngine.restore(config(), before.snapshot());
        done(restored.reconcile(List.of(new LiveCall("c1", null)),
                List.of(new AdoptedCall(call("o1", "enterprise"), at(3), null)), at(10)));

        assertThat(only(done(restored.tick(at(602))), AcdEvent.CallbackOffered.class))
                .extracting(AcdEvent.CallbackOffered::callId).containsExactly("c1");
        assertThat(only(done(restored.tick(at(603))), AcdEvent.CallbackOffered.class))
                .extracting(AcdEvent.CallbackOffered::callId).containsExactly("o1");
    }
}
