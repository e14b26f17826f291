package hotline.telephony.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The header of the lab's fork stream: V=2,P=false,X=false,CC=0,M=false,PT=0,SeqNum=15504,TS=2480640,SSRC=0x72e229c1. */
    static final String FORK_HEADER = "80003c900025da0072e229c1";

    @Test
    void shouldParseFixedHeaderAndPayload() {
        RtpParse parsed = RtpPacket.parse(buf(FORK_HEADER + "ff7f0102"));

        assertThat(parsed).isInstanceOf(RtpPacket.class);
        RtpPacket p = (RtpPacket) parsed;
        assertThat(p.payloadType()).isZero();
        assertThat(p.sequence()).isEqualTo(15504);
        assertThat(p.timestamp()).isEqualTo(0x0025da00L);
        assertThat(p.ssrc()).isEqualTo(0x72e229c1L);
        assertThat(p.marker()).isFalse();
        assertThat(p.payload()).containsExactly(0xff, 0x7f, 0x01, 0x02);
    }

    @Test
    void shouldReadUnsignedFieldsAtTheirMaximum() {
        // V=2,P=false,X=false,CC=0,M=true,PT=8,SeqNum=65535,TS=0xffffffff,SSRC=0xffffffff
        RtpPacket p = (RtpPacket) RtpPacket.parse(buf("8088ffffffffffffffffffffd5"));

        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(8);
        assertThat(p.sequence()).isEqualTo(65535);
        assertThat(p.timestamp()).isEqualTo(0xffffffffL);
        assertThat(p.ssrc()).isEqualTo(0xffffffffL);
        assertThat(p.payload()).containsExactly(0xd5);
    }

    @Test
    void shouldSkipCsrcsExtensionAndPadding() {
        // V=2,P=true,X=true,CC=2,M=false,PT=0,SeqNum=1 | 2 CSRCs | ext profile 0xbede, 1 word | payload aabb | pad 3
        String hex = "b2000001" + "00000000" + "00000001" + "11111111" + "22222222" + "bede0001" + "01020304"
                + "aabb" + "000003";
        RtpPacket p = (RtpPacket) RtpPacket.parse(buf(hex));

        assertThat(p.csrcCount()).isEqualTo(2);
        assertThat(p.extension()).isTrue();
        assertThat(p.payload()).containsExactly(0xaa, 0xbb);
    }

    @Test
    void shouldNameWhatIsWrongWithGarbage() {
        assertThat(invalid("8000")).contains("shorter than the 12-byte");
        assertThat(invalid("40003c900025da0072e229c1ff")).contains("version 1");
        assertThat(invalid("83003c900025da0072e229c1ff")).contains("3 CSRCs");
        assertThat(invalid("90003c900025da0072e229c1bede")).contains("extension");
        assertThat(invalid("90003c900025da0072e229c1bede0004ffff")).contains("past the datagram end");
        assertThat(invalid("a0003c900025da0072e229c1ff10")).contains("padding count 16");
        assertThat(invalid("a0003c900025da0072e229c1ff00")).contains("padding count 0");
        // an RTCP receiver report (PT 201) multiplexed on the port
        assertThat(invalid("81c900072e229c100000000000000000")).contains("RTCP");
    }

    @Test
    void shouldNeverThrowOnAnyPrefixOfAPacketAndKeepTheReaderIndex() {
        byte[] packet = HEX.parseHex("b2000001" + "00000000" + "00000001" + "11111111" + "22222222" + "bede0001"
                + "01020304" + "aabb" + "000003");
        for (int i = 0; i <= packet.length; i++) {
            ByteBuf head = Unpooled.wrappedBuffer(packet, 0, i);
            ByteBuf tail = Unpooled.wrappedBuffer(packet, i, packet.length - i);
            RtpPacket.parse(head);
            RtpPacket.parse(tail);
            assertThat(head.readerIndex()).isZero();
            assertThat(tail.readerIndex()).isZero();
        }
    }

    private static String invalid(String hex) {
        RtpParse parsed = RtpPacket.parse(buf(hex));
        assertThat(parsed).isInstanceOf(RtpParse.Invalid.class);
        return ((RtpParse.Invalid) parsed).reason();
    }

    static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(HEX.parseHex(hex));
    }
}
