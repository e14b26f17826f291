package hotline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports for peers that must be told a port before they bind (Asterisk-Java's {@code DefaultAgiServer},
 * an RTP sink). The port is free when returned; another process may take it before the caller binds, so prefer
 * binding port 0 where the code under test allows it.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** A TCP port free on {@code 127.0.0.1} now. */
    public static int tcp() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on loopback", e);
        }
    }

    /** A UDP port free on {@code 127.0.0.1} now. */
    public static int udp() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on loopback", e);
        }
    }
}
