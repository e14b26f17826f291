package hotline.telephony.rtp;

import hotline.telephony.rtp.internal.JitterBuffer;
import hotline.telephony.rtp.internal.JitterBuffer.Slot;
import hotline.telephony.rtp.internal.SilencePacer;
import hotline.telephony.rtp.internal.SilentDropDetector;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the RTP datagrams of one forked stream into ordered {@link PcmFrame}s: parses the header (RFC 3550),
 * discards and counts anything that is not RTP, reorders through a small {@link JitterBuffer}, conceals lost packets
 * with silence, decodes G.711 μ-law/A-law, restarts cleanly when the source changes its SSRC, and measures the
 * audio received against wall-clock time (WARN when a 5 s window falls below {@value #MIN_AUDIO_RATIO}). Frames the
 * sender left out without a sequence gap (ChanSpy under CPU pressure) are found from arrival times
 * ({@link SilentDropDetector}) and filled with the previous frame, so the audio keeps the call's time line.
 * When the sender sends nothing at all for longer than the silence hold-off (ChanSpy forks nothing while the spied
 * phone sends no RTP), silence is played out on the wall clock ({@link SilencePacer}), so the recogniser hears the
 * pause that ends an utterance; that silence is counted apart and left out of the audio ratio.
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
    /** The largest payload accepted: 200 ms of G.711 (Asterisk's fork sends 20 ms, 160 bytes). */
    public static final int MAX_PAYLOAD = 1600;

    private final String stream;
    private final Clock clock;
    private final JitterBuffer jitter;
    private long ssrc = -1;
    // the first packet of a new SSRC, on probation (RFC 3550 A.1)
    private RtpPacket candidate;
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
    private volatile RtpStreamStats stats = new RtpStreamStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0, 0, 0, 0);
    private long timestampGaps;
    private long senderDrops;
    private long timestampGapSamples;
    private long nextTimestamp = -1;
    // frames the sender skipped before a packet (by sequence number), filled with the previous frame when it plays
    private final java.util.Map<Integer, Integer> dropsBefore = new java.util.HashMap<>();
    private final SilentDropDetector drops = new SilentDropDetector(16, 10, PcmFrame.SAMPLE_RATE);
    private short[] lastPcm = new short[160];
    // null: no silence play-out
    private final SilencePacer silence;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> ticker;
    private long silenceExcludedMs;
    private long windowExcludedMs;
    private int newestSeq = -1;
    private long newestTimestamp;
    private int newestSamples;

    /**
     * @param stream      names the stream in logs, e.g. {@code callId=C1 leg=caller port=30000}
     * @param jitterDepth packets held back for reordering, 1..50
     */
    public RtpDecoder(String stream, int jitterDepth, Clock clock) {
        this(stream, jitterDepth, clock, Duration.ZERO);
    }

    /**
     * As {@link #RtpDecoder(String, int, Clock)}, playing silence on the wall clock once nothing came for
     * {@code silenceAfter} (checked every 20 ms on the channel's event loop); {@link Duration#ZERO}: never.
     *
     * @param silenceAfter zero, or at least 40 ms (more than the arrival jitter of a healthy stream: 80 ms is the
     *                     receiver's default)
     */
    public RtpDecoder(String stream, int jitterDepth, Clock clock, Duration silenceAfter) {
        super(DatagramPacket.class);
        this.stream = Objects.requireNonNull(stream, "stream");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jitter = new JitterBuffer(jitterDepth, MAX_GAP);
        if (silenceAfter == null || silenceAfter.isNegative()) {
            throw new IllegalArgumentException("silenceAfter must be zero or positive, got " + silenceAfter);
        }
        this.silence = silenceAfter.isZero() ? null : new SilencePacer(silenceAfter.toMillis(), FRAME_MS);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        if (silence != null) {
            ticker = ctx.executor().scheduleAtFixedRate(this::tick, FRAME_MS, FRAME_MS, TimeUnit.MILLISECONDS);
        }
        super.handlerAdded(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        stopTicker();
        super.handlerRemoved(ctx);
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }

    /**
     * The wall clock's tick (every 20 ms on the channel's event loop; tests call it with a fake clock): plays the
     * silence owed while the sender sends nothing.
     */
    void tick() {
        if (silence == null || ctx == null || !ctx.channel().isActive()) {
            return;
        }
        boolean starting = !silence.silent();
        int frames = silence.tick(clock.millis());
        if (frames == 0) {
            return;
        }
        java.util.ArrayList<Object> out = new java.util.ArrayList<>();
        if (starting) {
            // play what the jitter buffer holds first: nothing more will come to complete it
            play(jitter.flush(), out);
            nextTimestamp = -1; // the sender re-stamps after a pause: not a gap in its audio
            log.debug("{} no RTP for {} ms: playing silence on the wall clock", stream,
                    clock.millis() - lastArrival);
        }
        silence(frames, out);
        for (Object frame : out) {
            ctx.fireChannelRead(frame);
        }
        ctx.fireChannelReadComplete();
        publish();
    }

    private void silence(int frames, List<Object> out) {
        for (int i = 0; i < frames; i++) {
            out.add(new PcmFrame(offset, new short[lastFrameSamples], true));
            offset += lastFrameSamples;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket msg, List<Object> out) {
        RtpParse parsed = RtpPacket.parse(msg.content());
        if (parsed instanceof RtpParse.Invalid invalid) {
            discard(msg, invalid.reason());
            return;
        }
        RtpPacket packet = (RtpPacket) parsed;
        if (packet.payload().length > MAX_PAYLOAD) {
            // Netty reads at most 2048 bytes of a datagram: a huge one arrives cut, never as minutes of "audio"
            discard(msg, "payload of " + packet.payload().length + " bytes is more than " + MAX_PAYLOAD
                    + " (200 ms of G.711): not a fork's packet");
            return;
        }
        if (packet.payloadType() != G711.PCMU && packet.payloadType() != G711.PCMA) {
            unsupported++;
            if (unsupported == 1) {
                log.info("{} ignoring RTP payload type {} (only PCMU 0 and PCMA 8 are decoded)", stream,
                        packet.payloadType());
            }
            publish();
            return;
        }
        if (packet.ssrc() != ssrc && ssrc >= 0) {
            // RFC 3550 A.1: a new source is on probation until a second packet in sequence comes from it, so a
            // stray datagram that happens to look like RTP does not restart the stream
            if (candidate == null || candidate.ssrc() != packet.ssrc()
                    || packet.sequence() != ((candidate.sequence() + 1) & 0xFFFF)) {
                if (candidate != null) {
                    discard(msg, "a single packet from SSRC 0x" + Long.toHexString(candidate.ssrc())
                            + " while 0x" + Long.toHexString(ssrc) + " is playing");
                }
                candidate = packet;
                publish();
                return;
            }
        } else if (candidate != null) {
            discard(msg, "a single packet from SSRC 0x" + Long.toHexString(candidate.ssrc()) + " while 0x"
                    + Long.toHexString(ssrc) + " is playing");
            candidate = null;
        }
        RtpPacket held = null;
        if (packet.ssrc() != ssrc) {
            held = candidate;
            candidate = null;
            if (ssrc >= 0) {
                ssrcChanges++;
                log.info("{} SSRC changed 0x{} -> 0x{}: playing out the old source and starting over", stream,
                        Long.toHexString(ssrc), Long.toHexString(packet.ssrc()));
                play(jitter.flush(), out);
                nextTimestamp = -1;
                dropsBefore.clear();
                drops.reset();
                if (silence != null) {
                    silence.reset();
                }
                newestSeq = -1;
            }
            ssrc = packet.ssrc();
        }
        if (held != null) {
            accept(held, out);
        }
        accept(packet, out);
        publish();
    }

    private void accept(RtpPacket packet, List<Object> out) {
        packets++;
        long now = clock.millis();
        boolean newest = newestSeq < 0 || (short) (packet.sequence() - newestSeq) > 0;
        if (silence != null && newest) {
            boolean wasSilent = silence.silent();
            int topUp = silence.arrived(now);
            if (wasSilent) {
                // the rest of the gap the hold-off held back; the gap is filled once: the drop detector starts
                // measuring again from this packet instead of blaming the gap on the sender
                silence(topUp, out);
                drops.reset();
                // leave the pause out of the audio ratio, as far as the sender's own clock says it paused
                // (Asterisk re-stamps its RTP from the wall clock after a pause; a sender that merely dropped frames
                // keeps its timestamps contiguous and still shows in the ratio)
                if (packet.sequence() == ((newestSeq + 1) & 0xFFFF)) {
                    long skipped = ((packet.timestamp() - newestTimestamp - newestSamples) & 0xFFFFFFFFL);
                    if (skipped < 0x80000000L) {
                        long pausedMs = Math.min(skipped / (PcmFrame.SAMPLE_RATE / 1000),
                                Math.max(0, now - lastArrival - FRAME_MS));
                        silenceExcludedMs += pausedMs;
                        windowExcludedMs += pausedMs;
                    }
                }
            }
        }
        if (newest) {
            newestSeq = packet.sequence();
            newestTimestamp = packet.timestamp();
            newestSamples = packet.payload().length;
        }
        arrived(packet.payload().length);
        int dropped = drops.arrived(now, packet.sequence(), packet.payload().length);
        if (dropped > 0 && dropsBefore.size() < 1000) {
            dropsBefore.merge(packet.sequence(), dropped, Integer::sum);
        }
        play(jitter.push(packet), out);
    }

    private void discard(DatagramPacket msg, String reason) {
        garbage++;
        if (garbage == 1 || garbage % 1000 == 0) {
            log.warn("{} discarded a datagram from {} that is not RTP ({} so far): {}", stream, msg.sender(),
                    garbage, reason);
        }
        publish();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stopTicker();
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
                if (nextTimestamp >= 0) {
                    int skipped = (int) (p.packet().timestamp() - nextTimestamp); // 32-bit wrap, RFC 3550 §5.1
                    if (skipped > 0 && skipped <= MAX_GAP * lastFrameSamples) {
                        timestampGaps++;
                        timestampGapSamples += skipped;
                    }
                }
                nextTimestamp = (p.packet().timestamp() + p.packet().payload().length) & 0xFFFFFFFFL;
                Integer skipped = dropsBefore.remove(p.packet().sequence());
                if (skipped != null) {
                    // Repeating the previous frame costs recognition far less than silence or a splice (./hotline
                    // bench asr-loss: 20 % lost frames, WER 0.250 repeated vs 0.304 spliced, 0.541 silence). A long
                    // gap is more likely no media at all than dropped frames: repeat once, then at half level, then
                    // silence (as G.711 Appendix I fades its concealment), never a buzz of one frame.
                    for (int i = 0; i < skipped; i++) {
                        short[] fill = i == 0 ? lastPcm.clone() : i == 1 ? half(lastPcm) : new short[lastPcm.length];
                        out.add(new PcmFrame(offset, fill, true));
                        offset += fill.length;
                    }
                    senderDrops += skipped;
                }
                short[] pcm = new short[p.packet().payload().length];
                G711.decode(p.packet().payloadType(), p.packet().payload(), pcm);
                out.add(new PcmFrame(offset, pcm, false));
                offset += pcm.length;
                if (pcm.length > 0) {
                    lastFrameSamples = pcm.length;
                    lastPcm = pcm;
                }
            } else if (slot instanceof Slot.Missing m) {
                if (nextTimestamp >= 0) {
                    nextTimestamp = (nextTimestamp + (long) m.count() * lastFrameSamples) & 0xFFFFFFFFL;
                }
                for (int i = 0; i < m.count(); i++) {
                    out.add(new PcmFrame(offset, new short[lastFrameSamples], true));
                    offset += lastFrameSamples;
                }
            }
        }
    }

    private static short[] half(short[] pcm) {
        short[] out = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = (short) (pcm[i] / 2);
        }
        return out;
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
        long elapsed = now - windowStart - windowExcludedMs;
        if (now - windowStart >= WINDOW_MS && elapsed > 0) {
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
            windowExcludedMs = 0;
        }
    }

    private void publish() {
        double received = receivedSamples / (double) PcmFrame.SAMPLE_RATE;
        double wall = firstArrival < 0 ? 0
                : Math.max(FRAME_MS, lastArrival - firstArrival + FRAME_MS - silenceExcludedMs) / 1000.0;
        long silent = silence == null ? 0 : silence.filledFrames();
        stats = new RtpStreamStats(packets, garbage, unsupported, jitter.late(), jitter.duplicates(),
                jitter.lost(), senderDrops, ssrcChanges, timestampGaps, timestampGapSamples / (double) PcmFrame.SAMPLE_RATE,
                received, wall, wall == 0 ? 1.0 : received / wall, silent,
                silence == null ? 0 : silence.overfilledFrames(), silenceExcludedMs / 1000.0);
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
