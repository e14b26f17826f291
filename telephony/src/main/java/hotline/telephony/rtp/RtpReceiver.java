package hotline.telephony.rtp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Clock;
import java.time.Duration;
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
    private final Duration stallAfter;
    private final Duration silenceAfter;

    /** A stream that had audio and then none for this long is reported stalled (the fork stopped sending). */
    public static final Duration DEFAULT_STALL_AFTER = Duration.ofSeconds(5);
    /**
     * A stream that had audio and then none for this long hears silence on the wall clock until packets resume
     * (ChanSpy forks nothing while the spied phone is silent; the recogniser must still hear the pause to end the
     * utterance). Four frames: beyond the arrival jitter of a fork on loopback, short enough that Vosk's
     * end-of-utterance rule (about 1.1 s of silence) ends the utterance within 1.2 s of the last word.
     */
    public static final Duration DEFAULT_SILENCE_AFTER = Duration.ofMillis(80);
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
        this(host, portStart, portEnd, jitterDepth, threads, clock, DEFAULT_STALL_AFTER);
    }

    /**
     * As {@link #RtpReceiver(String, int, int, int, int, Clock)}, with the time without packets after which a
     * stream that had audio is reported stalled ({@link RtpStream#stalled()}, one WARN; INFO when audio resumes).
     */
    public RtpReceiver(String host, int portStart, int portEnd, int jitterDepth, int threads, Clock clock,
                       Duration stallAfter) {
        this(host, portStart, portEnd, jitterDepth, threads, clock, stallAfter, DEFAULT_SILENCE_AFTER);
    }

    /**
     * As {@link #RtpReceiver(String, int, int, int, int, Clock, Duration)}, with the time without packets after which
     * silence is played to the sink on the wall clock ({@link Duration#ZERO}: never; else at least 40 ms).
     */
    public RtpReceiver(String host, int portStart, int portEnd, int jitterDepth, int threads, Clock clock,
                       Duration stallAfter, Duration silenceAfter) {
        if (silenceAfter == null || silenceAfter.isNegative()
                || (!silenceAfter.isZero() && silenceAfter.toMillis() < 40)) {
            throw new IllegalArgumentException("silenceAfter must be zero or at least 40 ms, got " + silenceAfter);
        }
        this.silenceAfter = silenceAfter;
        if (stallAfter == null || stallAfter.isNegative() || stallAfter.isZero()) {
            throw new IllegalArgumentException("stallAfter must be positive, got " + stallAfter);
        }
        this.stallAfter = stallAfter;
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
        RtpDecoder decoder = new RtpDecoder(label, jitterDepth, clock, silenceAfter);
        StallWatch stall = new StallWatch(label, stallAfter);
        Bootstrap b = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new IdleStateHandler(stallAfter.toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                                stall, decoder, new SinkHandler(sink, label));
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
            RtpStream stream = new RtpStream(port, ch, decoder, stall);
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

    /**
     * Reports a stream whose packets stopped (Asterisk's fork ended or the network dropped it) while the call goes
     * on: one WARN when nothing came for {@code stallAfter} after audio had come, one INFO when packets resume.
     * Nothing else changes: the recogniser keeps its stream open and goes on with the audio when it comes back; the
     * call's end closes it as usual.
     */
    static final class StallWatch extends ChannelInboundHandlerAdapter {
        private final String label;
        private final Duration after;
        private volatile boolean stalled;
        private boolean seen;
        private long stalls;
        private long stalledSince;

        StallWatch(String label, Duration after) {
            this.label = label;
            this.after = after;
        }

        boolean stalled() {
            return stalled;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            seen = true;
            if (stalled) {
                stalled = false;
                log.info("{} RTP resumed after {} ms without packets", label,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stalledSince) + after.toMillis());
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent e && e.state() == IdleState.READER_IDLE) {
                if (seen && !stalled) {
                    stalled = true;
                    stalls++;
                    stalledSince = System.nanoTime();
                    log.warn("{} no RTP for {} ms (stall {}): the fork stopped sending (a silent phone, or the fork"
                            + " died); silence is played to the recogniser and transcription goes on when audio comes"
                            + " back", label, after.toMillis(), stalls);
                }
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }
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
