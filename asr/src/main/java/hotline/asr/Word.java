package hotline.asr;

import java.time.Duration;
import java.util.Objects;

/**
 * One recognised word with its timing, as offsets from the start of its stream.
 *
 * @param confidence the recogniser's posterior, 0..1
 */
public record Word(String word, Duration start, Duration end, double confidence) {
    public Word {
        Objects.requireNonNull(word, "word");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }
}
