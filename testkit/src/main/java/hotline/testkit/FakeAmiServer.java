package hotline.testkit;

import hotline.testkit.internal.AmiCodec;
import hotline.testkit.internal.HeaderMap;
import hotline.testkit.internal.LineReader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake Asterisk Manager Interface server that speaks the real AMI wire protocol of Asterisk 16.28 on
 * {@code 127.0.0.1} and an ephemeral port, for {@code *ProtocolTest}s of AMI clients such as Asterisk-Java's
 * {@code ManagerConnection}.
 *
 * <p>Protocol, as in {@code manager.c} and the transcripts under {@code /transcripts/}:
 * <ul>
 *   <li>On connect it sends the banner {@value #BANNER}. Lines end with {@code \r\n}, a blank line ends a packet,
 *       headers are matched case-insensitively (Asterisk-Java writes {@code action: Login}).</li>
 *   <li>{@code Challenge} ({@code AuthType: MD5}) answers a random {@code Challenge:}. {@code Login} accepts either
 *       {@code Secret:} or {@code AuthType: MD5} + {@code Key: md5hex(challenge + secret)}: success answers
 *       {@code Message: Authentication accepted} and, unless {@code Events: off}, then sends {@code Event: FullyBooted}
 *       and the packets given to {@link #sendAfterLogin}; failure answers {@code Message: Authentication failed} and
 *       closes the connection.</li>
 *   <li>Before login every other action but {@code Logoff} gets {@code Message: Permission denied}.</li>
 *   <li>Built in, replaceable with {@link #onAction}: {@code Logoff} ({@code Response: Goodbye}, then close),
 *       {@code Ping}, {@code CoreSettings} (Asterisk-Java sends it right after login to learn the version) and
 *       {@code Command} {@code core show version} (its fallback when CoreSettings fails). Their bodies follow
 *       {@code manager.c} of Asterisk 16 with the lab's version; they were not captured. Any other action gets
 *       {@code Response: Error} / {@code Message: Invalid/unknown command}.</li>
 *   <li>Every response echoes the action's {@code ActionID}, or has none when the action had none.</li>
 * </ul>
 *
 * <p>Threading: one daemon thread accepts connections and one daemon thread per connection reads its actions and runs
 * the {@link ActionHandler}s. All public methods are thread-safe. Writes to one connection are serialized per packet,
 * so an event sent from a test thread never lands inside a response. Logs protocol frames at DEBUG, with
 * {@code Secret} and {@code Key} masked.
 */
public final class FakeAmiServer implements AutoCloseable {

    /** The banner of Asterisk 16.28, without its {@code \r\n}. */
    public static final String BANNER = "Asterisk Call Manager/5.0.4";
    /** The version Asterisk 16.28 of the lab reports ({@code CoreSettings}, {@code core show version}). */
    public static final String ASTERISK_VERSION = "16.28.0~dfsg-0+deb11u4";

    private static final Logger logger = LoggerFactory.getLogger(FakeAmiServer.class);
    private static final String GARBAGE_BANNER = "SSH-2.0-OpenSSH_8.4p1 Debian-5+deb11u3\r\n";
    private static final int MAX_CHUNK_BYTES = 40;

    /** How connections accepted from now on behave. */
    public enum Mode {
        /** Speak AMI. */
        NORMAL,
        /** Accept, then close at once without a byte (Asterisk stopping, a proxy refusing). */
        CLOSE_ON_CONNECT,
        /** Send a line that is not an AMI banner (a wrong service on the port), then read and ignore everything. */
        GARBAGE_BANNER,
        /** Accept, then send nothing and ignore everything (a hung server). */
        SILENT
    }

    /**
     * Answers one action. Runs on the connection's reader thread; the next action of that connection is read only
     * after it returns. An exception is logged and answered with {@code Response: Error}.
     */
    @FunctionalInterface
    public interface ActionHandler {
        /**
         * @param action the action's headers in wire order, looked up case-insensitively; includes {@code ActionID}
         *               when the client sent one
         * @param reply  writes to the connection that sent the action
         */
        void handle(Map<String, String> action, Reply reply) throws IOException;
    }

    /** Writes to the connection that sent an action. Usable only while the handler runs or from a thread it starts. */
    public interface Reply {
        /** The client's {@code ActionID}, or null when the action had none. */
        String actionId();

        /** {@code ActionID: <id>\r\n}, or the empty string when the action had none: for hand-written raw packets. */
        String actionIdLine();

        /** Writes the packet as is (a value containing {@code \n} is written as one header line per part). */
        void send(Map<String, String> packet) throws IOException;

        /** Writes the text as is; it must bring its own {@code \r\n}s and blank line. */
        void send(String raw) throws IOException;

        /**
         * A copy of the packet with {@code ActionID} set to the client's (kept in place if present, inserted after the
         * first header otherwise), or removed when the action had none: Asterisk's {@code astman_send_response_full}.
         */
        Map<String, String> withActionId(Map<String, String> packet);

        /** Sends {@code Response: Success}, the ActionID and {@code Message: <message>}. */
        void success(String message) throws IOException;

        /** Sends {@code Response: Error}, the ActionID and {@code Message: <message>}. */
        void error(String message) throws IOException;

        /** Closes the connection after what was sent, as Asterisk does after {@code Logoff}. */
        void close();
    }

    private final String username;
    private final String secret;
    private final ServerSocket serverSocket;
    private final long startNanos = System.nanoTime();
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, ActionHandler> handlers = new ConcurrentHashMap<>();
    private final List<Object> afterLogin = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.NORMAL;
    private volatile boolean closed;

    // Guarded by 'this': what arrived, and what await*() already handed out.
    private final List<Map<String, String>> received = new ArrayList<>();
    private final Map<String, Integer> awaitedPerAction = new LinkedHashMap<>();
    private final List<Map<String, String>> logins = new ArrayList<>();
    private int awaitedLogins;

    /**
     * Binds {@code 127.0.0.1:0} and starts accepting.
     *
     * @param username the manager user ({@code manager.conf} section) logins must name
     * @param secret   its secret; never logged
     */
    public FakeAmiServer(String username, String secret) throws IOException {
        this.username = Objects.requireNonNull(username, "username");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fake-ami-accept-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        logger.debug("FakeAmiServer listening on {}", serverSocket.getLocalSocketAddress());
    }

    /** The loopback address the server listens on, {@code 127.0.0.1}. */
    public String host() {
        return serverSocket.getInetAddress().getHostAddress();
    }

    /** The ephemeral port the server listens on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    // ---- scripting -------------------------------------------------------------------------------------------

    /**
     * Answers every later action named {@code actionName} (case-insensitive) with {@code handler}, replacing any
     * earlier handler or built-in answer. {@code Challenge} and {@code Login} are always answered by the server.
     */
    public FakeAmiServer onAction(String actionName, ActionHandler handler) {
        String key = fold(actionName);
        if (key.equals("login") || key.equals("challenge")) {
            throw new IllegalArgumentException(actionName + " is answered by the server itself");
        }
        handlers.put(key, Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** Answers {@code actionName} with {@code Response: Success} and {@code Message: <message>}. */
    public FakeAmiServer respondSuccess(String actionName, String message) {
        return onAction(actionName, (action, reply) -> reply.success(message));
    }

    /**
     * Answers {@code actionName} with what the server sent for that action in an AMI text capture
     * ({@code .pbx_ami_control.txt}, {@code .carrier_ami.txt}): every {@code S<} packet carrying that action's
     * ActionID, in order, with the client's ActionID substituted. The n-th call gets the answer of the n-th such
     * action in the capture; calls past the last one get the last one's again.
     */
    public FakeAmiServer respondFromTranscript(String actionName, String txtTranscriptName) {
        List<Map<String, String>> sent = Transcripts.amiPacketsFromText(txtTranscriptName, '>');
        List<Map<String, String>> answers = Transcripts.amiPacketsFromText(txtTranscriptName, '<');
        List<List<Map<String, String>>> perOccurrence = new ArrayList<>();
        for (Map<String, String> action : sent) {
            String id = action.get("ActionID");
            if (actionName.equalsIgnoreCase(action.get("Action")) && id != null) {
                perOccurrence.add(answers.stream().filter(p -> id.equals(p.get("ActionID"))).toList());
            }
        }
        if (perOccurrence.isEmpty()) {
            throw new IllegalArgumentException(
                    txtTranscriptName + " has no " + actionName + " action with an ActionID");
        }
        AtomicInteger calls = new AtomicInteger();
        return onAction(actionName, (action, reply) -> {
            int n = Math.min(calls.getAndIncrement(), perOccurrence.size() - 1);
            for (Map<String, String> packet : perOccurrence.get(n)) {
                reply.send(reply.withActionId(packet));
            }
        });
    }

    /**
     * Answers {@code CoreShowChannels} as in the capture: {@code Response: Success} / {@code EventList: start}, the
     * {@code CoreShowChannel} events and {@code CoreShowChannelsComplete}, e.g. from
     * {@code ami_bridge_agent_hangup.pbx_ami_control.txt} (three channels).
     */
    public FakeAmiServer respondCoreShowChannels(String controlTranscriptName) {
        return respondFromTranscript("CoreShowChannels", controlTranscriptName);
    }

    /** Sends this event to every connection that logs in with events on from now on, after {@code FullyBooted}. */
    public FakeAmiServer sendAfterLogin(Map<String, String> event) {
        afterLogin.add(new HeaderMap(event));
        return this;
    }

    /** Like {@link #sendAfterLogin(Map)} for raw text that brings its own {@code \r\n}s and blank line. */
    public FakeAmiServer sendRawAfterLogin(String raw) {
        afterLogin.add(raw);
        return this;
    }

    /** Sets how connections accepted from now on behave; open connections are not affected. */
    public void setMode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    // ---- events ----------------------------------------------------------------------------------------------

    /**
     * Sends one event to every logged-in connection with events on.
     *
     * @return the number of connections it was written to
     */
    public int sendEvent(Map<String, String> event) {
        return broadcast(AmiCodec.format(event).getBytes(StandardCharsets.UTF_8), null);
    }

    /** Writes raw text (with its own {@code \r\n}s) to every logged-in connection with events on; returns how many. */
    public int sendRaw(String raw) {
        return broadcast(raw.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * Sends every event packet ({@code Event:} first) of a {@code .raw} capture, in order and byte for byte, to every
     * logged-in connection with events on; responses and the banner are skipped, stray empty lines kept. Returns
     * when all bytes are written.
     *
     * @return the number of events sent to each connection
     */
    public int replayEvents(String rawTranscriptName) {
        List<byte[]> events = eventPackets(rawTranscriptName);
        broadcast(concat(events), null);
        return events.size();
    }

    /**
     * Like {@link #replayEvents} but writes the bytes in pieces of 1 to {@value #MAX_CHUNK_BYTES} bytes (sizes drawn
     * from {@code seed}, so a failure can be replayed), flushing each piece with {@code TCP_NODELAY} on: packets and
     * lines arrive split anywhere, which exercises the client's line reassembly.
     */
    public int replayEventsChunked(String rawTranscriptName, long seed) {
        List<byte[]> events = eventPackets(rawTranscriptName);
        broadcast(concat(events), new Random(seed));
        return events.size();
    }

    private static List<byte[]> eventPackets(String rawTranscriptName) {
        List<byte[]> events = new ArrayList<>();
        for (byte[] packet : Transcripts.rawPackets(rawTranscriptName)) {
            if (AmiCodec.parseRaw(packet).keySet().stream().findFirst().filter("Event"::equalsIgnoreCase).isPresent()) {
                events.add(packet);
            }
        }
        return events;
    }

    private int broadcast(byte[] bytes, Random chunks) {
        int written = 0;
        for (Session session : sessions) {
            try {
                if (session.writeIfEventsOn(bytes, chunks)) {
                    written++;
                }
            } catch (IOException e) {
                logger.debug("{} write failed, closing: {}", session, e.toString());
                session.close();
            }
        }
        return written;
    }

    // ---- observation -----------------------------------------------------------------------------------------

    /** Every action received so far on any connection, in arrival order (including Challenge, Login, Logoff). */
    public synchronized List<Map<String, String>> receivedActions() {
        return List.copyOf(received);
    }

    /**
     * Waits for an action named {@code name} (case-insensitive): returns the oldest one that no earlier call for that
     * name returned, so two calls see two actions.
     *
     * @throws AssertionError when none arrives within {@code timeout}, or the waiting thread is interrupted
     */
    public synchronized Map<String, String> awaitAction(String name, Duration timeout) {
        String key = fold(name);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int skip = awaitedPerAction.getOrDefault(key, 0);
            for (Map<String, String> action : received) {
                if (key.equals(fold(action.getOrDefault("Action", ""))) && skip-- == 0) {
                    awaitedPerAction.merge(key, 1, Integer::sum);
                    return action;
                }
            }
            waitUntil(deadline, () -> "no " + name + " action within " + timeout + "; received: " + actionNames());
        }
    }

    /**
     * Waits for a successful login: returns the Login action of the oldest one no earlier call returned. A
     * reconnecting client therefore needs a second call.
     *
     * @throws AssertionError when none happens within {@code timeout}, or the waiting thread is interrupted
     */
    public synchronized Map<String, String> awaitLogin(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (awaitedLogins >= logins.size()) {
            waitUntil(deadline, () -> "no successful login within " + timeout + "; received: " + actionNames());
        }
        return logins.get(awaitedLogins++);
    }

    /** The number of successful logins so far. */
    public synchronized int loginCount() {
        return logins.size();
    }

    /** The number of client connections open now (in any {@link Mode}). */
    public int connectionCount() {
        return sessions.size();
    }

    private void waitUntil(long deadline, Supplier<String> failure) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError(failure.get());
        }
        try {
            wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    private List<String> actionNames() {
        return received.stream().map(a -> a.getOrDefault("Action", "?")).toList();
    }

    private synchronized void record(Map<String, String> action) {
        received.add(Collections.unmodifiableMap(action));
        notifyAll();
    }

    private synchronized void recordLogin(Map<String, String> login) {
        logins.add(Collections.unmodifiableMap(login));
        notifyAll();
    }

    // ---- faults and lifecycle --------------------------------------------------------------------------------

    /**
     * Closes every client connection, as an Asterisk restart or a network cut does; the server keeps accepting.
     *
     * @return the number of connections closed
     */
    public int dropConnections() {
        int dropped = 0;
        for (Session session : sessions) {
            session.close();
            dropped++;
        }
        logger.debug("FakeAmiServer port={} dropped {} connection(s)", port(), dropped);
        return dropped;
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            logger.debug("FakeAmiServer port={} close failed: {}", port(), e.toString());
        }
        dropConnections();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    logger.warn("FakeAmiServer port={} accept failed, stopping: {}", port(), e.toString());
                }
                return;
            }
            Mode now = mode;
            if (now == Mode.CLOSE_ON_CONNECT) {
                logger.debug("FakeAmiServer port={} closing {} on connect", port(), socket.getRemoteSocketAddress());
                closeQuietly(socket);
                continue;
            }
            Session session;
            try {
                session = new Session(socket, connectionIds.incrementAndGet(), now);
            } catch (IOException e) {
                logger.debug("FakeAmiServer port={} cannot set up {}: {}", port(), socket, e.toString());
                closeQuietly(socket);
                continue;
            }
            sessions.add(session);
            if (closed) {
                session.close();
                return;
            }
            Thread reader = new Thread(session::run, "fake-ami-" + port() + "-conn-" + session.id);
            reader.setDaemon(true);
            reader.start();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket we are done with; nothing left to report to
        }
    }

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        parts.forEach(all::writeBytes);
        return all.toByteArray();
    }

    private static String md5Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    private static String firstLine(String text) {
        int eol = text.indexOf('\r');
        return eol < 0 ? text : text.substring(0, eol);
    }

    private long uptimeSeconds() {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }

    /** One client connection. Reads on its own thread; writes are serialized on the session's monitor. */
    private final class Session {
        private final Socket socket;
        private final int id;
        private final Mode behaviour;
        private final OutputStream out;
        private final String name;
        // Guarded by 'this' (the write lock), so a login and a broadcast event never interleave.
        private boolean loggedIn;
        private boolean eventsOn;
        // Only touched by the reader thread.
        private String challenge;

        Session(Socket socket, int id, Mode behaviour) throws IOException {
            this.socket = socket;
            this.id = id;
            this.behaviour = behaviour;
            socket.setTcpNoDelay(true);
            this.out = new BufferedOutputStream(socket.getOutputStream());
            this.name = "ami#" + id + " " + socket.getRemoteSocketAddress();
        }

        @Override
        public String toString() {
            return name;
        }

        void run() {
            try {
                switch (behaviour) {
                    case GARBAGE_BANNER -> {
                        write(GARBAGE_BANNER);
                        drain();
                    }
                    case SILENT -> drain();
                    default -> {
                        write(BANNER + "\r\n");
                        readActions();
                    }
                }
            } catch (IOException e) {
                logger.debug("{} closed: {}", this, e.toString());
            } finally {
                close();
            }
        }

        private void drain() throws IOException {
            while (socket.getInputStream().read() != -1) {
                // a broken peer ignores what it is told
            }
        }

        private void readActions() throws IOException {
            LineReader lines = new LineReader(new BufferedInputStream(socket.getInputStream()));
            HeaderMap action = new HeaderMap();
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isEmpty()) {
                    AmiCodec.addHeaderLine(action, line);
                } else if (!action.isEmpty()) {
                    HeaderMap complete = action;
                    action = new HeaderMap();
                    if (!dispatch(complete)) {
                        return;
                    }
                }
            }
            logger.debug("{} client closed the connection", this);
        }

        /** Returns false when the connection must close. */
        private boolean dispatch(HeaderMap action) throws IOException {
            logger.debug("{} <- {}", this, AmiCodec.redact(action));
            record(action);
            ReplyImpl reply = new ReplyImpl(this, action);
            String actionName = action.get("Action");
            if (actionName == null) {
                // manager.c process_message(): no ActionID is echoed here
                write("Response: Error\r\nMessage: Missing action in request\r\n\r\n");
                return true;
            }
            String key = fold(actionName);
            switch (key) {
                case "challenge" -> answerChallenge(action, reply);
                case "login" -> {
                    return answerLogin(action, reply);
                }
                default -> {
                    if (!isLoggedIn() && !key.equals("logoff")) {
                        reply.error("Permission denied");
                    } else {
                        answer(key, action, reply);
                    }
                }
            }
            return !reply.closeRequested;
        }

        private void answer(String key, HeaderMap action, ReplyImpl reply) throws IOException {
            ActionHandler handler = handlers.get(key);
            if (handler != null) {
                try {
                    handler.handle(Collections.unmodifiableMap(action), reply);
                } catch (IOException e) {
                    throw e;
                } catch (RuntimeException e) {
                    logger.warn("{} handler for {} failed", this, action.get("Action"), e);
                    reply.error("FakeAmiServer handler failed: " + e);
                }
                return;
            }
            switch (key) {
                case "logoff" -> {
                    reply.send("Response: Goodbye\r\n" + reply.actionIdLine()
                            + "Message: Thanks for all the fish.\r\n\r\n");
                    reply.close();
                }
                case "ping" -> {
                    long micros = System.currentTimeMillis() * 1000;
                    reply.send("Response: Success\r\n" + reply.actionIdLine() + "Ping: Pong\r\n"
                            + String.format(Locale.ROOT, "Timestamp: %d.%06d\r\n\r\n",
                                    micros / 1_000_000, micros % 1_000_000));
                }
                case "coresettings" -> reply.send("Response: Success\r\n" + reply.actionIdLine()
                        // manager.c action_coresettings() of Asterisk 16, with the lab's values
                        + "AMIversion: 5.0.4\r\n"
                        + "AsteriskVersion: " + ASTERISK_VERSION + "\r\n"
                        + "SystemName: \r\n"
                        + "CoreMaxCalls: 0\r\n"
                        + "CoreMaxLoadAvg: 0.000000\r\n"
                        + "CoreRunUser: asterisk\r\n"
                        + "CoreRunGroup: asterisk\r\n"
                        + "CoreMaxFilehandles: 0\r\n"
                        + "CoreRealTimeEnabled: No\r\n"
                        + "CoreCDRenabled: Yes\r\n"
                        + "CoreHTTPenabled: No\r\n"
                        + "SoundsSearchCustomDir: No\r\n"
                        + "\r\n");
                case "command" -> answerCommand(action, reply);
                default -> reply.error("Invalid/unknown command");
            }
        }

        private void answerCommand(HeaderMap action, ReplyImpl reply) throws IOException {
            String command = action.getOrDefault("Command", "").trim();
            if (command.equals("core show version")) {
                // Asterisk >= 14 sends CLI output as Output: lines
                reply.send("Response: Success\r\n" + reply.actionIdLine() + "Message: Command output follows\r\n"
                        + "Output: Asterisk " + ASTERISK_VERSION + " built by pbuilder @ pbuilder on a x86_64 running"
                        + " Linux on 2023-01-01 00:00:00 UTC\r\n\r\n");
            } else {
                reply.send("Response: Error\r\n" + reply.actionIdLine() + "Message: Command output follows\r\n"
                        + "Output: No such command '" + command + "' (type 'core show help " + command
                        + "' for other possible commands)\r\n\r\n");
            }
        }

        private void answerChallenge(HeaderMap action, ReplyImpl reply) throws IOException {
            if (!"md5".equalsIgnoreCase(action.get("AuthType"))) {
                reply.error("Must specify AuthType");
                return;
            }
            // manager.c: snprintf("%ld", ast_random()) on first use, then the same challenge for the session
            if (challenge == null) {
                challenge = Integer.toString(100_000_000 + random.nextInt(900_000_000));
            }
            reply.send("Response: Success\r\n" + reply.actionIdLine() + "Challenge: " + challenge + "\r\n\r\n");
        }

        private boolean answerLogin(HeaderMap action, ReplyImpl reply) throws IOException {
            if (!authenticated(action)) {
                logger.debug("{} login failed for user '{}'", this, action.get("Username"));
                reply.error("Authentication failed");
                return false;
            }
            boolean events = !"off".equalsIgnoreCase(action.getOrDefault("Events", "on").trim());
            synchronized (this) {
                loggedIn = true;
                eventsOn = events;
                reply.success("Authentication accepted");
                if (events) {
                    long uptime = uptimeSeconds();
                    write("Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: " + uptime + "\r\nLastReload: "
                            + uptime + "\r\nStatus: Fully Booted\r\n\r\n");
                    for (Object packet : afterLogin) {
                        write(packet instanceof String raw ? raw : AmiCodec.format(castMap(packet)));
                    }
                }
            }
            logger.debug("{} logged in as '{}' events={}", this, username, events ? "on" : "off");
            recordLogin(action);
            return true;
        }

        @SuppressWarnings("unchecked")
        private Map<String, String> castMap(Object packet) {
            return (Map<String, String>) packet;
        }

        private boolean authenticated(HeaderMap action) {
            if (!username.equals(action.get("Username"))) {
                return false;
            }
            if ("md5".equalsIgnoreCase(action.get("AuthType"))) {
                String key = action.get("Key");
                return challenge != null && key != null && md5Hex(challenge + secret).equalsIgnoreCase(key.trim());
            }
            return secret.equals(action.get("Secret"));
        }

        private synchronized boolean isLoggedIn() {
            return loggedIn;
        }

        synchronized void write(String text) throws IOException {
            // first line only: whole packets would flood the log
            logger.atDebug().setMessage("{} -> {}").addArgument(this).addArgument(() -> firstLine(text)).log();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        synchronized boolean writeIfEventsOn(byte[] bytes, Random chunks) throws IOException {
            if (!loggedIn || !eventsOn || socket.isClosed()) {
                return false;
            }
            if (chunks == null) {
                out.write(bytes);
                out.flush();
            } else {
                for (int pos = 0; pos < bytes.length; ) {
                    int len = Math.min(bytes.length - pos, 1 + chunks.nextInt(MAX_CHUNK_BYTES));
                    out.write(bytes, pos, len);
                    out.flush();
                    pos += len;
                }
            }
            logger.debug("{} -> {} event bytes{}", this, bytes.length, chunks == null ? "" : " (chunked)");
            return true;
        }

        void close() {
            sessions.remove(this);
            closeQuietly(socket);
        }
    }

    private static final class ReplyImpl implements Reply {
        private final Session session;
        private final String actionId;
        private volatile boolean closeRequested;

        ReplyImpl(Session session, Map<String, String> action) {
            this.session = session;
            this.actionId = action.get("ActionID");
        }

        @Override
        public String actionId() {
            return actionId;
        }

        @Override
        public String actionIdLine() {
            return actionId == null ? "" : "ActionID: " + actionId + "\r\n";
        }

        @Override
        public void send(Map<String, String> packet) throws IOException {
            session.write(AmiCodec.format(packet));
        }

        @Override
        public void send(String raw) throws IOException {
            session.write(raw);
        }

        @Override
        public Map<String, String> withActionId(Map<String, String> packet) {
            boolean hasActionId = packet.keySet().stream().anyMatch("ActionID"::equalsIgnoreCase);
            HeaderMap copy = new HeaderMap();
            for (Map.Entry<String, String> e : packet.entrySet()) {
                if (e.getKey().equalsIgnoreCase("ActionID")) {
                    if (actionId != null) {
                        copy.put(e.getKey(), actionId);
                    }
                    continue;
                }
                copy.put(e.getKey(), e.getValue());
                if (!hasActionId && actionId != null && copy.size() == 1) {
                    copy.put("ActionID", actionId);
                }
            }
            return copy;
        }

        @Override
        public void success(String message) throws IOException {
            send("Response: Success\r\n" + actionIdLine() + "Message: " + message + "\r\n\r\n");
        }

        @Override
        public void error(String message) throws IOException {
            send("Response: Error\r\n" + actionIdLine() + "Message: " + message + "\r\n\r\n");
        }

        @Override
        public void close() {
            closeRequested = true;
            session.close();
        }
    }
}
