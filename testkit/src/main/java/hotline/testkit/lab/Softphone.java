package hotline.testkit.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** A running baresip softphone registered as a seat ({@code scripts/softphone.sh}). */
public final class Softphone implements AutoCloseable {
    private final String seat;
    private final Path dir;
    private final Process process;

    Softphone(String seat, Path dir, Process process) {
        this.seat = seat;
        this.dir = dir;
        this.process = process;
    }

    /** The seat this phone is registered as. */
    public String seat() {
        return seat;
    }

    /** Recordings of what this phone received ({@code rec/dump-*-dec.wav}), one per answered call. */
    public List<Path> receivedRecordings() throws IOException {
        Path rec = dir.resolve("rec");
        if (!Files.isDirectory(rec)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(rec)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).sorted().toList();
        }
    }

    /**
     * Seconds of audio louder than {@code thresholdDbfs} in 20 ms windows: how much of the citizen's speech
     * reached this seat.
     */
    public static double loudSeconds(Path wav, double thresholdDbfs) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            byte[] pcm = in.readAllBytes();
            float rate = in.getFormat().getSampleRate();
            boolean big = in.getFormat().isBigEndian();
            int window = (int) (rate / 50);
            int loud = 0;
            int samples = pcm.length / 2;
            for (int start = 0; start + window <= samples; start += window) {
                double sum = 0;
                for (int i = start; i < start + window; i++) {
                    int s = big ? (pcm[2 * i] << 8 | (pcm[2 * i + 1] & 0xff))
                            : (pcm[2 * i + 1] << 8 | (pcm[2 * i] & 0xff));
                    sum += (double) s * s;
                }
                double rms = Math.sqrt(sum / window) / 32768.0;
                if (rms > 0 && 20 * Math.log10(rms) > thresholdDbfs) {
                    loud++;
                }
            }
            return loud * 0.02;
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(wav + ": not a WAV file: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
