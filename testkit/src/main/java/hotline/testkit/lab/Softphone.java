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
    private final int ctrlPort;
    private final String account;

    Softphone(String seat, Path dir, Process process) {
        this(seat, dir, process, -1, null);
    }

    Softphone(String seat, Path dir, Process process, int ctrlPort, String account) {
        this.seat = seat;
        this.dir = dir;
        this.process = process;
        this.ctrlPort = ctrlPort;
        this.account = account;
    }

    /**
     * Registers the seat again from this softphone (baresip {@code uanew} over its control port: a second user
     * agent of the same account, on the same SIP socket), as a softphone does after its registration was lost.
     * Calls in progress stay with the first user agent.
     */
    public void registerAgain() throws IOException {
        if (ctrlPort < 0 || account == null) {
            throw new IllegalStateException("softphone " + seat + " was started without a control port");
        }
        String json = "{\"command\":\"uanew\",\"params\":\"" + account.replace("\"", "\\\"")
                + "\",\"token\":\"re-register\"}";
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket ctrl = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), ctrlPort)) {
            ctrl.setSoTimeout(5000);
            var out = ctrl.getOutputStream();
            out.write((body.length + ":").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body);
            out.write(',');
            out.flush();
            // ctrl_tcp answers with a netstring {"response":true,"ok":...} among event netstrings; wait for it
            var in = new java.io.DataInputStream(ctrl.getInputStream());
            while (true) {
                int length = 0;
                int c;
                while ((c = in.read()) != ':') {
                    if (c < '0' || c > '9') {
                        throw new IOException("softphone " + seat + ": bad netstring from ctrl_tcp");
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] message = new byte[length];
                in.readFully(message);
                in.read(); // the ','
                String reply = new String(message, java.nio.charset.StandardCharsets.UTF_8);
                if (reply.contains("\"response\":true")) {
                    if (!reply.contains("\"ok\":true")) {
                        throw new IOException("softphone " + seat + ": uanew refused: " + reply);
                    }
                    return;
                }
            }
        }
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
