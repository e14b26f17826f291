package hotline.telephony.rtp;

/**
 * Receives the decoded audio of one RTP stream. Called on the receiver's Netty event-loop thread: it must return at
 * once (hand the frame to another thread, e.g. the recognizer's worker queue), never block or decode speech there.
 */
@FunctionalInterface
public interface AudioSink {

    /** The next frame of the stream, in play-out order. */
    void onFrame(PcmFrame frame);

    /** The stream is over (closed by its owner): no frame follows. Default: nothing. */
    default void onEnd() {
    }
}
