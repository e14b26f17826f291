/**
 * The Vosk (Kaldi) adapter of {@link hotline.asr.SpeechRecognizer}: one model per language shared by all streams,
 * one recogniser per stream on a fixed worker pool; checks at load that a 16 kHz model can take 8 kHz audio.
 */
package hotline.asr.vosk;
