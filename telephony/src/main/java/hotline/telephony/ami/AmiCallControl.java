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
}
