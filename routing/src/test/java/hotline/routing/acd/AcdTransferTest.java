package hotline.routing.acd;

import static hotline.routing.acd.AcdFixture.T0;
import static hotline.routing.acd.AcdFixture.at;
import static hotline.routing.acd.AcdFixture.call;
import static hotline.routing.acd.AcdFixture.config;
import static hotline.routing.acd.AcdFixture.done;
import static hotline.routing.acd.AcdFixture.only;
import static hotline.routing.acd.AcdFixture.readyAgent;
import static hotline.routing.acd.AcdFixture.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import hotline.routing.acd.AcdEvent.AgentStateChanged;
import hotline.routing.acd.AcdEvent.CallHeld;
import hotline.routing.acd.AcdEvent.CallOffered;
import hotline.routing.acd.AcdEvent.CallQueued;
import hotline.routing.acd.AcdEvent.CallRequeued;
import hotline.routing.acd.AcdEvent.CallResumed;
import hotline.routing.acd.AcdEvent.CallTransferred;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hold, resume and transfer (to a queue, to a colleague) with fake instants. */
class AcdTransferTest {

    private static final Map<String, Integer> COMPLAINTS_5 = Map.of("complaints", 5);
    private static final Map<String, Integer> BOTH = Map.of("complaints", 5, "enterprise", 3);

    private AcdEngine engine;

    @BeforeEach
    void setUp() {
        engine = new AcdEngine(config());
    }

    private QueueFigures figures(String queueId) {
        return engine.queueFigures(at(1000)).stream().filter(f -> f.queueId().equals(queueId)).findFirst()
                .orElseThrow();
    }

    private void connected(String callId, String agentId) {
        done(engine.callArrived(call(callId, "citizen"), at(1)));
        assertThat(engine.call(callId).orElseThrow().agentId()).isEqualTo(agentId);
        done(engine.offerAnswered(callId, agentId, at(3)));
    }

    @Test
    void shouldHoldAndResumeWithoutEndingTheCall() {
        readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
        connected("c1", "a1");

        assertThat(done(engine.holdCall("c1", "a1", at(10)))).containsExactly(new CallHeld("c1", "a1", at(10)));
        CallInfo held = engine.call("c1").orElseThrow();
        assertThat(held.phase()).isEqualTo(CallPhase.CONNECTED);
        assertThat(held.held()).isTrue();
        assertThat(engine.agent("a1").orElseThrow().status()).isEqualTo(AgentStatus.ON_CALL);
        assertThat(engine.agentFigures(at(11)).get(0).held()).isTrue();
        assertThat(rejected(engine.holdCall("c1", "a1", at(11)))).isEqualTo(AcdRejection.INVALID_STATE);

        assertThat(done(engine.resumeCall("c1", "a1", at(20)))).containsExactly(new CallResumed("c1", "a1", at(20)));
        assertThat(engine.call("c1").orElseThrow().held()).isFalse();
        assertThat(rejected(engine.resumeCall("c1", "a1", at(21)))).isEqualTo(AcdRejection.INVALID_STATE);
        assertThat(figures("citizen").answered()).isEqualTo(1);
        assertThat(figures("citizen").abandoned()).isZero();
    }

    @Test
    void shouldRefuseHoldByAnotherAgentOrOfAWaitingCall() {
        readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
        readyAgent(engine, "a2", "1002", COMPLAINTS_5, at(1));
        connected("c1", "a1");
        assertThat(rejected(engine.holdCall("c1", "a2", at(5)))).isEqualTo(AcdRejection.INVALID_STATE);
        assertThat(rejected(engine.holdCall("c9", "a1", at(5)))).isEqualTo(AcdRejection.UNKNOWN_CALL);
        assertThat(rejected(engine.holdCall("c1", "nobody", at(5)))).isEqualTo(AcdRejection.UNKNOWN_AGENT);
        assertThat(rejected(engine.holdCall("c1", "a 1", at(5)))).isEqualTo(AcdRejection.INVALID_ARGUMENT);
    }

    @Test
    void shouldTransferToAnotherQueueKeepingTheCallAndSendTheAgentToWrapUp() {
        readyAgent(engine, "a1", "1001", BOTH, T0);
        connected("c1", "a1");
        done(engine.holdCall("c1", "a1", at(10)));

        List<AcdEvent> ev = done(engine.transferToQueue("c1", "a1", "enterprise", at(20)));
        assertThat(ev.get(0)).isEqualTo(new CallTransferred("c1", "a1", "enterprise", null, at(20)));
        assertThat(only(ev, CallQueued.class)).extracting(CallQueued::queueId).containsExactly("enterprise");
        // a1 qualifies for enterprise but is the one who transferred it: never offered back
        assertThat(only(ev, CallOffered.class)).isEmpty();
        assertThat(only(ev, AgentStateChanged.class)).containsExactly(new AgentStateChanged("a1", "1001",
                AgentStatus.ON_CALL, AgentStatus.WRAP_UP, null, at(20)));
        CallInfo c = engine.call("c1").orElseThrow();
        assertThat(c.phase()).isEqualTo(CallPhase.WAITING);
        assertThat(c.queueId()).isEqualTo("enterprise");
        assertThat(c.arrivedAt()).isEqualTo(at(1));
        assertThat(c.held()).isFalse();

        readyAgent(engine, "a2", "1002", Map.of("enterprise", 4), at(30));
        assertThat(engine.call("c1").orElseThrow().agentId()).isEqualTo("a2");
        done(engine.offerAnswered("c1", "a2", at(32)));
        done(engine.callEnded("c1", at(60)));
        // counted once where it was answered first, not answered again nor abandoned in the second queue
        assertThat(figures("citizen").answered()).isEqualTo(1);
        assertThat(figures("enterprise").answered()).isZero();
        assertThat(figures("enterprise").abandoned()).isZero();
    }

