package hotline.telephony.rtp;

/**
 * ITU-T G.711 decoding to 16-bit linear PCM: μ-law (PCMU, RTP payload type 0) and A-law (PCMA, type 8). Tables
 * built once from the reference expansion (the algorithm of Sun's public-domain {@code g711.c}, as used by sox and
 * Asterisk's {@code ulaw.c}/{@code alaw.c}).
 */
public final class G711 {
    /** RTP static payload type of PCMU (RFC 3551 §6). */
    public static final int PCMU = 0;
    /** RTP static payload type of PCMA (RFC 3551 §6). */
    public static final int PCMA = 8;

    private static final short[] ULAW = new short[256];
    private static final short[] ALAW = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW[i] = ulawExpand(i);
            ALAW[i] = alawExpand(i);
        }
    }

    private G711() {
    }

    /** One μ-law octet as a 16-bit sample. */
    public static short ulaw(byte code) {
        return ULAW[code & 0xFF];
    }

    /** One A-law octet as a 16-bit sample. */
    public static short alaw(byte code) {
        return ALAW[code & 0xFF];
    }

    /** Decodes {@code payload} of the given payload type into {@code out}; returns false for other payload types. */
    public static boolean decode(int payloadType, byte[] payload, short[] out) {
        short[] table = payloadType == PCMU ? ULAW : payloadType == PCMA ? ALAW : null;
        if (table == null) {
            return false;
        }
        for (int i = 0; i < payload.length; i++) {
            out[i] = table[payload[i] & 0xFF];
        }
        return true;
    }

    private static short ulawExpand(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    private static short alawExpand(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }
}
