package hotline.telephony.rtp;

import static hotline.telephony.rtp.RtpDecoderTest.packetAt;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/** Silence is audio: a sender that sends nothing still gives the recogniser the wall clock's time, once. */
class RtpDecoderSilenceTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 30000);
    private static final InetSocketAddress ASTERISK = new InetSocketAddress("127.0.0.1", 13914);
    private static final long SSRC = 0x5eed;
    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-08T02:00:00Z"));
    private final RtpDecoder decoder = new RtpDecoder("callId=C1 leg=caller", 3, clock, Duration.ofMillis(80));
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);
    private int seq = 100;
    private long ts = 16000;

    @Test
    void shouldPlaySilenceOnTheWallClockWhileTheSenderSendsNothingAndFillTheGapOnlyOnce() {
        talk(50, (byte) 0x20); // 1 s of speech
        // the caller stops talking: ChanSpy sends nothing for 2 s; the receiver ticks every 20 ms
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(20));
            decoder.tick();
        }
        List<PcmFrame> during = frames();
        assertThat(during).as("silence up to 60 ms behind the wall clock").hasSize(50 + 98);
        assertThat(during.subList(50, 148)).allSatisfy(f -> {
            assertThat(f.concealed()).isTrue();
            assertThat(f.samples()).hasSize(160).containsOnly((short) 0);
        });
        // speech again; Asterisk re-stamps after a pause: the timestamp jumps by the pause, sequence contiguous
        ts += 100 * 160L;
        talk(50, (byte) 0x30);
        channel.close();
        List<PcmFrame> after = frames();

        assertThat(after.subList(0, 2)).as("the rest of the gap, topped up").allMatch(PcmFrame::concealed);
        assertThat(after.subList(2, after.size())).hasSize(50).noneMatch(PcmFrame::concealed);
        assertThat(after.get(2).offsetSamples()).as("speech resumes where the wall clock says: 1 s + 2 s")
                .isEqualTo(150 * 160L);
        RtpStreamStats stats = decoder.stats();
        assertThat(stats.silenceFrames()).isEqualTo(100);
        assertThat(stats.senderDrops()).as("the gap is not blamed on the sender a second time").isZero();
        assertThat(stats.silenceOverfilled()).isZero();
        assertThat(stats.receivedSeconds()).isEqualTo(2.0);
        assertThat(stats.audioRatio()).as("the pause is not a drop").isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(0.011));
        assertThat(stats.pausedSeconds()).isEqualTo(2.0);
        assertThat(decoder.degraded()).isFalse();
        assertFalse(channel.finish());
    }

    @Test
    void shouldPlayNothingWhilePacketsComeWithJitterBelowTheHoldOff() {
        // packet i arrives at 20 i ms plus up to 55 ms late; the receiver ticks every 20 ms
        int[] late = {0, 30, 0, 55, 0, 10, 0};
        for (int t = 0; t <= 1400; t += 5) {
            for (int i = 0; i < 70; i++) {
                if (20 * i + late[i % late.length] == t) {
                    feed(packetAt(0, seq + i, SSRC, ts + 160L * i, (byte) 1));
                }
            }
            if (t % 20 == 0) {
                decoder.tick();
            }
            clock.advance(Duration.ofMillis(5));
        }
        channel.close();
        assertThat(frames()).hasSize(70).noneMatch(PcmFrame::concealed);
        assertThat(decoder.stats().silenceFrames()).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void shouldKeepShowingFramesTheSenderDroppedInTheRatioThoughTheGapWasFilled() {
        talk(50, (byte) 0x20);
        // the sender stalls for 300 ms without re-stamping (its timestamps stay contiguous): frames lost, not a pause
        for (int i = 0; i < 15; i++) {
            clock.advance(Duration.ofMillis(20));
            decoder.tick();
        }
        talk(50, (byte) 0x30);
        channel.close();
        frames();
        RtpStreamStats stats = decoder.stats();
        assertThat(stats.silenceFrames()).isEqualTo(15);
        assertThat(stats.pausedSeconds()).isZero();
        assertThat(stats.audioRatio()).isCloseTo(2.0 / 2.3, org.assertj.core.data.Offset.offset(0.02));
        assertFalse(channel.finish());
    }

    @Test
    void shouldPlayNoSilenceBeforeTheFirstPacketNorAfterTheStreamClosed() {
        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofMillis(20));
            decoder.tick();
        }
        talk(5, (byte) 1);
        channel.close();
        clock.advance(Duration.ofSeconds(1));
        decoder.tick();
        assertThat(frames()).hasSize(5);
        assertFalse(channel.finish());
    }

    /** {@code n} packets, one every 20 ms, the clock advanced after each. */
    private void talk(int n, byte fill) {
        for (int i = 0; i < n; i++) {
            feed(packetAt(0, seq++, SSRC, ts, fill));
            ts += 160;
            clock.advance(Duration.ofMillis(20));
        }
    }

    private void feed(byte[] bytes) {
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(bytes), LOCAL, ASTERISK));
    }

    private List<PcmFrame> frames() {
        List<PcmFrame> out = new ArrayList<>();
        Object o;
        while ((o = channel.readInbound()) != null) {
            out.add((PcmFrame) o);
        }
        return out;
    }
}
