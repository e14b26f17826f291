package hotline.asr.vosk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test speech as the server receives it: CMU Flite, resampled to 8 kHz, -6 dBFS peak, 0.3 s silence before and
 * 0.8 s after, telephone band 300-3400 Hz, through G.711 μ-law and back to 16-bit PCM (the pipeline of
 * {@code shared/asr-samples/gen-asr-audio.sh}). Generated at test time into {@code target/}.
 */
final class TelephoneSpeech {
    private TelephoneSpeech() {
    }

    static short[] of(String name, String voice, String text) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of("target/asr-audio"));
        Path raw = dir.resolve(name + ".s16");
        if (!Files.exists(raw)) {
            Path tts = dir.resolve(name + ".tts.wav");
            Path pcm = dir.resolve(name + ".8k.wav");
            Path ulaw = dir.resolve(name + ".ul");
            run("flite", "-voice", voice, "-t", text, "-o", tts.toString());
            run("sox", tts.toString(), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", pcm.toString(),
                    "gain", "-n", "-6", "pad", "0.3", "0.8");
            run("sox", pcm.toString(), "-t", "ul", "-r", "8000", "-c", "1", ulaw.toString(), "sinc", "300-3400");
            run("sox", "-t", "ul", "-r", "8000", "-c", "1", ulaw.toString(), "-t", "s16", "-e", "signed-integer",
                    "-b", "16", "-L", raw.toString());
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[bytes.remaining() / 2];
        bytes.asShortBuffer().get(samples);
        return samples;
    }

    /** Splits audio into 20 ms frames of 160 samples (the last one shorter). */
    static List<short[]> frames(short[] samples) {
        java.util.ArrayList<short[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < samples.length; i += 160) {
            out.add(java.util.Arrays.copyOfRange(samples, i, Math.min(samples.length, i + 160)));
        }
        return out;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(out));
        }
    }
}
