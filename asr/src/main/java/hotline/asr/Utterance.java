package hotline.asr;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A final result: one utterance of one speaker of a call, as it will be stored with the call.
 *
 * @param start offset of the utterance's first word from the start of the stream (the moment the fork began)
 * @param end   offset of its last word's end
 * @param words  the words with their timings, in order; may be empty when the recogniser gave none
 * @param digits what the digits pass heard over the same audio (digit words, runs separated by {@code [unk]}),
 *               empty when it did not run or heard no digit
 */
public record Utterance(String callId, Speaker speaker, String text, Duration start, Duration end, List<Word> words,
                        String digits) {

    /** An utterance without a digits pass. */
    public Utterance(String callId, Speaker speaker, String text, Duration start, Duration end, List<Word> words) {
        this(callId, speaker, text, start, end, words, "");
    }

    public Utterance {
        Objects.requireNonNull(digits, "digits");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        words = List.copyOf(words);
    }
}
