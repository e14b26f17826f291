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
}
