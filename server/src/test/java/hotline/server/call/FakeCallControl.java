package hotline.server.call;

import hotline.telephony.CallControl;
import hotline.telephony.TelephonyException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link CallControl} that records the commands and answers them synchronously: the returned stage is already
 * complete, or already failed with {@link TelephonyException} as Asterisk's {@code Response: Error} to a Redirect
 * would make it. Not thread-safe: use it from the controller's thread only.
 */
public final class FakeCallControl implements CallControl {

    /** One {@link #offerToSeat} call. */
    public record Offer(String channel, String seat) {
    }

    /** One {@link #redirect} call. */
    public record Redirect(String channel, String context, String exten) {
    }

    /** One {@link #dialOut} call; complete or fail {@link #result} to answer it. */
    public record DialOut(String seat, String number, String channelId, String callId, CompletableFuture<Void> result) {
    }

    private final List<Redirect> redirects = new ArrayList<>();
    private final List<DialOut> dialOuts = new ArrayList<>();
    private final List<Offer> offers = new ArrayList<>();
    private final List<String> hangups = new ArrayList<>();
    private String refusal;

    @Override
    public CompletionStage<Void> offerToSeat(String channel, String seat) {
        offers.add(new Offer(channel, seat));
        if (refusal != null) {
            return CompletableFuture.failedFuture(new TelephonyException("pbx: Redirect refused: " + refusal));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> hangup(String channel) {
        hangups.add(channel);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> redirect(String channel, String context, String exten) {
        redirects.add(new Redirect(channel, context, exten));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> dialOut(String seat, String number, String channelId, String callId,
                                         java.time.Duration ringTimeout) {
        DialOut d = new DialOut(seat, number, channelId, callId, new CompletableFuture<>());
        dialOuts.add(d);
        return d.result();
    }

    /** One {@link #hold} ({@code seatChannel} set) or {@link #unhold} ({@code seatChannel} null) call. */
    public record Hold(String callerChannel, String seatChannel) {
    }

    private final List<Hold> holds = new ArrayList<>();

    @Override
    public CompletionStage<Void> hold(String callerChannel, String seatChannel) {
        holds.add(new Hold(callerChannel, seatChannel));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> unhold(String callerChannel) {
        holds.add(new Hold(callerChannel, null));
        return CompletableFuture.completedFuture(null);
    }

    /** The holds and unholds sent so far, oldest first. */
    public List<Hold> holds() {
        return List.copyOf(holds);
    }

    /** The redirects sent so far, oldest first. */
    public List<Redirect> redirects() {
        return List.copyOf(redirects);
    }

    /** The callbacks dialled so far, oldest first (pending until their {@code result} is completed). */
    public List<DialOut> dialOuts() {
        return List.copyOf(dialOuts);
    }

    /** From now on every offer fails with Asterisk's {@code message} ({@code null}: offers succeed again). */
    public void refuseOffers(String message) {
        this.refusal = message;
    }

    /** The offers sent so far, oldest first. */
    public List<Offer> offers() {
        return List.copyOf(offers);
    }

    /** The channels hung up so far, oldest first. */
    public List<String> hangups() {
        return List.copyOf(hangups);
    }
}
