package hotline.asr;

/**
 * How many live streams one node can recognise in real time.
 *
 * <p>A stream costs {@code realTimeFactor} of one core (seconds of CPU per second of audio, measured with
 * {@code ./hotline bench asr}). ASR may use {@code cpuShare} of the node's cores: the rest stays free for call
 * control, RTP and the recogniser's bursts (one 20 ms chunk has been seen to take 380 ms). So
 * {@code streams = floor(cores * cpuShare / realTimeFactor)}, at least 1, unless a fixed maximum is configured.
 */
public final class AsrCapacity {
    private AsrCapacity() {
    }

    /**
     * @param cores          processors available to the node
     * @param realTimeFactor measured CPU seconds per audio second of one stream, {@code > 0}
     * @param cpuShare       fraction of the cores ASR may use, {@code 0 < share <= 1}
     * @param fixedMax       a configured maximum, or 0 to derive it
     */
    public static int streams(int cores, double realTimeFactor, double cpuShare, int fixedMax) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be positive, got " + cores);
        }
        if (!(realTimeFactor > 0)) {
            throw new IllegalArgumentException("realTimeFactor must be positive, got " + realTimeFactor);
        }
        if (!(cpuShare > 0 && cpuShare <= 1)) {
            throw new IllegalArgumentException("cpuShare must be in (0, 1], got " + cpuShare);
        }
        if (fixedMax < 0) {
            throw new IllegalArgumentException("fixedMax must be 0 (derive) or positive, got " + fixedMax);
        }
        if (fixedMax > 0) {
            return fixedMax;
        }
        return Math.max(1, (int) Math.floor(cores * cpuShare / realTimeFactor + 1e-9));
    }
}
