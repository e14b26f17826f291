package hotline.telephony.ami.internal;

import hotline.telephony.TelephonyEvent;
import hotline.telephony.TelephonyEvent.ChannelHungUp;
import hotline.telephony.TelephonyEvent.ChannelRinging;
import hotline.telephony.TelephonyEvent.DialEnded;
import hotline.telephony.TelephonyEvent.DialStarted;
import hotline.telephony.TelephonyEvent.HangupRequested;
import hotline.telephony.TelephonyEvent.SoftphoneStatus;
import java.time.Instant;
import java.util.Optional;
import org.asteriskjava.manager.event.ContactStatusEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.HangupRequestEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewStateEvent;
import org.asteriskjava.manager.event.SoftHangupRequestEvent;

/** Translates the Asterisk-Java events the call path needs into {@link TelephonyEvent}s; ignores the rest. */
public final class AmiEventMapper {
    /** AST_STATE_RINGING in include/asterisk/channelstate.h. */
    private static final int STATE_RINGING = 5;
    /** The most an event's own timestamp may differ from the time it was read. */
    static final java.time.Duration MAX_SKEW = java.time.Duration.ofDays(366);

    private AmiEventMapper() {
    }

    /** The domain event for {@code e}, or empty when the call path does not care about it. */
    public static Optional<TelephonyEvent> map(ManagerEvent e, Instant receivedAt) {
        Instant at = eventTime(e, receivedAt);
        if (e instanceof DialBeginEvent d) {
            return Optional.of(new DialStarted(at, d.getUniqueId(), d.getChannel(), d.getDestUniqueId(),
                    d.getDestChannel(), d.getDialString()));
        }
        if (e instanceof DialEndEvent d) {
            return Optional.of(new DialEnded(at, d.getUniqueId(), d.getChannel(), d.getDestUniqueId(),
                    d.getDestChannel(), d.getDialStatus()));
        }
        if (e instanceof NewStateEvent n && n.getChannelState() != null && n.getChannelState() == STATE_RINGING) {
            return Optional.of(new ChannelRinging(at, n.getUniqueId(), n.getLinkedId(), n.getChannel()));
        }
        if (e instanceof HangupRequestEvent h) {
            return Optional.of(new HangupRequested(at, h.getUniqueId(), h.getLinkedId(), h.getChannel(), false,
                    h.getCause()));
        }
        if (e instanceof SoftHangupRequestEvent h) {
            return Optional.of(new HangupRequested(at, h.getUniqueId(), h.getLinkedId(), h.getChannel(), true,
                    h.getCause()));
        }
        if (e instanceof ContactStatusEvent c && c.getEndpointName() != null && c.getContactStatus() != null) {
            // res_pjsip's ast_sip_get_contact_status_label(): Removed and Unreachable mean the seat cannot ring.
            String status = c.getContactStatus();
            boolean registered = !status.equalsIgnoreCase("Removed") && !status.equalsIgnoreCase("Unreachable");
            return Optional.of(new SoftphoneStatus(at, c.getEndpointName(), registered, status));
        }
        if (e instanceof HangupEvent h) {
            return Optional.of(new ChannelHungUp(at, h.getUniqueId(), h.getLinkedId(), h.getChannel(), h.getCause(),
                    h.getCauseTxt()));
        }
        return Optional.empty();
    }

    /**
     * Asterisk's {@code Timestamp: 1795323011.123456} header (timestampevents = yes), else the read time. A timestamp
     * that is not a finite number or is more than {@link #MAX_SKEW} from the read time is not Asterisk's clock (a
     * corrupted header): the read time is used, so a call's timeline never jumps centuries.
     */
    static Instant eventTime(ManagerEvent e, Instant receivedAt) {
        Double ts = e.getTimestamp();
        if (ts == null || ts.isNaN() || ts.isInfinite()
                || Math.abs(ts - receivedAt.getEpochSecond()) > MAX_SKEW.getSeconds()) {
            return receivedAt;
        }
        long micros = Math.round(ts * 1_000_000d);
        return Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L);
    }
}
