package hotline.telephony;

import java.util.concurrent.CompletionStage;

/**
 * Port: copies what one channel's far end says, as RTP, to a UDP address (the live-transcription receiver).
 * Implemented over AMI (ChanSpy) by {@link hotline.telephony.ami.AmiAudioFork} and over ARI (snoop + externalMedia)
 * by the server's {@code hotline.server.asr.AriAudioFork}. Methods never block; stages complete on an Asterisk-Java
 * thread or a Vert.x event loop and fail with {@link TelephonyException} when Asterisk refuses or is unreachable.
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
