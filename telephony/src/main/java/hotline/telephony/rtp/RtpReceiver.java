package hotline.telephony.rtp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.time.Clock;
import java.util.BitSet;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP side of live transcription: one Netty datagram channel per forked stream, each on its own port from a
 * configured range, decoding RTP into {@link PcmFrame}s for an {@link AudioSink}.
 *
 * <p>A port is taken by {@link #open} and given back when the stream's channel closes, whatever closed it
 * ({@link RtpStream#close()}, an error, {@link #close()}), so ports are always released. Ports are handed out round
 * robin, so a just-released port is not reused at once (stray packets of the old stream would land in the new one).
 * A port that another process holds is skipped.
 *
 * <p>Threading: all channels share a small event-loop group owned by the receiver; decoding G.711 is cheap, speech
 * recognition does not happen here (the sink hands frames off). Public methods are thread-safe.
 */
public final class RtpReceiver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtpReceiver.class);

    private final String host;
    private final int portStart;
    private final int portEnd;
    private final int jitterDepth;
    private final Clock clock;
    private final EventLoopGroup group;
    // guarded by 'this'
    private final BitSet inUse = new BitSet();
    private int cursor;
    private boolean closed;

    /**
     * @param host        address to bind, e.g. 127.0.0.1 (Asterisk sends the fork there)
     * @param portStart   first port of the range, inclusive
     * @param portEnd     last port of the range, inclusive
     * @param jitterDepth packets each stream holds back for reordering (3 = 60 ms)
     * @param threads     event-loop threads, 1 is plenty for hundreds of streams
     */
    public RtpReceiver(String host, int portStart, int portEnd, int jitterDepth, int threads, Clock clock) {
        if (portStart < 1 || portEnd > 65535 || portStart > portEnd) {
            throw new IllegalArgumentException("port range must be within 1..65535 and start <= end, got " + portStart
                    + ".." + portEnd);
        }
        this.host = Objects.requireNonNull(host, "host");
        this.portStart = portStart;
        this.portEnd = portEnd;
        this.jitterDepth = jitterDepth;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.group = new MultiThreadIoEventLoopGroup(threads, r -> {
            Thread t = new Thread(r, "rtp-receiver");
            t.setDaemon(true);
            return t;
        }, NioIoHandler.newFactory());
    }

    /**
     * Binds the next free port of the range for one stream. Completes with the open stream, or fails with
     * {@link IllegalStateException} when every port of the range is taken (or the receiver is closed).
     *
     * @param name names the stream in logs, e.g. {@code callId=C1 leg=caller}
     */
    public CompletableFuture<RtpStream> open(String name, AudioSink sink) {
        Objects.requireNonNull(sink, "sink");
        CompletableFuture<RtpStream> result = new CompletableFuture<>();
        tryBind(name, sink, result, portEnd - portStart + 1);
        return result;
    }

    private void tryBind(String name, AudioSink sink, CompletableFuture<RtpStream> result, int attemptsLeft) {
        int port = take();
        if (port < 0 || attemptsLeft <= 0) {
            if (port >= 0) {
                release(port);
            }
            result.completeExceptionally(new IllegalStateException("no free RTP port in " + portStart + ".."
                    + portEnd + (closed ? " (receiver closed)" : "")));
            return;
        }
        String label = name + " port=" + port;
        RtpDecoder decoder = new RtpDecoder(label, jitterDepth, clock);
        Bootstrap b = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(decoder, new SinkHandler(sink, label));
                    }
                });
        ChannelFuture bind = b.bind(host, port);
        bind.addListener(f -> {
            if (!f.isSuccess()) {
                release(port);
                log.debug("{} bind failed ({}), trying the next port", label, f.cause().toString());
                tryBind(name, sink, result, attemptsLeft - 1);
                return;
            }
            Channel ch = bind.channel();
            ch.closeFuture().addListener(c -> release(port));
            RtpStream stream = new RtpStream(port, ch, decoder);
            if (!result.complete(stream)) {
                ch.close();
            }
        });
    }

    private synchronized int take() {
        if (closed) {
            return -1;
        }
        int size = portEnd - portStart + 1;
        for (int i = 0; i < size; i++) {
            int index = (cursor + i) % size;
            if (!inUse.get(index)) {
                inUse.set(index);
                cursor = (index + 1) % size;
                return portStart + index;
            }
        }
        return -1;
    }

    private synchronized void release(int port) {
        inUse.clear(port - portStart);
    }

    /** Ports of the range not held by a stream right now. */
    public synchronized int freePorts() {
        return portEnd - portStart + 1 - inUse.cardinality();
    }

    /** Closes every stream (their ports are released) and stops the event loop. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Hands decoded frames to the sink; a failing sink is logged, never allowed to kill the stream. */
    private static final class SinkHandler extends SimpleChannelInboundHandler<PcmFrame> {
        private final AudioSink sink;
        private final String label;
        private boolean failed;

        SinkHandler(AudioSink sink, String label) {
            this.sink = sink;
            this.label = label;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, PcmFrame frame) {
            try {
                sink.onFrame(frame);
            } catch (RuntimeException e) {
                if (!failed) {
                    failed = true;
                    log.error("{} audio sink failed; later frames are still offered to it", label, e);
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            try {
                sink.onEnd();
            } catch (RuntimeException e) {
                log.error("{} audio sink failed at the end of the stream", label, e);
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("{} RTP channel error: {}", label, cause.toString());
        }
    }
}
