package hotline.telephony.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SilencePacerTest {
    private final SilencePacer p = new SilencePacer(80, 20);

    @Test
    void shouldPlayNothingBeforeTheFirstPacketNorWhilePacketsComeInTime() {
        assertThat(p.tick(5000)).isZero();
        int[] jitter = {0, 15, -10, 30, 5, -20, 40, 0};
        for (int i = 0; i < 400; i++) {
            long t = 1000 + i * 20L + jitter[i % jitter.length];
            assertThat(p.arrived(t)).isZero();
            assertThat(p.tick(t + 10)).isZero();
        }
        assertThat(p.filledFrames()).isZero();
        assertThat(p.silent()).isFalse();
    }

    @Test
    void shouldPlayOneFramePerTwentyMillisecondsOnceTheHoldOffRanOut() {
        p.arrived(1000);
        assertThat(p.tick(1060)).isZero();
        assertThat(p.tick(1079)).isZero();
        assertThat(p.tick(1080)).as("the first frame after 80 ms without a packet").isEqualTo(1);
        assertThat(p.silent()).isTrue();
        assertThat(p.tick(1090)).isZero();
        assertThat(p.tick(1100)).isEqualTo(1);
        int played = 2;
        for (long t = 1120; t <= 3080; t += 20) {
            played += p.tick(t);
        }
        // 2.08 s after the last packet: silence for the first 2.02 s of it (the hold-off holds 60 ms back)
        assertThat(played).isEqualTo(101);
        assertThat(p.filledFrames()).isEqualTo(101);
        assertThat(p.gaps()).isEqualTo(1);
    }

    @Test
    void shouldTopUpTheRestOfTheGapWhenPacketsResumeSoItIsFilledExactlyOnce() {
        p.arrived(1000);
        long played = 0;
        for (long t = 1020; t <= 2000; t += 20) {
            played += p.tick(t);
        }
        // the next packet arrives at 2020: it carries the frame of 2000..2020; 50 frames were missing before it
        int topUp = p.arrived(2020);
        assertThat(played + topUp).isEqualTo(50);
        assertThat(p.filledFrames()).isEqualTo(50);
        assertThat(p.silent()).isFalse();
        assertThat(p.tick(2040)).isZero();
        assertThat(p.arrived(2040)).isZero();
        assertThat(p.overfilledFrames()).isZero();
    }

    @Test
    void shouldCatchUpAfterALateTickButNeverMoreThanOneSecondAtOnce() {
        p.arrived(1000);
        assertThat(p.tick(1200)).as("frames for 1000..1140").isEqualTo(7);
        assertThat(p.tick(4000)).isEqualTo(SilencePacer.MAX_PER_TICK);
    }

    @Test
    void shouldCountSilencePlayedForAGapThatAReceiverStallAndABurstMadeLookLonger() {
        p.arrived(1000);
        assertThat(p.tick(1200)).isEqualTo(7);
        // the tick ran before our thread read the sender's packets of 1020..1200: they come now, in a burst
        assertThat(p.arrived(1201)).as("the gap looks like 9 frames: 2 more").isEqualTo(2);
        for (int i = 1; i < 9; i++) {
            assertThat(p.arrived(1202)).isZero();
        }
        assertThat(p.overfilledFrames()).as("the burst shows the gap was the receiver's").isEqualTo(8);
        assertThat(p.arrived(1220)).isZero();
        assertThat(p.arrived(1240)).isZero();
        assertThat(p.overfilledFrames()).isEqualTo(8);
        assertThat(p.filledFrames()).isEqualTo(9);

        p.arrived(5000);
        assertThat(p.tick(5200)).isEqualTo(7);
        assertThat(p.arrived(5030)).as("a packet stamped before the tick (clock read order)").isZero();
        assertThat(p.overfilledFrames()).isEqualTo(8 + 7);
    }

    @Test
    void shouldRefuseAHoldOffShorterThanTwoFrames() {
        assertThatThrownBy(() -> new SilencePacer(30, 20)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holdOffMs >= 2 frames");
    }
}
