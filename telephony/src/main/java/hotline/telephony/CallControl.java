package hotline.telephony;

import java.util.concurrent.CompletionStage;

/**
 * Port: the commands the contact center gives Asterisk about a call. Implemented over AMI by
 * {@link hotline.telephony.ami.AmiCallControl}. Methods never block; the stage completes on an
 * Asterisk-Java thread (hop back to your own context before touching state) and fails with
 * {@link TelephonyException} when Asterisk refuses or the AMI is down.
 */
public interface CallControl {

    /** Ring {@code seat} for the caller on {@code channel} (the caller waits on hold meanwhile). */
    CompletionStage<Void> offerToSeat(String channel, String seat);

    /** Hang up a channel. */
    CompletionStage<Void> hangup(String channel);

    /**
     * Sends a waiting caller to another place of the dialplan, e.g. {@code hotline-wait,announce} to hear their
     * position and the callback offer now.
     */
    CompletionStage<Void> redirect(String channel, String context, String exten);

    /**
     * A callback to a citizen: rings {@code seat} first (the agent's phone); when the agent answers, the dialplan
     * ({@code hotline-callback}) calls {@code number} through the trunk and bridges them. The stage completes when the
     * seat answered, and fails when it did not within {@code ringTimeout} (or Asterisk refused).
     *
     * @param seat        the agent's seat
     * @param number      the citizen's number
     * @param channelId   the uniqueid the seat's channel gets (AMI {@code ChannelId}), so its events can be followed
     * @param callId      the callback's id, set on the channel as {@code HOTLINE_CALL_ID}
     * @param ringTimeout how long the seat rings
     */
    CompletionStage<Void> dialOut(String seat, String number, String channelId, String callId,
                                  java.time.Duration ringTimeout);

    /**
     * Puts a connected caller on hold: the caller hears music on hold ({@code hotline-hold,s}) and the agent's seat
     * leg waits in silence ({@code hotline-hold,seat}), both still up, so {@link #unhold} can bridge them again.
     *
     * @param callerChannel the caller's channel
     * @param seatChannel   the seat's channel bridged with it
     */
    default CompletionStage<Void> hold(String callerChannel, String seatChannel) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new TelephonyException("hold is not supported by " + getClass().getSimpleName()));
    }

    /**
     * Takes a held caller back: bridges the caller's channel with the seat leg held with it by {@link #hold}.
     *
     * @param callerChannel the caller's channel
     */
    default CompletionStage<Void> unhold(String callerChannel) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new TelephonyException("unhold is not supported by " + getClass().getSimpleName()));
    }

    /**
     * The same commands on one Asterisk box of several ({@code hotline.boxes}): channels named in them are that box's,
     * and a seat rung from there may be on another box (bridged over the trunk between boxes). One box: this.
     *
     * @param box the box's id
     */
    default CallControl onBox(String box) {
        return this;
    }
}