    @Test
    void shouldOfferATransferredCallToAReadyAgentOfTheQueueAtOnce() {
        readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
        readyAgent(engine, "a2", "1002", Map.of("enterprise", 4), at(1));
        connected("c1", "a1");
        List<AcdEvent> ev = done(engine.transferToQueue("c1", "a1", "enterprise", at(20)));
        assertThat(only(ev, CallOffered.class)).containsExactly(new CallOffered("c1", "a2", "1002", "enterprise",
                at(20)));
    }

    @Test
    void shouldNotCountAnsweredCallAbandonedWhenCallerHangsUpAfterTransfer() {
        readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
        connected("c1", "a1");
        done(engine.transferToQueue("c1", "a1", "enterprise", at(20)));
        done(engine.callEnded("c1", at(25)));
        assertThat(figures("enterprise").abandoned()).isZero();
        assertThat(engine.call("c1")).isEmpty();
    }

    @Test
    void shouldRefuseTransferToUnknownQueueOrOfAnOutboundCall() {
        readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
        connected("c1", "a1");
        assertThat(rejected(engine.transferToQueue("c1", "a1", "nope", at(5)))).isEqualTo(AcdRejection.UNKNOWN_QUEUE);
        assertThat(engine.call("c1").orElseThrow().phase()).isEqualTo(CallPhase.CONNECTED);

        readyAgent(engine, "a3", "1003", Map.of(), at(6));
        List<AcdEvent> out = done(engine.placeOutbound("a3", "13900000000", null, at(7)));
        String task = only(out, AcdEvent.OutboundDial.class).get(0).taskId();
        done(engine.offerAnswered(task, "a3", at(8)));
        assertThat(rejected(engine.transferToQueue(task, "a3", "citizen", at(9))))
                .isEqualTo(AcdRejection.INVALID_STATE);
    }

    @Test
    void shouldOfferTheCallToANamedReadyColleagueWhateverTheirSkills() {
        readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
        connected("c1", "a1");
        readyAgent(engine, "a2", "1002", Map.of("english", 3), at(5));

        List<AcdEvent> ev = done(engine.transferToAgent("c1", "a1", "a2", at(20)));
        assertThat(ev.get(0)).isEqualTo(new CallTransferred("c1", "a1", "citizen", "a2", at(20)));
        assertThat(only(ev, CallOffered.class)).containsExactly(new CallOffered("c1", "a2", "1002", "citizen",
                at(20)));
        assertThat(engine.agent("a1").orElseThrow().status()).isEqualTo(AgentStatus.WRAP_UP);
        assertThat(engine.agent("a2").orElseThrow().status()).isEqualTo(AgentStatus.RESERVED);
        assertThat(engine.waitingCount()).isZero();

        done(engine.offerAnswered("c1", "a2", at(23)));
        assertThat(engine.call("c1").orElseThrow().agentId()).isEqualTo("a2");
        assertThat(figures("citizen").answered()).isEqualTo(1);
    }

    @Test
    void shouldReturnTheCallToTheHeadOfItsQueueWhenTheColleagueDoesNotAnswer() {
        readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
        connected("c1", "a1");
        readyAgent(engine, "a2", "1002", Map.of("english", 3), at(5));
        done(engine.callArrived(call("c2", "citizen"), at(6)));
        done(engine.transferToAgent("c1", "a1", "a2", at(20)));

        List<AcdEvent> failed = done(engine.offerFailed("c1", "a2", OfferFailure.NO_ANSWER, at(35)));
        assertThat(only(failed, CallRequeued.class)).hasSize(1);
        assertThat(engine.agent("a2").orElseThrow().reason()).isEqualTo("ring-no-answer");
        List<WaitingCall> waiting = engine.waiting("citizen");
        assertThat(waiting).extracting(WaitingCall::callId).containsExactly("c1", "c2");
        assertThat(waiting.get(0).headOfLine()).isTrue();
    }

    @Test
    void shouldRefuseTransferToAColleagueWhoIsNotAvailable() {
        readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
        connected("c1", "a1");
        done(engine.login("a2", "1002", Map.of(), at(5)));
        assertThat(rejected(engine.transferToAgent("c1", "a1", "a2", at(6)))).isEqualTo(AcdRejection.INVALID_STATE);
        assertThat(rejected(engine.transferToAgent("c1", "a1", "a1", at(6)))).isEqualTo(AcdRejection.INVALID_STATE);
        assertThat(rejected(engine.transferToAgent("c1", "a1", "zz", at(6)))).isEqualTo(AcdRejection.UNKNOWN_AGENT);
        assertThat(engine.call("c1").orElseThrow().agentId()).isEqualTo("a1");
        assertThat(engine.agent("a1").orElseThrow().status()).isEqualTo(AgentStatus.ON_CALL);
    }

    @Test
    void shouldKeepTheDispatchInvariantWithoutWrapUp() {
        // wrap-up off: the agent is ready at once; a waiting call they qualify for is offered to someone else first,
        // and only when nobody else is available does the ACD offer it to them (no idle agent beside a waiting call)
        engine = new AcdEngine(config(Duration.ZERO));
        readyAgent(engine, "a1", "1001", BOTH, T0);
        connected("c1", "a1");
        readyAgent(engine, "a2", "1002", Map.of("enterprise", 4), at(5));
        List<AcdEvent> ev = done(engine.transferToQueue("c1", "a1", "enterprise", at(20)));
        assertThat(only(ev, CallOffered.class)).extracting(CallOffered::agentId).containsExactly("a2");
        assertThat(engine.agent("a1").orElseThrow().status()).isEqualTo(AgentStatus.READY);
    }
}
