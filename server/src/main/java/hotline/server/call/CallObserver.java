package hotline.server.call;

import hotline.routing.acd.Priority;
import java.time.Instant;

/**
 * Told by the {@link CallController} when a call is answered by an agent and when it ends, for features that follow
 * calls without steering them (live transcription). Called on the controller's context; implementations must return
 * at once and never throw (their failures must not disturb call control).
 */
public interface CallObserver {

    /** Observes nothing. */
    CallObserver NONE = new CallObserver() {
    };

    /** An agent answered: caller and seat are talking. */
    default void callAnswered(AnsweredCall call) {
    }

    /** The call is over (for any reason, answered or not). */
    default void callEnded(String callId) {
    }

    /**
     * @param uniqueId      the caller's channel uniqueid
     * @param channel       the caller's channel name
     * @param agentUniqueId the seat leg's uniqueid, or null when not known
     * @param callerNumber  the caller ID number, or null when none (or not known after a restart)
     * @param priority      the call's routing priority (live transcription admits streams by it)
     * @param language      the caller's menu language (the call record's {@code ivr.language}), or null when the
     *                      caller chose none (live transcription picks the model by it)
     */
    record AnsweredCall(String callId, String uniqueId, String channel, String agentId, String seat,
                        String agentUniqueId, Instant at, String callerNumber, Priority priority, String language) {
        public AnsweredCall {
            priority = priority == null ? Priority.NORMAL : priority;
        }

        /** A call without a menu language. */
        public AnsweredCall(String callId, String uniqueId, String channel, String agentId, String seat,
                            String agentUniqueId, Instant at, String callerNumber, Priority priority) {
            this(callId, uniqueId, channel, agentId, seat, agentUniqueId, at, callerNumber, priority, null);
        }

        /** A call without caller number, of normal priority. */
        public AnsweredCall(String callId, String uniqueId, String channel, String agentId, String seat,
                            String agentUniqueId, Instant at) {
            this(callId, uniqueId, channel, agentId, seat, agentUniqueId, at, null, Priority.NORMAL, null);
        }
    }
}
