package hotline.server.call;

import hotline.telephony.CallControl;
import hotline.telephony.TelephonyException;
import hotline.telephony.ami.AmiCallControl;
import hotline.telephony.ami.AmiClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.asteriskjava.manager.action.RedirectAction;

/**
 * {@link CallControl} over several Asterisk boxes ({@code hotline.boxes}), one AMI session each. {@link #onBox} picks
 * the box whose channels the commands name; offering a caller a seat of another box redirects the caller, on its own
 * box, into {@code hotline-agents-<seat box>,<seat>,1}, which dials {@code IAX2/<seat box>/<seat>} for the ring
 * timeout ({@link BoxDirectory#offerTarget}). Without a box, commands go to the primary box.
 */
public final class BoxCallControl implements CallControl {
    private final Map<String, AmiClient> amis;
    private final BoxDirectory boxes;
    private final String box;

    /**
     * @param amis  each box's AMI session, by box id (every id of {@code boxes})
     * @param boxes which box a seat is on; read on the caller's thread (the controller's context)
     */
    public BoxCallControl(Map<String, AmiClient> amis, BoxDirectory boxes) {
        this(Map.copyOf(amis), boxes, boxes.primary());
    }

    private BoxCallControl(Map<String, AmiClient> amis, BoxDirectory boxes, String box) {
        this.amis = amis;
        this.boxes = Objects.requireNonNull(boxes, "boxes");
        this.box = Objects.requireNonNull(box, "box");
    }

    @Override
    public CallControl onBox(String box) {
        return box == null || box.equals(this.box) ? this : new BoxCallControl(amis, boxes, box);
    }

    private CompletionStage<AmiClient> ami() {
        AmiClient ami = amis.get(box);
        return ami == null ? CompletableFuture.failedFuture(new TelephonyException("no AMI session for box " + box))
                : CompletableFuture.completedFuture(ami);
    }

    @Override
    public CompletionStage<Void> offerToSeat(String channel, String seat) {
        BoxDirectory.OfferTarget target = boxes.offerTarget(box, seat);
        return ami().thenCompose(ami -> ami.send(new RedirectAction(channel, target.context(), target.exten(), 1)))
                .thenApply(r -> null);
    }

    @Override
    public CompletionStage<Void> hangup(String channel) {
        return ami().thenCompose(ami -> new AmiCallControl(ami).hangup(channel));
    }

    @Override
    public CompletionStage<Void> redirect(String channel, String context, String exten) {
        return ami().thenCompose(ami -> new AmiCallControl(ami).redirect(channel, context, exten));
    }

    /** Holds on this box (the caller's): both channels named are this box's. */
    @Override
    public CompletionStage<Void> hold(String callerChannel, String seatChannel) {
        return ami().thenCompose(ami -> new AmiCallControl(ami).hold(callerChannel, seatChannel));
    }

    @Override
    public CompletionStage<Void> unhold(String callerChannel) {
        return ami().thenCompose(ami -> new AmiCallControl(ami).unhold(callerChannel));
    }

    /** Rings the seat on the box it is on (whatever box this is), whose trunk then calls the citizen. */
    @Override
    public CompletionStage<Void> dialOut(String seat, String number, String channelId, String callId,
                                         Duration ringTimeout) {
        AmiClient ami = amis.get(boxes.boxOfSeat(seat));
        if (ami == null) {
            return CompletableFuture.failedFuture(new TelephonyException("no AMI session for the box of seat "
                    + seat));
        }
        return new AmiCallControl(ami).dialOut(seat, number, channelId, callId, ringTimeout);
    }
}
