/**
 * Not API: the jitter buffer and the detector of frames a sender left out, both pure and confined to one stream's
 * thread.
 */
package hotline.telephony.rtp.internal;
