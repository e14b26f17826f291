package hotline.telephony.rtp;

import hotline.telephony.rtp.internal.JitterBuffer;
import hotline.telephony.rtp.internal.JitterBuffer.Slot;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the RTP datagrams of one forked stream into ordered {@link PcmFrame}s: parses the header (RFC 3550),
 * discards and counts anything that is not RTP, reorders through a small {@link JitterBuffer}, conceals lost packets
 * with silence, decodes G.711 μ-law/A-law, restarts cleanly when the source changes its SSRC, and measures the
 * audio received against wall-clock time (WARN when a 5 s window falls below {@value #MIN_AUDIO_RATIO}).
 *
 * <p>One instance per stream (per channel): it keeps the stream's state. It never throws on bad input. When the
 * channel goes inactive it plays out what the jitter buffer still holds.
 */
public final class RtpDecoder extends MessageToMessageDecoder<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(RtpDecoder.class);

    /** Below this received-audio / wall-clock ratio the stream is degraded (ChanSpy drops frames when starved). */
    public static final double MIN_AUDIO_RATIO = 0.95;
    private static final long WINDOW_MS = 5000;
    private static final long FRAME_MS = 20;
    /** Concealment never invents more than this many packets (2 s) for one gap. */
    private static final int MAX_GAP = 100;

    private final String stream;
    private final Clock clock;
    private final JitterBuffer jitter;
    private long ssrc = -1;
    private long offset;
    private int lastFrameSamples = 160;
    private long packets;
    private long garbage;
    private long unsupported;
    private long ssrcChanges;
    private long receivedSamples;
    private long firstArrival = -1;
    private long lastArrival;
    private long windowStart;
    private long windowSamples;
    private volatile boolean degraded;
    private volatile RtpStreamStats stats = new RtpStreamStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0);

    /**
     * @param stream      names the stream in logs, e.g. {@code callId=C1 leg=caller port=30000}
     * @param jitterDepth packets held back for reordering, 1..50
     */
    public RtpDecoder(String stream, int jitterDepth, Clock clock) {
        super(DatagramPacket.class);
        this.stream = Objects.requireNonNull(stream, "stream");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jitter = new JitterBuffer(jitterDepth, MAX_GAP);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket msg, List<Object> out) {
        RtpParse parsed = RtpPacket.parse(msg.content());
        if (parsed instanceof RtpParse.Invalid invalid) {
            garbage++;
            if (garbage == 1 || garbage % 1000 == 0) {
                log.warn("{} discarded a datagram from {} that is not RTP ({} so far): {}", stream, msg.sender(),
                        garbage, invalid.reason());
            }
            publish();
            return;
        }
        RtpPacket packet = (RtpPacket) parsed;
        if (packet.payloadType() != G711.PCMU && packet.payloadType() != G711.PCMA) {
            unsupported++;
            if (unsupported == 1) {
                log.info("{} ignoring RTP payload type {} (only PCMU 0 and PCMA 8 are decoded)", stream,
                        packet.payloadType());
            }
            publish();
            return;
        }
        if (packet.ssrc() != ssrc) {
            if (ssrc >= 0) {
                ssrcChanges++;
                log.info("{} SSRC changed 0x{} -> 0x{}: playing out the old source and starting over", stream,
                        Long.toHexString(ssrc), Long.toHexString(packet.ssrc()));
                play(jitter.flush(), out);
            }
            ssrc = packet.ssrc();
        }
        packets++;
        arrived(packet.payload().length);
        play(jitter.push(packet), out);
        publish();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        List<Slot> rest = jitter.flush();
        if (!rest.isEmpty()) {
            java.util.ArrayList<Object> out = new java.util.ArrayList<>();
            play(rest, out);
            for (Object frame : out) {
                ctx.fireChannelRead(frame);
            }
            ctx.fireChannelReadComplete();
        }
        publish();
        super.channelInactive(ctx);
    }

    private void play(List<Slot> slots, List<Object> out) {
        for (Slot slot : slots) {
            if (slot instanceof Slot.Packet p) {
                short[] pcm = new short[p.packet().payload().length];
                G711.decode(p.packet().payloadType(), p.packet().payload(), pcm);
                out.add(new PcmFrame(offset, pcm, false));
                offset += pcm.length;
                lastFrameSamples = pcm.length == 0 ? lastFrameSamples : pcm.length;
            } else if (slot instanceof Slot.Missing m) {
                for (int i = 0; i < m.count(); i++) {
                    out.add(new PcmFrame(offset, new short[lastFrameSamples], true));
                    offset += lastFrameSamples;
                }
            }
        }
    }

    private void arrived(int samples) {
        long now = clock.millis();
        receivedSamples += samples;
        if (firstArrival < 0) {
            firstArrival = now;
            windowStart = now - FRAME_MS; // the first packet's audio began one frame before it arrived
        }
        lastArrival = now;
        windowSamples += samples;
        long elapsed = now - windowStart;
        if (elapsed >= WINDOW_MS) {
            double ratio = windowSamples / (PcmFrame.SAMPLE_RATE / 1000.0) / elapsed;
            if (ratio < MIN_AUDIO_RATIO && !degraded) {
                degraded = true;
                log.warn("{} received {} ms of audio in {} ms of wall-clock time (ratio {}, below {}): the fork is"
                        + " dropping frames, transcripts will have gaps", stream, windowSamples / 8, elapsed,
                        String.format(java.util.Locale.ROOT, "%.2f", ratio), MIN_AUDIO_RATIO);
            } else if (ratio >= MIN_AUDIO_RATIO && degraded) {
                degraded = false;
                log.info("{} audio back to real time (ratio {})", stream,
                        String.format(java.util.Locale.ROOT, "%.2f", ratio));
            }
            windowStart = now;
            windowSamples = 0;
        }
    }

    private void publish() {
        double received = receivedSamples / (double) PcmFrame.SAMPLE_RATE;
        double wall = firstArrival < 0 ? 0 : (lastArrival - firstArrival + FRAME_MS) / 1000.0;
        stats = new RtpStreamStats(packets, garbage, unsupported, jitter.late(), jitter.duplicates(),
                jitter.lost(), ssrcChanges, received, wall, wall == 0 ? 1.0 : received / wall);
    }

    /** The stream's counters now; safe to call from any thread. */
    public RtpStreamStats stats() {
        return stats;
    }

    /** True while the latest 5 s window was below {@link #MIN_AUDIO_RATIO}. */
    public boolean degraded() {
        return degraded;
    }
}
