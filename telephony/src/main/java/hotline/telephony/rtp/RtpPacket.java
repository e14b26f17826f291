package hotline.telephony.rtp;

import io.netty.buffer.ByteBuf;

/**
 * One RTP data packet (RFC 3550 §5.1) as received: the fixed header fields and a copy of the payload without CSRCs,
 * header extension or padding.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers  (CC x 32)  |
 * [ extension: 16-bit profile, 16-bit length in 32-bit words, data ]
 * payload ... [ padding, its last octet = padding count ]
 * </pre>
 *
 * @param sequence  16-bit sequence number, 0..65535
 * @param timestamp 32-bit RTP timestamp, unsigned, in a long
 * @param ssrc      32-bit synchronisation source, unsigned, in a long
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, int csrcCount,
                        boolean extension, byte[] payload) implements RtpParse {

    /** RTP's fixed header length. */
    public static final int FIXED_HEADER = 12;

    /**
     * Parses one datagram. Never throws on bad input and does not move the buffer's reader index.
     */
    public static RtpParse parse(ByteBuf buf) {
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        if (length < FIXED_HEADER) {
            return new RtpParse.Invalid("datagram of " + length + " bytes is shorter than the 12-byte RTP header");
        }
        int b0 = buf.getUnsignedByte(start);
        int b1 = buf.getUnsignedByte(start + 1);
        int version = b0 >>> 6;
        if (version != 2) {
            return new RtpParse.Invalid("RTP version " + version + ", expected 2");
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int payloadType = b1 & 0x7F;
        if (payloadType >= 72 && payloadType <= 76) {
            // RFC 5761 §4: RTCP SR/RR/SDES/BYE/APP multiplexed on the RTP port (packet types 200..204)
            return new RtpParse.Invalid("RTCP packet type " + (b1 | 0x80) + " on the RTP port");
        }
        int header = FIXED_HEADER + 4 * csrcCount;
        if (length < header) {
            return new RtpParse.Invalid("header with " + csrcCount + " CSRCs needs " + header + " bytes, datagram has " + length);
        }
        if (extension) {
            if (length < header + 4) {
                return new RtpParse.Invalid("extension bit set but no room for the extension header");
            }
            int words = buf.getUnsignedShort(start + header + 2);
            header += 4 + 4 * words;
            if (length < header) {
                return new RtpParse.Invalid("header extension of " + words + " words runs past the datagram end");
            }
        }
        int pad = 0;
        if (padding) {
            pad = buf.getUnsignedByte(start + length - 1);
            if (pad == 0 || pad > length - header) {
                return new RtpParse.Invalid("padding count " + pad + " does not fit the " + (length - header) + " bytes after"
                        + " the header");
            }
        }
        byte[] payload = new byte[length - header - pad];
        buf.getBytes(start + header, payload);
        return new RtpPacket((b1 & 0x80) != 0, payloadType, buf.getUnsignedShort(start + 2),
                buf.getUnsignedInt(start + 4), buf.getUnsignedInt(start + 8), csrcCount, extension, payload);
    }

    @Override
    public String toString() {
        return "RtpPacket[PT=" + payloadType + ",seq=" + sequence + ",ts=" + timestamp + ",ssrc=0x"
                + Long.toHexString(ssrc) + ",M=" + marker + ",payload=" + payload.length + "B]";
    }
}
