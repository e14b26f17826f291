package hotline.telephony.rtp;

/**
 * Decoded audio of one stream, in play-out order: 16-bit signed samples at 8 kHz, mono.
 *
 * @param offsetSamples where the frame starts, in samples since the stream's first packet (concealed audio counts, so
 *                      offsets follow the talker's time line)
 * @param samples       the audio; do not modify
 * @param concealed     true when this is silence standing in for lost packets
 */
public record PcmFrame(long offsetSamples, short[] samples, boolean concealed) {
    /** The sample rate of G.711 audio. */
    public static final int SAMPLE_RATE = 8000;
}
