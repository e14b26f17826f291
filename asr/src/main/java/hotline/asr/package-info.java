/**
 * Live speech recognition for telephone calls. {@link hotline.asr.SpeechRecognizer} is the port (implemented by
 * {@link hotline.asr.vosk.VoskSpeechRecognizer}): a {@link hotline.asr.RecognitionStream} per speaker of a call takes
 * 20 ms PCM frames and reports {@link hotline.asr.Partial}s and final {@link hotline.asr.Utterance}s with word timings
 * to a {@link hotline.asr.TranscriptListener}.
 *
 * <p>Pure helpers: {@link hotline.asr.AsrCapacity} (how many real-time streams a node carries),
 * {@link hotline.asr.StreamAdmission} (which streams get a recogniser beyond that, by priority) and
 * {@link hotline.asr.WordErrorRate}.
 */
package hotline.asr;
