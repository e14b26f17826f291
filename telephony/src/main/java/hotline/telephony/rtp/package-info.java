/**
 * Receiving forked call audio: {@link hotline.telephony.rtp.RtpReceiver} binds one UDP port per stream from a range
 * (Netty), {@link hotline.telephony.rtp.RtpDecoder} turns RTP datagrams into ordered 8 kHz
 * {@link hotline.telephony.rtp.PcmFrame}s for an {@link hotline.telephony.rtp.AudioSink}, with
 * {@link hotline.telephony.rtp.RtpStreamStats} per stream. {@link hotline.telephony.rtp.RtpPacket} parses RFC 3550
 * headers and {@link hotline.telephony.rtp.G711} decodes μ-law and A-law.
 */
package hotline.telephony.rtp;
