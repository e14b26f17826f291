package hotline.routing.acd;

import java.time.Duration;
import java.time.Instant;

/**
 * What an {@link AcdEngine} operation caused. Records named as decisions ({@link CallOffered}, {@link CallbackDial},
 * {@link OutboundDial}, {@link CallbackOffered}) ask the adapter to act on telephony; the others report state
 * changes for logs, timelines and the wallboard.
 */
public sealed interface AcdEvent {

    /**
     * When it happened.
     *
     * @return the instant passed to the operation
     */
    Instant at();

    /**
     * An agent changed state.
     *
     * @param agentId the agent
     * @param seat    the seat
     * @param from    the previous state
     * @param to      the new state
     * @param reason  the not-ready reason, or null
     * @param at      when
     */
    record AgentStateChanged(String agentId, String seat, AgentStatus from, AgentStatus to, String reason, Instant at)
            implements AcdEvent {
    }

    /**
     * The agent extended their wrap-up (once per call).
     *
     * @param agentId the agent
     * @param ends    the new end of wrap-up
     * @param at      when
     */
    record WrapUpExtended(String agentId, Instant ends, Instant at) implements AcdEvent {
    }

    /**
     * The agent's softphone registered or unregistered (Asterisk contact/device state).
     *
     * @param agentId    the agent
     * @param seat       the seat
     * @param registered whether it is reachable now
     * @param at         when
     */
    record SoftphoneChanged(String agentId, String seat, boolean registered, Instant at) implements AcdEvent {
    }

    /**
     * A call (or callback task) is waiting in a queue.
     *
     * @param callId        the call
     * @param queueId       the queue
     * @param priority      its priority
     * @param position      1-based position in the queue
     * @param estimatedWait the estimated wait, for the caller announcement
     * @param at            when
     */
    record CallQueued(String callId, String queueId, Priority priority, int position, Duration estimatedWait,
                      Instant at) implements AcdEvent {
    }

    /**
     * Decision: ring the agent's seat with this inbound call. The agent is reserved.
     *
     * @param callId  the call
     * @param agentId the agent
     * @param seat    the seat to ring
     * @param queueId the queue it came from
     * @param at      when
     */
    record CallOffered(String callId, String agentId, String seat, String queueId, Instant at) implements AcdEvent {
    }

    /**
     * Decision: a callback task's turn came; ring the agent's seat, then dial the citizen. The agent is reserved.
     *
     * @param taskId  the callback task
     * @param agentId the agent
     * @param seat    the seat
     * @param number  the citizen's number
     * @param at      when
     */
    record CallbackDial(String taskId, String agentId, String seat, String number, Instant at) implements AcdEvent {
    }

    /**
     * Decision: the agent places a call from the seat (a leader's callback about an earlier order).
     *
     * @param taskId  the outbound call id
     * @param agentId the agent
     * @param seat    the seat
     * @param number  the number to dial
     * @param orderId the order it concerns, or null
     * @param at      when
     */
    record OutboundDial(String taskId, String agentId, String seat, String number, String orderId, Instant at)
            implements AcdEvent {
    }

    /**
     * The agent answered; the call is connected.
     *
     * @param callId  the call or task
     * @param agentId the agent
     * @param at      when
     */
    record CallConnected(String callId, String agentId, Instant at) implements AcdEvent {
    }

    /**
     * The offer failed; the call is back at the head of its queue.
     *
     * @param callId  the call
     * @param agentId the agent it had been offered to
     * @param failure why
     * @param at      when
     */
    record CallRequeued(String callId, String agentId, OfferFailure failure, Instant at) implements AcdEvent {
    }

    /**
     * A waiting call's skill requirement widened to another tier.
     *
     * @param callId  the call
     * @param queueId its queue
     * @param tier    the highest tier now applying
     * @param at      when
     */
    record CallWidened(String callId, String queueId, int tier, Instant at) implements AcdEvent {
    }

    /**
     * A waiting call moved to another queue, keeping its place by age.
     *
     * @param callId the call
     * @param from   the queue it left
     * @param to     the queue it joined
     * @param cause  {@code overflow}, {@code session-start}, {@code session-end}, {@code district} or
     *               {@code supervisor}
     * @param at     when
     */
    record CallMoved(String callId, String from, String to, String cause, Instant at) implements AcdEvent {
    }

    /**
     * Decision: offer the caller a callback (prompt and DTMF). The caller keeps waiting unless they accept.
     *
     * @param callId  the call
     * @param queueId its queue
     * @param cause   {@code queue-full} or {@code max-wait}
     * @param at      when
     */
    record CallbackOffered(String callId, String queueId, String cause, Instant at) implements AcdEvent {
    }

    /**
     * The caller accepted a callback: the call is over, and a callback task keeps its place.
     *
     * @param callId  the inbound call
     * @param taskId  the callback task now waiting in the callbacks queue
     * @param number  the number to call back
     * @param at      when
     */
    record CallbackScheduled(String callId, String taskId, String number, Instant at) implements AcdEvent {
    }

    /**
     * The call ended before an agent talked to it (hang-up while waiting or ringing; failed callback dial).
     *
     * @param callId  the call
     * @param queueId the queue it was in, or null for an outbound call
     * @param at      when
     */
    record CallAbandoned(String callId, String queueId, Instant at) implements AcdEvent {
    }

    /**
     * A connected call ended.
     *
     * @param callId  the call
     * @param agentId the agent who handled it
     * @param at      when
     */
    record CallFinished(String callId, String agentId, Instant at) implements AcdEvent {
    }

    /**
     * A leader session started or ended.
     *
     * @param sessionId the session
     * @param district  its district
     * @param running   true when it started, false when it ended
     * @param at        when
     */
    record SessionChanged(String sessionId, String district, boolean running, Instant at) implements AcdEvent {
    }

    /**
     * A supervisor operation was applied: the audit record.
     *
     * @param supervisorId who
     * @param action       {@code force-state}, {@code move-call}, {@code assign-call}, {@code change-priority},
     *                     {@code set-skills}
     * @param subject      the agent or call acted on
     * @param detail       what changed, e.g. {@code READY -> NOT_READY (meeting)}
     * @param at           when
     */
    record Audited(String supervisorId, String action, String subject, String detail, Instant at) implements AcdEvent {
    }

    /**
     * The agent put the connected caller on hold (the caller hears music; the call stays connected with the agent).
     *
     * @param callId  the call
     * @param agentId the agent
     * @param at      when
     */
    record CallHeld(String callId, String agentId, Instant at) implements AcdEvent {
    }

    /**
     * The agent took the held caller back.
     *
     * @param callId  the call
     * @param agentId the agent
     * @param at      when
     */
    record CallResumed(String callId, String agentId, Instant at) implements AcdEvent {
    }

    /**
     * Decision: the agent transferred the connected call, to a queue (the call waits there again, keeping its id,
     * arrival and priority) or to a colleague (a {@link CallOffered} to that agent follows). The transferring agent
     * leaves the call (wrap-up). The adapter takes the caller away from the agent's seat.
     *
     * @param callId      the call
     * @param fromAgentId the agent who transferred it
     * @param queueId     the queue it waits in now (for a colleague: its own queue, where it returns if unanswered)
     * @param toAgentId   the colleague it is offered to, or null for a transfer to a queue
     * @param at          when
     */
    record CallTransferred(String callId, String fromAgentId, String queueId, String toAgentId, Instant at)
            implements AcdEvent {
    }
}
