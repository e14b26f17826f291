package hotline.routing.acd.internal;

import hotline.routing.acd.AgentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One logged-in agent. */
public final class AgentRec {
    public final String agentId;
    public final String seat;
    public Map<String, Integer> skills;
    public AgentStatus status;
    public String reason;
    public boolean registered;
    public Instant since;
    /** The idle rank: when the agent last became ready after a call; kept while reserved. */
    public Instant idleSince;
    public CallRec call;
    /** The finished call's id during wrap-up, for display. */
    public String wrapCallId;
    public int callsToday;
    public long lastOfferSeq;
    public Instant wrapUpEnds;
    public boolean wrapUpExtended;
    public long busyMillis;
    public long readyMillis;
    public QueueRt lastQueue;
    public Instant handleStart;
    public String returnReason;
    public Timer timer;
    /** The tie-break key of this agent's timers. */
    public final String timerKey;
    /** Whether the agent is in the ready sets of its tiers. */
    public boolean indexed;
    /** Whether the agent counts towards the staffed figure of its queues. */
    public boolean counted;
    /** Tiers this agent qualifies for. */
    public final List<TierRt> tiers = new ArrayList<>();
    /** Per queue index: the lowest tier this agent qualifies for, or Integer.MAX_VALUE. */
    public int[] minTier;
    /** Per global tier index: the sum of the agent's levels in the tier's skills. */
    public int[] weight;
    /** Queues (by index, ascending) this agent qualifies for. */
    public int[] servable;

    public AgentRec(String agentId, String seat) {
        this.agentId = agentId;
        this.seat = seat;
        this.timerKey = "a:" + agentId;
    }
}
