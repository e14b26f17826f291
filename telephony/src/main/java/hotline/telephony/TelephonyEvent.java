package hotline.telephony;

import java.time.Instant;
import java.util.List;

/**
 * What Asterisk told us, in domain terms. Adapters translate AMI events into these records; the server
 * correlates them with calls. {@code at} is Asterisk's own event time when the AMI sends one
 * ({@code timestampevents = yes}), else the time the event was read.
 */
public sealed interface TelephonyEvent {

    /** Event time. */
    Instant at();

    /** The AMI session is up (first connect or reconnect); a {@link ChannelsSnapshot} follows. */
    record AmiConnected(Instant at, boolean reconnect) implements TelephonyEvent {
    }

    /** The AMI session was lost; the client reconnects by itself with backoff. */
    record AmiDisconnected(Instant at, String reason) implements TelephonyEvent {
    }

    /** The channels that exist right now, read with CoreShowChannels after every (re)connect. */
    record ChannelsSnapshot(Instant at, List<ChannelInfo> channels) implements TelephonyEvent {
        public ChannelsSnapshot {
            channels = List.copyOf(channels);
        }
    }

    /**
     * A Dial started: {@code uniqueId}/{@code channel} is the calling leg (the citizen), {@code dest*} the
     * leg being rung (a seat's softphone).
     */
    record DialStarted(Instant at, String uniqueId, String channel, String destUniqueId, String destChannel,
                       String dialString) implements TelephonyEvent {
    }

    /** A Dial ended with Asterisk's DIALSTATUS (ANSWER, NOANSWER, BUSY, CHANUNAVAIL, CONGESTION, CANCEL ...). */
    record DialEnded(Instant at, String uniqueId, String channel, String destUniqueId, String destChannel,
                     String dialStatus) implements TelephonyEvent {
    }

    /** A channel's device is ringing (Newstate to Ringing: the softphone sent 180). */
    record ChannelRinging(Instant at, String uniqueId, String linkedId, String channel) implements TelephonyEvent {
    }

    /**
     * Someone asked for a channel to be hung up. {@code soft = false} (HangupRequest) means the channel's own
     * far end hung up (BYE from the phone or the trunk); {@code soft = true} means Asterisk tore it down
     * (bridge partner left, AMI Hangup, dialplan).
     */
    record HangupRequested(Instant at, String uniqueId, String linkedId, String channel, boolean soft,
                           Integer cause) implements TelephonyEvent {
    }

    /** A channel is gone. */
    record ChannelHungUp(Instant at, String uniqueId, String linkedId, String channel, Integer cause,
                         String causeText) implements TelephonyEvent {
    }

    /**
     * A seat's softphone registration changed: AMI {@code ContactStatus} of the seat's PJSIP endpoint
     * ({@code Created}, {@code Reachable}, {@code NonQualified}, {@code Updated}: registered; {@code Removed},
     * {@code Unreachable}: not).
     *
     * @param endpoint      the PJSIP endpoint, i.e. the seat, e.g. {@code 1001}
     * @param registered    whether the softphone can be rung now
     * @param contactStatus Asterisk's status word, for logs
     */
    record SoftphoneStatus(Instant at, String endpoint, boolean registered, String contactStatus)
            implements TelephonyEvent {
    }

    /** One channel as listed by CoreShowChannels. */
    record ChannelInfo(String uniqueId, String linkedId, String channel, String context, String exten,
                       String application, String bridgeId) {
    }
}
