package hotline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.testkit.internal.LineReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.util.ServerSocketFacade;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeAgiClientProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void shouldSendTranscriptRequestAndAnswerCommandWithDefaultReply() throws Exception {
        TinyAgiServer server = new TinyAgiServer(List.of("SET VARIABLE X 1"));
        FakeAgiClient client = FakeAgiClient.fromTranscript("agi_route_dial.agi_session.txt")
                .withHeader("agi_uniqueid", "1795329999.42")
                .withHeader("agi_callerid", "13800000000");

        AgiSessionResult result = client.run(server.host(), server.port(), WAIT);

        assertThat(result.commands()).containsExactly("SET VARIABLE X 1");
        assertThat(result.replies()).containsExactly("200 result=1");
        assertThat(result.closedByServer()).isTrue();
        Map<String, String> expected = new LinkedHashMap<>(Transcripts.agi("agi_route_dial.agi_session.txt").request());
        expected.put("agi_uniqueid", "1795329999.42");
        expected.put("agi_callerid", "13800000000");
        TinyAgiServer.Session seen = server.session();
        assertThat(seen.request()).containsExactlyEntriesOf(expected);
        assertThat(seen.requestText()).startsWith("agi_network: yes\nagi_network_script: inbound\n")
                .contains("\nagi_accountcode: \n").endsWith("agi_threadid: 139864174704320\n\n");
        assertThat(seen.exchanges()).containsExactly(new AgiTranscript.Exchange("SET VARIABLE X 1",
                List.of("200 result=1")));
    }

    @Test
    void shouldReproduceCapturedHangupDuringDial() throws Exception {
        AgiTranscript capture = Transcripts.agi("agi_exec_dial.agi_session.txt");
        TinyAgiServer server = new TinyAgiServer(capture.exchanges().stream().map(AgiTranscript.Exchange::command)
                .toList());
        FakeAgiClient client = FakeAgiClient.fromTranscript("agi_exec_dial.agi_session.txt")
                .reply("EXEC Dial", "200 result=-1")
                .reply("get variable", "200 result=0")
                .reply("GET VARIABLE DIALSTATUS", "200 result=1 (ANSWER)")
                .hangupAfter(2);

        AgiSessionResult result = client.run(server.host(), server.port(), WAIT);

        assertThat(result.replies()).containsExactly("200 result=1", "200 result=-1", "HANGUP",
                "200 result=1 (ANSWER)");
        assertThat(server.session().exchanges()).isEqualTo(capture.exchanges());
        assertThat(server.session().request()).isEqualTo(capture.request());
    }

    @Test
    void shouldReturnWithoutCloseWhenServerKeepsSilent() throws Exception {
        TinyAgiServer server = new TinyAgiServer(List.of());
        server.holdOpen = new CountDownLatch(1);

        AgiSessionResult result = FakeAgiClient.fromTranscript("agi_route_dial.agi_session.txt")
                .run(server.host(), server.port(), Duration.ofMillis(300));

        server.holdOpen.countDown();
        assertThat(result.commands()).isEmpty();
        assertThat(result.closedByServer()).isFalse();
    }

    @Test
    void shouldRecordExactWireFormOfAsteriskJavaSetVariable() throws Exception {
        int port = startAgiServer((request, channel) -> channel.setVariable("HOTLINE_CALL_ID", "c1"));

        AgiSessionResult result = FakeAgiClient.fromTranscript("agi_route_dial.agi_session.txt")
                .run("127.0.0.1", port, WAIT);

        // Asterisk-Java quotes both arguments and, after the script returns, reports AJ_AGISTATUS itself
        assertThat(result.commands()).containsExactly("SET VARIABLE \"HOTLINE_CALL_ID\" \"c1\"",
                "SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\"");
        assertThat(result.closedByServer()).isTrue();
    }

    @Test
    void shouldLetAsteriskJavaScriptReadReplyAfterPushedHangup() throws Exception {
        AtomicReference<String> dialStatus = new AtomicReference<>();
        int port = startAgiServer((request, channel) -> {
            channel.exec("Dial", "PJSIP/1001,30");
            dialStatus.set(channel.getVariable("DIALSTATUS"));
        });

        AgiSessionResult result = FakeAgiClient.fromTranscript("agi_exec_dial.agi_session.txt")
                .reply("EXEC", "200 result=-1")
                .reply("GET VARIABLE DIALSTATUS", "200 result=1 (ANSWER)")
                .hangupAfter(1)
                .run("127.0.0.1", port, WAIT);

        // Asterisk-Java skips a HANGUP line and reads the reply after it
        assertThat(result.commands()).containsExactly("EXEC \"Dial\" \"PJSIP/1001,30\"",
                "GET VARIABLE \"DIALSTATUS\"", "SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\"");
        assertThat(dialStatus.get()).isEqualTo("ANSWER");
    }

    /** Starts Asterisk-Java's own FastAGI server with one script on a free loopback port and waits until it listens. */
    private int startAgiServer(AgiScript script) throws Exception {
        CountDownLatch listening = new CountDownLatch(1);
        DefaultAgiServer agiServer = new DefaultAgiServer(script) {
            @Override
            protected ServerSocketFacade createServerSocket() throws IOException {
                // DefaultAgiServer cannot report the port it bound, so bind a port known to be free; retry on a race
                for (int attempt = 1; ; attempt++) {
                    setPort(FreePorts.tcp());
                    try {
                        ServerSocketFacade socket = super.createServerSocket();
                        listening.countDown();
                        return socket;
                    } catch (BindException e) {
                        if (attempt == 5) {
                            throw e;
                        }
                    }
                }
            }
        };
        agiServer.setAddress(InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try {
                agiServer.startup();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "test-agi-server");
        thread.setDaemon(true);
        thread.start();
        closeables.add(agiServer::shutdown);
        assertThat(listening.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("AGI server listening").isTrue();
        return agiServer.getPort();
    }

    /**
     * A minimal FastAGI server: reads the request, sends each scripted command and reads reply lines up to the next
     * status line (a pushed {@code HANGUP} is kept with the command in flight), then closes.
     */
    private final class TinyAgiServer {
        private final ServerSocket socket;
        private final CompletableFuture<Session> session = new CompletableFuture<>();
        volatile CountDownLatch holdOpen;

        record Session(Map<String, String> request, String requestText, List<AgiTranscript.Exchange> exchanges) {
        }

        TinyAgiServer(List<String> commands) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            closeables.add(socket);
            Thread thread = new Thread(() -> serve(commands), "tiny-agi-server");
            thread.setDaemon(true);
            thread.start();
        }

        String host() {
            return socket.getInetAddress().getHostAddress();
        }

        int port() {
            return socket.getLocalPort();
        }

        Session session() throws Exception {
            return session.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void serve(List<String> commands) {
            try (Socket client = socket.accept()) {
                LineReader in = new LineReader(new BufferedInputStream(client.getInputStream()));
                OutputStream out = client.getOutputStream();
                Map<String, String> request = new LinkedHashMap<>();
                StringBuilder text = new StringBuilder();
                String line;
                while (!(line = in.readLine()).isEmpty()) {
                    text.append(line).append('\n');
                    int colon = line.indexOf(": ");
                    request.put(line.substring(0, colon), line.substring(colon + 2));
                }
                text.append('\n');
                List<AgiTranscript.Exchange> exchanges = new ArrayList<>();
                for (String command : commands) {
                    out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    List<String> replies = new ArrayList<>();
                    do {
                        line = in.readLine();
                        replies.add(line);
                    } while (line.equals("HANGUP"));
                    exchanges.add(new AgiTranscript.Exchange(command, replies));
                }
                if (holdOpen != null) {
                    holdOpen.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
                session.complete(new Session(request, text.toString(), exchanges));
            } catch (Exception e) {
                session.completeExceptionally(e);
            }
        }
    }
}
