package hotline.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Live transcription ({@code hotline.asr}): the RTP receiver that Asterisk forks call audio to, and the Vosk
 * recogniser.
 *
 * @param enabled         transcribe answered calls at all
 * @param models          one Vosk model directory per language (the keys as the menu's {@code ivr.language} names
 *                        them: {@code zh}, {@code en}), as configured (a relative path is relative to the working
 *                        directory), sorted by language; a missing or broken one leaves its language untranscribed
 *                        only, calls are still routed
 * @param defaultLanguage the language of a call whose caller chose none in the menu (e.g. {@code zh})
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
 * @param digitsPass      a digits-only second recogniser on each caller's audio, for the callback number
 * @param fork            how the pbx forks the audio: {@value #FORK_ARI} (an ARI snoop channel bridged with an
 *                        externalMedia channel) or {@value #FORK_CHANSPY} (AMI Originate of UnicastRTP into ChanSpy)
 */
public record AsrConfig(boolean enabled, SortedMap<String, Path> models, String defaultLanguage, boolean transcribeAgent, String rtpHost,
                        int rtpStart, int rtpEnd, int jitterDepth, int workers, double realTimeFactor,
                        double cpuShare, int maxStreams, Duration partialInterval, Duration maxBacklog,
                        boolean digitsPass, String fork) {

    /** The fork through ARI (snoop + externalMedia). */
    public static final String FORK_ARI = "ari";
    /** The fork through ChanSpy into a UnicastRTP channel, started over AMI. */
    public static final String FORK_CHANSPY = "chanspy";

    public AsrConfig {
        models = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(models, "models")));
        Objects.requireNonNull(defaultLanguage, "defaultLanguage");
        Objects.requireNonNull(rtpHost, "rtpHost");
        Objects.requireNonNull(partialInterval, "partialInterval");
        Objects.requireNonNull(maxBacklog, "maxBacklog");
        Objects.requireNonNull(fork, "fork");
    }

    /** As the canonical constructor, with the digits pass on (its default) and the ChanSpy fork (AMI only). */
    public AsrConfig(boolean enabled, SortedMap<String, Path> models, String defaultLanguage, boolean transcribeAgent,
                     String rtpHost, int rtpStart, int rtpEnd, int jitterDepth, int workers, double realTimeFactor,
                     double cpuShare, int maxStreams, Duration partialInterval, Duration maxBacklog) {
        this(enabled, models, defaultLanguage, transcribeAgent, rtpHost, rtpStart, rtpEnd, jitterDepth, workers,
                realTimeFactor, cpuShare, maxStreams, partialInterval, maxBacklog, true, FORK_CHANSPY);
    }

    /** One language's model: the common case of tests and single-language nodes. */
    public static SortedMap<String, Path> model(String language, Path dir) {
        return new TreeMap<>(Map.of(language, dir));
    }
}
