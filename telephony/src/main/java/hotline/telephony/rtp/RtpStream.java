package hotline.telephony.rtp;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;

/**
 * One open RTP stream of an {@link RtpReceiver}: the port Asterisk must send to, its counters, and closing it
 * (which plays out the jitter buffer to the sink, calls {@link AudioSink#onEnd()} and releases the port).
 */
public final class RtpStream {
    private final int port;
    private final Channel channel;
    private final RtpDecoder decoder;
    private final RtpReceiver.StallWatch stall;

    RtpStream(int port, Channel channel, RtpDecoder decoder, RtpReceiver.StallWatch stall) {
        this.port = port;
        this.channel = channel;
        this.decoder = decoder;
        this.stall = stall;
    }

    /** True while no packet came for the receiver's stall time after audio had come (the fork stopped sending). */
    public boolean stalled() {
        return stall.stalled();
    }

    /** The UDP port bound for this stream. */
    public int port() {
        return port;
    }

    /** The stream's counters now, including the received-audio / wall-clock ratio. */
    public RtpStreamStats stats() {
        return decoder.stats();
    }

    /** True while the stream's latest 5 s window received less than 95 % of real time. */
    public boolean degraded() {
        return decoder.degraded();
    }

    /** True until closed. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Closes the stream; completes when the port is released. Idempotent. */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.close();
        // the receiver's port release listens on the close future too, registered first: it has run by then
        channel.closeFuture().addListener(f -> done.complete(null));
        return done;
    }
}
