package hotline.routing.acd.internal;

import hotline.routing.acd.CallKind;
import hotline.routing.acd.CallPhase;
import hotline.routing.acd.Priority;
import java.time.Instant;

/** One call or task the engine holds. */
public final class CallRec {
    public final String callId;
    public final CallKind kind;
    public final long seq;
    public final Instant arrivedAt;
    public CallPhase phase;
    public QueueRt queue;
    public int tier;
    public Priority priority;
    public boolean headOfLine;
    /** Ranking key: arrival in epoch millis minus the priority's boost. */
    public long rank;
    public Instant queuedAt;
    public AgentRec agent;
    public Instant connectedAt;
    public String callerNumber;
    public String district;
    public String number;
    public String orderId;
    public boolean callbackOffered;
    /** On hold by its agent (connected calls only). */
    public boolean held;
    /** Counted as answered in its queue's figures already (a transferred call is not counted twice). */
    public boolean answeredOnce;
    public SessionRt session;
    public Timer timer;
    /** The tie-break key of this call's timers. */
    public final String timerKey;

    public CallRec(String callId, CallKind kind, long seq, Instant arrivedAt) {
        this.callId = callId;
        this.kind = kind;
        this.seq = seq;
        this.arrivedAt = arrivedAt;
        this.timerKey = "c:" + callId;
    }
}
