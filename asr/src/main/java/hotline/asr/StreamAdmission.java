package hotline.asr;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which streams get a recogniser when there are more than the node's capacity ({@link AsrCapacity}).
 *
 * <p>Below capacity every stream is admitted. At capacity, a stream of higher priority than the lowest admitted one
 * takes that one's place (the newest among equals, so the older keeps its transcript going); otherwise it is
 * skipped and counted. Equal priority never preempts: first come, first served. Pure and deterministic; not
 * thread-safe (confine it to one thread, as the server does to its event loop).
 */
public final class StreamAdmission {

    /** The answer to a request. */
    public sealed interface Decision permits Admit, Preempt, Skip {
    }

    /** Transcribe it. */
    public record Admit() implements Decision {
    }

    /** Transcribe it and stop transcribing {@code victim} (a key admitted earlier, now released). */
    public record Preempt(String victim) implements Decision {
    }

    /** Do not transcribe it: the node is full of streams at least as important. */
    public record Skip(int capacity) implements Decision {
    }

    /** The highest call level {@link #priority} takes (a leader-session call); 0 is an ordinary call. */
    public static final int MAX_CALL_LEVEL = 3;

    private final int capacity;
    private final Map<String, Integer> admitted = new LinkedHashMap<>();
    private long skipped;
    private long preempted;

    public StreamAdmission(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * The priority of one speaker's stream of a call, for {@link #request}: every caller's voice before every agent's
     * (the caller's words make the draft order), and among callers (and among agents) the more important call first.
     * So with {@code callLevel} 3 leader session, 2 urgent, 1 repeat caller, 0 normal: a leader-session caller (8)
     * &gt; an urgent caller (7) &gt; a repeat caller (6) &gt; a normal caller (5) &gt; a leader-session agent (4)
     * &gt; ... &gt; a normal call's agent (1).
     *
     * @param callLevel 0..{@link #MAX_CALL_LEVEL}, higher is more important
     * @throws IllegalArgumentException when {@code callLevel} is out of range
     */
    public static int priority(Speaker speaker, int callLevel) {
        if (callLevel < 0 || callLevel > MAX_CALL_LEVEL) {
            throw new IllegalArgumentException("callLevel must be 0.." + MAX_CALL_LEVEL + ", got " + callLevel);
        }
        int base = speaker == Speaker.CALLER ? MAX_CALL_LEVEL + 2 : 1;
        return base + callLevel;
    }

    /**
     * Asks for a recogniser for {@code key} (e.g. {@code <callId>/caller}).
     *
     * @param priority higher is more important (e.g. an urgent caller above a normal caller above an agent leg)
     */
    public Decision request(String key, int priority) {
        if (admitted.containsKey(key)) {
            return new Admit();
        }
        if (admitted.size() < capacity) {
            admitted.put(key, priority);
            return new Admit();
        }
        String victim = null;
        int lowest = Integer.MAX_VALUE;
        for (Map.Entry<String, Integer> e : admitted.entrySet()) {
            // <= : among equals the later-admitted (newer) stream is the victim
            if (e.getValue() <= lowest) {
                lowest = e.getValue();
                victim = e.getKey();
            }
        }
        if (victim != null && lowest < priority) {
            admitted.remove(victim);
            admitted.put(key, priority);
            preempted++;
            return new Preempt(victim);
        }
        skipped++;
        return new Skip(capacity);
    }

    /** The stream ended (or failed to start): its place is free. Unknown keys are ignored. */
    public void release(String key) {
        admitted.remove(key);
    }

    /** Streams admitted now. */
    public int active() {
        return admitted.size();
    }

    /** The most streams admitted at once. */
    public int capacity() {
        return capacity;
    }

    /** Requests turned down since the start. */
    public long skipped() {
        return skipped;
    }

    /** Streams stopped to make room for more important ones. */
    public long preempted() {
        return preempted;
    }
}
