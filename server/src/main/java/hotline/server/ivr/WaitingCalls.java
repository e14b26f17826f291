package hotline.server.ivr;

import hotline.server.call.CallController.QueuedInfo;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Port: what the queue announcement asks the ACD about a waiting caller. Called from FastAGI threads;
 * implementations hop onto the controller's context.
 */
public interface WaitingCalls {

    /** The caller's place now; empty when the call is not waiting (offered to a seat, gone). */
    CompletableFuture<Optional<QueuedInfo>> info(String callId);

    /** The caller pressed 1: schedule the callback; completes with whether it was scheduled. */
    CompletableFuture<Boolean> acceptCallback(String callId);
}
