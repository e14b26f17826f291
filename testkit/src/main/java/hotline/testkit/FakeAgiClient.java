package hotline.testkit;

import hotline.testkit.internal.LineReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays Asterisk's side of a FastAGI session ({@code res_agi.c}) against an AGI server under test: connects, sends the
 * {@code agi_*: value\n} request headers and a blank line, then answers every command line with a scripted reply
 * line, until the server closes the connection or the timeout passes. FastAGI lines end with a bare {@code \n}.
 *
 * <p>Configure first ({@link #withHeader}, {@link #reply}, {@link #hangupAfter}), then {@link #run}; the configuring
 * methods are not thread-safe and return {@code this}. A client may run several sessions one after another.
 * Commands and replies are logged at DEBUG: they carry callers' numbers.
 */
public final class FakeAgiClient {

    /** What Asterisk answers to most successful commands, and this client's answer to an unscripted one. */
    public static final String DEFAULT_REPLY = "200 result=1";
    /** The line Asterisk pushes when the channel hangs up during a session ({@code res_agi.c}, Asterisk >= 1.6). */
    public static final String HANGUP = "HANGUP";

    private static final Logger logger = LoggerFactory.getLogger(FakeAgiClient.class);

    private final Map<String, String> request;
    private final List<Map.Entry<List<String>, String>> scriptedReplies = new ArrayList<>();
    private int hangupAfter = -1;

    /** A client that sends these request headers ({@code agi_network}, {@code agi_channel}, ...) in this order. */
    public FakeAgiClient(Map<String, String> request) {
        this.request = new LinkedHashMap<>(request);
    }

    /** A client that sends the request headers of a captured session, e.g. {@code agi_route_dial.agi_session.txt}. */
    public static FakeAgiClient fromTranscript(String agiSessionName) {
        return new FakeAgiClient(Transcripts.agi(agiSessionName).request());
    }

    /**
     * Sets a request header (e.g. {@code agi_uniqueid}, {@code agi_channel}, {@code agi_callerid}): in place if
     * present, appended otherwise.
     */
    public FakeAgiClient withHeader(String name, String value) {
        if (name.contains(":") || name.contains("\n") || value.contains("\n")) {
            throw new IllegalArgumentException("header must be one line 'name: value': " + name);
        }
        request.put(name, value);
        return this;
    }

    /**
     * Answers commands that start with the words of {@code commandPrefix} with {@code response}, e.g.
     * {@code reply("GET VARIABLE DIALSTATUS", "200 result=1 (ANSWER)")}. Words are compared as Asterisk's
     * {@code parse_args()} splits them (double quotes and backslash escapes removed) and case-insensitively, so that
     * prefix matches both the lab's {@code GET VARIABLE DIALSTATUS} and Asterisk-Java's
     * {@code GET VARIABLE "DIALSTATUS"}.
     * The prefix with the most words wins; of equal ones the last scripted. Unscripted commands get
     * {@value #DEFAULT_REPLY}.
     */
    public FakeAgiClient reply(String commandPrefix, String response) {
        List<String> words = words(commandPrefix);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty command prefix");
        }
        scriptedReplies.add(Map.entry(words, Objects.requireNonNull(response, "response")));
        return this;
    }

    /**
     * Pushes {@code HANGUP\n} right after the reply to the {@code commands}-th command, as Asterisk does when the
     * caller hangs up mid-session, and keeps answering later commands (Asterisk still answers e.g.
     * {@code GET VARIABLE DIALSTATUS} then, see {@code agi_exec_dial.agi_session.txt}). 0 pushes it right after the
     * request, before any command.
     */
    public FakeAgiClient hangupAfter(int commands) {
        if (commands < 0) {
            throw new IllegalArgumentException("commands must be >= 0: " + commands);
        }
        this.hangupAfter = commands;
        return this;
    }

    /** A copy of the request headers this client sends. */
    public Map<String, String> request() {
        return new LinkedHashMap<>(request);
    }

    /**
     * Runs one session against the AGI server at {@code host:port}.
     *
     * @param timeout bound on the whole session, connect included; when it passes the client closes the connection
     *                and returns with {@code closedByServer == false}
     * @throws IOException when the connection cannot be made
     */
    public AgiSessionResult run(String host, int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> commands = new ArrayList<>();
        List<String> replies = new ArrayList<>();
        boolean closedByServer = false;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), millisLeft(deadline));
            String session = "agi " + socket.getLocalSocketAddress() + "->" + socket.getRemoteSocketAddress();
            OutputStream out = socket.getOutputStream();
            LineReader in = new LineReader(new BufferedInputStream(socket.getInputStream()));

            StringBuilder header = new StringBuilder();
            request.forEach((name, value) -> header.append(name).append(": ").append(value).append('\n'));
            header.append('\n');
            send(out, header.toString());
            logger.debug("{} sent request with {} headers", session, request.size());
            try {
                if (hangupAfter == 0) {
                    pushHangup(out, replies, session);
                }
                while (true) {
                    socket.setSoTimeout(millisLeft(deadline));
                    String command = in.readLine();
                    if (command == null) {
                        closedByServer = true;
                        logger.debug("{} server closed after {} commands", session, commands.size());
                        break;
                    }
                    commands.add(command);
                    String reply = replyFor(command);
                    logger.debug("{} <- {} / -> {}", session, command, reply);
                    send(out, reply + "\n");
                    replies.add(reply);
                    if (commands.size() == hangupAfter) {
                        pushHangup(out, replies, session);
                    }
                }
            } catch (SocketTimeoutException e) {
                logger.debug("{} timed out after {} with {} commands", session, timeout, commands.size());
            } catch (IOException e) {
                logger.debug("{} connection failed after {} commands: {}", session, commands.size(), e.toString());
            }
        }
        return new AgiSessionResult(commands, replies, closedByServer);
    }

    private static void pushHangup(OutputStream out, List<String> replies, String session) throws IOException {
        send(out, HANGUP + "\n");
        replies.add(HANGUP);
        logger.debug("{} -> {}", session, HANGUP);
    }

    private String replyFor(String command) {
        List<String> words = words(command);
        String best = null;
        int bestLength = -1;
        for (Map.Entry<List<String>, String> rule : scriptedReplies) {
            List<String> prefix = rule.getKey();
            if (prefix.size() <= words.size() && prefix.equals(words.subList(0, prefix.size()))
                    && prefix.size() >= bestLength) {
                best = rule.getValue();
                bestLength = prefix.size();
            }
        }
        return best == null ? DEFAULT_REPLY : best;
    }

    /** Splits a command line like {@code res_agi.c parse_args()}: blanks separate, quotes group, backslash escapes. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean escaped = false;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (escaped) {
                word.append(c);
                escaped = false;
                inWord = true;
            } else if (c == '\\') {
                escaped = true;
                inWord = true;
            } else if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (!quoted && (c == ' ' || c == '\t')) {
                if (inWord) {
                    words.add(word.toString().toUpperCase(Locale.ROOT));
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString().toUpperCase(Locale.ROOT));
        }
        return words;
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static int millisLeft(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("FakeAgiClient session timeout");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }
}
