package hotline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsProtocolTest {

    @Test
    void shouldReturnBindableLoopbackTcpPort() throws Exception {
        int port = FreePorts.tcp();

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port).isBetween(1, 65535);
        }
    }

    @Test
    void shouldReturnBindableLoopbackUdpPort() throws Exception {
        int port = FreePorts.udp();

        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (DatagramSocket socket = new DatagramSocket(address)) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
