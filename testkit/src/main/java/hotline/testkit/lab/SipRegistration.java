package hotline.testkit.lab;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal SIP registrar client over UDP (RFC 3261 §10, digest auth RFC 2617 with {@code qop=auth}), for fault tests
 * that change a seat's registration on the pbx behind its softphone's back: {@link #unregisterAll} removes every
 * contact of the seat ({@code Contact: *}, {@code Expires: 0}) as a softphone that unregisters does;
 * {@link #register} binds a contact again (e.g. the softphone's own, as when it re-registers).
 */
public final class SipRegistration {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"?([^\",]*)\"?");

    private final String host;
    private final int port;
    private final String user;
    private final String password;

    /** The registrar at {@code host:port}; {@code user} (the seat) authenticates with {@code password}. */
    public SipRegistration(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** Removes every contact of the seat; returns the final status code (200 when done). */
    public int unregisterAll() throws IOException {
        return send("*", 0);
    }

    /** Binds {@code contact} (a SIP URI) for {@code expires} seconds; returns the final status code. */
    public int register(String contact, int expires) throws IOException {
        return send("<" + contact + ">", expires);
    }

    private int send(String contact, int expires) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(5000);
            String callId = UUID.randomUUID() + "@hotline-test";
            String tag = Long.toHexString(System.nanoTime());
            String uri = "sip:" + host + ":" + port;
            String first = request(socket, uri, callId, tag, 1, contact, expires, null);
            String reply = exchange(socket, first);
            int status = status(reply);
            if (status == 401 || status == 407) {
                String challenge = header(reply, status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate");
                String auth = authorization(challenge, uri);
                reply = exchange(socket, request(socket, uri, callId, tag, 2, contact, expires,
                        (status == 401 ? "Authorization: " : "Proxy-Authorization: ") + auth));
                status = status(reply);
            }
            return status;
        }
    }

    private String request(DatagramSocket socket, String uri, String callId, String tag, int cseq, String contact,
                           int expires, String auth) {
        int local = socket.getLocalPort();
        String aor = "<sip:" + user + "@" + host + ">";
        return "REGISTER " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";rport;branch=z9hG4bK" + UUID.randomUUID() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + aor + ";tag=" + tag + "\r\n"
                + "To: " + aor + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: " + contact + "\r\n"
                + "Expires: " + expires + "\r\n"
                + (auth == null ? "" : auth + "\r\n")
                + "User-Agent: hotline-test\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** Sends a request and returns the first final response (1xx are skipped). */
    private String exchange(DatagramSocket socket, String request) throws IOException {
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(host), port));
        byte[] buf = new byte[8192];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                throw new IOException("no SIP answer from " + host + ":" + port + " within 5 s", e);
            }
            String reply = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (status(reply) >= 200) {
                return reply;
            }
        }
    }

    private String authorization(String challenge, String uri) {
        String realm = param(challenge, "realm");
        String nonce = param(challenge, "nonce");
        String opaque = param(challenge, "opaque");
        String qop = param(challenge, "qop");
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5("REGISTER:" + uri);
        String nc = "00000001";
        String cnonce = Long.toHexString(System.nanoTime());
        boolean auth = qop != null && qop.contains("auth");
        String response = auth ? md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
                : md5(ha1 + ":" + nonce + ":" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=MD5"
                + (auth ? ", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\"" : "")
                + (opaque == null ? "" : ", opaque=\"" + opaque + "\"");
    }

    private static int status(String reply) {
        if (!reply.startsWith("SIP/2.0 ")) {
            return -1;
        }
        return Integer.parseInt(reply.substring(8, 11));
    }

    private static String header(String reply, String name) {
        for (String line : reply.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new IllegalStateException("no " + name + " header in " + reply);
    }

    private static String param(String challenge, String name) {
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase(name)) {
                return m.group(2);
            }
        }
        return null;
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
