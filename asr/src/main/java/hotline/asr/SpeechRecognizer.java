package hotline.asr;

/**
 * Port: live speech-to-text for telephone audio. Implemented by {@link hotline.asr.vosk.VoskSpeechRecognizer}.
 * Implementations hold one model per language, shared by every stream, and recognise on their own worker threads.
 * Thread-safe.
 */
public interface SpeechRecognizer extends AutoCloseable {

    /** The language of the model, e.g. {@code en-us}, {@code zh-cn}. */
    String language();

    /**
     * Opens a stream for one speaker of one call.
     *
     * @param sampleRate of the audio that will be fed, e.g. 8000 for G.711
     * @throws AsrException when no recogniser can be created (the caller goes on without transcription)
     */
    RecognitionStream open(String callId, Speaker speaker, int sampleRate, TranscriptListener listener);

    /** Streams open right now. */
    int openStreams();

    /** Closes every open stream and releases the model. */
    @Override
    void close();
}
