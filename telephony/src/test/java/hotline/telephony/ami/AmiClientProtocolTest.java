package hotline.telephony.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.telephony.TelephonyEvent;
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
import hotline.telephony.TelephonyException;
import hotline.testkit.FakeAmiServer;
import hotline.testkit.FakeClock;
import hotline.testkit.FreePorts;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AmiClient} and {@link AmiCallControl} with a real Asterisk-Java {@code ManagerConnection} against
 * {@link FakeAmiServer} on loopback, replaying the Asterisk 16.28 captures of the testkit.
 */
class AmiClientProtocolTest {

    private static final String USER = "hotline";
    private static final String SECRET = "s3cret";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(2);
    private static final Instant NOW = Instant.parse("2026-11-22T04:50:00Z");

    private static final String BRIDGE_CONTROL = "ami_bridge_agent_hangup.pbx_ami_control.txt";
    private static final String REDIRECT_CONTROL = "ami_redirect_fork.pbx_ami_control.txt";
    private static final String REDIRECT_RAW = "ami_redirect_fork.pbx_ami_events.raw";
    private static final String BRIDGE_RAW = "ami_bridge_agent_hangup.pbx_ami_events.raw";

    private static final String FORK_RTP = "UnicastRTP/127.0.0.1:40000-0x7f34d4033fc0";
    /** ami_redirect_fork: the RTP fork is originated, the caller is redirected to seat 1001, the citizen hangs up. */
    private static final List<String> REDIRECT_FORK_EVENTS = List.of(
            "DialStarted null -> " + FORK_RTP,
            "DialEnded null -> " + FORK_RTP + " ANSWER",
            "DialStarted PJSIP/carrier-0000000b -> PJSIP/1001-0000000c",
            "ChannelRinging PJSIP/1001-0000000c",
            "DialEnded PJSIP/carrier-0000000b -> PJSIP/1001-0000000c ANSWER",
            "HangupRequested PJSIP/carrier-0000000b",
            "SoftHangupRequested PJSIP/carrier-0000000b",
            "ChannelHungUp PJSIP/1001-0000000c",
            "ChannelHungUp PJSIP/carrier-0000000b",
            "SoftHangupRequested " + FORK_RTP,
            "ChannelHungUp " + FORK_RTP);
    private static final String BRIDGE_RTP = "UnicastRTP/127.0.0.1:40000-0x7f34c000e950";
    /** ami_bridge_agent_hangup: the agent leg is originated into Bridge(), then the agent hangs up. */
    private static final List<String> BRIDGE_AGENT_HANGUP_EVENTS = List.of(
            "DialStarted null -> " + BRIDGE_RTP,
            "DialEnded null -> " + BRIDGE_RTP + " ANSWER",
            "DialStarted null -> PJSIP/1001-00000005",
            "ChannelRinging PJSIP/1001-00000005",
            "DialEnded null -> PJSIP/1001-00000005 ANSWER",
            "HangupRequested PJSIP/1001-00000005",
            "ChannelHungUp PJSIP/1001-00000005",
            "SoftHangupRequested PJSIP/carrier-00000004",
            "ChannelHungUp PJSIP/carrier-00000004",
            "SoftHangupRequested " + BRIDGE_RTP,
            "ChannelHungUp " + BRIDGE_RTP);

