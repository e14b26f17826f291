package hotline.bench;

import hotline.asr.Partial;
import hotline.asr.RecognitionStream;
import hotline.asr.Speaker;
import hotline.asr.TranscriptListener;
import hotline.asr.Utterance;
import hotline.asr.WordErrorRate;
import hotline.asr.vosk.VoskSpeechRecognizer;
import hotline.testkit.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What lost 20 ms frames do to recognition, and which concealment helps: the {@link AsrBench} speech with a share
 * of its frames dropped at random (seeded), then fed to Vosk (a) spliced, as ChanSpy delivers it when it drops
 * frames under CPU pressure (sequence numbers stay contiguous), (b) with silence in each hole, (c) with the previous
 * frame repeated. Prints {@code asr-loss key=value ...} (WER per drop rate and mode) last.
 */
public final class AsrLossBench {
    private AsrLossBench() {
    }

    public static void main(String[] args) throws Exception {
        Path audioDir = Files.createDirectories(Lab.home().resolve(".run/bench-asr"));
        List<short[]> speech = new ArrayList<>();
        for (String[] s : AsrBench.SPEECH) {
            speech.add(AsrBench.decode(AsrBench.telephoneUlaw(audioDir, s[0], s[1], s[2])));
        }
        VoskSpeechRecognizer asr = VoskSpeechRecognizer.load(Lab.home().resolve("asr/target/vosk-model-en-us"),
                "en-us", new VoskSpeechRecognizer.Options(2, Duration.ofMillis(200), Duration.ofHours(1)));
        StringBuilder line = new StringBuilder("asr-loss seeds=2 utterances=" + speech.size());
        for (double drop : new double[] {0.0, 0.1, 0.2}) {
            for (String mode : drop == 0 ? new String[] {"none"} : new String[] {"splice", "silence", "repeat"}) {
                int errors = 0;
                int words = 0;
                for (int seed = 0; seed < 2; seed++) {
                    Random random = new Random(42 + seed);
                    for (int u = 0; u < speech.size(); u++) {
                        List<String> heard = recognise(asr, lose(speech.get(u), drop, mode, random));
                        List<String> ref = WordErrorRate.words(AsrBench.SPEECH[u][2]);
                        errors += WordErrorRate.errors(ref, WordErrorRate.words(String.join(" ", heard)));
                        words += ref.size();
                    }
                }
                double wer = errors / (double) words;
                System.out.printf(Locale.ROOT, "drop %.0f%% %-7s WER %.3f (%d errors / %d words)%n", drop * 100, mode,
                        wer, errors, words);
                line.append(String.format(Locale.ROOT, " wer_drop%.0f_%s=%.3f", drop * 100, mode, wer));
            }
        }
        asr.close();
        System.out.println(line);
    }

    private static List<short[]> lose(short[] pcm, double drop, String mode, Random random) {
        List<short[]> frames = new ArrayList<>();
        short[] previous = new short[160];
        for (int i = 0; i + 160 <= pcm.length; i += 160) {
            short[] frame = Arrays.copyOfRange(pcm, i, i + 160);
            if (random.nextDouble() < drop) {
                switch (mode) {
                    case "silence" -> frames.add(new short[160]);
                    case "repeat" -> frames.add(previous.clone());
                    default -> {
                        // spliced: the frame is simply missing
                    }
                }
            } else {
                frames.add(frame);
            }
            previous = frame;
        }
        return frames;
    }

    private static List<String> recognise(VoskSpeechRecognizer asr, List<short[]> frames) throws Exception {
        List<String> out = new CopyOnWriteArrayList<>();
        RecognitionStream stream = asr.open("loss", Speaker.CALLER, 8000, new TranscriptListener() {
            @Override
            public void onPartial(Partial partial) {
            }

            @Override
            public void onFinal(Utterance utterance) {
                out.add(utterance.text());
            }
        });
        frames.forEach(stream::accept);
        stream.close().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return out;
    }
}
