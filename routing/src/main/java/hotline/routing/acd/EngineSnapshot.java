package hotline.routing.acd;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The whole engine state as plain records, for persistence (Redis) and {@link AcdEngine#restore}. Lists are sorted
 * (agents by id, calls by sequence number), so equal states give equal snapshots.
 *
 * @param seq               the engine's sequence counter
 * @param agents            logged-in agents
 * @param calls             waiting, offered and connected calls and tasks
 * @param queues            queue counters
 * @param sessions          leader-session counters
 * @param recentCallers     numbers seen within the repeat-caller window
 * @param unregisteredSeats seats whose softphone is known unregistered
 * @param sessionCalls      call id to session id, for session order figures
 */
public record EngineSnapshot(long seq, List<AgentRecord> agents, List<CallRecord> calls, List<QueueCounters> queues,
                             List<SessionCounters> sessions, List<RecentCaller> recentCallers,
                             List<String> unregisteredSeats, Map<String, String> sessionCalls) {

    /**
     * One agent.
     *
     * @param agentId        id
     * @param seat           seat
     * @param skills         skill levels
     * @param status         state
     * @param reason         not-ready reason or null
     * @param registered     softphone registered
     * @param since          state entered at
     * @param idleSince      idle rank time, or null
     * @param callId         held call or null
     * @param callsToday     calls today
     * @param lastOfferSeq   round-robin rank
     * @param wrapUpEnds     wrap-up end or null
     * @param wrapUpExtended extended already
     * @param busyMillis     busy time accumulated
     * @param readyMillis    ready time accumulated
     * @param lastQueue      queue of the last handled call, or null
     * @param handleStart    when the call now in wrap-up connected, or null
     * @param returnReason   the not-ready reason to return to after an outbound attempt, or null
     */
    public record AgentRecord(String agentId, String seat, Map<String, Integer> skills, AgentStatus status,
                              String reason, boolean registered, Instant since, Instant idleSince, String callId,
                              int callsToday, long lastOfferSeq, Instant wrapUpEnds, boolean wrapUpExtended,
                              long busyMillis, long readyMillis, String lastQueue,
                              Instant handleStart, String returnReason) {
    }

    /**
     * One call or task.
     *
     * @param callId          id
     * @param kind            kind
     * @param phase           WAITING, OFFERED or CONNECTED
     * @param queueId         queue, or null for outbound
     * @param tier            highest applying tier
     * @param priority        priority
     * @param headOfLine      returned to the head
     * @param arrivedAt       arrival
     * @param queuedAt        entered the current queue
     * @param seq             sequence number
     * @param agentId         agent or null
     * @param connectedAt     connected at or null
     * @param callerNumber    caller number or null
     * @param district        district or null
     * @param number          number to dial (callback, outbound) or null
     * @param orderId         order (outbound) or null
     * @param callbackOffered whether the max-wait callback offer was made
     * @param sessionId       the leader session, or null
     * @param held            on hold by its agent
     * @param answeredOnce    counted as answered already (a transferred call)
     */
    public record CallRecord(String callId, CallKind kind, CallPhase phase, String queueId, int tier,
                             Priority priority, boolean headOfLine, Instant arrivedAt, Instant queuedAt, long seq,
                             String agentId, Instant connectedAt, String callerNumber, String district, String number,
                             String orderId, boolean callbackOffered, String sessionId, boolean held,
                             boolean answeredOnce) {
    }

    /**
     * Counters of one queue.
     *
     * @param queueId            queue
     * @param answered           answered
     * @param answeredInTarget   within target
     * @param abandoned          abandoned
     * @param handled            handled (finished wrap-up)
     * @param handleMillis       total handle time
     * @param callbacksOffered   callback offers
     * @param callbacksScheduled callbacks accepted
     */
    public record QueueCounters(String queueId, long answered, long answeredInTarget, long abandoned, long handled,
                                long handleMillis, long callbacksOffered, long callbacksScheduled) {
    }

    /**
     * Counters of one session.
     *
     * @param sessionId         session
     * @param running           announced as running
     * @param ended             announced as ended
     * @param received          received
     * @param answeredByLeaders by leaders
     * @param answeredByOthers  by others
     * @param callbacksMade     callbacks made
     * @param ordersCreated     orders created
     */
    public record SessionCounters(String sessionId, boolean running, boolean ended, long received,
                                  long answeredByLeaders, long answeredByOthers, long callbacksMade,
                                  long ordersCreated) {
    }

    /**
     * A number seen recently.
     *
     * @param number the caller number
     * @param at     its last call
     */
    public record RecentCaller(String number, Instant at) {
    }
}