    private final FakeClock clock = new FakeClock(NOW);
    private final RecordingSink sink = new RecordingSink(WAIT);
    private final List<AmiClient> clients = new ArrayList<>();
    private FakeAmiServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeAmiServer(USER, SECRET);
        server.respondCoreShowChannels(BRIDGE_CONTROL);
    }

    @AfterEach
    void stop() {
        clients.forEach(AmiClient::close);
        server.close();
    }

    @Nested
    class Session {

        @Test
        void shouldEmitConnectedThenSnapshotOfExistingChannelsOnFirstConnect() throws Exception {
            AmiClient client = start(fastBackoff());

            AmiConnected connected = sink.next(AmiConnected.class);
            ChannelsSnapshot snapshot = sink.next(ChannelsSnapshot.class);

            assertThat(connected).isEqualTo(new AmiConnected(NOW, false));
            assertThat(snapshot.at()).isEqualTo(NOW);
            assertThat(snapshot.channels()).extracting(ChannelInfo::channel).containsExactly("PJSIP/1001-00000005",
                    BRIDGE_RTP, "PJSIP/carrier-00000004");
            assertThat(snapshot.channels().get(0)).isEqualTo(new ChannelInfo("1795322876.7", "1795322876.5",
                    "PJSIP/1001-00000005", "from-agents", "s", "Bridge", "bbbf7ed2-bca0-484a-90c2-dad9b599d720"));
            assertThat(client.isConnected()).isTrue();
            assertThat(server.loginCount()).isEqualTo(1);
            assertThat(server.receivedActions()).extracting(a -> a.get("Action"))
                    .containsExactly("Challenge", "Login", "CoreSettings", "CoreShowChannels");
        }

        @Test
        void shouldMapRedirectForkTranscriptToDomainEventsInOrder() throws Exception {
            startConnected(fastBackoff());

            server.replayEvents(REDIRECT_RAW);

            List<TelephonyEvent> events = sink.until(AmiClientProtocolTest::isLastRtpHangup);
            assertThat(events).extracting(AmiClientProtocolTest::describe).isEqualTo(REDIRECT_FORK_EVENTS);
            assertThat(events).filteredOn(DialStarted.class::isInstance).map(DialStarted.class::cast)
                    .filteredOn(d -> "PJSIP/1001-0000000c".equals(d.destChannel()))
                    .containsExactly(new DialStarted(NOW, "1795323011.14", "PJSIP/carrier-0000000b", "1795323012.16",
                            "PJSIP/1001-0000000c", "1001"));
            assertThat(events).filteredOn(ChannelRinging.class::isInstance)
                    .containsExactly(new ChannelRinging(NOW, "1795323012.16", "1795323011.14", "PJSIP/1001-0000000c"));
            // the citizen hung up: the hard HangupRequest is on the carrier leg, not on the seat's
            assertThat(events).filteredOn(HangupRequested.class::isInstance).map(HangupRequested.class::cast)
                    .filteredOn(h -> !h.soft()).extracting(HangupRequested::channel)
                    .containsExactly("PJSIP/carrier-0000000b");
            assertThat(events).filteredOn(ChannelHungUp.class::isInstance).map(ChannelHungUp.class::cast)
                    .filteredOn(h -> h.channel().startsWith("PJSIP/"))
                    .containsExactly(
                            new ChannelHungUp(NOW, "1795323012.16", "1795323011.14", "PJSIP/1001-0000000c", 16,
                                    "Normal Clearing"),
                            new ChannelHungUp(NOW, "1795323011.14", "1795323011.14", "PJSIP/carrier-0000000b", 16,
                                    "Normal Clearing"));
            assertThat(sink.drain()).isEmpty();
        }

        @Test
        void shouldMapSeatRegistrationAndUnregistrationFromContactStatus() throws Exception {
            startConnected(fastBackoff());

            server.replayEvents("seat_register_unregister.pbx_ami_events.raw");

            List<TelephonyEvent> events = sink.until(e -> e instanceof SoftphoneStatus s && !s.registered());
            assertThat(events).filteredOn(SoftphoneStatus.class::isInstance).containsExactly(
                    new SoftphoneStatus(Instant.ofEpochSecond(1796157583L, 570_117_000L), "1001", true, "NonQualified"),
                    new SoftphoneStatus(Instant.ofEpochSecond(1796157587L, 601_854_000L), "1001", false, "Removed"));
        }

        @ParameterizedTest(name = "seed {0}")
        @ValueSource(longs = {1L, 7L, 42L, 12345L, 20261122L})
        void shouldMapTheSameEventsWhenBytesArriveInRandomPieces(long seed) throws Exception {
            startConnected(fastBackoff());

            server.replayEventsChunked(REDIRECT_RAW, seed);

            assertThat(sink.until(AmiClientProtocolTest::isLastRtpHangup))
                    .extracting(AmiClientProtocolTest::describe).isEqualTo(REDIRECT_FORK_EVENTS);
        }

        @Test
        void shouldShowAgentAsFirstPartyToHangUpWhenAgentEndsBridgedCall() throws Exception {
            startConnected(fastBackoff());

            server.replayEvents(BRIDGE_RAW);

            List<TelephonyEvent> events = sink.until(AmiClientProtocolTest::isLastRtpHangup);
            assertThat(events).extracting(AmiClientProtocolTest::describe).isEqualTo(BRIDGE_AGENT_HANGUP_EVENTS);
            HangupRequested first = events.stream().filter(HangupRequested.class::isInstance)
                    .map(HangupRequested.class::cast).filter(h -> !h.soft()).findFirst().orElseThrow();
            assertThat(first.channel()).isEqualTo("PJSIP/1001-00000005");
            assertThat(first.uniqueId()).isEqualTo("1795322876.7");
            assertThat(first.linkedId()).isEqualTo("1795322876.5");
        }

        @Test
        void shouldUseAsteriskTimestampHeaderAsEventTime() throws Exception {
            startConnected(fastBackoff());

            // what Asterisk writes with timestampevents = yes in manager.conf
            server.sendRaw("Event: HangupRequest\r\nPrivilege: call,all\r\nTimestamp: 1795323011.123456\r\n"
                    + "Channel: PJSIP/carrier-0000000b\r\nChannelState: 6\r\nChannelStateDesc: Up\r\n"
                    + "Uniqueid: 1795323011.14\r\nLinkedid: 1795323011.14\r\n\r\n");

            HangupRequested request = sink.next(HangupRequested.class);
            assertThat(request.at()).isEqualTo(Instant.ofEpochSecond(1795323011L, 123_456_000L));
            assertThat(request.channel()).isEqualTo("PJSIP/carrier-0000000b");
        }

        @Test
        void shouldKeepSessionThroughGarbageAndDeliverLaterEvents() throws Exception {
            AmiClient client = startConnected(fastBackoff());
            StringBuilder noise = new StringBuilder();
            Random random = new Random(20261122L);
            for (int i = 0; i < 512; i++) {
                noise.append((char) random.nextInt(0xD800)); // any BMP char below the surrogates, NUL and CR/LF too
            }

            server.sendRaw(noise + "\r\n\r\n");
            server.sendRaw("this line has no colon\r\n\r\n");
            server.sendRaw(": a value without a key\r\n\r\n");
            server.sendRaw("Event: HotlineFrobnicated\r\nPrivilege: call,all\r\nWidget: 7\r\n\r\n");
            // Debian's Asterisk is built with TEST_FRAMEWORK; its TestEvent repeats State:
            server.sendRaw("Event: TestEvent\r\nPrivilege: reporting,all\r\nType: StateChange\r\n"
                    + "State: CallIDChange\r\nAppFile: channel_internal_api.c\r\nState: CallIDChange\r\n"
                    + "Channel: PJSIP/carrier-0000000b\r\nCallID: [C-0000000a]\r\nPriorCallID: \r\n\r\n\r\n");
            server.sendRaw("Event: Newstate\r\nChannel: PJSIP/1001-0000000c\r\nChannelState: ringing\r\n"
                    + "Uniqueid: 1795323012.16\r\n\r\n");
            server.sendRaw("Event: VarSet\r\nVariable: BIG\r\nValue: " + "x".repeat(65_536) + "\r\n\r\n");
            server.sendRaw("Response: Success\r\nActionID: 0_0#nobody\r\nMessage: nobody asked\r\n\r\n");
            server.replayEvents(BRIDGE_RAW);

            assertThat(sink.until(AmiClientProtocolTest::isLastRtpHangup))
                    .extracting(AmiClientProtocolTest::describe).isEqualTo(BRIDGE_AGENT_HANGUP_EVENTS);
            assertThat(client.isConnected()).isTrue();
            assertThat(server.loginCount()).isEqualTo(1);
        }

        @Test
        void shouldNeverCallSinkConcurrently() throws Exception {
            // the connector thread emits AmiConnected and the snapshot, Asterisk-Java's event thread everything else
            AtomicInteger inside = new AtomicInteger();
            AtomicBoolean overlapped = new AtomicBoolean();
            CountDownLatch secondCaller = new CountDownLatch(1);
            Consumer<TelephonyEvent> slowSink = event -> {
                if (inside.incrementAndGet() > 1) {
                    overlapped.set(true);
                    secondCaller.countDown();
                }
                try {
                    if (event instanceof AmiConnected) {
                        server.sendRaw("Event: Newstate\r\nChannel: PJSIP/1001-0000000c\r\nChannelState: 5\r\n"
                                + "ChannelStateDesc: Ringing\r\nUniqueid: 1795323012.16\r\n\r\n");
                        // the Newstate is read meanwhile; its delivery must wait until this call returns
                        secondCaller.await(300, TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inside.decrementAndGet();
                }
                sink.accept(event);
            };
            AmiClient client = new AmiClient(endpoint(server.port(), SECRET, ACTION_TIMEOUT), fastBackoff(), slowSink,
                    clock);
            clients.add(client);

            client.start();

            assertThat(sink.until(ChannelRinging.class::isInstance)).isNotEmpty();
            assertThat(overlapped).isFalse();
        }
    }

    @Nested
    class Reconnect {

        @Test
        void shouldEmitResyncSnapshotAfterReconnectWithFreshLogin() throws Exception {
            // 150 ms > the 50 ms after which Asterisk-Java's own reconnect thread would log in again: if the client
            // failed to stop it, that login (on the old connection object) would be the second one seen
            AmiClient client = startConnected(new Backoff(Duration.ofMillis(150), Duration.ofMillis(150), () -> 0.999));
            Map<String, String> firstLogin = server.awaitLogin(WAIT);
            server.awaitAction("CoreShowChannels", WAIT);
            Instant later = clock.advance(Duration.ofMinutes(1));

            assertThat(server.dropConnections()).isEqualTo(1);

            assertThat(sink.next(AmiDisconnected.class)).isEqualTo(new AmiDisconnected(later, "connection lost"));
            Map<String, String> secondLogin = server.awaitLogin(WAIT);
            assertThat(sink.next(AmiConnected.class)).isEqualTo(new AmiConnected(later, true));
            ChannelsSnapshot resync = sink.next(ChannelsSnapshot.class);
            assertThat(resync.at()).isEqualTo(later);
            assertThat(resync.channels()).hasSize(3);
            server.awaitAction("CoreShowChannels", WAIT);
            // Asterisk-Java action ids are "<ManagerConnection hashCode>_<n>#": a new prefix is a new connection
            assertThat(connectionOf(secondLogin)).isNotEqualTo(connectionOf(firstLogin));
            assertThat(server.loginCount()).isEqualTo(2);
            assertThat(client.isConnected()).isTrue();

            server.replayEvents(REDIRECT_RAW);
            assertThat(sink.until(AmiClientProtocolTest::isLastRtpHangup))
                    .extracting(AmiClientProtocolTest::describe).isEqualTo(REDIRECT_FORK_EVENTS);
        }

        @Test
        void shouldFailSendFastWhileDisconnected() throws Exception {
            AmiClient client = startConnected(new Backoff(Duration.ofMillis(150), Duration.ofMillis(150), () -> 0.999));
            server.dropConnections();
            sink.next(AmiDisconnected.class);

            CompletableFuture<ManagerResponse> ping = client.send(new PingAction());

            assertThat(client.isConnected()).isFalse();
            assertThat(ping).isCompletedExceptionally();
            assertThat(ping).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(TelephonyException.class).withMessageContaining("not connected");
        }

        @Test
        void shouldKeepRetryingWhileNothingListensAndConnectOnceServerAppears() throws Exception {
            int port = FreePorts.tcp();
            CountDownLatch retriesScheduled = new CountDownLatch(3);
            // the jitter source is drawn once per scheduled retry: a probe for "a connect attempt failed"
            Backoff backoff = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), () -> {
                retriesScheduled.countDown();
                return 0.0;
            });
            AmiClient client = start(backoff, port, SECRET, ACTION_TIMEOUT);
            assertThat(retriesScheduled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(sink.drain()).isEmpty();

            try (TcpRelay relay = new TcpRelay(port, server.port())) {
                assertThat(sink.next(AmiConnected.class).reconnect()).isFalse();
                assertThat(sink.next(ChannelsSnapshot.class).channels()).hasSize(3);
                assertThat(client.isConnected()).isTrue();
                assertThat(server.loginCount()).isEqualTo(1);
                client.close();
            }
        }

        @Test
        void shouldKeepRetryingWithBackoffWhileSecretIsWrong() throws Exception {
            // with the lowest jitter the first four retries wait 10 + 20 + 40 + 80 ms
            Backoff backoff = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), () -> 0.0);
            long started = System.nanoTime();

            AmiClient client = start(backoff, server.port(), "wrong", ACTION_TIMEOUT);

            for (int attempt = 1; attempt <= 5; attempt++) {
                assertThat(server.awaitAction("Login", WAIT)).containsEntry("Username", USER);
            }
            Duration fiveAttempts = Duration.ofNanos(System.nanoTime() - started);
            assertThat(fiveAttempts).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(server.loginCount()).isZero();
            assertThat(client.isConnected()).isFalse();
            client.close();
            assertThat(sink.drain()).isEmpty();
        }
    }

    @Nested
    class Actions {

        @Test
        void shouldRedirectCallerToSeatInAgentsContext() throws Exception {
            server.respondFromTranscript("Redirect", REDIRECT_CONTROL);
            AmiCallControl control = new AmiCallControl(startConnected(fastBackoff()));

            CompletableFuture<Void> offered = control.offerToSeat("PJSIP/carrier-0000000b", "1001")
                    .toCompletableFuture();

            assertThat(offered).succeedsWithin(WAIT).isNull();
            assertThat(server.awaitAction("Redirect", WAIT)).containsEntry("Channel", "PJSIP/carrier-0000000b")
                    .containsEntry("Context", "hotline-agents").containsEntry("Exten", "1001")
                    .containsEntry("Priority", "1");
        }

        @Test
        void shouldDialOutWithAsyncOriginateAndCompleteOnItsOriginateResponse() throws Exception {
            server.onAction("Originate", (action, reply) -> {
                reply.success("Originate successfully queued");
                reply.send(originateResponse(reply.actionId(), "Success", "4"));
            });
            AmiCallControl control = new AmiCallControl(startConnected(fastBackoff()));

            CompletableFuture<Void> dialled = control.dialOut("1001", "13800138000", "cb-1", "C1-cb",
                    Duration.ofSeconds(15)).toCompletableFuture();

            assertThat(dialled).succeedsWithin(WAIT);
            // Async: a synchronous Originate would hold the session's other actions while the seat rings
            assertThat(server.awaitAction("Originate", WAIT)).containsEntry("Async", "true")
                    .containsEntry("Channel", "PJSIP/1001").containsEntry("Context", "hotline-callback")
                    .containsEntry("Exten", "13800138000");
        }

        @Test
        void shouldFailDialOutWhenOriginateResponseSaysFailure() throws Exception {
            server.onAction("Originate", (action, reply) -> {
                reply.success("Originate successfully queued");
                reply.send(originateResponse(reply.actionId(), "Failure", "3"));
            });
            AmiCallControl control = new AmiCallControl(startConnected(fastBackoff()));

            CompletableFuture<Void> dialled = control.dialOut("1001", "13800138000", "cb-1", "C1-cb",
                    Duration.ofSeconds(15)).toCompletableFuture();

            assertThat(dialled).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                    .isInstanceOf(TelephonyException.class).withMessageContaining("Originate")
                    .withMessageContaining("reason 3");
        }

        /** Asterisk 16's event for an Async Originate, as in ami_bridge_agent_hangup.carrier_ami.txt. */
        private Map<String, String> originateResponse(String actionId, String response, String reason) {
            Map<String, String> e = new java.util.LinkedHashMap<>();
            e.put("Event", "OriginateResponse");
            e.put("Privilege", "call,all");
            e.put("ActionID", actionId);
            e.put("Response", response);
            e.put("Channel", "PJSIP/1001");
            e.put("Context", "hotline-callback");
            e.put("Exten", "13800138000");
            e.put("Reason", reason);
            e.put("Uniqueid", "cb-1");
            e.put("CallerIDNum", "13800138000");
            e.put("CallerIDName", "12345 callback");
            return e;
        }

        @Test
        void shouldHangUpChannelWithAmiHangup() throws Exception {
            server.respondSuccess("Hangup", "Channel Hungup");
            AmiCallControl control = new AmiCallControl(startConnected(fastBackoff()));

            assertThat(control.hangup("PJSIP/1001-0000000c").toCompletableFuture()).succeedsWithin(WAIT);
            assertThat(server.awaitAction("Hangup", WAIT)).containsEntry("Channel", "PJSIP/1001-0000000c");
        }

        @Test
        void shouldCompleteSendWithAsterisksResponse() throws Exception {
            AmiClient client = startConnected(fastBackoff());

            assertThat(client.send(new PingAction())).succeedsWithin(WAIT)
                    .satisfies(r -> assertThat(r.getResponse()).isEqualTo("Success"));
        }

        @Test
        void shouldFailWithAsterisksMessageWhenActionIsRefused() throws Exception {
            server.onAction("Redirect", (action, reply) -> reply.error("Channel not found"));
            AmiCallControl control = new AmiCallControl(startConnected(fastBackoff()));

            CompletableFuture<Void> offered = control.offerToSeat("PJSIP/carrier-0000000b", "1001")
                    .toCompletableFuture();

            assertThat(offered).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                    .isInstanceOf(TelephonyException.class).withMessageContaining("Redirect")
                    .withMessageContaining("Channel not found");
        }

        @Test
        void shouldFailWithTelephonyExceptionWhenAsteriskDoesNotAnswerInTime() throws Exception {
            server.onAction("Redirect", (action, reply) -> {
                // a busy Asterisk: the response never comes
            });
            AmiClient client = start(fastBackoff(), server.port(), SECRET, Duration.ofMillis(300));
            sink.next(AmiConnected.class);
            sink.next(ChannelsSnapshot.class);

            CompletableFuture<Void> offered = new AmiCallControl(client).offerToSeat("PJSIP/carrier-0000000b", "1001")
                    .toCompletableFuture();

            assertThat(offered).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                    .isInstanceOf(TelephonyException.class).withMessageContaining("Redirect");
        }

        @Test
        void shouldFailActionInFlightWhenConnectionIsLost() throws Exception {
            server.onAction("Redirect", (action, reply) -> reply.close());
            AmiCallControl control = new AmiCallControl(startConnected(fastBackoff()));

            CompletableFuture<Void> offered = control.offerToSeat("PJSIP/carrier-0000000b", "1001")
                    .toCompletableFuture();

            // Asterisk-Java answers pending actions with a null response when the connection drops
            assertThat(offered).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                    .isInstanceOf(TelephonyException.class).withMessageContaining("Redirect");
        }

        @Test
        void shouldFailFastBeforeFirstConnect() {
            AmiClient client = new AmiClient(endpoint(server.port(), SECRET, ACTION_TIMEOUT), fastBackoff(), sink,
                    clock);
            clients.add(client);

            assertThat(client.send(new PingAction())).isCompletedExceptionally();
            assertThat(server.receivedActions()).isEmpty();
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void shouldLogOffAndStayDownAfterClose() throws Exception {
            AmiClient client = startConnected(fastBackoff());

            client.close();

            server.awaitAction("Logoff", WAIT);
            assertThat(client.isConnected()).isFalse();
            assertThat(client.send(new PingAction())).isCompletedExceptionally();
            assertThat(server.loginCount()).isEqualTo(1);
            assertThat(sink.drain()).isEmpty();
        }

        @Test
        void shouldCancelPendingReconnectOnClose() throws Exception {
            AmiClient client = startConnected(new Backoff(Duration.ofMillis(150), Duration.ofMillis(150), () -> 0.999));
            server.dropConnections();
            sink.next(AmiDisconnected.class);

            // returns once the connector thread has ended: the reconnect scheduled for 150 ms has run (and returned)
            client.close();

            assertThat(server.loginCount()).isEqualTo(1);
            assertThat(server.receivedActions()).extracting(a -> a.get("Action")).doesNotContain("Logoff")
                    .containsOnlyOnce("Login");
            assertThat(sink.drain()).isEmpty();
        }

        @Test
        void shouldStopAsteriskJavasOwnReconnectWhenClosedWhileLossIsReported() throws Exception {
            AtomicReference<AmiClient> client = new AtomicReference<>();
            Consumer<TelephonyEvent> closingSink = event -> {
                if (event instanceof AmiDisconnected) {
                    // the owner shuts down (another thread) while the client is still handling the loss
                    Thread closer = new Thread(() -> client.get().close());
                    closer.start();
                    try {
                        closer.join(WAIT.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                sink.accept(event);
            };
            client.set(new AmiClient(endpoint(server.port(), SECRET, ACTION_TIMEOUT), fastBackoff(), closingSink,
                    clock));
            clients.add(client.get());
            client.get().start();
            sink.next(AmiConnected.class);
            sink.next(ChannelsSnapshot.class);
            server.awaitLogin(WAIT);

            server.dropConnections();
            sink.next(AmiDisconnected.class);

            // Asterisk-Java's reconnect thread would log in again 50 ms after the loss unless it was stopped
            assertThatThrownBy(() -> server.awaitLogin(Duration.ofMillis(300))).isInstanceOf(AssertionError.class);
            assertThat(server.loginCount()).isEqualTo(1);
        }

        @Test
        void shouldTolerateSecondClose() throws Exception {
            AmiClient client = startConnected(fastBackoff());

            client.close();
            client.close();

            assertThat(client.isConnected()).isFalse();
        }

        @Test
        void shouldNotPretendNoChannelsExistWhenCoreShowChannelsIsRefused() throws Exception {
            // a manager user without the system/reporting privilege gets "Permission denied" for CoreShowChannels
            server.onAction("CoreShowChannels", (action, reply) -> reply.error("Permission denied"));
            AmiClient client = start(fastBackoff());
            sink.next(AmiConnected.class);
            server.awaitAction("CoreShowChannels", WAIT);

            // the resync runs on the connector thread, which close() waits for
            client.close();

            assertThat(sink.drain()).noneMatch(ChannelsSnapshot.class::isInstance);
        }
    }

    private AmiClient start(Backoff backoff) {
        return start(backoff, server.port(), SECRET, ACTION_TIMEOUT);
    }

    private AmiClient start(Backoff backoff, int port, String secret, Duration actionTimeout) {
        AmiClient client = new AmiClient(endpoint(port, secret, actionTimeout), backoff, sink, clock);
        clients.add(client);
        client.start();
        return client;
    }

    private AmiClient startConnected(Backoff backoff) throws InterruptedException {
        AmiClient client = start(backoff);
        sink.next(AmiConnected.class);
        sink.next(ChannelsSnapshot.class);
        return client;
    }

    private static AmiEndpoint endpoint(int port, String secret, Duration actionTimeout) {
        return new AmiEndpoint("pbx", "127.0.0.1", port, USER, secret, actionTimeout);
    }

    private static Backoff fastBackoff() {
        return new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), () -> 0.5);
    }

    private static String connectionOf(Map<String, String> action) {
        String id = action.get("ActionID");
        return id.substring(0, id.indexOf('_'));
    }

    private static boolean isLastRtpHangup(TelephonyEvent event) {
        return event instanceof ChannelHungUp h && h.channel().startsWith("UnicastRTP/");
    }

    private static String describe(TelephonyEvent event) {
        if (event instanceof DialStarted d) {
            return "DialStarted " + d.channel() + " -> " + d.destChannel();
        }
        if (event instanceof DialEnded d) {
            return "DialEnded " + d.channel() + " -> " + d.destChannel() + " " + d.dialStatus();
        }
        if (event instanceof ChannelRinging r) {
            return "ChannelRinging " + r.channel();
        }
        if (event instanceof HangupRequested h) {
            return (h.soft() ? "SoftHangupRequested " : "HangupRequested ") + h.channel();
        }
        if (event instanceof ChannelHungUp h) {
            return "ChannelHungUp " + h.channel();
        }
        return event.toString();
    }
}
