package hotline.server.call;

import hotline.telephony.CallControl;
import io.vertx.core.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A {@link CallControl} whose stages complete on a given Vert.x context (the controller's). */
public final class ContextCallControl implements CallControl {
    private final CallControl delegate;
    private final Context context;

    public ContextCallControl(CallControl delegate, Context context) {
        this.delegate = delegate;
        this.context = context;
    }

    @Override
    public CompletionStage<Void> offerToSeat(String channel, String seat) {
        return onContext(delegate.offerToSeat(channel, seat));
    }

    @Override
    public CompletionStage<Void> hangup(String channel) {
        return onContext(delegate.hangup(channel));
    }

    @Override
    public CompletionStage<Void> redirect(String channel, String context, String exten) {
        return onContext(delegate.redirect(channel, context, exten));
    }

    @Override
    public CompletionStage<Void> dialOut(String seat, String number, String channelId, String callId,
                                         java.time.Duration ringTimeout) {
        return onContext(delegate.dialOut(seat, number, channelId, callId, ringTimeout));
    }

    @Override
    public CompletionStage<Void> hold(String callerChannel, String seatChannel) {
        return onContext(delegate.hold(callerChannel, seatChannel));
    }

    @Override
    public CompletionStage<Void> unhold(String callerChannel) {
        return onContext(delegate.unhold(callerChannel));
    }

    @Override
    public CallControl onBox(String box) {
        CallControl onBox = delegate.onBox(box);
        return onBox == delegate ? this : new ContextCallControl(onBox, context);
    }

    private CompletionStage<Void> onContext(CompletionStage<Void> stage) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        stage.whenComplete((v, err) -> context.runOnContext(x -> {
            if (err != null) {
                result.completeExceptionally(err);
            } else {
                result.complete(v);
            }
        }));
        return result;
    }
}
