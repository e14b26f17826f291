package hotline.telephony.rtp.internal;

/**
 * Finds 20 ms frames a sender left out without leaving a gap in the sequence numbers or timestamps, from arrival
 * times alone. Asterisk's ChanSpy does this when the pbx is starved of CPU (the lab lost a fifth of the frames; the
 * integration test saw forks at 0.78 of real time with contiguous sequence numbers and timestamps).
 *
 * <p>It compares the wall-clock time since the stream's first packet with the audio the sequence numbers account for
 * (lost packets count: the jitter buffer conceals those) plus what it has already filled in. When the wall clock is
 * ahead by a whole frame (less a small tolerance for the millisecond clock), the missing frames are attributed to the
 * gap just before the newest packet: arrival jitter below a frame is never blamed. The verdict waits for a packet
 * that arrived on time after its predecessor (half a frame to one and a half frames after it, per frame sent): a
 * receiver that stalls and then reads a burst sees the wall clock far ahead at the burst's first packet, but the
 * burst itself brings the missing audio, so by the first on-time packet after it nothing is missing and nothing is
 * filled (a healthy fork gets no invented frames). Frames the sender really left out are filled one packet later
 * than the gap they were in (20 ms). Reordered packets are never blamed.
 *
 * <p>Pure; not thread-safe (one stream, one thread).
 */
public final class SilentDropDetector {
    private final int toleranceSamples;
    private final int maxFrames;
    private final int samplesPerMs;
    private long baseMillis = -1;
    private int highest;
    private long spanSamples;
    private long filledSamples;
    private long filledFrames;
    private long lastMillis;

    /**
     * @param toleranceSamples how much less than a whole frame behind still counts as a dropped frame (clock
     *                         granularity), e.g. 16 samples = 2 ms at 8 kHz
     * @param maxFrames        most frames filled in for one gap
     * @param sampleRate       samples per second of the stream
     */
    public SilentDropDetector(int toleranceSamples, int maxFrames, int sampleRate) {
        if (toleranceSamples < 0 || maxFrames < 1 || sampleRate % 1000 != 0) {
            throw new IllegalArgumentException("toleranceSamples >= 0, maxFrames >= 1, sampleRate a multiple of"
                    + " 1000 expected, got " + toleranceSamples + ", " + maxFrames + ", " + sampleRate);
        }
        this.toleranceSamples = toleranceSamples;
        this.maxFrames = maxFrames;
        this.samplesPerMs = sampleRate / 1000;
    }

    /**
     * A packet arrived.
     *
     * @param seq          its 16-bit sequence number
     * @param frameSamples the audio it carries
     * @return how many frames of that size the sender dropped just before it (usually 0)
     */
    public int arrived(long nowMillis, int seq, int frameSamples) {
        if (baseMillis < 0) {
            baseMillis = nowMillis;
            lastMillis = nowMillis;
            highest = seq;
            spanSamples = frameSamples;
            return 0;
        }
        int delta = (short) (seq - highest);
        if (delta <= 0) {
            return 0; // reordered or duplicate: not the newest packet
        }
        if (delta > 100) {
            reset(); // the source jumped: start measuring again from here
            return arrived(nowMillis, seq, frameSamples);
        }
        highest = seq;
        spanSamples += (long) delta * frameSamples;
        long spacing = (nowMillis - lastMillis) * samplesPerMs;
        lastMillis = nowMillis;
        long due = (long) delta * frameSamples;
        if (spacing < due - frameSamples / 2 || spacing >= due + frameSamples / 2) {
            return 0; // late after a gap, or part of a burst: judge at the next packet that comes on time
        }
        long wall = (nowMillis - baseMillis) * samplesPerMs + frameSamples;
        long deficit = wall - spanSamples - filledSamples;
        if (frameSamples == 0 || deficit + toleranceSamples < frameSamples) {
            return 0;
        }
        int frames = (int) Math.min(maxFrames, (deficit + toleranceSamples) / frameSamples);
        filledSamples += (long) frames * frameSamples;
        filledFrames += frames;
        return frames;
    }

    /** Starts over (the source changed). */
    public void reset() {
        baseMillis = -1;
        spanSamples = 0;
        filledSamples = 0;
    }

    /** Frames declared dropped so far. */
    public long filledFrames() {
        return filledFrames;
    }
}
