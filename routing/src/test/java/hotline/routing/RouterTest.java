package hotline.routing;

import static hotline.routing.AgentState.LOGGED_OUT;
import static hotline.routing.AgentState.NOT_READY;
import static hotline.routing.AgentState.ON_CALL;
import static hotline.routing.AgentState.READY;
import static hotline.routing.AgentState.RESERVED;
import static org.assertj.core.api.Assertions.assertThat;

import hotline.routing.Outcome.Done;
import hotline.routing.Outcome.Rejected;
import hotline.routing.RoutingEvent.AgentStateChanged;
import hotline.routing.RoutingEvent.CallAbandoned;
import hotline.routing.RoutingEvent.CallConnected;
import hotline.routing.RoutingEvent.CallFinished;
import hotline.routing.RoutingEvent.CallOffered;
import hotline.routing.RoutingEvent.CallQueued;
import hotline.routing.RoutingEvent.CallRequeued;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouterTest {

    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    private Router router = new Router(new RouterConfig(10));

    private static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static List<RoutingEvent> done(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Done.class);
        return outcome.events();
    }

    private static Rejected rejected(Outcome outcome, Rejection reason) {
        assertThat(outcome).isInstanceOf(Rejected.class);
        Rejected rejected = (Rejected) outcome;
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(reason);
        return rejected;
    }

    private void loginReady(String agentId, String seat, Instant at) {
        done(router.login(agentId, seat, at));
        done(router.ready(agentId, at));
    }

    /** Logs in a1 on 1001, makes a1 ready and offers call c1 to a1, all at t(0). */
    private void offerC1ToA1() {
        loginReady("a1", "1001", t(0));
        done(router.callArrived("c1", t(0)));
        assertThat(router.agentOfCall("c1")).contains("a1");
    }

    private AgentState stateOf(String agentId) {
        return router.agent(agentId).orElseThrow().state();
    }

    @Nested
    class Login {

        @Test
        void shouldLogInNotReadyWithLoginReason() {
            List<RoutingEvent> events = done(router.login("a1", "1001", t(0)));

            assertThat(events).containsExactly(
                    new AgentStateChanged("a1", "1001", LOGGED_OUT, NOT_READY, Router.LOGIN_REASON, t(0)));
            assertThat(router.agent("a1"))
                    .contains(new AgentView("a1", "1001", NOT_READY, "login", t(0), null, null));
        }

        @Test
        void shouldRejectSecondLoginOnSameSeat() {
            done(router.login("a1", "1001", t(0)));

            Rejected rejected = rejected(router.login("a2", "1001", t(1)), Rejection.SEAT_TAKEN);

            assertThat(rejected.detail()).contains("1001").contains("a1");
            assertThat(router.agent("a2")).isEmpty();
        }

        @Test
        void shouldRejectSecondLoginOfSameAgentOnAnySeat() {
            done(router.login("a1", "1001", t(0)));

            rejected(router.login("a1", "1002", t(1)), Rejection.ALREADY_LOGGED_IN);
            rejected(router.login("a1", "1001", t(1)), Rejection.ALREADY_LOGGED_IN);

            assertThat(router.agent("a1").orElseThrow().stateSince()).isEqualTo(t(0));
        }

        @Test
        void shouldFreeSeatAndForgetAgentOnLogout() {
            loginReady("a1", "1001", t(0));

            List<RoutingEvent> events = done(router.logout("a1", t(5)));

            assertThat(events).containsExactly(new AgentStateChanged("a1", "1001", READY, LOGGED_OUT, null, t(5)));
            assertThat(router.agent("a1")).isEmpty();
            assertThat(router.agents()).isEmpty();
            done(router.login("a2", "1001", t(6)));
            done(router.login("a1", "1002", t(6)));
        }

        @Test
        void shouldLogOutNotReadyAgent() {
            done(router.login("a1", "1001", t(0)));

            assertThat(done(router.logout("a1", t(1)))).containsExactly(
                    new AgentStateChanged("a1", "1001", NOT_READY, LOGGED_OUT, null, t(1)));
        }

        @Test
        void shouldRejectLogoutWhileReservedOrOnCall() {
            offerC1ToA1();
            rejected(router.logout("a1", t(1)), Rejection.INVALID_STATE);

            done(router.offerAnswered("c1", "a1", t(2)));
            Rejected rejected = rejected(router.logout("a1", t(3)), Rejection.INVALID_STATE);

            assertThat(rejected.detail()).contains("a1").contains("ON_CALL").contains("c1");
            assertThat(stateOf("a1")).isEqualTo(ON_CALL);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "with space", "a/b", "ä", "a\nb", "abcdefghijklmnopqrstuvwxyz0123456"})
        void shouldRejectMalformedAgentId(String agentId) {
            Rejected rejected = rejected(router.login(agentId, "1001", t(0)), Rejection.INVALID_ARGUMENT);

            assertThat(rejected.detail()).startsWith("agentId").doesNotContain("\n");
            assertThat(router.agents()).isEmpty();
        }

        @Test
        void shouldAcceptAgentIdOfAllowedCharactersUpTo32() {
            done(router.login("Ab_9.-abcdefghijklmnopqrstuvwxyz", "1001", t(0)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " 1001", "PJSIP/1001", "1001\r"})
        void shouldRejectMalformedSeat(String seat) {
            rejected(router.login("a1", seat, t(0)), Rejection.INVALID_ARGUMENT);
        }
    }

    @Nested
    class ReadyAndNotReady {

        @Test
        void shouldMakeAgentReadyIdleSinceNow() {
            done(router.login("a1", "1001", t(0)));

            List<RoutingEvent> events = done(router.ready("a1", t(3)));

            assertThat(events).containsExactly(new AgentStateChanged("a1", "1001", NOT_READY, READY, null, t(3)));
            assertThat(router.agent("a1")).contains(new AgentView("a1", "1001", READY, null, t(3), t(3), null));
        }

        @Test
        void shouldOfferWaitingCallWhenAgentBecomesReady() {
            done(router.callArrived("c1", t(0)));
            done(router.login("a1", "1001", t(1)));

            List<RoutingEvent> events = done(router.ready("a1", t(2)));

            assertThat(events).containsExactly(
                    new AgentStateChanged("a1", "1001", NOT_READY, READY, null, t(2)),
                    new AgentStateChanged("a1", "1001", READY, RESERVED, null, t(2)),
                    new CallOffered("c1", "a1", "1001", t(2)));
            assertThat(router.queue()).isEmpty();
            assertThat(router.agent("a1")).contains(new AgentView("a1", "1001", RESERVED, null, t(2), null, "c1"));
        }

        @Test
        void shouldTreatRepeatedReadyAsNoOpKeepingIdleSince() {
            loginReady("a1", "1001", t(0));

            assertThat(done(router.ready("a1", t(9)))).isEmpty();

            assertThat(router.agent("a1").orElseThrow().idleSince()).isEqualTo(t(0));
        }

        @Test
        void shouldSetReadyAgentNotReadyWithReason() {
            loginReady("a1", "1001", t(0));

            List<RoutingEvent> events = done(router.notReady("a1", "break", t(4)));

            assertThat(events).containsExactly(
                    new AgentStateChanged("a1", "1001", READY, NOT_READY, "break", t(4)));
            assertThat(router.agent("a1")).contains(new AgentView("a1", "1001", NOT_READY, "break", t(4), null, null));
        }

        @Test
        void shouldChangeReasonOfNotReadyAgent() {
            done(router.login("a1", "1001", t(0)));

            List<RoutingEvent> events = done(router.notReady("a1", "training", t(4)));

            assertThat(events).containsExactly(
                    new AgentStateChanged("a1", "1001", NOT_READY, NOT_READY, "training", t(4)));
            assertThat(router.agent("a1").orElseThrow().reason()).isEqualTo("training");
        }

        @Test
        void shouldTreatRepeatedNotReadyWithSameReasonAsNoOp() {
            done(router.login("a1", "1001", t(0)));

            assertThat(done(router.notReady("a1", "login", t(4)))).isEmpty();

            assertThat(router.agent("a1").orElseThrow().stateSince()).isEqualTo(t(0));
        }

        @Test
        void shouldNotOfferCallsToNotReadyAgent() {
            loginReady("a1", "1001", t(0));
            done(router.notReady("a1", "break", t(1)));

            List<RoutingEvent> events = done(router.callArrived("c1", t(2)));

            assertThat(events).containsExactly(new CallQueued("c1", 1, t(2)));
            assertThat(stateOf("a1")).isEqualTo(NOT_READY);
        }

        @Test
        void shouldRejectNotReadyAndReadyWhileReserved() {
            offerC1ToA1();

            rejected(router.notReady("a1", "break", t(1)), Rejection.INVALID_STATE);
            rejected(router.ready("a1", t(1)), Rejection.INVALID_STATE);

            assertThat(stateOf("a1")).isEqualTo(RESERVED);
        }

        @Test
        void shouldRejectNotReadyAndReadyWhileOnCall() {
            offerC1ToA1();
            done(router.offerAnswered("c1", "a1", t(1)));

            rejected(router.notReady("a1", "break", t(2)), Rejection.INVALID_STATE);
            rejected(router.ready("a1", t(2)), Rejection.INVALID_STATE);

            assertThat(stateOf("a1")).isEqualTo(ON_CALL);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "lunch break", "午休", "x\ny"})
        void shouldRejectMalformedReason(String reason) {
            loginReady("a1", "1001", t(0));

            rejected(router.notReady("a1", reason, t(1)), Rejection.INVALID_ARGUMENT);

            assertThat(stateOf("a1")).isEqualTo(READY);
        }

        @Test
        void shouldRejectOperationsOnUnknownAgent() {
            rejected(router.ready("ghost", t(0)), Rejection.UNKNOWN_AGENT);
            rejected(router.notReady("ghost", "break", t(0)), Rejection.UNKNOWN_AGENT);
            rejected(router.logout("ghost", t(0)), Rejection.UNKNOWN_AGENT);
            rejected(router.offerAnswered("c1", "ghost", t(0)), Rejection.UNKNOWN_AGENT);
            rejected(router.offerFailed("c1", "ghost", OfferFailure.BUSY, t(0)), Rejection.UNKNOWN_AGENT);
        }
    }

    @Nested
    class Dispatch {

        @Test
        void shouldQueueCallWhenNoAgentIsReady() {
            assertThat(done(router.callArrived("c1", t(0)))).containsExactly(new CallQueued("c1", 1, t(0)));
            assertThat(done(router.callArrived("c2", t(1)))).containsExactly(new CallQueued("c2", 2, t(1)));

            assertThat(router.queue()).containsExactly("c1", "c2");
            assertThat(router.agentOfCall("c1")).isEmpty();
        }

        @Test
        void shouldOfferArrivingCallToReadyAgentAtOnce() {
            loginReady("a1", "1001", t(0));

            List<RoutingEvent> events = done(router.callArrived("c1", t(5)));

            assertThat(events).containsExactly(
                    new CallQueued("c1", 1, t(5)),
                    new AgentStateChanged("a1", "1001", READY, RESERVED, null, t(5)),
                    new CallOffered("c1", "a1", "1001", t(5)));
            assertThat(router.queue()).isEmpty();
            assertThat(router.agentOfCall("c1")).contains("a1");
        }

        @Test
        void shouldOfferCallToLongestIdleReadyAgent() {
            loginReady("a1", "1001", t(2));
            loginReady("a2", "1002", t(1));
            loginReady("a3", "1003", t(3));

            assertThat(done(router.callArrived("c1", t(10)))).contains(new CallOffered("c1", "a2", "1002", t(10)));
            assertThat(done(router.callArrived("c2", t(11)))).contains(new CallOffered("c2", "a1", "1001", t(11)));
            assertThat(done(router.callArrived("c3", t(12)))).contains(new CallOffered("c3", "a3", "1003", t(12)));
        }

        @Test
        void shouldBreakIdleTiesByAgentId() {
            // Logged in and ready in reverse order at the same instant; "a10" < "a2" as strings.
            loginReady("a2", "1001", t(0));
            loginReady("a10", "1002", t(0));
            loginReady("b1", "1000", t(0));

            assertThat(done(router.callArrived("c1", t(1)))).contains(new CallOffered("c1", "a10", "1002", t(1)));
            assertThat(done(router.callArrived("c2", t(1)))).contains(new CallOffered("c2", "a2", "1001", t(1)));
            assertThat(done(router.callArrived("c3", t(1)))).contains(new CallOffered("c3", "b1", "1000", t(1)));
        }

        @Test
        void shouldKeepFifoOrder() {
            for (int i = 1; i <= 5; i++) {
                done(router.callArrived("c" + i, t(i)));
            }
            assertThat(router.queue()).containsExactly("c1", "c2", "c3", "c4", "c5");

            done(router.login("a1", "1001", t(10)));
            done(router.login("a2", "1002", t(10)));
            assertThat(done(router.ready("a1", t(11)))).contains(new CallOffered("c1", "a1", "1001", t(11)));
            assertThat(done(router.ready("a2", t(12)))).contains(new CallOffered("c2", "a2", "1002", t(12)));

            assertThat(router.queue()).containsExactly("c3", "c4", "c5");
        }

        @Test
        void shouldRejectCallWhenQueueFull() {
            router = new Router(new RouterConfig(2));
            done(router.callArrived("c1", t(0)));
            done(router.callArrived("c2", t(0)));

            Rejected rejected = rejected(router.callArrived("c3", t(1)), Rejection.QUEUE_FULL);

            assertThat(rejected.detail()).contains("c3").contains("2");
            assertThat(router.queue()).containsExactly("c1", "c2");
            done(router.callEnded("c1", t(2)));
            assertThat(done(router.callArrived("c3", t(3)))).containsExactly(new CallQueued("c3", 2, t(3)));
        }

        @Test
        void shouldNotCountOfferedCallsAgainstQueueLength() {
            router = new Router(new RouterConfig(1));
            offerC1ToA1();

            done(router.callArrived("c2", t(1)));

            assertThat(router.queue()).containsExactly("c2");
        }

        @Test
        void shouldRejectDuplicateCallWhetherQueuedOfferedOrConnected() {
            done(router.callArrived("c0", t(0)));
            rejected(router.callArrived("c0", t(0)), Rejection.DUPLICATE_CALL);
            done(router.callEnded("c0", t(0)));

            offerC1ToA1();
            Rejected offered = rejected(router.callArrived("c1", t(1)), Rejection.DUPLICATE_CALL);
            assertThat(offered.detail()).contains("offered to agent a1");

            done(router.offerAnswered("c1", "a1", t(2)));
            Rejected connected = rejected(router.callArrived("c1", t(3)), Rejection.DUPLICATE_CALL);
            assertThat(connected.detail()).contains("connected with agent a1");
            assertThat(router.queue()).isEmpty();
        }

        @Test
        void shouldAcceptCallIdAgainAfterItsCallEnded() {
            done(router.callArrived("c1", t(0)));
            done(router.callEnded("c1", t(1)));

            assertThat(done(router.callArrived("c1", t(2)))).containsExactly(new CallQueued("c1", 1, t(2)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "has space", "tab\t", "通话"})
        void shouldRejectMalformedCallId(String callId) {
            rejected(router.callArrived(callId, t(0)), Rejection.INVALID_ARGUMENT);

            assertThat(router.queue()).isEmpty();
        }

        @Test
        void shouldAcceptAsteriskUniqueidAsCallId() {
            done(router.callArrived("pbx-01-1700000000.1234", t(0)));

            assertThat(router.queue()).containsExactly("pbx-01-1700000000.1234");
        }
    }

    @Nested
    class Offers {

        @Test
        void shouldConnectAnsweredOffer() {
            offerC1ToA1();

            List<RoutingEvent> events = done(router.offerAnswered("c1", "a1", t(4)));

            assertThat(events).containsExactly(
                    new AgentStateChanged("a1", "1001", RESERVED, ON_CALL, null, t(4)),
                    new CallConnected("c1", "a1", t(4)));
            assertThat(router.agent("a1")).contains(new AgentView("a1", "1001", ON_CALL, null, t(4), null, "c1"));
            assertThat(router.agentOfCall("c1")).contains("a1");
        }

        @Test
        void shouldRejectAnswerFromAgentTheCallWasNotOfferedTo() {
            offerC1ToA1();
            loginReady("a2", "1002", t(1));

            Rejected rejected = rejected(router.offerAnswered("c1", "a2", t(2)), Rejection.INVALID_STATE);

            assertThat(rejected.detail()).contains("c1").contains("offered to agent a1").contains("a2");
            assertThat(stateOf("a1")).isEqualTo(RESERVED);
            assertThat(stateOf("a2")).isEqualTo(READY);
        }

        @Test
        void shouldRejectAnswerForUnknownCall() {
            offerC1ToA1();

            Rejected rejected = rejected(router.offerAnswered("c9", "a1", t(1)), Rejection.UNKNOWN_CALL);

            assertThat(rejected.detail()).contains("c9");
            assertThat(stateOf("a1")).isEqualTo(RESERVED);
        }

        @Test
        void shouldRejectAnswerForQueuedCall() {
            done(router.callArrived("c1", t(0)));
            done(router.login("a1", "1001", t(0)));

            Rejected rejected = rejected(router.offerAnswered("c1", "a1", t(1)), Rejection.INVALID_STATE);

            assertThat(rejected.detail()).contains("waiting in the queue");
            assertThat(router.queue()).containsExactly("c1");
        }

        @Test
        void shouldRejectSecondAnswerOfConnectedCall() {
            offerC1ToA1();
            done(router.offerAnswered("c1", "a1", t(1)));

            Rejected rejected = rejected(router.offerAnswered("c1", "a1", t(2)), Rejection.INVALID_STATE);

            assertThat(rejected.detail()).contains("already connected");
            assertThat(router.agent("a1").orElseThrow().stateSince()).isEqualTo(t(1));
        }

        @Test
        void shouldRequeueAtHeadAndSetAgentNotReadyOnRingNoAnswer() {
            loginReady("a1", "1001", t(0));
            loginReady("a2", "1002", t(1));
            done(router.callArrived("c1", t(2)));
            assertThat(router.agentOfCall("c1")).contains("a1");

            List<RoutingEvent> events = done(router.offerFailed("c1", "a1", OfferFailure.NO_ANSWER, t(20)));

            assertThat(events).containsExactly(
                    new AgentStateChanged("a1", "1001", RESERVED, NOT_READY, "ring-no-answer", t(20)),
                    new CallRequeued("c1", "a1", OfferFailure.NO_ANSWER, t(20)),
                    new AgentStateChanged("a2", "1002", READY, RESERVED, null, t(20)),
                    new CallOffered("c1", "a2", "1002", t(20)));
            assertThat(router.agent("a1"))
                    .contains(new AgentView("a1", "1001", NOT_READY, "ring-no-answer", t(20), null, null));
            assertThat(router.agentOfCall("c1")).contains("a2");
        }

        @Test
        void shouldPutFailedCallAheadOfCallsThatArrivedLater() {
            offerC1ToA1();
            done(router.callArrived("c2", t(1)));
            done(router.callArrived("c3", t(2)));

            done(router.offerFailed("c1", "a1", OfferFailure.BUSY, t(3)));

            assertThat(router.queue()).containsExactly("c1", "c2", "c3");
            assertThat(router.agentOfCall("c1")).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(OfferFailure.class)
        void shouldUseFailureCodeAsNotReadyReason(OfferFailure failure) {
            offerC1ToA1();

            done(router.offerFailed("c1", "a1", failure, t(1)));

            assertThat(router.agent("a1").orElseThrow().reason()).isEqualTo(failure.code());
        }

        @Test
        void shouldRequeueFailedOfferEvenWhenQueueIsFull() {
            router = new Router(new RouterConfig(1));
            offerC1ToA1();
            done(router.callArrived("c2", t(1)));

            done(router.offerFailed("c1", "a1", OfferFailure.UNAVAILABLE, t(2)));

            assertThat(router.queue()).containsExactly("c1", "c2");
            rejected(router.callArrived("c3", t(3)), Rejection.QUEUE_FULL);
        }

        @Test
        void shouldRejectFailureReportForCallOfferedToAnotherAgent() {
            offerC1ToA1();
            done(router.login("a2", "1002", t(0)));

            rejected(router.offerFailed("c1", "a2", OfferFailure.NO_ANSWER, t(1)), Rejection.INVALID_STATE);

            assertThat(router.agentOfCall("c1")).contains("a1");
            assertThat(router.agent("a2").orElseThrow().reason()).isEqualTo("login");
        }

        @Test
        void shouldRejectFailureReportForConnectedCall() {
            offerC1ToA1();
            done(router.offerAnswered("c1", "a1", t(1)));

            rejected(router.offerFailed("c1", "a1", OfferFailure.ERROR, t(2)), Rejection.INVALID_STATE);

            assertThat(stateOf("a1")).isEqualTo(ON_CALL);
        }

        @Test
        void shouldRejectFailureReportWithoutFailure() {
            offerC1ToA1();

            rejected(router.offerFailed("c1", "a1", null, t(1)), Rejection.INVALID_ARGUMENT);

            assertThat(stateOf("a1")).isEqualTo(RESERVED);
        }
    }

    @Nested
    class Hangup {

        @Test
        void shouldRemoveQueuedCallWhenCallerHangsUp() {
            done(router.callArrived("c1", t(0)));
            done(router.callArrived("c2", t(1)));
            done(router.callArrived("c3", t(2)));

            List<RoutingEvent> events = done(router.callEnded("c2", t(3)));

            assertThat(events).containsExactly(new CallAbandoned("c2", t(3)));
            assertThat(router.queue()).containsExactly("c1", "c3");
        }

        @Test
        void shouldReturnRingingAgentToReadyKeepingIdleSinceWhenCallerHangsUp() {
            loginReady("a1", "1001", t(0));
            loginReady("a2", "1002", t(5));
            done(router.callArrived("c1", t(10)));

            List<RoutingEvent> events = done(router.callEnded("c1", t(12)));

            assertThat(events).containsExactly(
                    new AgentStateChanged("a1", "1001", RESERVED, READY, null, t(12)),
                    new CallAbandoned("c1", t(12)));
            assertThat(router.agent("a1")).contains(new AgentView("a1", "1001", READY, null, t(12), t(0), null));
            assertThat(router.agentOfCall("c1")).isEmpty();
            // a1 never talked, so a1 is still the longest idle.
            assertThat(done(router.callArrived("c2", t(13)))).contains(new CallOffered("c2", "a1", "1001", t(13)));
        }

        @Test
        void shouldReturnAgentToReadyWithFreshIdleSinceAfterCall() {
            loginReady("a1", "1001", t(0));
            loginReady("a2", "1002", t(5));
            done(router.callArrived("c1", t(10)));
            done(router.offerAnswered("c1", "a1", t(12)));

            List<RoutingEvent> events = done(router.callEnded("c1", t(100)));

            assertThat(events).containsExactly(
                    new AgentStateChanged("a1", "1001", ON_CALL, READY, null, t(100)),
                    new CallFinished("c1", "a1", t(100)));
            assertThat(router.agent("a1")).contains(new AgentView("a1", "1001", READY, null, t(100), t(100), null));
            assertThat(router.agentOfCall("c1")).isEmpty();
            // a2 has now been idle longer than a1.
            assertThat(done(router.callArrived("c2", t(101)))).contains(new CallOffered("c2", "a2", "1002", t(101)));
        }

        @Test
        void shouldOfferNextQueuedCallToAgentFreedByHangup() {
            offerC1ToA1();
            done(router.offerAnswered("c1", "a1", t(1)));
            done(router.callArrived("c2", t(2)));

            List<RoutingEvent> events = done(router.callEnded("c1", t(60)));

            assertThat(events).containsExactly(
                    new AgentStateChanged("a1", "1001", ON_CALL, READY, null, t(60)),
                    new CallFinished("c1", "a1", t(60)),
                    new AgentStateChanged("a1", "1001", READY, RESERVED, null, t(60)),
                    new CallOffered("c2", "a1", "1001", t(60)));
            assertThat(router.queue()).isEmpty();
        }

        @Test
        void shouldIgnoreHangupOfUnknownOrAlreadyEndedCall() {
            offerC1ToA1();
            done(router.offerAnswered("c1", "a1", t(1)));
            done(router.callEnded("c1", t(2)));
            List<AgentView> before = router.agents();

            assertThat(done(router.callEnded("c1", t(3)))).isEmpty();
            assertThat(done(router.callEnded("never-seen", t(3)))).isEmpty();

            assertThat(router.agents()).isEqualTo(before);
        }
    }

    @Nested
    class Queries {

        @Test
        void shouldListAgentsSortedByAgentId() {
            done(router.login("b", "1001", t(0)));
            done(router.login("a2", "1002", t(0)));
            done(router.login("a10", "1003", t(0)));

            assertThat(router.agents()).extracting(AgentView::agentId).containsExactly("a10", "a2", "b");
        }

        @Test
        void shouldAnswerEmptyForNullOrUnknownIds() {
            assertThat(router.agent(null)).isEmpty();
            assertThat(router.agent("nobody")).isEmpty();
            assertThat(router.agentOfCall(null)).isEmpty();
            assertThat(router.agentOfCall("c1")).isEmpty();
        }

        @Test
        void shouldReturnSnapshotsThatLaterOperationsDoNotChange() {
            done(router.callArrived("c1", t(0)));
            List<String> queue = router.queue();
            List<AgentView> agents = router.agents();

            done(router.callArrived("c2", t(1)));
            done(router.login("a1", "1001", t(1)));

            assertThat(queue).containsExactly("c1");
            assertThat(agents).isEmpty();
        }
    }

    @Nested
    class NullArguments {

        @Test
        void shouldRejectNullsAsInvalidArgumentWithoutThrowing() {
            loginReady("a1", "1001", t(0));

            rejected(router.login(null, "1002", t(0)), Rejection.INVALID_ARGUMENT);
            rejected(router.login("a2", null, t(0)), Rejection.INVALID_ARGUMENT);
            rejected(router.login("a2", "1002", null), Rejection.INVALID_ARGUMENT);
            rejected(router.ready(null, t(0)), Rejection.INVALID_ARGUMENT);
            rejected(router.notReady("a1", null, t(0)), Rejection.INVALID_ARGUMENT);
            rejected(router.logout("a1", null), Rejection.INVALID_ARGUMENT);
            rejected(router.callArrived(null, t(0)), Rejection.INVALID_ARGUMENT);
            rejected(router.offerAnswered(null, "a1", t(0)), Rejection.INVALID_ARGUMENT);
            rejected(router.offerFailed("c1", null, OfferFailure.BUSY, t(0)), Rejection.INVALID_ARGUMENT);
            rejected(router.callEnded(null, t(0)), Rejection.INVALID_ARGUMENT);

            assertThat(router.agents()).containsExactly(new AgentView("a1", "1001", READY, null, t(0), t(0), null));
            assertThat(router.queue()).isEmpty();
        }
    }
}
