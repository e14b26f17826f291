package hotline.telephony.ami;

import hotline.telephony.CallControl;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.RedirectAction;

/**
 * {@link CallControl} over AMI. Offering a call = AMI {@code Redirect} of the caller's channel to
 * {@code hotline-agents,<seat>,1}, whose dialplan rings the seat for the ring timeout and sends the caller
 * back to hold if nobody answers (see {@code config/asterisk/pbx/extensions.conf}).
 */
public final class AmiCallControl implements CallControl {
    /** The dialplan context that rings a seat; must match the pbx extensions.conf template. */
    public static final String AGENTS_CONTEXT = "hotline-agents";

    private final AmiClient ami;

    public AmiCallControl(AmiClient ami) {
        this.ami = Objects.requireNonNull(ami, "ami");
    }

    @Override
    public CompletionStage<Void> offerToSeat(String channel, String seat) {
        return ami.send(new RedirectAction(channel, AGENTS_CONTEXT, seat, 1)).thenApply(r -> null);
    }

    @Override
    public CompletionStage<Void> hangup(String channel) {
        return ami.send(new HangupAction(channel)).thenApply(r -> null);
    }

    @Override
    public CompletionStage<Void> redirect(String channel, String context, String exten) {
        return ami.send(new RedirectAction(channel, context, exten, 1)).thenApply(r -> null);
    }

    /** The dialplan context a callback's seat leg runs once the agent answers; must match extensions.conf. */
    public static final String CALLBACK_CONTEXT = "hotline-callback";

    @Override
    public CompletionStage<Void> dialOut(String seat, String number, String channelId, String callId,
                                         java.time.Duration ringTimeout) {
        org.asteriskjava.manager.action.OriginateAction o = new org.asteriskjava.manager.action.OriginateAction();
        o.setChannel("PJSIP/" + seat);
        o.setContext(CALLBACK_CONTEXT);
        o.setExten(number);
        o.setPriority(1);
        o.setChannelId(channelId);
        o.setCallerId("\"12345 callback\" <" + number + ">");
        o.setTimeout(ringTimeout.toMillis());
        o.setVariables(java.util.Map.of("HOTLINE_CALL_ID", callId));
        // asynchronous: the OriginateResponse says whether the seat answered; a synchronous Originate would block
        // every other action of the server's AMI session while the seat rings
        return ami.originate(o, ringTimeout.plusSeconds(5));
    }

    /** The dialplan context of held calls (caller: {@code s}, seat leg: {@code seat}, back: {@code resume}). */
    public static final String HOLD_CONTEXT = "hotline-hold";
    /** The caller's channel variable naming the seat leg held with it, read by {@code hotline-hold,resume}. */
    public static final String HELD_SEAT_VARIABLE = "HOTLINE_HELD_SEAT";

    // Hold: name the seat leg on the caller's channel (for resume), then one dual Redirect takes both channels out of
    // their bridge together (Asterisk flags a dual redirect of bridged channels so that neither is hung up).
    @Override
    public CompletionStage<Void> hold(String callerChannel, String seatChannel) {
        org.asteriskjava.manager.action.SetVarAction name =
                new org.asteriskjava.manager.action.SetVarAction(callerChannel, HELD_SEAT_VARIABLE, seatChannel);
        RedirectAction both = new RedirectAction(callerChannel, HOLD_CONTEXT, "s", 1);
        both.setExtraChannel(seatChannel);
        both.setExtraContext(HOLD_CONTEXT);
        both.setExtraExten("seat");
        both.setExtraPriority(1);
        return ami.send(name).thenCompose(r -> ami.send(both)).thenApply(r -> null);
    }

    // Resume: the caller's channel runs Bridge(${HOTLINE_HELD_SEAT}) (the same app the lab's transcripts show keeping
    // both channels' uniqueids).
    @Override
    public CompletionStage<Void> unhold(String callerChannel) {
        return ami.send(new RedirectAction(callerChannel, HOLD_CONTEXT, "resume", 1)).thenApply(r -> null);
    }
}
