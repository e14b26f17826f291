package hotline.routing.acd;

import static hotline.routing.acd.AcdFixture.SESSION_END;
import static hotline.routing.acd.AcdFixture.SESSION_START;
import static hotline.routing.acd.AcdFixture.T0;
import static hotline.routing.acd.AcdFixture.at;
import static hotline.routing.acd.AcdFixture.call;
import static hotline.routing.acd.AcdFixture.config;
import static hotline.routing.acd.AcdFixture.done;
import static hotline.routing.acd.AcdFixture.only;
import static hotline.routing.acd.AcdFixture.readyAgent;
import static hotline.routing.acd.AcdFixture.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import hotline.routing.acd.AcdEvent.AgentStateChanged;
import hotline.routing.acd.AcdEvent.Audited;
import hotline.routing.acd.AcdEvent.CallAbandoned;
import hotline.routing.acd.AcdEvent.CallConnected;
import hotline.routing.acd.AcdEvent.CallFinished;
import hotline.routing.acd.AcdEvent.CallMoved;
import hotline.routing.acd.AcdEvent.CallOffered;
import hotline.routing.acd.AcdEvent.CallQueued;
import hotline.routing.acd.AcdEvent.CallRequeued;
import hotline.routing.acd.AcdEvent.CallWidened;
import hotline.routing.acd.AcdEvent.CallbackDial;
import hotline.routing.acd.AcdEvent.CallbackOffered;
import hotline.routing.acd.AcdEvent.CallbackScheduled;
import hotline.routing.acd.AcdEvent.OutboundDial;
import hotline.routing.acd.AcdEvent.SessionChanged;
import hotline.routing.acd.AcdEvent.SoftphoneChanged;
import hotline.routing.acd.AcdEvent.WrapUpExtended;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AcdEngineTest {

    private static final Map<String, Integer> COMPLAINTS_5 = Map.of("complaints", 5);
    private static final Map<String, Integer> COMPLAINTS_2 = Map.of("complaints", 2);

    private AcdEngine engine;

    @BeforeEach
    void setUp() {
        engine = new AcdEngine(config());
    }

    private CallOffered offered(List<AcdEvent> events) {
        List<CallOffered> offers = only(events, CallOffered.class);
        assertThat(offers).hasSize(1);
        return offers.get(0);
    }

    private void answerAndEnd(String callId, String agentId, Instant answered, Instant ended) {
        done(engine.offerAnswered(callId, agentId, answered));
        done(engine.callEnded(callId, ended));
    }

    @Nested
    class AgentStates {

        @Test
        void shouldLogInNotReadyThenGoReady() {
            List<AcdEvent> login = done(engine.login("a1", "1001", COMPLAINTS_5, T0));
            assertThat(login).containsExactly(new AgentStateChanged("a1", "1001", AgentStatus.LOGGED_OUT,
                    AgentStatus.NOT_READY, AcdEngine.LOGIN_REASON, T0));
            done(engine.ready("a1", at(1)));
            assertThat(engine.agent("a1").orElseThrow().status()).isEqualTo(AgentStatus.READY);
        }

        @Test
        void shouldRefuseSecondLoginAndTakenSeat() {
            done(engine.login("a1", "1001", COMPLAINTS_5, T0));
            assertThat(rejected(engine.login("a1", "1002", COMPLAINTS_5, T0))).isEqualTo(AcdRejection.ALREADY_LOGGED_IN);
            assertThat(rejected(engine.login("a2", "1001", COMPLAINTS_5, T0))).isEqualTo(AcdRejection.SEAT_TAKEN);
        }

        @Test
        void shouldRejectBadArgumentsNamingThem() {
            AcdOutcome outcome = engine.login("a 1", "1001", COMPLAINTS_5, T0);
            assertThat(rejected(outcome)).isEqualTo(AcdRejection.INVALID_ARGUMENT);
            assertThat(((AcdOutcome.Rejected) outcome).detail()).startsWith("agentId must match");
            assertThat(rejected(engine.login("a1", "1001", Map.of("complaints", 11), T0)))
                    .isEqualTo(AcdRejection.INVALID_ARGUMENT);
            assertThat(rejected(engine.callArrived(call("c1", "citizen"), null))).isEqualTo(AcdRejection.INVALID_ARGUMENT);
            assertThat(rejected(engine.callArrived(call("c1", "nope"), T0))).isEqualTo(AcdRejection.UNKNOWN_QUEUE);
        }

        @Test
        void shouldKeepNotReadyReasonCodeAndChangeIt() {
            readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
            done(engine.notReady("a1", "meal", at(5)));
            assertThat(engine.agent("a1").orElseThrow().reason()).isEqualTo("meal");
            assertThat(done(engine.notReady("a1", "meal", at(6)))).isEmpty();
            done(engine.notReady("a1", "training", at(7)));
            assertThat(engine.agent("a1").orElseThrow().reason()).isEqualTo("training");
        }

        @Test
        void shouldNotLetAgentOnCallLogOut() {
            readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
            done(engine.callArrived(call("c1", "citizen"), at(1)));
            assertThat(rejected(engine.logout("a1", at(2)))).isEqualTo(AcdRejection.INVALID_STATE);
            assertThat(rejected(engine.notReady("a1", "break", at(2)))).isEqualTo(AcdRejection.INVALID_STATE);
        }

        @Test
        void shouldWrapUpAfterCallThenBecomeReadyAtTimerAndTakeNextCall() {
            readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
            done(engine.callArrived(call("c1", "citizen"), at(1)));
            done(engine.offerAnswered("c1", "a1", at(3)));
            List<AcdEvent> ended = done(engine.callEnded("c1", at(63)));
            assertThat(ended).contains(new AgentStateChanged("a1", "1001", AgentStatus.ON_CALL, AgentStatus.WRAP_UP,
                    null, at(63)), new CallFinished("c1", "a1", at(63)));
            assertThat(engine.agent("a1").orElseThrow().wrapUpEnds()).isEqualTo(at(93));
            assertThat(engine.nextDeadline()).contains(at(93));
            done(engine.callArrived(call("c2", "citizen"), at(70)));
            assertThat(engine.nextDeadline()).contains(at(93));

            assertThat(done(engine.tick(at(92)))).isEmpty();
            List<AcdEvent> tick = done(engine.tick(at(93)));
            assertThat(offered(tick).callId()).isEqualTo("c2");
            assertThat(only(tick, AgentStateChanged.class)).extracting(AgentStateChanged::to)
                    .containsExactly(AgentStatus.READY, AgentStatus.RESERVED);
        }

        @Test
        void shouldEndWrapUpEarlyOrExtendItOnce() {
            readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
            done(engine.callArrived(call("c1", "citizen"), at(1)));
            answerAndEnd("c1", "a1", at(2), at(10));
            assertThat(done(engine.extendWrapUp("a1", at(20)))).containsExactly(
                    new WrapUpExtended("a1", at(70), at(20)));
            assertThat(engine.nextDeadline()).contains(at(70));
            assertThat(rejected(engine.extendWrapUp("a1", at(21)))).isEqualTo(AcdRejection.INVALID_STATE);
            done(engine.endWrapUp("a1", at(30)));
            assertThat(engine.agent("a1").orElseThrow().status()).isEqualTo(AgentStatus.READY);
            assertThat(engine.nextDeadline()).contains(SESSION_START);
            assertThat(rejected(engine.endWrapUp("a1", at(31)))).isEqualTo(AcdRejection.INVALID_STATE);
        }

        @Test
        void shouldGoStraightToReadyWithoutWrapUp() {
            engine = new AcdEngine(config(Duration.ZERO));
            readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
            done(engine.callArrived(call("c1", "citizen"), at(1)));
            done(engine.callArrived(call("c2", "citizen"), at(2)));
            done(engine.offerAnswered("c1", "a1", at(3)));
            List<AcdEvent> ended = done(engine.callEnded("c1", at(9)));
            assertThat(offered(ended).callId()).isEqualTo("c2");
        }

        @Test
        void shouldGiveUnregisteredSoftphoneNoCallsWhateverItsState() {
            readyAgent(engine, "a1", "1001", COMPLAINTS_5, T0);
            assertThat(done(engine.softphone("1001", false, at(1))))
                    .containsExactly(new SoftphoneChanged("a1", "1001", false, at(1)));
            assertThat(only(done(engine.callArrived(call("c1", "citizen"), at(2))), CallOffered.class)).isEmpty();
            List<AcdEvent> back = done(engine.softphone("1001", true, at(3)));
            assertThat(offered(back).agentId()).isEqualTo("a1");
        }

        @Test
        void shouldRememberUnregisteredSeatForLaterLogin() {
            assertThat(done(engine.softphone("1001", false, T0))).isEmpty();
            readyAgent(engine, "a1", "1001", COMPLAINTS_5, at(1));
            assertThat(engine.agent("a1").orElseThrow().registered()).isFalse();
            assertThat(only(done(engine.callArrived(call("c1", "citizen"), at(2))), CallOffered.class)).isEmpty();
        }
    }

    @Nested
    class Dispatch {

        @Test
        void shouldAssignLongestIdleAgentWhenSkillsTie() {
            readyAgent(engine, "b", "1002", COMPLAINTS_5, at(1));
            readyAgent(engine, "a", "1001", COMPLAINTS_5, at(2));
            readyAgent(engine, "c", "1003", COMPLAINTS_5, at(1));
            assertThat(offered(done(engine.callArrived(call("c1", "citizen"), at(5)))).agentId()).isEqualTo("b");
            assertThat(offered(done(engine.callArrived(call("c2", "citizen"), at(5)))).agentId()).isEqualTo("c");
        }

        @Test
        void shouldOfferOnlyToAgentsWithRequiredSkillLevel() {
            readyAgent(engine, "low", "1001", COMPLAINTS_2, T0);
            readyAgent(engine, "eng", "1002", Map.of("english", 9), T0);
            assertThat(only(done(engine.callArrived(call("c1", "citizen"), at(1))), CallOffered.class)).isEmpty();
            assertThat(engine.waiting("citizen")).extracting(WaitingCall::callId).containsExactly("c1");
        }

        @Test
        void shouldWidenToLowerLevelAfterConfiguredWait() {
            readyAgent(engine, "low", "1001", COMPLAINTS_2, T0);
            done(engine.callArrived(call("c1", "citizen"), at(1)));
            assertThat(engine.nextDeadline()).contains(at(31));
            List<AcdEvent> tick = done(engine.tick(at(31)));
            assertThat(tick.get(0)).isEqualTo(new CallWidened("c1", "citizen", 1, at(31)));
            assertThat(offered(tick).agentId()).isEqualTo("low");
        }

        @Test
        void shouldWidenToOtherSkillGroupThenOverflowKeepingPlace() {
            done(engine.callArrived(call("old", "citizen"), at(0)));
            done(engine.callArrived(call("c1", "overflow"), at(50)));
            done(engine.tick(at(60)));
            assertThat(engine.waitingCall("old").orElseThrow().tier()).isEqualTo(2);
            List<AcdEvent> tick = done(engine.tick(at(120)));
            assertThat(tick).contains(new CallMoved("old", "citizen", "overflow", "overflow", at(120)));
            // In the overflow queue the older call stays ahead of the newer one that was there first.
            assertThat(engine.waiting("overflow")).extracting(WaitingCall::callId).containsExactly("old", "c1");
        }

        @Test
        void shouldLetFreedAgentTakeOldestCallItQualifiesFor() {
            done(engine.callArrived(call("eng", "english"), at(1)));
            done(engine.callArrived(call("cit", "citizen"), at(2)));
            done(engine.callArrived(call("ent", "enterprise"), at(3)));
            List<AcdEvent> ready = readyAgent(engine, "a", "1001",
                    Map.of("complaints", 5, "enterprise", 5), at(4));
            assertThat(offered(ready).callId()).isEqualTo("cit");
        }

        @Test
        void shouldChooseLeastCallsTodayInEnterpriseQueue() {
            engine = new AcdEngine(config(Duration.ZERO));
            Map<String, Integer> ent = Map.of("enterprise", 3);
            readyAgent(engine, "busy", "1001", ent, at(0));
            readyAgent(engine, "fresh", "1002", ent, at(1));
            done(engine.callArrived(call("c1", "enterprise"), at(2)));
            answerAndEnd("c1", "busy", at(3), at(4));
            // busy is now idle since 4 (later than fresh) but the tie is broken by calls first either way; make busy
            // the longest idle to prove calls-today wins.
            done(engine.notReady("fresh", "break", at(5)));
            done(engine.ready("fresh", at(6)));
            assertThat(offered(done(engine.callArrived(call("c2", "enterprise"), at(7)))).agentId())
                    .isEqualTo("fresh");
        }

        @Test
        void shouldChooseHighestSkillLevelInWeightedQueue() {
            readyAgent(engine, "ok", "1001", Map.of("english", 4), at(0));
            readyAgent(engine, "best", "1002", Map.of("english", 9), at(5));
            assertThat(offered(done(engine.callArrived(call("c1", "english"), at(6)))).agentId()).isEqualTo("best");
        }

        @Test
        void shouldRotateInRoundRobinQueue() {
            engine = new AcdEngine(config(Duration.ZERO));
            Map<String, Integer> rr = Map.of("rr", 1);
            readyAgent(engine, "x", "1001", rr, at(0));
            readyAgent(engine, "y", "1002", rr, at(0));
            for (int i = 0; i < 4; i++) {
                List<AcdEvent> ev = done(engine.callArrived(call("c" + i, "rr"), at(10 + i)));
                assertThat(offered(ev).agentId()).isEqualTo(i % 2 == 0 ? "x" : "y");
                answerAndEnd("c" + i, offered(ev).agentId(), at(10 + i), at(10 + i));
            }
        }

        @Test
        void shouldReturnCallToHeadOfQueueAndAgentNotReadyOnRingNoAnswer() {
            readyAgent(engine, "a", "1001", COMPLAINTS_5, T0);
            done(engine.callArrived(call("c1", "citizen"), at(1)));
            done(engine.callArrived(call("c0", "citizen"), at(2)));
            done(engine.changePriority("sup", "c0", Priority.URGENT, at(3)));
            List<AcdEvent> failed = done(engine.offerFailed("c1", "a", OfferFailure.NO_ANSWER, at(16)));
            assertThat(failed).containsExactly(
                    new AgentStateChanged("a", "1001", AgentStatus.RESERVED, AgentStatus.NOT_READY, "ring-no-answer",
                            at(16)),
                    new CallRequeued("c1", "a", OfferFailure.NO_ANSWER, at(16)));
            assertThat(engine.waiting("citizen")).extracting(WaitingCall::callId).containsExactly("c1", "c0");
        }

        @Test
        void shouldMakeAgentReadyWithOldIdleTimeWhenCallerHangsUpWhileRinging() {
            readyAgent(engine, "a", "1001", COMPLAINTS_5, at(0));
            readyAgent(engine, "b", "1002", COMPLAINTS_5, at(1));
            done(engine.callArrived(call("c1", "citizen"), at(2)));
            List<AcdEvent> gone = done(engine.callEnded("c1", at(3)));
            assertThat(gone).contains(new CallAbandoned("c1", "citizen", at(3)));
            assertThat(offered(done(engine.callArrived(call("c2", "citizen"), at(4)))).agentId()).isEqualTo("a");
        }

        @Test
        void shouldIgnoreRepeatedHangup() {
            done(engine.callArrived(call("c1", "citizen"), at(0)));
            done(engine.callEnded("c1", at(1)));
            assertThat(done(engine.callEnded("c1", at(2)))).isEmpty();
        }
    }

    @Nested
    class Priorities {

        @Test
        void shouldRankUrgentAheadOfRepeatAheadOfNormal() {
            done(engine.callArrived(new Arrival("first", "citizen", "13900000001", null, false), at(0)));
            done(engine.callEnded("first", at(1)));
            done(engine.callArrived(call("normal", "citizen"), at(10)));
            done(engine.callArrived(new Arrival("repeat", "citizen", "13900000001", null, false), at(11)));
            done(engine.callArrived(new Arrival("urgent", "citizen", null, null, true), at(12)));
            assertThat(engine.waiting("citizen")).extracting(WaitingCall::callId, WaitingCall::priority,
                            WaitingCall::position)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("urgent", Priority.URGENT, 1),
                            org.assertj.core.groups.Tuple.tuple("repeat", Priority.REPEAT_CALLER, 2),
                            org.assertj.core.groups.Tuple.tuple("normal", Priority.NORMAL, 3));
        }

        @Test
        void shouldForgetRepeatCallerAfterWindow() {
            done(engine.callArrived(new Arrival("first", "citizen", "13900000001", null, false), at(0)));
            done(engine.callEnded("first", at(1)));
            done(engine.callArrived(new Arrival("later", "citizen", "13900000001", null, false),
                    at(24 * 3600 + 1)));
            assertThat(engine.call("later").orElseThrow().priority()).isEqualTo(Priority.NORMAL);
        }

        @Test
        void shouldLetNormalCallThatWaitedLongerThanBoostGoBeforeUrgent() {
            done(engine.callArrived(call("normal", "citizen"), at(0)));
            done(engine.callArrived(new Arrival("urgentSoon", "citizen", null, null, true), at(299)));
            done(engine.callArrived(new Arrival("urgentLate", "citizen", null, null, true), at(301)));
            assertThat(engine.waiting("citizen")).extracting(WaitingCall::callId)
                    .containsExactly("urgentSoon", "normal", "urgentLate");
            // Ageing needs no timer: the order is arrival minus boost, fixed while calls wait.
            List<AcdEvent> ev = readyAgent(engine, "a", "1001", COMPLAINTS_5, at(400));
            assertThat(offered(ev).callId()).isEqualTo("urgentSoon");
        }

        @Test
        void shouldEstimateWaitFromPositionHandleTimeAndStaff() {
            done(engine.login("a", "1001", COMPLAINTS_5, T0));
            done(engine.login("b", "1002", COMPLAINTS_5, T0));
            done(engine.softphone("1001", false, T0));
            // b is logged in but not ready: nobody staffs the queue, the estimate divides by one.
            List<AcdEvent> q = done(engine.callArrived(call("c1", "citizen"), at(1)));
            assertThat(only(q, CallQueued.class)).containsExactly(new CallQueued("c1", "citizen", Priority.NORMAL,
                    1, Duration.ofSeconds(180), at(1)));
            done(engine.callArrived(call("c2", "citizen"), at(2)));
            assertThat(engine.waitingCall("c2").orElseThrow().estimatedWait()).isEqualTo(Duration.ofSeconds(360));
        }
    }

    @Nested
    class Callbacks {

        @Test
        void shouldOfferCallbackWhenQueueFullButKeepCallerWaiting() {
            for (int i = 0; i < 3; i++) {
                done(engine.callArrived(call("c" + i, "citizen"), at(i)));
            }
            List<AcdEvent> ev = done(engine.callArrived(call("c3", "citizen"), at(3)));
            assertThat(ev).contains(new CallbackOffered("c3", "citizen", "queue-full", at(3)));
            assertThat(engine.call("c3").orElseThrow().phase()).isEqualTo(CallPhase.WAITING);
        }

        @Test
        void shouldOfferCallbackOnceAtMaxWait() {
            engine = new AcdEngine(new AcdConfig(List.of(
                    QueueConfig.simple("citizen", Map.of(), Duration.ofSeconds(300), 10),
                    QueueConfig.simple("callbacks", Map.of("callback", 1), Duration.ofSeconds(300), 10)),
                    "callbacks", Duration.ZERO, Duration.ZERO, Duration.ofHours(24), Map.of(),
                    Duration.ofSeconds(180), List.of()));
            done(engine.callArrived(call("c1", "citizen"), at(0)));
            assertThat(engine.nextDeadline()).contains(at(300));
            assertThat(done(engine.tick(at(300)))).containsExactly(
                    new CallbackOffered("c1", "citizen", "max-wait", at(300)));
            assertThat(engine.nextDeadline()).isEmpty();
        }

        @Test
        void shouldTurnAcceptedCallbackIntoTaskThatKeepsItsPlaceAndIsDialledToAnAgent() {
            done(engine.callArrived(call("c1", "citizen"), at(0)));
            done(engine.callArrived(call("c2", "citizen"), at(10)));
            done(engine.callbackAccepted("c2", "13900000002", at(20)));
            List<AcdEvent> ev = done(engine.callbackAccepted("c1", "13900000001", at(30)));
            assertThat(ev.get(0)).isEqualTo(new CallbackScheduled("c1", "c1-cb", "13900000001", at(30)));
            assertThat(engine.call("c1")).isEmpty();
            assertThat(done(engine.callEnded("c1", at(31)))).isEmpty();
            // c1 arrived first, so its task is ahead although it was scheduled later.
            assertThat(engine.waiting("callbacks")).extracting(WaitingCall::callId).containsExactly("c1-cb", "c2-cb");

            List<AcdEvent> ready = readyAgent(engine, "cb", "1001", Map.of("callback", 1), at(40));
            assertThat(only(ready, CallbackDial.class)).containsExactly(
                    new CallbackDial("c1-cb", "cb", "1001", "13900000001", at(40)));
            done(engine.offerAnswered("c1-cb", "cb", at(50)));
            assertThat(engine.agent("cb").orElseThrow().status()).isEqualTo(AgentStatus.ON_CALL);
            assertThat(engine.queueFigures(at(50)).stream().filter(f -> f.queueId().equals("citizen")).findFirst()
                    .orElseThrow().callbacksScheduled()).isEqualTo(2);
        }

        @Test
        void shouldPutCallbackTaskBackAtHeadWhenAgentMissesIt() {
            done(engine.callArrived(call("c1", "citizen"), at(0)));
            done(engine.callbackAccepted("c1", "13900000001", at(1)));
            readyAgent(engine, "cb", "1001", Map.of("callback", 1), at(2));
            List<AcdEvent> ev = done(engine.offerFailed("c1-cb", "cb", OfferFailure.NO_ANSWER, at(17)));
            assertThat(ev).contains(new CallRequeued("c1-cb", "cb", OfferFailure.NO_ANSWER, at(17)));
            assertThat(engine.waitingCall("c1-cb").orElseThrow().headOfLine()).isTrue();
        }

        @Test
        void shouldRefuseCallbackForCallNotWaiting() {
            readyAgent(engine, "a", "1001", COMPLAINTS_5, T0);
            done(engine.callArrived(call("c1", "citizen"), at(1)));
            assertThat(rejected(engine.callbackAccepted("c1", "139", at(2)))).isEqualTo(AcdRejection.INVALID_STATE);
            assertThat(rejected(engine.callbackAccepted("zz", "139", at(2)))).isEqualTo(AcdRejection.UNKNOWN_CALL);
        }
    }

    @Nested
    class LeaderSessions {

        @Test
        void shouldRouteDistrictCallsToLeaderThenAssistantWhileSessionRuns() {
            assertThat(engine.nextDeadline()).contains(SESSION_START);
            done(engine.callArrived(new Arrival("before", "citizen", null, "Dongcheng", false),
                    SESSION_START.minusSeconds(10)));
            assertThat(engine.call("before").orElseThrow().queueId()).isEqualTo("citizen");
            List<AcdEvent> start = done(engine.tick(SESSION_START));
            assertThat(start.get(0)).isEqualTo(new SessionChanged("s1", "Dongcheng", true, SESSION_START));
            assertThat(start).contains(new CallMoved("before", "citizen", "session:s1", "session-start",
                    SESSION_START));
            done(engine.callEnded("before", SESSION_START));

            Instant t = SESSION_START.plusSeconds(10);
            readyAgent(engine, "hall", "1001", COMPLAINTS_5, t);
            readyAgent(engine, "assistant", "2002", Map.of(), t);
            readyAgent(engine, "leader", "2001", Map.of(), t.plusSeconds(1));
            List<AcdEvent> first = done(engine.callArrived(
                    new Arrival("d1", "citizen", null, "Dongcheng", false), t.plusSeconds(2)));
            assertThat(offered(first).agentId()).isEqualTo("leader");
            assertThat(engine.call("d1").orElseThrow().priority()).isEqualTo(Priority.LEADER_SESSION);
            List<AcdEvent> second = done(engine.callArrived(
                    new Arrival("d2", "citizen", null, "Dongcheng", false), t.plusSeconds(3)));
            assertThat(offered(second).agentId()).isEqualTo("assistant");
            List<AcdEvent> other = done(engine.callArrived(
                    new Arrival("x", "citizen", null, "Xicheng", false), t.plusSeconds(4)));
            assertThat(offered(other).agentId()).isEqualTo("hall");

            done(engine.offerAnswered("d1", "leader", t.plusSeconds(5)));
            done(engine.offerAnswered("d2", "assistant", t.plusSeconds(5)));
            done(engine.orderCreated("d1", t.plusSeconds(60)));
            SessionFigures f = engine.sessionFigures(t.plusSeconds(60)).get(0);
            assertThat(f).isEqualTo(new SessionFigures("s1", "Dongcheng", true, 3, 1, 1, 0, 1));
        }

        @Test
        void shouldOfferSessionCallToHallAfterOthersWaitAndMoveWaitingCallsBackAtEnd() {
            done(engine.tick(SESSION_START));
            readyAgent(engine, "hall", "1001", COMPLAINTS_5, SESSION_START);
            done(engine.notReady("hall", "break", SESSION_START));
            done(engine.callArrived(new Arrival("d1", "citizen", null, "Dongcheng", false), SESSION_START));
            done(engine.ready("hall", SESSION_START.plusSeconds(1)));
            assertThat(engine.call("d1").orElseThrow().phase()).isEqualTo(CallPhase.WAITING);
            List<AcdEvent> widened = done(engine.tick(SESSION_START.plusSeconds(20)));
            assertThat(offered(widened).agentId()).isEqualTo("hall");

            done(engine.callArrived(new Arrival("d2", "citizen", null, "Dongcheng", false), SESSION_END.minusSeconds(5)));
            List<AcdEvent> end = done(engine.tick(SESSION_END));
            assertThat(end).contains(new SessionChanged("s1", "Dongcheng", false, SESSION_END),
                    new CallMoved("d2", "session:s1", "citizen", "session-end", SESSION_END));
            done(engine.callArrived(new Arrival("d3", "citizen", null, "Dongcheng", false), SESSION_END));
            assertThat(engine.call("d3").orElseThrow().queueId()).isEqualTo("citizen");
        }

        @Test
        void shouldMoveWaitingCallIntoSessionWhenTranscriptGivesDistrict() {
            done(engine.tick(SESSION_START));
            done(engine.callArrived(call("c1", "citizen"), SESSION_START));
            List<AcdEvent> ev = done(engine.setDistrict("c1", "Dongcheng", SESSION_START.plusSeconds(5)));
            assertThat(ev).containsExactly(new CallMoved("c1", "citizen", "session:s1", "district",
                    SESSION_START.plusSeconds(5)));
            assertThat(engine.call("c1").orElseThrow().priority()).isEqualTo(Priority.LEADER_SESSION);
        }

        @Test
        void shouldLetLeaderPlaceCallbackCallCountedForSession() {
            done(engine.tick(SESSION_START));
            done(engine.login("leader", "2001", Map.of(), SESSION_START));
            List<AcdEvent> ev = done(engine.placeOutbound("leader", "13900000009", "ORD-1", SESSION_START));
            OutboundDial dial = only(ev, OutboundDial.class).get(0);
            assertThat(dial.number()).isEqualTo("13900000009");
            assertThat(dial.orderId()).isEqualTo("ORD-1");
            done(engine.offerFailed(dial.taskId(), "leader", OfferFailure.NO_ANSWER, SESSION_START.plusSeconds(20)));
            assertThat(engine.call(dial.taskId())).isEmpty();
            assertThat(engine.sessionFigures(SESSION_START).get(0).callbacksMade()).isEqualTo(1);

            done(engine.ready("leader", SESSION_START.plusSeconds(30)));
            List<AcdEvent> second = done(engine.placeOutbound("leader", "13900000009", null, SESSION_START.plusSeconds(31)));
            String task = only(second, OutboundDial.class).get(0).taskId();
            done(engine.offerAnswered(task, "leader", SESSION_START.plusSeconds(40)));
            List<AcdEvent> end = done(engine.callEnded(task, SESSION_START.plusSeconds(100)));
            assertThat(end).contains(new CallFinished(task, "leader", SESSION_START.plusSeconds(100)));
            assertThat(engine.agent("leader").orElseThrow().status()).isEqualTo(AgentStatus.WRAP_UP);
        }

        @Test
        void shouldReturnNotReadyLeaderToNotReadyWhenOutboundNeverConnects() {
            done(engine.login("leader", "2001", Map.of(), T0));
            done(engine.notReady("leader", "callbacks", T0));
            String task = only(done(engine.placeOutbound("leader", "139", null, at(1))), OutboundDial.class).get(0)
                    .taskId();
            done(engine.callEnded(task, at(5)));
            AgentInfo leader = engine.agent("leader").orElseThrow();
            assertThat(leader.status()).isEqualTo(AgentStatus.NOT_READY);
            assertThat(leader.reason()).isEqualTo("callbacks");
        }
    }

    @Nested
    class Supervisor {

        @Test
        void shouldAuditForcedState() {
            readyAgent(engine, "a", "1001", COMPLAINTS_5, T0);
            List<AcdEvent> ev = done(engine.forceState("sup", "a", AgentStatus.NOT_READY, "meeting", at(1)));
            assertThat(ev).containsExactly(
                    new Audited("sup", "force-state", "a", "READY -> NOT_READY (meeting)", at(1)),
                    new AgentStateChanged("a", "1001", AgentStatus.READY, AgentStatus.NOT_READY, "meeting", at(1)));
            assertThat(only(done(engine.forceState("sup", "a", AgentStatus.LOGGED_OUT, null, at(2))), Audited.class))
                    .hasSize(1);
            assertThat(rejected(engine.forceState("sup", "a", AgentStatus.READY, null, at(3))))
                    .isEqualTo(AcdRejection.UNKNOWN_AGENT);
        }

        @Test
        void shouldMoveWaitingCallToAnotherQueueAndOfferIt() {
            readyAgent(engine, "ent", "1001", Map.of("enterprise", 5), T0);
            done(engine.callArrived(call("c1", "citizen"), at(1)));
            List<AcdEvent> ev = done(engine.moveCall("sup", "c1", "enterprise", at(2)));
            assertThat(ev.get(0)).isEqualTo(new Audited("sup", "move-call", "c1", "citizen -> enterprise", at(2)));
            assertThat(offered(ev).agentId()).isEqualTo("ent");
            assertThat(rejected(engine.moveCall("sup", "c1", "citizen", at(3)))).isEqualTo(AcdRejection.INVALID_STATE);
        }

        @Test
        void shouldAssignWaitingCallToChosenAgentWhateverSkills() {
            readyAgent(engine, "eng", "1001", Map.of("english", 5), T0);
            done(engine.callArrived(call("c1", "citizen"), at(1)));
            List<AcdEvent> ev = done(engine.assignCall("sup", "c1", "eng", at(2)));
            assertThat(ev.get(0)).isInstanceOf(Audited.class);
            assertThat(offered(ev).agentId()).isEqualTo("eng");
            assertThat(rejected(engine.assignCall("sup", "c1", "eng", at(3)))).isEqualTo(AcdRejection.INVALID_STATE);
        }

        @Test
        void shouldReRankCallOnPriorityChange() {
            done(engine.callArrived(call("c1", "citizen"), at(0)));
            done(engine.callArrived(call("c2", "citizen"), at(100)));
            assertThat(done(engine.changePriority("sup", "c2", Priority.URGENT, at(101))))
                    .containsExactly(new Audited("sup", "change-priority", "c2", "NORMAL -> URGENT", at(101)));
            assertThat(engine.waiting("citizen")).extracting(WaitingCall::callId).containsExactly("c2", "c1");
        }

        @Test
        void shouldReindexAgentOnSkillChange() {
            readyAgent(engine, "a", "1001", COMPLAINTS_2, T0);
            done(engine.callArrived(call("c1", "citizen"), at(1)));
            List<AcdEvent> ev = done(engine.setSkills("sup", "a", COMPLAINTS_5, at(2)));
            assertThat(ev.get(0)).isInstanceOf(Audited.class);
            assertThat(offered(ev).callId()).isEqualTo("c1");
        }
    }

    @Nested
    class Figures {

        @Test
        void shouldReportQueueAndAgentFigures() {
            readyAgent(engine, "a", "1001", COMPLAINTS_5, T0);
            done(engine.callArrived(call("fast", "citizen"), at(10)));
            done(engine.offerAnswered("fast", "a", at(20)));
            done(engine.callArrived(call("slow", "citizen"), at(20)));
            done(engine.callArrived(call("gone", "citizen"), at(21)));
            done(engine.callEnded("gone", at(25)));
            done(engine.callEnded("fast", at(70)));
            // Ending wrap-up at 90 hands the agent the waiting "slow" call at once (waited 75 s: out of target).
            done(engine.endWrapUp("a", at(90)));
            done(engine.offerAnswered("slow", "a", at(95)));

            QueueFigures q = engine.queueFigures(at(100)).get(0);
            assertThat(q.queueId()).isEqualTo("citizen");
            assertThat(q.answered()).isEqualTo(2);
            assertThat(q.answeredInTarget()).isEqualTo(1);
            assertThat(q.abandoned()).isEqualTo(1);
            assertThat(q.serviceLevel()).isCloseTo(100.0 / 3, org.assertj.core.data.Offset.offset(0.01));
            assertThat(q.averageHandleTime()).isEqualTo(Duration.ofSeconds(70));
            assertThat(q.staffed()).isEqualTo(1);

            AgentFigures a = engine.agentFigures(at(100)).get(0);
            assertThat(a.callsToday()).isEqualTo(2);
            assertThat(a.status()).isEqualTo(AgentStatus.ON_CALL);
            assertThat(a.timeInState()).isEqualTo(Duration.ofSeconds(5));
            // Ready 0..10 (10 s), busy 10..100 (90 s).
            assertThat(a.occupancy()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(0.001));

            done(engine.callArrived(call("w", "citizen"), at(100)));
            assertThat(engine.queueFigures(at(130)).get(0).longestWait()).isEqualTo(Duration.ofSeconds(30));
            done(engine.startDay(at(200)));
            assertThat(engine.queueFigures(at(200)).get(0).answered()).isZero();
            assertThat(engine.agentFigures(at(200)).get(0).callsToday()).isZero();
        }
    }

    @Nested
    class Restart {

        @Test
        void shouldRoundTripSnapshot() {
            readyAgent(engine, "a", "1001", COMPLAINTS_5, T0);
            readyAgent(engine, "b", "1002", COMPLAINTS_5, T0);
            done(engine.callArrived(call("c1", "citizen"), at(1)));
            done(engine.callArrived(call("c2", "citizen"), at(2)));
            done(engine.offerAnswered("c2", "b", at(3)));
            done(engine.callArrived(call("c3", "citizen"), at(4)));
            EngineSnapshot snapshot = engine.snapshot();
            AcdEngine restored = AcdEngine.restore(config(), snapshot);
            assertThat(restored.snapshot()).isEqualTo(snapshot);
        }

        @Test
        void shouldRefuseEverythingUntilReconciledThenResolveEachOffer() {
            readyAgent(engine, "ringing", "1001", COMPLAINTS_5, at(0));
            readyAgent(engine, "bridged", "1002", COMPLAINTS_5, at(0));
            readyAgent(engine, "hungup", "1003", COMPLAINTS_5, at(0));
            done(engine.callArrived(call("c1", "citizen"), at(1)));
            done(engine.callArrived(call("c2", "citizen"), at(2)));
            done(engine.callArrived(call("c3", "citizen"), at(3)));
            done(engine.callArrived(call("c4", "citizen"), at(4)));
            assertThat(engine.call("c1").orElseThrow().agentId()).isEqualTo("bridged");

            AcdEngine restored = AcdEngine.restore(config(), engine.snapshot());
            assertThat(rejected(restored.ready("ringing", at(5)))).isEqualTo(AcdRejection.NOT_RECONCILED);
            assertThat(rejected(restored.tick(at(5)))).isEqualTo(AcdRejection.NOT_RECONCILED);
            // Idle ties go by agent id: c1 rang "bridged" (now talking), c2 "hungup" (caller gone), c3 "ringing".
            List<AcdEvent> ev = done(restored.reconcile(List.of(new LiveCall("c1", "1002"),
                    new LiveCall("c3", null), new LiveCall("c4", null)), at(10)));
            assertThat(ev).contains(new CallConnected("c1", "bridged", at(10)),
                    new CallAbandoned("c2", "citizen", at(10)),
                    new CallRequeued("c3", "ringing", OfferFailure.ERROR, at(10)));
            assertThat(restored.agent("ringing").orElseThrow().reason()).isEqualTo(AcdEngine.RESTART_REASON);
            // The agent freed by c2's hang-up takes the requeued call first (head of line), once.
            assertThat(only(ev, CallOffered.class)).containsExactly(
                    new CallOffered("c3", "hungup", "1003", "citizen", at(10)));
            assertThat(restored.waiting("citizen")).extracting(WaitingCall::callId).containsExactly("c4");
            assertThat(rejected(restored.reconcile(List.of(), at(11)))).isEqualTo(AcdRejection.INVALID_STATE);
        }

        @Test
        void shouldKeepCallbackTasksThroughRestartEvenWhenTheirDialWasCut() {
            done(engine.callArrived(call("c1", "citizen"), at(0)));
            done(engine.callArrived(call("c2", "citizen"), at(1)));
            done(engine.callbackAccepted("c1", "13900000001", at(2)));
            done(engine.callbackAccepted("c2", "13900000002", at(3)));
            readyAgent(engine, "cb", "1001", Map.of("callback", 1), at(4));
            assertThat(engine.call("c1-cb").orElseThrow().phase()).isEqualTo(CallPhase.OFFERED);

            AcdEngine restored = AcdEngine.restore(config(), engine.snapshot());
            List<AcdEvent> ev = done(restored.reconcile(List.of(), at(10)));

            assertThat(ev).contains(new CallRequeued("c1-cb", "cb", OfferFailure.ERROR, at(10)));
            assertThat(restored.waiting("callbacks")).extracting(WaitingCall::callId).containsExactly("c1-cb", "c2-cb");
        }

        @Test
        void shouldRejectSnapshotWithCallHeldByTwoAgents() {
            readyAgent(engine, "a", "1001", COMPLAINTS_5, T0);
            readyAgent(engine, "b", "1002", COMPLAINTS_5, T0);
            done(engine.callArrived(call("c1", "citizen"), at(1)));
            done(engine.callArrived(call("c2", "citizen"), at(2)));
            EngineSnapshot s = engine.snapshot();
            List<EngineSnapshot.AgentRecord> agents = s.agents().stream()
                    .map(r -> new EngineSnapshot.AgentRecord(r.agentId(), r.seat(), r.skills(), r.status(), r.reason(),
                            r.registered(), r.since(), r.idleSince(), "c1", r.callsToday(), r.lastOfferSeq(),
                            r.wrapUpEnds(), r.wrapUpExtended(), r.busyMillis(), r.readyMillis(), r.lastQueue(),
                            r.handleStart(), r.returnReason()))
                    .toList();
            EngineSnapshot broken = new EngineSnapshot(s.seq(), agents, s.calls(), s.queues(), s.sessions(),
                    s.recentCallers(), s.unregisteredSeats(), s.sessionCalls());
            assertThatIllegalArgumentException().isThrownBy(() -> AcdEngine.restore(config(), broken))
                    .withMessageStartingWith("inconsistent snapshot:");
        }
    }

    @Test
    void shouldValidateConfiguration() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SkillTier(Duration.ZERO, Map.of("x", 0)))
                .withMessageContaining("1..10");
        assertThatIllegalArgumentException().isThrownBy(() -> new QueueConfig("q", Strategy.LONGEST_IDLE,
                List.of(new SkillTier(Duration.ofSeconds(1), Map.of())), Duration.ofSeconds(15), 80,
                Duration.ofSeconds(10), 10, null, null)).withMessageContaining("tier 0");
        QueueConfig a = new QueueConfig("a", Strategy.LONGEST_IDLE, List.of(new SkillTier(Duration.ZERO, Map.of())),
                Duration.ofSeconds(15), 80, Duration.ofSeconds(10), 10, Duration.ofSeconds(5), "b");
        QueueConfig b = new QueueConfig("b", Strategy.LONGEST_IDLE, List.of(new SkillTier(Duration.ZERO, Map.of())),
                Duration.ofSeconds(15), 80, Duration.ofSeconds(10), 10, Duration.ofSeconds(5), "a");
        assertThatIllegalArgumentException().isThrownBy(() -> new AcdConfig(List.of(a, b), "a", Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Map.of(), Duration.ZERO, List.of())).withMessageContaining("cycle");
        assertThatIllegalArgumentException().isThrownBy(() -> new AcdConfig(List.of(a), "a", Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Map.of(Priority.NORMAL, Duration.ofSeconds(5)), Duration.ZERO,
                List.of())).withMessageContaining("priorityBoost");
    }
}
