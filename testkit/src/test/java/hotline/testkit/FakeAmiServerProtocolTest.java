package hotline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.AsteriskVersion;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.DefaultManagerConnection;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.TimeoutException;
import org.asteriskjava.manager.action.AbsoluteTimeoutAction;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.CoreShowChannelsCompleteEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.FullyBootedEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.HangupRequestEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.asteriskjava.manager.response.PingResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeAmiServerProtocolTest {

    private static final String USER = "hotline";
    private static final String SECRET = "s3cret";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String REDIRECT_RAW = "ami_redirect_fork.pbx_ami_events.raw";
    private static final String REDIRECT_CONTROL = "ami_redirect_fork.pbx_ami_control.txt";
    private static final String BRIDGE_CONTROL = "ami_bridge_agent_hangup.pbx_ami_control.txt";

    private FakeAmiServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeAmiServer(USER, SECRET);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** A real Asterisk-Java ManagerConnection against the fake. */
    @Nested
    class WithAsteriskJava {

        private ManagerConnection connection;
        private final Recorder recorder = new Recorder();

        @BeforeEach
        void connect() {
            connection = new ManagerConnectionFactory(server.host(), server.port(), USER, SECRET)
                    .createManagerConnection();
            connection.addEventListener(recorder);
        }

        @AfterEach
        void logoff() {
            ManagerConnectionState state = connection.getState();
            if (state == ManagerConnectionState.CONNECTED || state == ManagerConnectionState.RECONNECTING) {
                connection.logoff();
            }
        }

        @Test
        void shouldLogInWithMd5ChallengeThenAnswerVersionProbe() throws Exception {
            connection.login();

            assertThat(connection.getState()).isEqualTo(ManagerConnectionState.CONNECTED);
            assertThat(connection.getProtocolIdentifier()).isEqualTo("Asterisk Call Manager/5.0.4");
            assertThat(connection.getVersion()).isEqualTo(AsteriskVersion.ASTERISK_16);
            List<Map<String, String>> actions = server.receivedActions();
            assertThat(actions).extracting(a -> a.get("Action")).containsExactly("Challenge", "Login", "CoreSettings");
            // Asterisk-Java writes lower-case header names and "<hashCode>_<n>#" action ids
            assertThat(actions.get(0).keySet()).containsExactly("action", "actionid", "authtype");
            assertThat(actions.get(0)).containsEntry("authtype", "MD5");
            assertThat(actions.get(0).get("ActionID")).matches("-?\\d+_\\d+#");
            Map<String, String> login = server.awaitLogin(WAIT);
            assertThat(login).containsEntry("Username", USER).containsEntry("AuthType", "MD5")
                    .doesNotContainKey("Secret").doesNotContainKey("Events");
            assertThat(login.get("Key")).matches("[0-9a-f]{32}");
            assertThat(server.loginCount()).isEqualTo(1);
            assertThat(server.connectionCount()).isEqualTo(1);
        }

        @Test
        void shouldDeliverFullyBootedAfterLogin() throws Exception {
            connection.login();

            recorder.await(FullyBootedEvent.class, 1);
            assertThat(recorder.of(FullyBootedEvent.class).get(0).getStatus()).isEqualTo("Fully Booted");
        }

        @Test
        void shouldDeliverReplayedTranscriptEvents() throws Exception {
            connection.login();

            int sent = server.replayEvents(REDIRECT_RAW);

            assertThat(sent).isEqualTo(111);
            recorder.await(HangupEvent.class, 3);
            assertRedirectForkEvents(recorder);
        }

        @Test
        void shouldDeliverTheSameEventsWhenBytesArriveInRandomPieces() throws Exception {
            connection.login();
            server.replayEvents(REDIRECT_RAW);
            recorder.await(HangupEvent.class, 3);
            List<String> whole = recorder.transcriptEventTypes();
            Recorder chunked = new Recorder();
            connection.addEventListener(chunked);

            server.replayEventsChunked(REDIRECT_RAW, 12345L);

            chunked.await(HangupEvent.class, 3);
            assertRedirectForkEvents(chunked);
            assertThat(chunked.transcriptEventTypes()).isEqualTo(whole);
        }

        @Test
        void shouldRecordRedirectAndAnswerAsInTranscript() throws Exception {
            server.respondFromTranscript("Redirect", REDIRECT_CONTROL);
            connection.login();
            RedirectAction redirect = new RedirectAction("PJSIP/carrier-0000000b", "agents", "1001", 1);
            redirect.setActionId("call-42");

            ManagerResponse response = connection.sendAction(redirect);

            assertThat(response.getResponse()).isEqualTo("Success");
            assertThat(response.getMessage()).isEqualTo("Redirect successful");
            assertThat(response.getActionId()).isEqualTo("call-42");
            Map<String, String> received = server.awaitAction("Redirect", WAIT);
            assertThat(received).containsEntry("Channel", "PJSIP/carrier-0000000b").containsEntry("Context", "agents")
                    .containsEntry("Exten", "1001").containsEntry("Priority", "1");
            assertThat(received.get("ActionID")).endsWith("#call-42");
        }

        @Test
        void shouldListChannelsOfTranscriptForCoreShowChannels() throws Exception {
            server.respondCoreShowChannels(BRIDGE_CONTROL);
            connection.login();

            ResponseEvents result = connection.sendEventGeneratingAction(new CoreShowChannelsAction());

            assertThat(result.getResponse().getResponse()).isEqualTo("Success");
            assertThat(result.getEvents()).filteredOn(CoreShowChannelEvent.class::isInstance)
                    .extracting(e -> ((CoreShowChannelEvent) e).getChannel())
                    .containsExactly("PJSIP/1001-00000005", "UnicastRTP/127.0.0.1:40000-0x7f34c000e950",
                            "PJSIP/carrier-00000004");
            assertThat(result.getEvents()).filteredOn(CoreShowChannelsCompleteEvent.class::isInstance)
                    .extracting(e -> ((CoreShowChannelsCompleteEvent) e).getListitems()).containsExactly(3);
        }

        @Test
        void shouldAnswerPingAndRejectUnknownAction() throws Exception {
            connection.login();

            ManagerResponse ping = connection.sendAction(new PingAction());
            ManagerResponse unknown = connection.sendAction(new AbsoluteTimeoutAction("PJSIP/carrier-0000000b", 10));

            assertThat(ping).isInstanceOf(PingResponse.class);
            assertThat(((PingResponse) ping).getPing()).isEqualTo("Pong");
            assertThat(unknown).isInstanceOf(ManagerError.class);
            assertThat(unknown.getMessage()).isEqualTo("Invalid/unknown command");
        }

        @Test
        void shouldRunScriptedHandler() throws Exception {
            server.onAction("AbsoluteTimeout", (action, reply) -> reply.success("Timeout Set"));
            connection.login();

            ManagerResponse response = connection.sendAction(new AbsoluteTimeoutAction("PJSIP/carrier-0000000b", 10));

            assertThat(response.getMessage()).isEqualTo("Timeout Set");
            assertThat(server.awaitAction("absolutetimeout", WAIT)).containsEntry("Timeout", "10");
        }

        @Test
        void shouldFailLoginWithWrongSecret() {
            ManagerConnection wrong = new ManagerConnectionFactory(server.host(), server.port(), USER, "wrong")
                    .createManagerConnection();

            assertThatThrownBy(wrong::login).isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("Authentication failed");
            assertThat(server.loginCount()).isZero();
        }

        @Test
        void shouldSignalDisconnectWhenConnectionsDropAndLetClientReconnect() throws Exception {
            connection.login();
            server.awaitLogin(WAIT);

            assertThat(server.dropConnections()).isEqualTo(1);

            recorder.await(DisconnectEvent.class, 1);
            server.awaitLogin(WAIT);
            recorder.await(ConnectEvent.class, 2);
            assertThat(connection.getState()).isEqualTo(ManagerConnectionState.CONNECTED);
            assertThat(server.receivedActions()).extracting(a -> a.get("Action"))
                    .containsExactly("Challenge", "Login", "CoreSettings", "Challenge", "Login", "CoreSettings");
        }

        @Test
        void shouldTimeOutClientLoginOnGarbageBanner() {
            server.setMode(FakeAmiServer.Mode.GARBAGE_BANNER);
            DefaultManagerConnection impatient = new DefaultManagerConnection(server.host(), server.port(), USER,
                    SECRET);
            impatient.setDefaultResponseTimeout(300);

            // Asterisk-Java closes the socket after the banner timeout and then throws either its TimeoutException
            // or, when its reader thread noticed the close first, that thread's "Socket closed" SocketException
            assertThatThrownBy(impatient::login).isInstanceOfAny(TimeoutException.class, SocketException.class);
            assertThat(server.receivedActions()).isEmpty();
        }

        private void assertRedirectForkEvents(Recorder events) {
            assertThat(events.of(DialBeginEvent.class)).hasSize(2);
            assertThat(events.of(DialEndEvent.class)).extracting(DialEndEvent::getDialStatus)
                    .containsExactly("ANSWER", "ANSWER");
            assertThat(events.of(HangupRequestEvent.class)).extracting(HangupRequestEvent::getChannel)
                    .containsExactly("PJSIP/carrier-0000000b");
            assertThat(events.of(HangupEvent.class)).hasSize(3)
                    .allSatisfy(h -> assertThat(h.getCause()).isEqualTo(16));
            assertThat(events.of(NewChannelEvent.class)).hasSize(3);
            assertThat(events.of(VarSetEvent.class)).hasSize(35);
        }
    }

    /** Byte-exact wire checks with a plain socket. */
    @Nested
    class OnTheWire {

        @Test
        void shouldGreetWithBannerAndAcceptPlainSecretLogin() throws Exception {
            try (RawClient client = new RawClient(server)) {
                assertThat(client.readLine()).isEqualTo("Asterisk Call Manager/5.0.4\r\n");

                client.send("Action: Login\r\nActionID: 1\r\nUsername: hotline\r\nSecret: s3cret\r\n"
                        + "Events: off\r\n\r\n");

                assertThat(client.readPacket())
                        .isEqualTo("Response: Success\r\nActionID: 1\r\nMessage: Authentication accepted\r\n\r\n");
                server.awaitLogin(WAIT);
                assertThat(server.sendEvent(Map.of("Event", "Reload"))).isZero();
            }
        }

        @Test
        void shouldRefuseBadCredentialsAndClose() throws Exception {
            try (RawClient client = new RawClient(server)) {
                client.readLine();

                client.send("Action: Login\r\nActionID: 3\r\nUsername: hotline\r\nSecret: nope\r\n\r\n");

                assertThat(client.readPacket())
                        .isEqualTo("Response: Error\r\nActionID: 3\r\nMessage: Authentication failed\r\n\r\n");
                assertThat(client.read()).isEqualTo(-1);
            }
        }

        @Test
        void shouldDenyActionsBeforeLogin() throws Exception {
            try (RawClient client = new RawClient(server)) {
                client.readLine();

                client.send("Action: Ping\r\nActionID: 2\r\n\r\n");

                assertThat(client.readPacket())
                        .isEqualTo("Response: Error\r\nActionID: 2\r\nMessage: Permission denied\r\n\r\n");
            }
        }

        @Test
        void shouldAnswerUnknownActionAndLogoffLikeAsterisk() throws Exception {
            try (RawClient client = RawClient.loggedIn(server, "off")) {
                client.send("Action: Frobnicate\r\nActionID: 7\r\n\r\n");
                assertThat(client.readPacket())
                        .isEqualTo("Response: Error\r\nActionID: 7\r\nMessage: Invalid/unknown command\r\n\r\n");

                client.send("Action: Logoff\r\nActionID: 8\r\n\r\n");
                assertThat(client.readPacket())
                        .isEqualTo("Response: Goodbye\r\nActionID: 8\r\nMessage: Thanks for all the fish.\r\n\r\n");
                assertThat(client.read()).isEqualTo(-1);
            }
        }

        @Test
        void shouldOmitActionIdWhenActionHadNone() throws Exception {
            try (RawClient client = RawClient.loggedIn(server, "off")) {
                client.send("Action: Frobnicate\r\n\r\n");

                assertThat(client.readPacket())
                        .isEqualTo("Response: Error\r\nMessage: Invalid/unknown command\r\n\r\n");
            }
        }

        @Test
        void shouldReadActionSentOneByteAtATimeWithBareLineFeeds() throws Exception {
            try (RawClient client = new RawClient(server)) {
                client.readLine();

                for (byte b : "Action: Login\nActionID: 9\nUsername: hotline\nSecret: s3cret\n\n".getBytes(
                        StandardCharsets.US_ASCII)) {
                    client.send(new String(new byte[] {b}, StandardCharsets.US_ASCII));
                }

                assertThat(client.readPacket())
                        .isEqualTo("Response: Success\r\nActionID: 9\r\nMessage: Authentication accepted\r\n\r\n");
            }
        }

        @Test
        void shouldSendFullyBootedThenScriptedEventsAfterEventLogin() throws Exception {
            Map<String, String> reload = new LinkedHashMap<>();
            reload.put("Event", "Reload");
            reload.put("Privilege", "system,all");
            server.sendAfterLogin(reload).sendRawAfterLogin("Event: Shutdown\r\nShutdown: Cleanly\r\n\r\n");

            try (RawClient client = RawClient.loggedIn(server, "on")) {
                assertThat(client.readPacket()).startsWith("Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: ")
                        .endsWith("\r\nStatus: Fully Booted\r\n\r\n");
                assertThat(client.readPacket()).isEqualTo("Event: Reload\r\nPrivilege: system,all\r\n\r\n");
                assertThat(client.readPacket()).isEqualTo("Event: Shutdown\r\nShutdown: Cleanly\r\n\r\n");

                assertThat(server.sendRaw("Event: Reload\r\n\r\n")).isEqualTo(1);
                assertThat(client.readPacket()).isEqualTo("Event: Reload\r\n\r\n");
            }
        }

        @Test
        void shouldReplayEventsByteForByte() throws Exception {
            try (RawClient client = RawClient.loggedIn(server, "on")) {
                client.readPacket(); // FullyBooted

                server.replayEventsChunked("agi_exec_dial.pbx_ami_events.raw", 7L);

                List<byte[]> packets = Transcripts.rawPackets("agi_exec_dial.pbx_ami_events.raw");
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                packets.subList(1, packets.size()).forEach(expected::writeBytes); // all but the Login response
                assertThat(client.readBytes(expected.size())).isEqualTo(expected.toByteArray());
            }
        }

        @Test
        void shouldEchoClientActionIdInTranscriptAnswers() throws Exception {
            server.respondCoreShowChannels(BRIDGE_CONTROL);
            try (RawClient client = RawClient.loggedIn(server, "off")) {
                client.send("Action: CoreShowChannels\r\nActionID: mine\r\n\r\n");

                assertThat(client.readPacket()).isEqualTo("Response: Success\r\nActionID: mine\r\nEventList: start\r\n"
                        + "Message: Channels will follow\r\n\r\n");
                assertThat(client.readPacket()).startsWith("Event: CoreShowChannel\r\nActionID: mine\r\n"
                        + "Channel: PJSIP/1001-00000005\r\n").contains("\r\nAccountCode: \r\n");
                client.readPacket();
                client.readPacket();
                assertThat(client.readPacket()).isEqualTo("Event: CoreShowChannelsComplete\r\nActionID: mine\r\n"
                        + "EventList: Complete\r\nListItems: 3\r\n\r\n");
            }
        }

        @Test
        void shouldCloseAtOnceInCloseOnConnectMode() throws Exception {
            server.setMode(FakeAmiServer.Mode.CLOSE_ON_CONNECT);

            try (RawClient client = new RawClient(server)) {
                assertThat(client.read()).isEqualTo(-1);
            }
        }

        @Test
        void shouldSendNonAmiBannerInGarbageMode() throws Exception {
            server.setMode(FakeAmiServer.Mode.GARBAGE_BANNER);

            try (RawClient client = new RawClient(server)) {
                assertThat(client.readLine()).startsWith("SSH-2.0-").doesNotContain("Asterisk");
            }
        }

        @Test
        void shouldStaySilentInSilentModeUntilDropped() throws Exception {
            server.setMode(FakeAmiServer.Mode.SILENT);

            try (RawClient client = new RawClient(server)) {
                client.send("Action: Login\r\nUsername: hotline\r\nSecret: s3cret\r\n\r\n");
                // silence can only be observed as the absence of bytes for a while
                client.socket.setSoTimeout(200);
                assertThatThrownBy(client::read).isInstanceOf(SocketTimeoutException.class);
                client.socket.setSoTimeout(5000);

                assertThat(server.dropConnections()).isEqualTo(1);

                assertThat(client.read()).isEqualTo(-1);
                assertThat(server.receivedActions()).isEmpty();
            }
        }
    }

    /** Collects Asterisk-Java events and lets a test wait for a number of events of one class. */
    private static final class Recorder implements ManagerEventListener {
        private final List<ManagerEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onManagerEvent(ManagerEvent event) {
            events.add(event);
            synchronized (this) {
                notifyAll();
            }
        }

        <T extends ManagerEvent> List<T> of(Class<T> type) {
            return events.stream().filter(e -> e.getClass() == type).map(type::cast).toList();
        }

        synchronized void await(Class<? extends ManagerEvent> type, int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (of(type).size() < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " " + type.getSimpleName() + " within " + WAIT
                            + ", got " + of(type).size());
                }
                wait(left);
            }
        }

        /** Event classes in arrival order, without the connection's own pseudo events. */
        List<String> transcriptEventTypes() {
            return events.stream().filter(e -> !(e instanceof DisconnectEvent))
                    .filter(e -> !(e instanceof FullyBootedEvent))
                    .filter(e -> !(e instanceof ConnectEvent))
                    .map(e -> e.getClass().getSimpleName()).toList();
        }
    }

    /** A plain-socket AMI client that reads exact bytes. */
    private static final class RawClient implements AutoCloseable {
        final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        RawClient(FakeAmiServer server) throws IOException {
            socket = new Socket(server.host(), server.port());
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        static RawClient loggedIn(FakeAmiServer server, String events) throws IOException {
            RawClient client = new RawClient(server);
            client.readLine();
            client.send("Action: Login\r\nActionID: login\r\nUsername: " + USER + "\r\nSecret: " + SECRET
                    + "\r\nEvents: " + events + "\r\n\r\n");
            assertThat(client.readPacket()).contains("Message: Authentication accepted");
            return client;
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        int read() throws IOException {
            return in.read();
        }

        String readLine() throws IOException {
            return readUntil("\r\n");
        }

        String readPacket() throws IOException {
            return readUntil("\r\n\r\n");
        }

        byte[] readBytes(int count) throws IOException {
            return in.readNBytes(count);
        }

        private String readUntil(String end) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (!bytes.toString(StandardCharsets.UTF_8).endsWith(end)) {
                int b = in.read();
                if (b == -1) {
                    throw new IOException("end of stream after '" + bytes.toString(StandardCharsets.UTF_8) + "'");
                }
                bytes.write(b);
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
