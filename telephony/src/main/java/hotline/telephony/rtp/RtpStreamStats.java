package hotline.telephony.rtp;

/**
 * Counters of one RTP stream, a snapshot.
 *
 * @param packets          RTP data packets accepted
 * @param garbage          datagrams that were not RTP (too short, wrong version, RTCP, bad lengths): discarded
 * @param unsupported      RTP packets of a payload type other than PCMU/PCMA (comfort noise, DTMF): ignored
 * @param late             packets that arrived after their slot was played or concealed
 * @param duplicates       packets that arrived twice
 * @param lost             packets never received, concealed with silence
 * @param ssrcChanges      times the source changed its SSRC
 * @param receivedSeconds  audio received (not concealed), in seconds
 * @param wallSeconds      wall-clock time since the first packet, plus one frame
 * @param audioRatio       receivedSeconds / wallSeconds over the whole stream (1.0 = real time; ChanSpy under CPU
 *                         pressure drops frames without sequence gaps, which only this ratio shows); 1.0 before
 *                         the first packet
 */
public record RtpStreamStats(long packets, long garbage, long unsupported, long late, long duplicates, long lost,
                             long ssrcChanges, double receivedSeconds, double wallSeconds, double audioRatio) {
}
