package hotline.telephony.rtp.internal;

import hotline.telephony.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small reorder buffer for one RTP source: packets go in as they arrive and come out ordered by sequence number,
 * at most {@code depth} packets late. A packet that has not arrived when {@code depth} later ones have is declared
 * lost and comes out as a {@link Slot.Missing} (the caller conceals it). Sequence numbers are extended past the
 * 16-bit wrap (RFC 3550 appendix A.1). Late packets (already declared lost or played) and duplicates are dropped
 * and counted. A jump of more than {@code maxGap} packets is a resynchronisation, not a loss.
 *
 * <p>Not thread-safe: one stream, one thread.
 */
public final class JitterBuffer {

    /** What comes out, in order. */
    public sealed interface Slot permits Slot.Packet, Slot.Missing {
        /** A packet that arrived. */
        record Packet(RtpPacket packet) implements Slot {
        }

        /** {@code count} consecutive packets that never arrived in time. */
        record Missing(int count) implements Slot {
        }
    }

    /** A packet this far behind the play-out point is a restarted sequence, not a late packet (60 s at 20 ms). */
    private static final long RESTART_BACKWARDS = 3000;

    private final int depth;
    private final int maxGap;
    private final TreeMap<Long, RtpPacket> pending = new TreeMap<>();
    private long highest = -1;
    private long next = -1;
    private long late;
    private long duplicates;
    private long lost;
    private long resyncs;

    /**
     * @param depth  packets held back waiting for a late one, 1..50 (3 = 60 ms at 20 ms a packet)
     * @param maxGap largest gap concealed as loss; larger jumps restart the sequence
     */
    public JitterBuffer(int depth, int maxGap) {
        if (depth < 1 || depth > 50) {
            throw new IllegalArgumentException("depth must be 1..50, got " + depth);
        }
        if (maxGap < 1) {
            throw new IllegalArgumentException("maxGap must be positive, got " + maxGap);
        }
        this.depth = depth;
        this.maxGap = maxGap;
    }

    /** Adds an arrived packet; returns what can be played now, in order (often one packet, possibly nothing). */
    public List<Slot> push(RtpPacket packet) {
        List<Slot> out = new ArrayList<>(2);
        long seq = extend(packet.sequence());
        if (next < 0) {
            next = seq;
        }
        if (seq < next && next - seq <= RESTART_BACKWARDS) {
            late++;
            return out;
        }
        if (seq < next) {
            // far behind what was played: the source restarted its numbering
            resyncs++;
            drainAll(out);
            next = seq;
        }
        if (seq - next > maxGap + depth) {
            // the source jumped (restart, a new stream with the same SSRC): play what is held, start over there
            resyncs++;
            drainAll(out);
            next = seq;
        }
        if (pending.putIfAbsent(seq, packet) != null) {
            duplicates++;
            return out;
        }
        drain(out);
        while (pending.size() > depth) {
            long first = pending.firstKey();
            int missing = (int) (first - next);
            lost += missing;
            out.add(new Slot.Missing(missing));
            next = first;
            drain(out);
        }
        return out;
    }

    /** Plays out everything held (the stream ended or its source changed), gaps included; then starts over. */
    public List<Slot> flush() {
        List<Slot> out = new ArrayList<>();
        drainAll(out);
        highest = -1;
        next = -1;
        return out;
    }

    private void drainAll(List<Slot> out) {
        while (!pending.isEmpty()) {
            long first = pending.firstKey();
            if (first > next) {
                int missing = (int) (first - next);
                lost += missing;
                out.add(new Slot.Missing(missing));
                next = first;
            }
            drain(out);
        }
    }

    private void drain(List<Slot> out) {
        Map.Entry<Long, RtpPacket> e;
        while ((e = pending.firstEntry()) != null && e.getKey() == next) {
            pending.pollFirstEntry();
            out.add(new Slot.Packet(e.getValue()));
            next++;
        }
    }

    private long extend(int seq16) {
        if (highest < 0) {
            highest = seq16 + 65536L; // room below the first packet for reordered predecessors
            return highest;
        }
        int delta = (short) (seq16 - (int) (highest & 0xFFFF));
        long seq = highest + delta;
        if (seq > highest) {
            highest = seq;
        }
        return seq;
    }

    /** Packets that arrived after their slot was played or declared lost. */
    public long late() {
        return late;
    }

    /** Packets that arrived twice. */
    public long duplicates() {
        return duplicates;
    }

    /** Packets declared lost (concealed). */
    public long lost() {
        return lost;
    }

    /** Sequence jumps larger than {@code maxGap}. */
    public long resyncs() {
        return resyncs;
    }

    /** Packets held right now. */
    public int held() {
        return pending.size();
    }
}
