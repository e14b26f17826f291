package hotline.asr;

import java.util.Objects;

/**
 * The recogniser's current guess at the utterance in progress; replaced by the next partial and finally by an
 * {@link Utterance}. Words may still change.
 *
 * @param at how far into the stream's audio the guess was made
 */
public record Partial(String callId, Speaker speaker, String text, java.time.Duration at) {
    public Partial {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
    }
}
