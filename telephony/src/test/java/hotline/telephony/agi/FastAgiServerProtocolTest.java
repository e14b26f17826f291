package hotline.telephony.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.testkit.AgiSessionResult;
import hotline.testkit.FakeAgiClient;
import hotline.testkit.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FastAgiServer} (Asterisk-Java's {@code DefaultAgiServer}) against {@link FakeAgiClient} playing Asterisk's
 * side of the captured session {@code agi_route_dial.agi_session.txt}.
 */
class FastAgiServerProtocolTest {

    private static final String HOST = "127.0.0.1";
    private static final String TRANSCRIPT = "agi_route_dial.agi_session.txt";
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(5);
    private static final String SUCCESS = "SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\"";
    private static final String FAILED = "SET VARIABLE \"AJ_AGISTATUS\" \"FAILED\"";
    /** res_agi.c answers commands that need a live channel so after the caller hung up. */
    private static final String DEAD_CHANNEL = "511 Command Not Permitted on a dead channel or intercept routine";

    private final RecordingHandler handler = new RecordingHandler();
    private final int port = FreePorts.tcp();
    private FastAgiServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldSetSeatThenCallIdForCallRoutedToFreeSeat() throws Exception {
        handler.decide(call -> new InboundDecision("c1", Optional.of("1001")));
        start(4);

        AgiSessionResult session = FakeAgiClient.fromTranscript(TRANSCRIPT).run(HOST, port, SESSION_TIMEOUT);

        assertThat(session.commands()).containsExactly("SET VARIABLE \"HOTLINE_SEAT\" \"1001\"",
                "SET VARIABLE \"HOTLINE_CALL_ID\" \"c1\"", SUCCESS);
        assertThat(session.closedByServer()).isTrue();
        assertThat(handler.nextFinished()).isEqualTo(Map.entry("c1", true));
        assertThat(handler.nextCall()).isEqualTo(new InboundCall("1795322812.0", "PJSIP/carrier-00000000",
                "13900000000", "Citizen 0", "12345"));
    }

    @Test
    void shouldHandTheMenuChoicesOfTheFirstArgumentToTheHandler() throws Exception {
        handler.decide(call -> new InboundDecision("c9", Optional.empty()));
        start(4);

        FakeAgiClient.fromTranscript(TRANSCRIPT).withHeader("agi_arg_1",
                "district=110105;ivrMs=9134;language=en;bad pair;=x;queue=citizen").run(HOST, port, SESSION_TIMEOUT);

        assertThat(handler.nextCall().attributes()).containsExactly(Map.entry("district", "110105"),
                Map.entry("ivrMs", "9134"), Map.entry("language", "en"), Map.entry("queue", "citizen"));
    }

    @Test
    void shouldSetOnlyCallIdWhenCallerMustWait() throws Exception {
        handler.decide(call -> new InboundDecision("c2", Optional.empty()));
        start(4);

        AgiSessionResult session = FakeAgiClient.fromTranscript(TRANSCRIPT).run(HOST, port, SESSION_TIMEOUT);

        assertThat(session.commands()).containsExactly("SET VARIABLE \"HOTLINE_CALL_ID\" \"c2\"", SUCCESS);
        assertThat(handler.nextFinished()).isEqualTo(Map.entry("c2", true));
    }

    @Test
    void shouldLeaveCallIdUnsetSoDialplanFallsBackWhenHandlerFails() throws Exception {
        handler.decide(call -> {
            throw new IllegalStateException("routing not ready");
        });
        start(4);

        AgiSessionResult session = FakeAgiClient.fromTranscript(TRANSCRIPT).run(HOST, port, SESSION_TIMEOUT);

        assertThat(session.commands()).containsExactly(FAILED);
        assertThat(session.closedByServer()).isTrue();
        assertThat(handler.nextCall().uniqueId()).isEqualTo("1795322812.0");
        assertThat(handler.finished).isEmpty();
    }

    @Test
    void shouldReportFailureWhenChannelIsDeadBeforeCallIdIsSet() throws Exception {
        handler.decide(call -> new InboundDecision("c3", Optional.of("1001")));
        start(4);

        AgiSessionResult session = FakeAgiClient.fromTranscript(TRANSCRIPT)
                .reply("SET VARIABLE HOTLINE_CALL_ID", DEAD_CHANNEL).run(HOST, port, SESSION_TIMEOUT);

        assertThat(session.commands()).containsExactly("SET VARIABLE \"HOTLINE_SEAT\" \"1001\"",
                "SET VARIABLE \"HOTLINE_CALL_ID\" \"c3\"", FAILED);
        assertThat(handler.nextFinished()).isEqualTo(Map.entry("c3", false));
    }

    @Test
    void shouldReportFailureWhenAsteriskIsGoneBeforeVariablesAreSet() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        handler.decide(call -> {
            clientGone.await(SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new InboundDecision("c4", Optional.empty());
        });
        start(4);

        // the client gives up (closes the connection) while the handler still decides
        AgiSessionResult session = FakeAgiClient.fromTranscript(TRANSCRIPT).run(HOST, port, Duration.ofMillis(200));
        clientGone.countDown();

        assertThat(session.closedByServer()).isFalse();
        assertThat(session.commands()).isEmpty();
        assertThat(handler.nextFinished()).isEqualTo(Map.entry("c4", false));
    }

    @Test
    void shouldIgnoreHangupLinePushedBeforeRepliesAsAsteriskJavaDoes() throws Exception {
        // Asterisk pushes "HANGUP" when the caller hangs up mid-session but still answers SET VARIABLE with 200 on
        // the dead channel; Asterisk-Java's FastAgiReader skips the bare HANGUP line, so the variables count as set
        handler.decide(call -> new InboundDecision("c5", Optional.of("1001")));
        start(4);

        AgiSessionResult session = FakeAgiClient.fromTranscript(TRANSCRIPT).hangupAfter(1)
                .run(HOST, port, SESSION_TIMEOUT);

        assertThat(session.replies()).containsExactly("200 result=1", "HANGUP", "200 result=1", "200 result=1");
        assertThat(session.commands()).containsExactly("SET VARIABLE \"HOTLINE_SEAT\" \"1001\"",
                "SET VARIABLE \"HOTLINE_CALL_ID\" \"c5\"", SUCCESS);
        assertThat(handler.nextFinished()).isEqualTo(Map.entry("c5", true));
    }

    @Test
    void shouldNotAskHandlerForAnotherScript() throws Exception {
        handler.decide(call -> new InboundDecision("never", Optional.empty()));
        start(4);

        AgiSessionResult session = FakeAgiClient.fromTranscript(TRANSCRIPT)
                .withHeader("agi_network_script", "other").withHeader("agi_request", "agi://127.0.0.1:4573/other")
                .run(HOST, port, SESSION_TIMEOUT);

        assertThat(session.commands()).containsExactly("SET VARIABLE \"AJ_AGISTATUS\" \"NOT_FOUND\"",
                "VERBOSE \"No script configured for URL 'agi://127.0.0.1:4573/other' (script 'other')\" 1");
        assertThat(handler.calls).isEmpty();
        assertThat(handler.finished).isEmpty();
    }

    @Test
    void shouldPassWithheldCallerIdAsNull() throws Exception {
        handler.decide(call -> new InboundDecision("c6", Optional.empty()));
        start(4);

        FakeAgiClient.fromTranscript(TRANSCRIPT).withHeader("agi_callerid", "unknown")
                .withHeader("agi_calleridname", "unknown").run(HOST, port, SESSION_TIMEOUT);

        InboundCall call = handler.nextCall();
        assertThat(call.callerIdNumber()).isNull();
        assertThat(call.callerIdName()).isNull();
    }

    @Test
    void shouldGiveEachOfFiftyConcurrentCallsItsOwnCallId() throws Exception {
        int calls = 50;
        // every handler call waits until all 50 sessions are inside it: they really run at the same time
        CountDownLatch allInside = new CountDownLatch(calls);
        handler.decide(call -> {
            allInside.countDown();
            allInside.await(SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new InboundDecision("call-" + call.uniqueId(), Optional.empty());
        });
        start(16); // Asterisk-Java's pool grows to 4 x 16 = 64 threads; it rejects sessions beyond that
        ExecutorService asterisk = Executors.newFixedThreadPool(calls);
        try {
            List<Future<AgiSessionResult>> sessions = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                FakeAgiClient client = FakeAgiClient.fromTranscript(TRANSCRIPT)
                        .withHeader("agi_uniqueid", "1795322812." + i)
                        .withHeader("agi_channel", String.format("PJSIP/carrier-%08x", i));
                sessions.add(asterisk.submit(() -> client.run(HOST, port, SESSION_TIMEOUT)));
            }

            for (int i = 0; i < calls; i++) {
                assertThat(sessions.get(i).get(SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).commands())
                        .containsExactly("SET VARIABLE \"HOTLINE_CALL_ID\" \"call-1795322812." + i + "\"", SUCCESS);
            }
        } finally {
            asterisk.shutdownNow();
        }
        assertThat(allInside.getCount()).isZero();
        List<Map.Entry<String, Boolean>> finished = new ArrayList<>();
        handler.finished.drainTo(finished);
        assertThat(finished).hasSize(calls).allSatisfy(f -> assertThat(f.getValue()).isTrue())
                .extracting(Map.Entry::getKey).doesNotHaveDuplicates();
    }

    @Test
    void shouldFailToStartNamingThePortWhenItIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int takenPort = taken.getLocalPort();
            server = new FastAgiServer(HOST, takenPort, 4, handler);

            assertThatThrownBy(server::start).isInstanceOf(IOException.class)
                    .hasMessageContaining(HOST + ":" + takenPort);
        }
    }

    private void start(int poolSize) throws IOException {
        server = new FastAgiServer(HOST, port, poolSize, handler);
        server.start();
    }

    /** Decides with a test-supplied function and records what the server told it, in order. */
    private static final class RecordingHandler implements InboundCallHandler {
        final BlockingQueue<InboundCall> calls = new LinkedBlockingQueue<>();
        final BlockingQueue<Map.Entry<String, Boolean>> finished = new LinkedBlockingQueue<>();
        private volatile Decider decider;

        @FunctionalInterface
        interface Decider {
            InboundDecision decide(InboundCall call) throws Exception;
        }

        void decide(Decider decider) {
            this.decider = decider;
        }

        @Override
        public InboundDecision onInbound(InboundCall call) throws Exception {
            calls.add(call);
            return decider.decide(call);
        }

        @Override
        public void onAgiFinished(String callId, boolean ok) {
            finished.add(Map.entry(callId, ok));
        }

        InboundCall nextCall() throws InterruptedException {
            return poll(calls, "onInbound");
        }

        Map.Entry<String, Boolean> nextFinished() throws InterruptedException {
            return poll(finished, "onAgiFinished");
        }

        private static <T> T poll(BlockingQueue<T> queue, String what) throws InterruptedException {
            T next = queue.poll(SESSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionError("no " + what + " within " + SESSION_TIMEOUT);
            }
            return next;
        }
    }
}
