package hotline.server.call;

import hotline.telephony.AudioFork;
import hotline.telephony.TelephonyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link AudioFork} over several boxes ({@code hotline.boxes}): the fork (ChanSpy on a UnicastRTP channel) runs on
 * the box of the spied channel, named by its uniqueid ({@link BoxDirectory#boxOfUniqueId}): the caller's own box for
 * the citizen's voice, the seat's box for the agent's. Stopping asks every box (the fork's channel exists on one) and
 * succeeds if one of them did.
 *
 * <p>{@link BoxDirectory#boxOfUniqueId} reads only configuration, so this may be called from any thread.
 */
public final class BoxAudioFork implements AudioFork {
    private final Map<String, AudioFork> forks;
    private final BoxDirectory boxes;

    /** @param forks each box's fork, by box id */
    public BoxAudioFork(Map<String, AudioFork> forks, BoxDirectory boxes) {
        this.forks = Map.copyOf(forks);
        this.boxes = boxes;
    }

    @Override
    public CompletionStage<Void> start(String uniqueId, String host, int port) {
        AudioFork fork = forks.get(boxes.boxOfUniqueId(uniqueId));
        return fork == null ? CompletableFuture.failedFuture(new TelephonyException("no AMI session for the box of "
                + uniqueId)) : fork.start(uniqueId, host, port);
    }

    @Override
    public CompletionStage<Void> stop(String host, int port) {
        List<CompletableFuture<Boolean>> each = new ArrayList<>();
        for (String id : boxes.ids()) {
            AudioFork f = forks.get(id);
            if (f != null) {
                each.add(f.stop(host, port).toCompletableFuture().handle((v, err) -> err == null));
            }
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            boolean any = each.stream().anyMatch(CompletableFuture::join);
            return any ? CompletableFuture.<Void>completedFuture(null) : CompletableFuture.<Void>failedFuture(
                    new TelephonyException("no box has a fork to " + host + ":" + port));
        });
    }
}
