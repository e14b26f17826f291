package hotline.telephony.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** G.711 tables against the reference decoder's values (sox 14.4 {@code -t ul} / {@code -t al} to s16). */
class G711Test {

    @Test
    void shouldDecodeUlawLikeTheReference() {
        assertThat(G711.ulaw((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(G711.ulaw((byte) 0x01)).isEqualTo((short) -31100);
        assertThat(G711.ulaw((byte) 0x0F)).isEqualTo((short) -16764);
        assertThat(G711.ulaw((byte) 0x2A)).isEqualTo((short) -5372);
        assertThat(G711.ulaw((byte) 0x55)).isEqualTo((short) -716);
        assertThat(G711.ulaw((byte) 0x7F)).isEqualTo((short) 0);
        assertThat(G711.ulaw((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(G711.ulaw((byte) 0xAA)).isEqualTo((short) 5372);
        assertThat(G711.ulaw((byte) 0xD5)).isEqualTo((short) 716);
        assertThat(G711.ulaw((byte) 0xFF)).isEqualTo((short) 0);
        // the whole table: Arrays.hashCode and sum of magnitudes of sox's 256 decoded values
        assertThat(Arrays.hashCode(table(G711.PCMU))).isEqualTo(1459740673);
        assertThat(magnitudes(table(G711.PCMU))).isEqualTo(1532928);
    }

    @Test
    void shouldDecodeAlawLikeTheReference() {
        assertThat(G711.alaw((byte) 0x00)).isEqualTo((short) -5504);
        assertThat(G711.alaw((byte) 0x01)).isEqualTo((short) -5248);
        assertThat(G711.alaw((byte) 0x0F)).isEqualTo((short) -6784);
        assertThat(G711.alaw((byte) 0x2A)).isEqualTo((short) -32256);
        assertThat(G711.alaw((byte) 0x55)).isEqualTo((short) -8);
        assertThat(G711.alaw((byte) 0x7F)).isEqualTo((short) -848);
        assertThat(G711.alaw((byte) 0x80)).isEqualTo((short) 5504);
        assertThat(G711.alaw((byte) 0xAA)).isEqualTo((short) 32256);
        assertThat(G711.alaw((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(G711.alaw((byte) 0xFF)).isEqualTo((short) 848);
        assertThat(Arrays.hashCode(table(G711.PCMA))).isEqualTo(-461512703);
        assertThat(magnitudes(table(G711.PCMA))).isEqualTo(1564672);
    }

    @Test
    void shouldBeSymmetricAroundTheSignBit() {
        for (int code = 0; code < 128; code++) {
            assertThat(G711.ulaw((byte) (code | 0x80))).isEqualTo((short) -G711.ulaw((byte) code));
            assertThat(G711.alaw((byte) (code | 0x80))).isEqualTo((short) -G711.alaw((byte) code));
        }
    }

    @Test
    void shouldRefuseOtherPayloadTypes() {
        assertThat(G711.decode(18, new byte[10], new short[10])).isFalse();
    }

    private static short[] table(int payloadType) {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        short[] out = new short[256];
        assertThat(G711.decode(payloadType, all, out)).isTrue();
        return out;
    }

    private static long magnitudes(short[] values) {
        long sum = 0;
        for (short v : values) {
            sum += Math.abs(v);
        }
        return sum;
    }
}
