package hotline.asr.vosk;

import java.nio.file.Path;

/**
 * The small English model, loaded once per test JVM (loading takes about a second) and shared by every test, as
 * production shares one model per language. Its directory is unpacked from the aar by the build (property
 * {@code vosk.testModel}) with {@code --allow-upsample=true} and {@code --dither=0} appended to its mfcc.conf.
 */
final class SharedModel {
    private static VoskSpeechRecognizer recognizer;

    private SharedModel() {
    }

    static Path dir() {
        return Path.of(System.getProperty("vosk.testModel", "target/vosk-model-en-us"));
    }

    static synchronized VoskSpeechRecognizer recognizer() {
        if (recognizer == null) {
            recognizer = VoskSpeechRecognizer.load(dir(), "en-us", VoskSpeechRecognizer.Options.defaults());
        }
        return recognizer;
    }
}
