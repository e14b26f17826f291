package hotline.telephony.rtp.internal;

/**
 * Silence is audio: while a stream's sender sends nothing (ChanSpy forks nothing while the spied phone sends no RTP,
 * e.g. a caller who says nothing on a line with silence suppression, or the carrier simulator between prompts), the
 * recogniser must still hear time pass, or its endpointer never ends the utterance (the final would come only at
 * hang-up). This decides how many 20 ms frames of silence to play, from the wall clock alone.
 *
 * <p>After {@code holdOffMs} without a packet (more than the arrival jitter a healthy stream shows) silence is
 * played on the wall clock: at {@code holdOffMs} the first frame (for the 20 ms after the last packet), then one
 * frame per 20 ms, so the silence played stays {@code holdOffMs - 20} behind the wall clock. When packets resume
 * the rest of the gap (what the hold-off held back) is topped up, so the output keeps the wall clock's time line and
 * nothing is counted twice: the gap is filled exactly once. If the "gap" was our own receiver stalling and the
 * packets then come in a burst, more silence was played than the gap held: that is counted
 * ({@link #overfilledFrames()}), never taken back (the recogniser already has it).
 *
 * <p>Pure; not thread-safe (one stream, one thread).
 */
public final class SilencePacer {
    /** Most frames topped up at once when packets resume (2 s). */
    static final int MAX_TOP_UP = 100;
    /** Most frames played at one tick (our own thread was late: catch up, but never more than 1 s at once). */
    static final int MAX_PER_TICK = 50;

    private final long holdOffMs;
    private final long frameMs;
    private long lastArrival = -1;
    // frames played since lastArrival
    private long played;
    private long filledFrames;
    private long overfilledFrames;
    private long gaps;
    // silence frames of the last gap a burst may still show to have been no gap (receiver stall)
    private long suspect;

    /**
     * @param holdOffMs how long without a packet before silence is played, at least two frames
     * @param frameMs   the stream's frame length, e.g. 20
     */
    public SilencePacer(long holdOffMs, long frameMs) {
        if (frameMs < 1 || holdOffMs < 2 * frameMs) {
            throw new IllegalArgumentException("frameMs >= 1 and holdOffMs >= 2 frames expected, got " + frameMs
                    + " and " + holdOffMs);
        }
        this.holdOffMs = holdOffMs;
        this.frameMs = frameMs;
    }

    /**
     * A packet arrived (the newest of its stream).
     *
     * @return frames of silence still owed for the gap before it, to play before it (0 unless silence was being
     *         played)
     */
    public int arrived(long nowMillis) {
        int topUp = 0;
        if (lastArrival >= 0 && played > 0) {
            long gapFrames = Math.max(0, (nowMillis - lastArrival) / frameMs - 1);
            if (gapFrames > played) {
                topUp = (int) Math.min(MAX_TOP_UP, gapFrames - played);
                filledFrames += topUp;
            } else {
                overfilledFrames += played - gapFrames;
            }
            suspect = Math.min(played + topUp, gapFrames);
        } else if (suspect > 0 && lastArrival >= 0) {
            if (nowMillis - lastArrival < frameMs / 2) {
                // packets right after the gap come faster than real time: the sender did send during the "gap",
                // our receiver read it late; the silence played for it was too much
                overfilledFrames++;
                suspect--;
            } else {
                suspect = 0;
            }
        }
        lastArrival = nowMillis;
        played = 0;
        return topUp;
    }

    /** The wall clock ticked: how many frames of silence to play now (usually 0 or 1). */
    public int tick(long nowMillis) {
        if (lastArrival < 0) {
            return 0;
        }
        long quiet = nowMillis - lastArrival;
        if (quiet < holdOffMs) {
            return 0;
        }
        long owed = (quiet - holdOffMs) / frameMs + 1;
        int now = (int) Math.min(MAX_PER_TICK, owed - played);
        if (now <= 0) {
            return 0;
        }
        if (played == 0) {
            gaps++;
        }
        played += now;
        filledFrames += now;
        return now;
    }

    /** True while silence is being played (no packet since the hold-off ran out). */
    public boolean silent() {
        return played > 0;
    }

    /** Frames of silence played so far (while the sender sent nothing, and topped up when it resumed). */
    public long filledFrames() {
        return filledFrames;
    }

    /** Frames of silence played for a gap that turned out shorter (a receiver stall and a burst). */
    public long overfilledFrames() {
        return overfilledFrames;
    }

    /** Gaps filled so far. */
    public long gaps() {
        return gaps;
    }

    /** Starts over (the source changed): no silence until its first packet. */
    public void reset() {
        lastArrival = -1;
        played = 0;
        suspect = 0;
    }
}
