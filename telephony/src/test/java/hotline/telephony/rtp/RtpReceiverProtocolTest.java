package hotline.telephony.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RtpReceiver} on real loopback UDP sockets. */
class RtpReceiverProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final List<RtpReceiver> receivers = new ArrayList<>();

    @AfterEach
    void close() {
        receivers.forEach(RtpReceiver::close);
    }

    @Test
    void shouldDeliverDecodedFramesOfAStreamAndReleaseItsPortOnClose() throws Exception {
        int base = freeUdpRange(4);
        RtpReceiver receiver = receiver(base, base + 3);
        BlockingQueue<PcmFrame> frames = new LinkedBlockingQueue<>();
        CountDownLatch ended = new CountDownLatch(1);
        RtpStream stream = receiver.open("callId=C1 leg=caller", new AudioSink() {
            @Override
            public void onFrame(PcmFrame frame) {
                frames.add(frame);
            }

            @Override
            public void onEnd() {
                ended.countDown();
            }
        }).get(5, TimeUnit.SECONDS);
        assertThat(stream.port()).isBetween(base, base + 3);
        assertThat(receiver.freePorts()).isEqualTo(3);

        try (DatagramSocket asterisk = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            send(asterisk, stream.port(), new byte[] {0x13, 0x37});
            for (int seq = 0; seq < 10; seq++) {
                send(asterisk, stream.port(), RtpDecoderTest.packet(0, seq, 0x72e229c1L, (byte) 0xFF));
            }
            // the jitter buffer holds the last 3 until more arrive or the stream closes
            for (int i = 0; i < 7; i++) {
                assertThat(frames.poll(5, TimeUnit.SECONDS)).isNotNull();
            }
        }
        // one channel, one thread: the garbage datagram sent first was counted before these frames came out
        assertThat(stream.stats().garbage()).isEqualTo(1);
        stream.close().get(5, TimeUnit.SECONDS);

        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        // the last 3 packets, then silence on the wall clock once no packet came for 80 ms
        assertThat(frames.stream().filter(f -> !f.concealed())).hasSize(3);
        assertThat(stream.stats().packets()).isEqualTo(10);
        assertThat(stream.isOpen()).isFalse();
        assertThat(receiver.freePorts()).isEqualTo(4);
    }

    @Test
    void shouldHandOutPortsRoundRobinAndFailClearlyWhenTheRangeIsFull() throws Exception {
        int base = freeUdpRange(2);
        RtpReceiver receiver = receiver(base, base + 1);
        RtpStream a = receiver.open("a", f -> { }).get(5, TimeUnit.SECONDS);
        RtpStream b = receiver.open("b", f -> { }).get(5, TimeUnit.SECONDS);
        CompletableFuture<RtpStream> c = receiver.open("c", f -> { });

        assertThat(List.of(a.port(), b.port())).containsExactlyInAnyOrder(base, base + 1);
        assertThat(c).failsWithin(WAIT).withThrowableThat().havingCause().isInstanceOf(IllegalStateException.class)
                .withMessageContaining("no free RTP port in " + base + ".." + (base + 1));

        a.close().get(5, TimeUnit.SECONDS);
        // the closed stream's port comes back once its channel is unbound: a clean-clone run once opened "d" in
        // between ("no free RTP port"), so the test gives the release a moment rather than racing it
        RtpStream d = null;
        for (long until = System.nanoTime() + WAIT.toNanos(); d == null; ) {
            try {
                d = receiver.open("d", f -> { }).get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (System.nanoTime() > until) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
        assertThat(d.port()).isEqualTo(a.port());
        b.close().get(5, TimeUnit.SECONDS);
        d.close().get(5, TimeUnit.SECONDS);
        assertThat(receiver.freePorts()).isEqualTo(2);
    }

    @Test
    void shouldSkipAPortAnotherProcessHolds() throws Exception {
        int base = freeUdpRange(2);
        try (DatagramSocket squatter = new DatagramSocket(base, InetAddress.getLoopbackAddress())) {
            RtpReceiver receiver = receiver(base, base + 1);
            RtpStream s = receiver.open("s", f -> { }).get(5, TimeUnit.SECONDS);
            assertThat(s.port()).isEqualTo(base + 1);
            assertThat(squatter.isBound()).isTrue();
            s.close().get(5, TimeUnit.SECONDS);
            assertThat(receiver.freePorts()).isEqualTo(2);
        }
    }

    @Test
    void shouldKeepTheStreamAliveWhenTheSinkThrows() throws Exception {
        int base = freeUdpRange(1);
        RtpReceiver receiver = receiver(base, base);
        CountDownLatch calls = new CountDownLatch(5);
        RtpStream stream = receiver.open("s", f -> {
            calls.countDown();
            throw new IllegalStateException("sink bug");
        }).get(5, TimeUnit.SECONDS);
        try (DatagramSocket asterisk = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int seq = 0; seq < 8; seq++) {
                send(asterisk, stream.port(), RtpDecoderTest.packet(0, seq, 1, (byte) 0xFF));
            }
            assertThat(calls.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(stream.isOpen()).isTrue();
        stream.close().get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldDecodeEveryRealPacketOfAStreamFloodedWithGarbageWrongTypesAndHugeDatagrams() throws Exception {
        int base = freeUdpRange(1);
        RtpReceiver receiver = receiver(base, base);
        BlockingQueue<PcmFrame> frames = new LinkedBlockingQueue<>();
        RtpStream stream = receiver.open("callId=C1 leg=caller", frames::add).get(5, TimeUnit.SECONDS);
        java.util.Random random = new java.util.Random(12345);
        int real = 30;
        long sent = 0;
        try (DatagramSocket flood = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // the fork's first packet opens the stream; then every real packet comes in a burst of junk
            send(flood, stream.port(), RtpDecoderTest.packet(0, 0, 0x72e229c1L, (byte) 0));
            sent++;
            for (int seq = 1; seq < real; seq++) {
                List<byte[]> burst = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    byte[] junk = new byte[1 + random.nextInt(1400)]; // (an empty datagram never reaches the decoder)
                    random.nextBytes(junk);
                    burst.add(junk);
                }
                burst.add(RtpDecoderTest.packet(101, seq, 0x72e229c1L, (byte) 1)); // telephone-event: not audio
                burst.add(RtpDecoderTest.packet(0, random.nextInt(65536), 0x5555L, (byte) 3)); // a stray source
                if (seq % 10 == 5) {
                    byte[] huge = new byte[60_000]; // a valid header and a minute of "audio"
                    System.arraycopy(RtpDecoderTest.packet(0, seq, 0x72e229c1L, (byte) 9), 0, huge, 0, 12);
                    burst.add(huge);
                }
                burst.add(RtpDecoderTest.packet(0, seq, 0x72e229c1L, (byte) seq));
                for (byte[] b : burst) {
                    send(flood, stream.port(), b);
                }
                sent += burst.size();
                // pace by what the receiver has counted, so the kernel's socket buffer never overflows
                long expected = sent;
                awaitTrue(() -> stream.stats().packets() + stream.stats().garbage() + stream.stats().unsupported()
                        >= expected, () -> "counted " + stream.stats() + " of " + expected + " sent");
            }
        }
        stream.close().get(5, TimeUnit.SECONDS);

        // (and silence on the wall clock if the stream was quiet for more than 80 ms before it closed)
        List<PcmFrame> got = frames.stream().filter(f -> !f.concealed()).toList();
        assertThat(got).hasSize(real);
        for (int i = 0; i < real; i++) {
            assertThat(got.get(i).samples()[0]).isEqualTo(G711.ulaw((byte) i));
        }
        RtpStreamStats stats = stream.stats();
        assertThat(stats.packets()).isEqualTo(real);
        assertThat(stats.lost()).isZero();
        assertThat(stats.ssrcChanges()).isZero();
        assertThat(stats.unsupported()).isGreaterThanOrEqualTo(real - 1);
        assertThat(stats.garbage()).isGreaterThanOrEqualTo(real - 1 + 3);
    }

    @Test
    void shouldReportAStalledForkOnceAndItsResumption() throws Exception {
        int base = freeUdpRange(1);
        RtpReceiver r = new RtpReceiver("127.0.0.1", base, base, 3, 1, Clock.systemUTC(), Duration.ofMillis(300));
        receivers.add(r);
        BlockingQueue<PcmFrame> frames = new LinkedBlockingQueue<>();
        RtpStream stream = r.open("callId=C1 leg=caller", frames::add).get(5, TimeUnit.SECONDS);
        try (DatagramSocket asterisk = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertThat(stream.stalled()).as("no audio yet is not a stall").isFalse();
            for (int seq = 0; seq < 5; seq++) {
                send(asterisk, stream.port(), RtpDecoderTest.packet(0, seq, 1, (byte) 0xFF));
            }
            awaitTrue(stream::stalled); // the fork stops mid-call

            for (int seq = 5; seq < 10; seq++) {
                send(asterisk, stream.port(), RtpDecoderTest.packet(0, seq, 1, (byte) 0xFF));
            }
            awaitTrue(() -> !stream.stalled() && frames.size() >= 7);
        }
        assertThat(stream.isOpen()).as("the stream waits for the audio; the call's end closes it").isTrue();
        stream.close().get(5, TimeUnit.SECONDS);
        // the pause is filled by the decoder's concealment (it keeps the call's time line), the audio is all there
        assertThat(frames.stream().filter(f -> !f.concealed()).count()).isEqualTo(10);
        assertThat(stream.stats().lost()).isZero();
    }

    @Test
    void shouldPlaySilencePacedByTheWallClockWhileTheForkSendsNothing() throws Exception {
        int base = freeUdpRange(1);
        BlockingQueue<PcmFrame> frames = new LinkedBlockingQueue<>();
        RtpStream stream = receiver(base, base).open("callId=C1 leg=caller", frames::add).get(5, TimeUnit.SECONDS);
        try (DatagramSocket asterisk = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int seq = 0; seq < 5; seq++) {
                send(asterisk, stream.port(), RtpDecoderTest.packet(0, seq, 1, (byte) 0x80));
            }
            long start = System.nanoTime();
            awaitTrue(() -> frames.size() >= 5);
            // the caller says nothing: ChanSpy sends nothing; one second of wall clock passes
            Thread.sleep(1000);
            double seconds = (System.nanoTime() - start) / 1e9;
            long silent = frames.stream().filter(PcmFrame::concealed).count();
            assertThat(silent).as("about one 20 ms frame of silence per 20 ms after an 80 ms hold-off, in %.2f s",
                    seconds).isBetween(Math.round((seconds - 0.3) * 50), Math.round(seconds * 50));
            assertThat(frames.stream().filter(PcmFrame::concealed)).allSatisfy(f ->
                    assertThat(f.samples()).containsOnly((short) 0));
            // speaking again: the audio goes on after the silence, on the same time line
            for (int seq = 5; seq < 8; seq++) {
                send(asterisk, stream.port(), RtpDecoderTest.packetAt(0, seq, 1, seq * 160L + 8000, (byte) 0x80));
            }
            awaitTrue(() -> frames.stream().filter(f -> !f.concealed()).count() == 8);
        }
        stream.close().get(5, TimeUnit.SECONDS);
        List<PcmFrame> all = new java.util.ArrayList<>(frames);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).offsetSamples()).isEqualTo(all.get(i - 1).offsetSamples() + 160);
        }
        assertThat(stream.stats().silenceFrames()).isEqualTo(all.stream().filter(PcmFrame::concealed).count());
        assertThat(stream.stats().senderDrops()).as("the pause is filled once, not again by the drop detector")
                .isZero();
    }

    private interface Check {
        boolean ok();
    }

    private static void awaitTrue(Check check) throws InterruptedException {
        awaitTrue(check, () -> "");
    }

    private static void awaitTrue(Check check, java.util.function.Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT + " " + what.get());
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private RtpReceiver receiver(int start, int end) {
        RtpReceiver r = new RtpReceiver("127.0.0.1", start, end, 3, 1, Clock.systemUTC());
        receivers.add(r);
        return r;
    }

    private static void send(DatagramSocket socket, int port, byte[] bytes) throws Exception {
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    /** The first of {@code n} consecutive UDP ports that are free on loopback right now. */
    private static int freeUdpRange(int n) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            // above Linux's ephemeral range (32768..60999): ports the kernel hands to other processes' sockets meanwhile
            // (this machine's other labs, DNS lookups) would race this test between the probe and the bind
            int base = 61000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(4000);
            if (base + n > 65535) {
                continue;
            }
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (DatagramSocket s = new DatagramSocket(p, InetAddress.getLoopbackAddress())) {
                    free = s.isBound();
                } catch (java.net.SocketException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free UDP port range of " + n);
    }
}
