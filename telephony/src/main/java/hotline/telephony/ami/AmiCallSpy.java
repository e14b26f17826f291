package hotline.telephony.ami;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.asteriskjava.manager.action.OriginateAction;

/**
 * A supervisor listens to, whispers to or barges into an agent's live call: AMI Originate of the supervisor's own
 * seat running {@code ChanSpy(PJSIP/<agent seat>-,<options>)} once it answers.
 * <pre>
 * Action: Originate
 * Channel: PJSIP/1010
 * Application: ChanSpy
 * Data: PJSIP/1001-,bqwES
 * CallerID: "spy 1001" &lt;1001&gt;
 * Timeout: 30000
 * Async: true
 * </pre>
 * ChanSpy's options (Asterisk 16 {@code app_chanspy.c}): {@code b} only a channel in a bridged call, {@code q} no beep
 * and no channel name spoken, {@code w} whisper (the supervisor talks to the spied channel only: the agent), {@code B}
 * barge (talks to both sides of the call), {@code E} exit when the spied channel hangs up, {@code S} exit when there
 * is no channel to spy on. The prefix {@code PJSIP/<seat>-} matches the seat's channel ({@code PJSIP/1001-0000002a})
 * and no other seat's. Async: Asterisk answers at once ("Originate successfully queued"); the supervisor's phone rings
 * for up to 30 s.
 */
public final class AmiCallSpy {
    /** How the supervisor joins the call. */
    public enum Mode {
        /** Hears both sides, is not heard. */
        LISTEN("bqES"),
        /** Hears both sides, talks to the agent only. */
        WHISPER("bqwES"),
        /** Hears both sides, talks to both. */
        BARGE("bqBES");

        private final String options;

        Mode(String options) {
            this.options = options;
        }

        /** ChanSpy's option letters. */
        public String options() {
            return options;
        }

        /** {@code listen}, {@code whisper}, {@code barge}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The mode of {@code listen|whisper|barge}, or empty. */
        public static Optional<Mode> of(String id) {
            for (Mode m : values()) {
                if (m.id().equals(id)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    private static final Pattern SEAT = Pattern.compile("[0-9A-Za-z_-]{1,32}");
    private static final long RING_TIMEOUT_MS = 30_000;
    private final AmiClient ami;

    public AmiCallSpy(AmiClient ami) {
        this.ami = Objects.requireNonNull(ami, "ami");
    }

    /**
     * Rings {@code supervisorSeat}; once answered it spies on {@code agentSeat}'s channel in {@code mode}. Completes
     * when Asterisk queued the call; fails with {@link hotline.telephony.TelephonyException} when it refused.
     */
    public CompletionStage<Void> spy(String supervisorSeat, String agentSeat, Mode mode) {
        return ami.send(originate(supervisorSeat, agentSeat, mode)).thenApply(r -> null);
    }

    /**
     * As {@link #spy}, telling also when the supervisor's seat answered (with the spy leg's Uniqueid) or did not
     * within the ring timeout: {@link AmiClient.Originated}.
     */
    public AmiClient.Originated spyTracked(String supervisorSeat, String agentSeat, Mode mode) {
        return ami.originateTracked(originate(supervisorSeat, agentSeat, mode),
                java.time.Duration.ofMillis(RING_TIMEOUT_MS + 5_000));
    }

    /** The Originate action of {@link #spy}. */
    static OriginateAction originate(String supervisorSeat, String agentSeat, Mode mode) {
        if (!SEAT.matcher(supervisorSeat).matches() || !SEAT.matcher(agentSeat).matches()) {
            throw new IllegalArgumentException("seat: expected 1-32 letters, digits, '_' or '-', got "
                    + supervisorSeat + " and " + agentSeat);
        }
        OriginateAction o = new OriginateAction();
        o.setChannel("PJSIP/" + supervisorSeat);
        o.setApplication("ChanSpy");
        o.setData("PJSIP/" + agentSeat + "-," + mode.options());
        o.setCallerId("\"" + mode.id() + " " + agentSeat + "\" <" + agentSeat + ">");
        o.setTimeout(RING_TIMEOUT_MS);
        o.setAsync(true);
        return o;
    }
}
