package hotline.telephony;

import java.util.concurrent.CompletionStage;

/**
 * Port: copies what one channel's far end says, as RTP, to a UDP address (the live-transcription receiver).
 * Implemented over AMI by {@link hotline.telephony.ami.AmiAudioFork}. Methods never block; stages complete on an
 * Asterisk-Java thread and fail with {@link TelephonyException} when Asterisk refuses or the AMI is down.
 */
public interface AudioFork {

    /**
     * Starts sending the audio that channel {@code uniqueId} receives from its phone (the citizen's voice on the
     * caller's channel, the agent's voice on the seat's channel) to {@code host:port} as G.711 μ-law RTP, 20 ms
     * packets. The fork ends by itself when that channel hangs up.
     */
    CompletionStage<Void> start(String uniqueId, String host, int port);

    /** Stops the fork sending to {@code host:port} early (e.g. to make room for a more urgent call). */
    CompletionStage<Void> stop(String host, int port);
}
