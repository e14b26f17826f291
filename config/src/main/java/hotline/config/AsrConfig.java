package hotline.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Live transcription ({@code hotline.asr}): the RTP receiver that Asterisk forks call audio to, and the Vosk
 * recogniser.
 *
 * @param enabled         transcribe answered calls at all
 * @param language        the model's language tag, e.g. {@code en-us}, {@code zh-cn}
 * @param modelDir        the Vosk model directory, as configured (a relative path is relative to the working
 *                        directory); missing or broken disables ASR only, calls are still routed
 * @param transcribeAgent also fork and transcribe the agent's voice (a second stream per call)
 * @param rtpHost         address the receiver binds and Asterisk sends the fork to
 * @param rtpStart        first UDP port of the receiver's range
 * @param rtpEnd          last UDP port of the range, inclusive
 * @param jitterDepth     packets held back per stream for reordering (20 ms each)
 * @param workers         recogniser threads; 0 = one per core
 * @param realTimeFactor  measured CPU seconds per audio second of one stream (capacity planning)
 * @param cpuShare        fraction of the cores ASR may use
 * @param maxStreams      fixed stream capacity; 0 = derived from cores, realTimeFactor and cpuShare
 * @param partialInterval how often a partial result is asked for
 * @param maxBacklog      audio queued per stream before frames are dropped
 * @param fork            how the pbx forks the audio: {@value #FORK_ARI} (an ARI snoop channel bridged with an
 *                        externalMedia channel) or {@value #FORK_CHANSPY} (AMI Originate of UnicastRTP into ChanSpy)
 */
public record AsrConfig(boolean enabled, String language, Path modelDir, boolean transcribeAgent, String rtpHost,
                        int rtpStart, int rtpEnd, int jitterDepth, int workers, double realTimeFactor,
                        double cpuShare, int maxStreams, Duration partialInterval, Duration maxBacklog,
                        String fork) {

    /** The fork through ARI (snoop + externalMedia). */
    public static final String FORK_ARI = "ari";
    /** The fork through ChanSpy into a UnicastRTP channel, started over AMI. */
    public static final String FORK_CHANSPY = "chanspy";

    public AsrConfig {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(rtpHost, "rtpHost");
        Objects.requireNonNull(partialInterval, "partialInterval");
        Objects.requireNonNull(maxBacklog, "maxBacklog");
        Objects.requireNonNull(fork, "fork");
    }
}
