package hotline.asr;

/**
 * Receives what a {@link RecognitionStream} recognises. Called on the recogniser's worker thread, one call at a time
 * per stream, never on the thread that fed the audio: hop to your own context before touching state, and return
 * quickly (the stream's next audio waits).
 */
public interface TranscriptListener {

    /** A new guess at the utterance in progress (only when it changed). */
    void onPartial(Partial partial);

    /** A finished utterance: after the recogniser's end-of-utterance silence, or when the stream is closed. */
    void onFinal(Utterance utterance);

    /** The stream failed and stopped recognising; no further callbacks. Default: nothing. */
    default void onError(AsrException error) {
    }
}
