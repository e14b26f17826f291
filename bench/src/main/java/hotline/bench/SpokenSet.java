package hotline.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spoken test set as {@code ../shared/asr-samples} holds it: utterances ({@code ID|text}) and the fields a draft
 * should get ({@code id caller_name callback_phone address category urgency}), turned into telephone-band μ-law WAVs
 * by that directory's {@code gen-asr-audio.sh} at run time. Used by {@code ./hotline bench spoken}.
 */
final class SpokenSet {
    /** One utterance with its audio and labels. */
    record Item(String id, String text, String spoken, Path wav, double durationS, double speechEndS,
                Expected expected) {
        /** The reference words for the WER: the spoken form with every number written out as Vosk writes it. */
        String reference() {
            return SpokenSet.numbersAsWords(spoken);
        }
    }

    /** The fields a draft should get; {@code surname} = the first word of the Chinese-order name. */
    record Expected(String name, String phone, String category, String urgency) {
        String surname() {
            return name == null || name.isBlank() ? null : name.strip().split("\\s+")[0];
        }
    }

    private SpokenSet() {
    }

    /**
     * Generates the audio of {@code utterances} into {@code out} with {@code generator} (gen-asr-audio.sh: CMU Flite,
     * 8 kHz, 300-3400 Hz, G.711 μ-law round trip) and reads the manifest it writes.
     */
    static List<Item> generate(Path generator, Path utterances, Path expected, Path out)
            throws IOException, InterruptedException {
        Files.createDirectories(out);
        Process p = new ProcessBuilder(generator.toString(), utterances.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(out.resolve("gen.log").toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(generator + " failed; see " + out.resolve("gen.log"));
        }
        Map<String, Expected> labels = readExpected(expected);
        List<Item> items = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("manifest.tsv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f[0].equals("id") || f.length < 6) {
                continue;
            }
            Path wav = out.resolve(f[4]); // ulaw8k: telephone band + μ-law round trip
            Expected e = labels.get(f[0]);
            if (e == null) {
                throw new IOException(expected + ": no expected fields for utterance " + f[0]);
            }
            items.add(new Item(f[0], f[1], f[2], wav, Double.parseDouble(f[5]), speechEnd(wav), e));
        }
        return items;
    }

    static Map<String, Expected> readExpected(Path file) throws IOException {
        Map<String, Expected> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("id\t")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 6) {
                throw new IOException(file + ": expected 6 tab-separated columns (id caller_name callback_phone"
                        + " address category urgency), got " + f.length + " in: " + line);
            }
            m.put(f[0], new Expected(f[1], f[2], f[4], f[5]));
        }
        return m;
    }

    /** 16-bit mono PCM samples of a WAV file (its "data" chunk). */
    static short[] pcm(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        while (pos + 8 <= b.limit()) {
            String id = new String(b.array(), pos, 4, StandardCharsets.US_ASCII);
            int size = b.getInt(pos + 4);
            if (id.equals("data")) {
                int n = Math.min(size, b.limit() - pos - 8) / 2;
                short[] s = new short[n];
                for (int i = 0; i < n; i++) {
                    s[i] = b.getShort(pos + 8 + 2 * i);
                }
                return s;
            }
            pos += 8 + size + (size & 1);
        }
        throw new IOException(wav + ": no data chunk");
    }

    /**
     * Where the speech in a WAV ends, in seconds: the end of the last 20 ms frame whose peak is above 1/64 of the
     * file's peak (the generator pads 0.8 s of silence after the words).
     */
    static double speechEnd(Path wav) throws IOException {
        short[] s = pcm(wav);
        int peak = 1;
        for (short x : s) {
            peak = Math.max(peak, Math.abs((int) x));
        }
        int threshold = Math.max(64, peak / 64);
        int last = 0;
        for (int off = 0; off < s.length; off += 160) {
            for (int i = off; i < Math.min(s.length, off + 160); i++) {
                if (Math.abs((int) s[i]) > threshold) {
                    last = Math.min(s.length, off + 160);
                    break;
                }
            }
        }
        return last / 8000.0;
    }

    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
        "ninety"};
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /**
     * The generator's spoken form ({@code "room 6 0 2"}, {@code "18 Fengtai Road"}) with numbers as words, as Vosk
     * writes them: single digits one by one, 10..99 as cardinals ({@code "eighteen"}, {@code "twenty five"}); larger
     * numbers do not occur in the spoken form (the generator splits 3+ digit runs).
     */
    static String numbersAsWords(String spoken) {
        Matcher m = NUMBER.matcher(spoken);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = Integer.parseInt(m.group());
            String w;
            if (n < 20) {
                w = ONES[n];
            } else if (n < 100) {
                w = TENS[n / 10] + (n % 10 == 0 ? "" : " " + ONES[n % 10]);
            } else {
                StringBuilder d = new StringBuilder();
                for (char c : m.group().toCharArray()) {
                    d.append(d.length() == 0 ? "" : " ").append(ONES[c - '0']);
                }
                w = d.toString();
            }
            m.appendReplacement(out, w);
        }
        m.appendTail(out);
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
