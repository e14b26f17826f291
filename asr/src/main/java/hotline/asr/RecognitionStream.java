package hotline.asr;

import java.util.concurrent.CompletionStage;

/**
 * Live recognition of one speaker of one call. Feed audio as it arrives; results go to the stream's
 * {@link TranscriptListener}.
 *
 * <p>{@link #accept} never blocks and never recognises on the caller's thread: it queues the frame for the
 * recogniser's worker. When the worker falls more than a bounded backlog behind, frames are dropped and counted
 * ({@link #droppedFrames()}), so a slow recogniser can never hold up the thread that receives RTP.
 */
public interface RecognitionStream {

    /** Queues one frame of 16-bit mono PCM at the stream's sample rate (20 ms = 160 samples at 8 kHz). */
    void accept(short[] samples);

    /**
     * Ends the stream: the queued audio is recognised, the last utterance is delivered as a final result, and the
     * recogniser is released. Idempotent; audio accepted after it is ignored.
     *
     * @return completes after the last callback
     */
    CompletionStage<Void> close();

    /** Frames dropped because the worker was too far behind. */
    long droppedFrames();

    /** Seconds of audio recognised so far. */
    double recognisedSeconds();
}
