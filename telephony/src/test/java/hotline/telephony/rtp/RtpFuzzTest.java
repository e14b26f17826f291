package hotline.telephony.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.testkit.FakeClock;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzz: RTP parsing and the per-stream decoder fed random datagrams — random bytes, RTP headers with random fields
 * (wrong version, payload types, CSRC counts, extension lengths, padding), truncated and huge packets — alone and
 * mixed into a real stream. Property: never an exception; anything that is not a fork's G.711 packet is refused with
 * a reason; the real stream's audio all comes out, in order, nothing lost.
 */
class RtpFuzzTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 30000);
    private static final InetSocketAddress ASTERISK = new InetSocketAddress("127.0.0.1", 13914);
    private static final long SSRC = 0x72e229c1L;

    @Provide
    Arbitrary<byte[]> datagrams() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2100);
        // a plausible header (V=2) with random flags, PT, CC, then random bytes: reaches the deeper checks
        Arbitrary<byte[]> rtpLike = Arbitraries.bytes().array(byte[].class).ofMinSize(12).ofMaxSize(2100)
                .map(b -> {
                    b[0] = (byte) (0x80 | (b[0] & 0x3F));
                    return b;
                });
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, 171)
                .map(n -> java.util.Arrays.copyOf(RtpDecoderTest.packet(0, 1, 0x1234L, (byte) 1), n));
        return Arbitraries.oneOf(random, rtpLike, truncated);
    }

    @Property(tries = 2000)
    void parseNeverThrowsAndNamesWhatIsWrong(@ForAll("datagrams") byte[] bytes) {
        var buf = Unpooled.wrappedBuffer(bytes);
        RtpParse parsed = RtpPacket.parse(buf);

        assertThat(buf.readerIndex()).isZero();
        if (parsed instanceof RtpParse.Invalid invalid) {
            assertThat(invalid.reason()).isNotBlank();
        } else {
            RtpPacket p = (RtpPacket) parsed;
            assertThat(p.payload().length).isBetween(0, bytes.length - RtpPacket.FIXED_HEADER);
            assertThat(p.sequence()).isBetween(0, 65535);
        }
    }

    @Property(tries = 300)
    void aStreamSurvivesGarbageMixedIntoItAndLosesNoAudio(@ForAll("noise") List<byte[]> noise) {
        FakeClock clock = new FakeClock(Instant.parse("2026-12-01T20:00:00Z"));
        RtpDecoder decoder = new RtpDecoder("fuzz", 3, clock);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        int real = 20;
        channel.writeInbound(datagram(RtpDecoderTest.packet(0, 0, SSRC, (byte) 0)));
        for (int seq = 1; seq < real; seq++) {
            // a stray datagram before every real packet, as a flood would interleave them
            channel.writeInbound(datagram(noise.get(seq % noise.size())));
            clock.advance(java.time.Duration.ofMillis(20));
            channel.writeInbound(datagram(RtpDecoderTest.packet(0, seq, SSRC, (byte) seq)));
        }
        channel.close();

        List<PcmFrame> frames = new ArrayList<>();
        Object o;
        while ((o = channel.readInbound()) != null) {
            frames.add((PcmFrame) o);
        }
        assertThat(frames).hasSize(real);
        for (int i = 0; i < real; i++) {
            assertThat(frames.get(i).offsetSamples()).isEqualTo(160L * i);
            assertThat(frames.get(i).samples()[0]).isEqualTo(G711.ulaw((byte) i));
        }
        RtpStreamStats stats = decoder.stats();
        assertThat(stats.packets()).isEqualTo(real);
        assertThat(stats.lost()).isZero();
        assertThat(stats.ssrcChanges()).isZero();
        assertThat(stats.garbage() + stats.unsupported()).isBetween(0L, (long) real - 1);
        assertThat(channel.finish()).isFalse();
    }

    @Provide
    Arbitrary<List<byte[]>> noise() {
        return datagrams().filter(b -> !isOurs(b)).list().ofMinSize(1).ofMaxSize(30);
    }

    // a random datagram that is a valid packet of the real stream itself is not noise (odds about 2^-40)
    private static boolean isOurs(byte[] b) {
        return b.length >= 12 && (b[0] & 0xC0) == 0x80 && ((b[8] & 0xFFL) << 24 | (b[9] & 0xFFL) << 16
                | (b[10] & 0xFFL) << 8 | (b[11] & 0xFFL)) == SSRC;
    }

    private static DatagramPacket datagram(byte[] bytes) {
        return new DatagramPacket(Unpooled.wrappedBuffer(bytes), LOCAL, ASTERISK);
    }
}
