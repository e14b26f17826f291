package hotline.telephony.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hotline.testkit.FakeClock;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpDecoderTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 30000);
    private static final InetSocketAddress ASTERISK = new InetSocketAddress("127.0.0.1", 13914);
    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T20:00:00Z"));
    private final RtpDecoder decoder = new RtpDecoder("callId=C1 leg=caller", 3, clock);
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    @Test
    void shouldDecodeWholePacketsInOrderToPcm() {
        for (int i = 0; i < 10; i++) {
            feed(packet(0, 100 + i, 0x72e229c1L, (byte) (0x80 | i)));
        }
        channel.close();
        List<PcmFrame> frames = frames();

        assertThat(frames).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(frames.get(i).offsetSamples()).isEqualTo(160L * i);
            assertThat(frames.get(i).concealed()).isFalse();
            assertThat(frames.get(i).samples()).hasSize(160).containsOnly(G711.ulaw((byte) (0x80 | i)));
        }
        assertThat(decoder.stats().packets()).isEqualTo(10);
        assertFalse(channel.finish());
    }

    @Test
    void shouldDecodeAlaw() {
        feed(packet(8, 1, 5, (byte) 0xD5));
        channel.close();
        assertThat(frames()).singleElement().satisfies(f -> assertThat(f.samples()).containsOnly((short) 8));
        assertFalse(channel.finish());
    }

    @Test
    void shouldPutReorderedPacketsBackInOrder() {
        for (int seq : new int[] {1, 3, 2, 5, 4, 7, 6, 8}) {
            feed(packet(0, seq, 9, (byte) seq));
        }
        channel.close();
        assertThat(frames()).extracting(f -> (int) f.samples()[0])
                .containsExactly(ul(1), ul(2), ul(3), ul(4), ul(5), ul(6), ul(7), ul(8));
        assertThat(decoder.stats().lost()).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void shouldConcealALostPacketWithSilenceOfTheSameLength() {
        for (int seq : new int[] {1, 2, 4, 5, 6, 7}) {
            feed(packet(0, seq, 9, (byte) 0x10));
        }
        channel.close();
        List<PcmFrame> frames = frames();
        assertThat(frames).hasSize(7);
        assertThat(frames.get(2).concealed()).isTrue();
        assertThat(frames.get(2).samples()).hasSize(160).containsOnly((short) 0);
        assertThat(frames.get(3).offsetSamples()).isEqualTo(3 * 160);
        assertThat(decoder.stats().lost()).isEqualTo(1);
        assertFalse(channel.finish());
    }

    @Test
    void shouldCountGarbageAndKeepDecodingTheStream() {
        feed(packet(0, 1, 9, (byte) 1));
        feed(new byte[] {1, 2, 3});
        feed("SIP/2.0 200 OK\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] version1 = packet(0, 2, 9, (byte) 2);
        version1[0] = 0x40;
        feed(version1);
        feed(new byte[0]);
        feed(packet(0, 2, 9, (byte) 2));
        channel.close();

        assertThat(frames()).hasSize(2);
        assertThat(decoder.stats().garbage()).isEqualTo(4);
        assertThat(channel.isOpen()).isFalse();
        assertFalse(channel.finish());
    }

    @Test
    void shouldSurviveAPacketSplitIntoTwoDatagramsAtEveryPoint() {
        byte[] whole = packet(0, 1, 9, (byte) 1);
        long expectedGarbage = 0;
        long expectedAccepted = 0;
        for (int i = 1; i < whole.length; i++) {
            RtpDecoder d = new RtpDecoder("split", 3, clock);
            EmbeddedChannel ch = new EmbeddedChannel(d);
            ch.writeInbound(datagram(Arrays.copyOfRange(whole, 0, i)));
            ch.writeInbound(datagram(Arrays.copyOfRange(whole, i, whole.length)));
            ch.close();
            // a head of 12+ bytes is a valid (short) packet; everything else is counted as garbage
            long accepted = d.stats().packets();
            expectedAccepted += i >= 12 ? 1 : 0;
            expectedGarbage += 2 - accepted;
            assertThat(d.stats().packets() + d.stats().garbage()).as("split at %d", i).isEqualTo(2);
            while (ch.readInbound() != null) {
                // drain
            }
            assertFalse(ch.finish());
        }
        assertThat(expectedAccepted).isEqualTo(whole.length - 12);
        assertThat(expectedGarbage).isPositive();
        assertFalse(channel.finish());
    }

    @Test
    void shouldPlayOutTheOldSourceAndRestartWhenTheSsrcChanges() {
        feed(packet(0, 500, 0xAAAAL, (byte) 1));
        feed(packet(0, 501, 0xAAAAL, (byte) 1));
        feed(packet(0, 9, 0xBBBBL, (byte) 2));
        feed(packet(0, 10, 0xBBBBL, (byte) 2));
        channel.close();
        List<PcmFrame> frames = frames();

        assertThat(frames).extracting(f -> (int) f.samples()[0]).containsExactly(ul(1), ul(1), ul(2), ul(2));
        assertThat(frames).extracting(PcmFrame::offsetSamples).containsExactly(0L, 160L, 320L, 480L);
        assertThat(decoder.stats().ssrcChanges()).isEqualTo(1);
        assertThat(decoder.stats().lost()).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void shouldNotRestartTheStreamForAStrayPacketFromAnotherSource() {
        feed(packet(0, 1, 0xAAAAL, (byte) 1));
        feed(packet(0, 2, 0xAAAAL, (byte) 1));
        feed(packet(0, 7777, 0xBBBBL, (byte) 2)); // looks like RTP, one of a kind: on probation, then discarded
        feed(packet(0, 3, 0xAAAAL, (byte) 1));
        feed(packet(0, 4, 0xAAAAL, (byte) 1));
        channel.close();

        assertThat(frames()).extracting(f -> (int) f.samples()[0]).containsExactly(ul(1), ul(1), ul(1), ul(1));
        assertThat(decoder.stats().ssrcChanges()).isZero();
        assertThat(decoder.stats().garbage()).isEqualTo(1);
        assertThat(decoder.stats().lost()).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void shouldRefuseAPayloadLargerThan200msAndKeepDecoding() {
        feed(packet(0, 1, 9, (byte) 1));
        byte[] huge = Arrays.copyOf(packet(0, 2, 9, (byte) 1), 12 + RtpDecoder.MAX_PAYLOAD + 1);
        feed(huge);
        feed(packet(0, 2, 9, (byte) 1));
        channel.close();

        assertThat(frames()).hasSize(2);
        assertThat(decoder.stats().garbage()).isEqualTo(1);
        assertThat(decoder.stats().packets()).isEqualTo(2);
        assertFalse(channel.finish());
    }

    @Test
    void shouldCountTimestampGapsWhereTheSenderSkippedAudioWithContiguousSequenceNumbers() {
        feed(packet(0, 1, 9, (byte) 1));
        feed(packetAt(0, 2, 9, 2 * 160 + 480, (byte) 1)); // 480 samples (60 ms) skipped before this one
        feed(packetAt(0, 3, 9, 3 * 160 + 480, (byte) 1));
        channel.close();
        assertThat(frames()).hasSize(3);
        assertThat(decoder.stats().timestampGaps()).isEqualTo(1);
        assertThat(decoder.stats().timestampGapSeconds()).isEqualTo(0.06);
        assertThat(decoder.stats().lost()).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void shouldFillAFrameTheSenderLeftOutWithoutASequenceGapWithThePreviousFrame() {
        feed(packet(0, 1, 9, (byte) 0x11));
        clock.advance(Duration.ofMillis(20));
        feed(packet(0, 2, 9, (byte) 0x22));
        clock.advance(Duration.ofMillis(40)); // ChanSpy dropped one 20 ms frame here, seq and TS stay contiguous
        feed(packet(0, 3, 9, (byte) 0x33));
        clock.advance(Duration.ofMillis(20));
        feed(packet(0, 4, 9, (byte) 0x44));
        channel.close();
        List<PcmFrame> frames = frames();

        // judged at the first packet on time after the gap (a receiver stall and a burst must not add frames), so
        // the fill goes in one packet later than the gap
        assertThat(frames).extracting(f -> (int) f.samples()[0])
                .containsExactly(ul(0x11), ul(0x22), ul(0x33), ul(0x33), ul(0x44));
        assertThat(frames.get(3).concealed()).isTrue();
        assertThat(frames.get(4).offsetSamples()).as("the audio keeps the call's time line").isEqualTo(4 * 160);
        assertThat(decoder.stats().senderDrops()).isEqualTo(1);
        assertThat(decoder.stats().lost()).isZero();
        assertThat(decoder.stats().receivedSeconds()).as("filled frames are not received audio").isEqualTo(0.08);
        assertFalse(channel.finish());
    }

    @Test
    void shouldFadeALongGapWithoutMediaToSilenceInsteadOfRepeatingOneFrame() {
        feed(packet(0, 1, 9, (byte) 0x80)); // 0x80 = +32124
        clock.advance(Duration.ofMillis(100)); // four frames' time without a packet, seq contiguous
        feed(packet(0, 2, 9, (byte) 0x80));
        clock.advance(Duration.ofMillis(20));
        feed(packet(0, 3, 9, (byte) 0x90));
        channel.close();
        List<PcmFrame> frames = frames();

        assertThat(frames).extracting(f -> (int) f.samples()[0])
                .containsExactly(32124, 32124, 32124, 16062, 0, 0, ul(0x90));
        assertThat(decoder.stats().senderDrops()).isEqualTo(4);
        assertFalse(channel.finish());
    }

    @Test
    void shouldIgnoreOtherPayloadTypes() {
        feed(packet(101, 1, 9, (byte) 0)); // RFC 4733 telephone-event
        feed(packet(13, 2, 9, (byte) 0)); // comfort noise
        channel.close();
        assertThat(frames()).isEmpty();
        assertThat(decoder.stats().unsupported()).isEqualTo(2);
        assertFalse(channel.finish());
    }

    @Test
    void shouldMeasureReceivedAudioAgainstWallClockTime() {
        // real time: one 20 ms packet every 20 ms for 6 s
        for (int i = 0; i < 300; i++) {
            feed(packet(0, i, 9, (byte) 1));
            clock.advance(Duration.ofMillis(20));
        }
        assertThat(decoder.stats().audioRatio()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(decoder.degraded()).isFalse();

        // ChanSpy starved: a fifth of the frames never sent, sequence numbers still contiguous
        for (int i = 300; i < 600; i++) {
            feed(packet(0, i, 9, (byte) 1));
            clock.advance(Duration.ofMillis(25));
        }
        assertThat(decoder.degraded()).isTrue();
        assertThat(decoder.stats().lost()).isZero();
        assertThat(decoder.stats().audioRatio()).isBetween(0.8, 0.95);
        channel.close();
        frames();
        assertFalse(channel.finish());
    }

    // ------------------------------------------------------------------ helpers

    private static int ul(int code) {
        return G711.ulaw((byte) code);
    }

    private void feed(byte[] bytes) {
        channel.writeInbound(datagram(bytes));
    }

    private static DatagramPacket datagram(byte[] bytes) {
        return new DatagramPacket(Unpooled.wrappedBuffer(bytes), LOCAL, ASTERISK);
    }

    private List<PcmFrame> frames() {
        List<PcmFrame> out = new ArrayList<>();
        Object o;
        while ((o = channel.readInbound()) != null) {
            out.add((PcmFrame) o);
        }
        return out;
    }

    /** V=2,P=false,X=false,CC=0,M=false,PT=pt,SeqNum=seq,TS=seq*160,SSRC=ssrc, 160 bytes of {@code fill}. */
    static byte[] packet(int pt, int seq, long ssrc, byte fill) {
        return packetAt(pt, seq, ssrc, seq * 160L, fill);
    }

    /** As {@link #packet} with TS={@code ts}. */
    static byte[] packetAt(int pt, int seq, long ssrc, long ts, byte fill) {
        byte[] b = new byte[12 + 160];
        b[0] = (byte) 0x80;
        b[1] = (byte) pt;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        b[4] = (byte) (ts >> 24);
        b[5] = (byte) (ts >> 16);
        b[6] = (byte) (ts >> 8);
        b[7] = (byte) ts;
        b[8] = (byte) (ssrc >> 24);
        b[9] = (byte) (ssrc >> 16);
        b[10] = (byte) (ssrc >> 8);
        b[11] = (byte) ssrc;
        Arrays.fill(b, 12, b.length, fill);
        return b;
    }
}
