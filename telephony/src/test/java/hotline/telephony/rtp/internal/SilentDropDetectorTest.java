package hotline.telephony.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SilentDropDetectorTest {
    private final SilentDropDetector d = new SilentDropDetector(16, 10, 8000);

    @Test
    void shouldFindNothingInARealTimeStreamWithJitter() {
        long t = 1000;
        int[] jitter = {0, 3, -2, 8, 1, -5, 9, 0};
        for (int seq = 0; seq < 400; seq++) {
            assertThat(d.arrived(t + seq * 20L + jitter[seq % jitter.length], seq, 160)).isZero();
        }
        assertThat(d.filledFrames()).isZero();
    }

    @Test
    void shouldBlameAFortyMillisecondGapWithContiguousSequenceNumbersOnOneDroppedFrame() {
        assertThat(d.arrived(1000, 7, 160)).isZero();
        assertThat(d.arrived(1020, 8, 160)).isZero();
        assertThat(d.arrived(1060, 9, 160)).as("late after a gap: judged at the next packet").isZero();
        assertThat(d.arrived(1080, 10, 160)).isEqualTo(1);
        assertThat(d.arrived(1100, 11, 160)).isZero();
        assertThat(d.filledFrames()).isEqualTo(1);
    }

    @Test
    void shouldNotInventFramesWhenTheReceiverStallsAndThenReadsABurst() {
        for (int seq = 0; seq < 50; seq++) {
            assertThat(d.arrived(1000 + seq * 20L, seq, 160)).isZero();
        }
        // our thread stalls for 300 ms: the sender's 15 packets wait in the socket, then come at once
        for (int seq = 50; seq < 65; seq++) {
            assertThat(d.arrived(1000 + 64 * 20L + 1, seq, 160)).as("packet %d of the burst", seq).isZero();
        }
        for (int seq = 65; seq < 200; seq++) {
            assertThat(d.arrived(1000 + seq * 20L, seq, 160)).isZero();
        }
        assertThat(d.filledFrames()).isZero();
    }

    @Test
    void shouldNotBlameTheSenderForPacketsLostWithASequenceGap() {
        assertThat(d.arrived(1000, 7, 160)).isZero();
        assertThat(d.arrived(1060, 10, 160)).as("8 and 9 lost on the way: the jitter buffer conceals them")
                .isZero();
    }

    @Test
    void shouldKeepAStreamThatDeliversAFifthTooLittleAlignedWithTheWallClock() {
        // ChanSpy starved: one packet every 25 ms, sequence numbers contiguous
        long filled = 0;
        for (int seq = 0; seq < 400; seq++) {
            filled += d.arrived(seq * 25L, seq, 160);
        }
        // 400 packets over 9.975 s of wall clock: about 99 frames were left out
        assertThat(filled).isBetween(95L, 100L);
    }

    @Test
    void shouldIgnoreReorderedPacketsAndRestartAfterAJump() {
        d.arrived(1000, 7, 160);
        d.arrived(1080, 9, 160);
        assertThat(d.arrived(1300, 8, 160)).as("reordered").isZero();
        assertThat(d.arrived(5000, 30000, 160)).as("a jump restarts the measurement").isZero();
        assertThat(d.arrived(5020, 30001, 160)).isZero();
    }
}
