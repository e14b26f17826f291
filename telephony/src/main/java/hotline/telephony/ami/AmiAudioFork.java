package hotline.telephony.ami;

import hotline.telephony.AudioFork;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.OriginateAction;

/**
 * {@link AudioFork} over AMI, as verified on Asterisk 16 in the telephony lab (transcript
 * {@code ami_redirect_fork.pbx_ami_control.txt}):
 * <pre>
 * Action: Originate
 * Channel: UnicastRTP/127.0.0.1:40000/c(ulaw)
 * Context: hotline-fork
 * Exten: caller
 * Priority: 1
 * Variable: SPY_ID=1795323011.14
 * Timeout: 5000
 * </pre>
 * chan_rtp's {@code UnicastRTP/<host:port>/c(<codec>)} channel answers at once and runs
 * {@code ChanSpy(${SPY_ID},qoEul)} from the pbx dialplan: {@code u} spies by uniqueid, {@code o} takes only the
 * audio the spied channel receives from its phone, {@code E} ends the spy (and the RTP channel) when the spied
 * channel hangs up, {@code q} no beep, {@code l} a long audio queue; it survives Redirect and bridging. Without
 * {@code l} the spy's audiohook flushes both its factories whenever either holds more than a few frames; with
 * {@code o} the direction nobody reads fills up every few frames, and each flush lost the caller's frame the spy's
 * 20 ms timer had not read yet: a fifth of the frames on some calls ({@code ./hotline bench fork}, docs/asr.md).
 * ChanSpy sends nothing while the spied phone sends nothing: the receiver plays that silence
 * ({@link hotline.telephony.rtp.RtpReceiver#DEFAULT_SILENCE_AFTER}). Stopping hangs up the channel by its name, which chan_rtp
 * forms as {@code UnicastRTP/<host>:<port>-<hex>} (AMI Hangup with a {@code /regex/}).
 */
public final class AmiAudioFork implements AudioFork {
    /** The pbx dialplan context of the fork; must match config/asterisk/pbx/extensions.conf. */
    public static final String FORK_CONTEXT = "hotline-fork";
    /** Its extension that spies the channel's own incoming voice. */
    public static final String OWN_VOICE_EXTEN = "caller";
    private static final long ORIGINATE_TIMEOUT_MS = 5000;
    private static final Pattern REGEX_META = Pattern.compile("[.\\[\\]()*+?{}|^$\\\\]");

    private final AmiClient ami;
    private final String exten;

    public AmiAudioFork(AmiClient ami) {
        this(ami, OWN_VOICE_EXTEN);
    }

    /**
     * A fork into another extension of {@value #FORK_CONTEXT} (benchmarks compare ChanSpy options with extensions
     * they add at run time).
     */
    public AmiAudioFork(AmiClient ami, String exten) {
        this.ami = Objects.requireNonNull(ami, "ami");
        this.exten = Objects.requireNonNull(exten, "exten");
    }

    @Override
    public CompletionStage<Void> start(String uniqueId, String host, int port) {
        OriginateAction originate = new OriginateAction();
        originate.setChannel("UnicastRTP/" + host + ":" + port + "/c(ulaw)");
        originate.setContext(FORK_CONTEXT);
        originate.setExten(exten);
        originate.setPriority(1);
        originate.setVariable("SPY_ID", uniqueId);
        originate.setTimeout(ORIGINATE_TIMEOUT_MS);
        return ami.send(originate).thenApply(r -> null);
    }

    @Override
    public CompletionStage<Void> stop(String host, int port) {
        return ami.send(new HangupAction(channelPattern(host, port))).thenApply(r -> null);
    }

    /** AMI Hangup's {@code /regex/} form matching the fork channel to {@code host:port}. */
    static String channelPattern(String host, int port) {
        // Asterisk strips the slashes and compiles the rest as a POSIX extended regex (no \\Q..\\E quoting)
        return "/^UnicastRTP/" + REGEX_META.matcher(host).replaceAll("\\\\$0") + ":" + port + "-/";
    }
}
