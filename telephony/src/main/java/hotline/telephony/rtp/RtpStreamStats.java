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
 * @param senderDrops      frames the sender left out with contiguous sequence numbers, found from arrival times
 *                         (the wall clock ran ahead of the audio) and filled with the previous frame
 * @param ssrcChanges      times the source changed its SSRC
 * @param timestampGaps    consecutive packets whose RTP timestamps are further apart than the audio they carry:
 *                         the sender skipped audio without skipping sequence numbers (Asterisk re-stamps its
 *                         output from the wall clock once it drifts more than 80 ms from its prediction)
 * @param timestampGapSeconds the audio those gaps skipped, in seconds
 * @param receivedSeconds  audio received (not concealed), in seconds
 * @param wallSeconds      wall-clock time since the first packet, plus one frame, less the pauses the sender
 *                         declared (see {@code pausedSeconds})
 * @param audioRatio       receivedSeconds / wallSeconds over the whole stream (1.0 = real time; ChanSpy under CPU
 *                         pressure drops frames without sequence gaps, which only this ratio shows); 1.0 before
 *                         the first packet
 * @param silenceFrames    20 ms frames of silence played on the wall clock while the sender sent nothing (after the
 *                         silence hold-off, topped up when it resumed); not received audio, not in the ratio
 * @param silenceOverfilled frames of that silence played for a gap that turned out shorter (our receiver stalled,
 *                         then read a burst): the output ran ahead of the sender by that much
 * @param pausedSeconds    pauses of the sender left out of {@code wallSeconds}: the gaps filled with silence, as far
 *                         as the sender's RTP timestamps skipped over them (Asterisk re-stamps from the wall clock
 *                         after a pause; a sender dropping frames keeps its timestamps contiguous, which the ratio
 *                         shows)
 */
public record RtpStreamStats(long packets, long garbage, long unsupported, long late, long duplicates, long lost,
                             long senderDrops, long ssrcChanges, long timestampGaps, double timestampGapSeconds,
                             double receivedSeconds, double wallSeconds, double audioRatio, long silenceFrames,
                             long silenceOverfilled, double pausedSeconds) {
}
