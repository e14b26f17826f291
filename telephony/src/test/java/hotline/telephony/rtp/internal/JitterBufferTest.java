package hotline.telephony.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.rtp.RtpPacket;
import hotline.telephony.rtp.internal.JitterBuffer.Slot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitterBufferTest {

    @Test
    void shouldPassInOrderPacketsStraightThroughAfterTheDepth() {
        JitterBuffer jb = new JitterBuffer(2, 100);
        List<String> out = new ArrayList<>();
        for (int seq = 10; seq < 15; seq++) {
            out.addAll(describe(jb.push(packet(seq))));
        }
        // nothing waits for a missing packet, so every packet plays as soon as it is the next one
        assertThat(out).containsExactly("10", "11", "12", "13", "14");
        assertThat(jb.lost()).isZero();
    }

    @Test
    void shouldReorderWithinTheDepth() {
        JitterBuffer jb = new JitterBuffer(3, 100);
        List<String> out = new ArrayList<>();
        for (int seq : new int[] {1, 3, 2, 5, 4, 6}) {
            out.addAll(describe(jb.push(packet(seq))));
        }
        out.addAll(describe(jb.flush()));
        assertThat(out).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(jb.lost()).isZero();
        assertThat(jb.late()).isZero();
    }

    @Test
    void shouldDeclareAPacketLostOnceDepthLaterOnesArrivedAndDropItWhenItComesLate() {
        JitterBuffer jb = new JitterBuffer(2, 100);
        List<String> out = new ArrayList<>();
        for (int seq : new int[] {1, 3, 4, 5, 2, 6}) {
            out.addAll(describe(jb.push(packet(seq))));
        }
        assertThat(out).containsExactly("1", "missing 1", "3", "4", "5", "6");
        assertThat(jb.lost()).isEqualTo(1);
        assertThat(jb.late()).isEqualTo(1);
    }

    @Test
    void shouldFollowTheSequenceAcrossTheSixteenBitWrap() {
        JitterBuffer jb = new JitterBuffer(2, 100);
        List<String> out = new ArrayList<>();
        for (int seq : new int[] {65533, 65535, 65534, 0, 2, 1, 3}) {
            out.addAll(describe(jb.push(packet(seq))));
        }
        out.addAll(describe(jb.flush()));
        assertThat(out).containsExactly("65533", "65534", "65535", "0", "1", "2", "3");
        assertThat(jb.lost()).isZero();
    }

    @Test
    void shouldAcceptAPacketReorderedBeforeTheFirstOneAcrossTheWrap() {
        JitterBuffer jb = new JitterBuffer(3, 100);
        List<String> out = new ArrayList<>();
        // 0 arrives first, 65535 (its predecessor) right after: too late, it is behind the play-out point
        for (int seq : new int[] {0, 65535, 1, 2, 3}) {
            out.addAll(describe(jb.push(packet(seq))));
        }
        assertThat(out).containsExactly("0", "1", "2", "3");
        assertThat(jb.late()).isEqualTo(1);
    }

    @Test
    void shouldDropDuplicates() {
        JitterBuffer jb = new JitterBuffer(2, 100);
        List<String> out = new ArrayList<>();
        for (int seq : new int[] {7, 8, 8, 9, 7}) {
            out.addAll(describe(jb.push(packet(seq))));
        }
        assertThat(out).containsExactly("7", "8", "9");
        assertThat(jb.duplicates() + jb.late()).isEqualTo(2);
    }

    @Test
    void shouldResynchroniseOnAHugeJumpInsteadOfConcealingIt() {
        JitterBuffer jb = new JitterBuffer(2, 50);
        List<String> out = new ArrayList<>();
        for (int seq : new int[] {100, 101, 30000, 30001}) {
            out.addAll(describe(jb.push(packet(seq))));
        }
        assertThat(out).containsExactly("100", "101", "30000", "30001");
        assertThat(jb.resyncs()).isEqualTo(1);
        assertThat(jb.lost()).isZero();
    }

    @Test
    void shouldPlayOutHeldPacketsWithTheirGapsOnFlush() {
        JitterBuffer jb = new JitterBuffer(5, 100);
        List<String> out = new ArrayList<>(describe(jb.push(packet(1))));
        out.addAll(describe(jb.push(packet(4))));
        out.addAll(describe(jb.flush()));
        assertThat(out).containsExactly("1", "missing 2", "4");
        assertThat(jb.held()).isZero();
    }

    static RtpPacket packet(int seq) {
        return new RtpPacket(false, 0, seq, seq * 160L, 0x1234, 0, false, new byte[160]);
    }

    private static List<String> describe(List<Slot> slots) {
        return slots.stream().map(s -> s instanceof Slot.Packet p ? String.valueOf(p.packet().sequence())
                : "missing " + ((Slot.Missing) s).count()).toList();
    }
}
