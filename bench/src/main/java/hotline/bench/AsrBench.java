package hotline.bench;

import hotline.asr.Partial;
import hotline.asr.RecognitionStream;
import hotline.asr.Speaker;
import hotline.asr.TranscriptListener;
import hotline.asr.Utterance;
import hotline.asr.WordErrorRate;
import hotline.asr.vosk.VoskSpeechRecognizer;
import hotline.telephony.rtp.G711;
import hotline.telephony.rtp.PcmFrame;
import hotline.telephony.rtp.RtpDecoder;
import hotline.testkit.lab.Lab;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Live transcription figures on this machine, with the small English Vosk model on CMU Flite speech (telephone band,
 * G.711 μ-law), all in one run:
 * <ul>
 *   <li>{@code model_load_ms}: {@link VoskSpeechRecognizer#load} (native library + model);</li>
 *   <li>{@code rtf_pipeline}: one stream as fast as it goes through our pipeline: RTP packets (the fork's layout:
 *       PT 0, 160 bytes, 20 ms) through {@link RtpDecoder} (parse, jitter buffer, G.711 decode) into a
 *       {@link RecognitionStream} (worker strand, partial every 200 ms, result parsing), the process's CPU time /
 *       audio time (CPU time, because wall time on a shared machine mostly measures the neighbours);</li>
 *   <li>{@code rtf_vosk_direct}: the same decoded audio straight into a Vosk {@link Recognizer} in 20 ms frames with
 *       the same partial requests, no pipeline; {@code overhead_ratio} = pipeline / direct (median of the per-round
 *       ratios, the rounds interleaved so machine noise hits both);</li>
 *   <li>{@code realtime_streams}: the most streams, fed at real-time pace at once, whose recognition keeps up (p95
 *       lag of recognised audio behind the wall clock under 300 ms, nothing dropped, each finishes within 1 s of
 *       its audio's end), trying 1, 2, 3, 4, 6, 8, 10;</li>
 *   <li>{@code eou_final_*_ms}: with 2 real-time streams (1 if only one keeps up), end of utterance (its last word's
 *       end, fed in real time) to the final result;
 *       {@code partial_first_*_ms}: speech onset to the first partial; {@code partial_lag_*_ms}: audio position of a
 *       partial to its delivery;</li>
 *   <li>{@code mem_per_stream_mb}: resident memory growth per open stream that has recognised 10 s (8 streams).</li>
 * </ul>
 * Prints {@code asr key=value ...} last. Argument: rounds for the RTF comparison (default 5).
 */
public final class AsrBench {
    static final String[][] SPEECH = {
        {"b1", "slt", "Hello, the street light outside my building has been broken for a week."
                + " Please send someone to repair it."},
        {"b2", "rms", "The restaurant downstairs plays loud music every night and nobody can sleep."},
        {"b3", "awb", "There is no water in our building since this morning. Please help us."},
        {"b4", "slt", "A big tree fell across the road near the school and the cars cannot pass."},
        {"b5", "rms", "I want to complain about the rubbish that has not been collected for three days."},
    };
    private static final int FRAME = 160;

    private AsrBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path model = Lab.home().resolve("asr/target/vosk-model-en-us");
        Path audioDir = Files.createDirectories(Lab.home().resolve(".run/bench-asr"));
        List<byte[]> ulaw = new ArrayList<>();
        double audioSeconds = 0;
        for (String[] s : SPEECH) {
            byte[] u = telephoneUlaw(audioDir, s[0], s[1], s[2]);
            ulaw.add(u);
            audioSeconds += u.length / 8000.0;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "audio: %d flite utterances, %.1f s, telephone band, u-law; %d cores%n",
                SPEECH.length, audioSeconds, cores);

        long rssBefore = rssKb();
        VoskSpeechRecognizer asr = VoskSpeechRecognizer.load(model, "en-us", new VoskSpeechRecognizer.Options(cores,
                Duration.ofMillis(200), Duration.ofHours(1)));
        long loadMs = asr.loadTime().toMillis();
        long rssModel = rssKb();
        System.out.printf(Locale.ROOT, "model load %d ms, RSS %d -> %d MB%n", loadMs, rssBefore / 1024,
                rssModel / 1024);
        Model directModel = new Model(model.toAbsolutePath().toString());

        // ---- one stream, as fast as possible: pipeline vs Vosk directly, interleaved rounds
        List<Double> pipe = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        String pipelineText = "";
        String directText = "";
        pipeline(asr, ulaw); // warm-up (JIT, native caches)
        for (int r = 0; r < rounds; r++) {
            Result p = pipeline(asr, ulaw);
            Result d = direct(directModel, ulaw);
            pipe.add(p.cpuSeconds / audioSeconds);
            direct.add(d.cpuSeconds / audioSeconds);
            pipelineText = p.text;
            directText = d.text;
            System.out.printf(Locale.ROOT, "round %d: pipeline RTF %.3f (wall %.3f), Vosk direct RTF %.3f (wall %.3f)%n",
                    r + 1, p.cpuSeconds / audioSeconds, p.seconds / audioSeconds, d.cpuSeconds / audioSeconds,
                    d.seconds / audioSeconds);
        }
        double rtfPipe = median(pipe);
        double rtfDirect = median(direct);
        double overhead = median(ratios(pipe, direct));
        String reference = String.join(" ", Arrays.stream(SPEECH).map(s -> s[2]).toList());
        double wer = WordErrorRate.of(reference, pipelineText);
        System.out.printf(Locale.ROOT, "WER %.3f; identical text with and without the pipeline: %s%n", wer,
                WordErrorRate.words(pipelineText).equals(WordErrorRate.words(directText)));

        // ---- real-time streams
        short[] streamAudio = decode(concat(ulaw.subList(0, 2)));
        int sustained = 0;
        for (int n : new int[] {1, 2, 3, 4, 6, 8, 10}) {
            Live live = live(asr, n, streamAudio);
            System.out.printf(Locale.ROOT, "%2d real-time streams: lag p50 %.0f ms p95 %.0f ms max %.0f ms, dropped %d,"
                    + " finish after end %.0f ms -> %s%n", n, live.lagP50, live.lagP95, live.lagMax, live.dropped,
                    live.finishMs, live.ok() ? "keeps up" : "falls behind");
            if (!live.ok()) {
                break;
            }
            sustained = n;
        }

        // ---- latencies: 2 streams (1 when only one keeps up), each all utterances with 1.5 s of silence after each
        List<short[]> withPauses = new ArrayList<>();
        for (byte[] u : ulaw) {
            withPauses.add(decode(u));
            withPauses.add(new short[12000]);
        }
        Live lat = live(asr, Math.max(1, Math.min(2, sustained)), concatShorts(withPauses));
        System.out.printf(Locale.ROOT, "latency over %d finals and %d partials%n", lat.eou.size(), lat.partialLag.size());

        // ---- memory per stream
        long rssStreamsBefore = rssKb();
        List<RecognitionStream> open = new ArrayList<>();
        short[] tenSeconds = Arrays.copyOf(streamAudio, Math.min(streamAudio.length, 80000));
        for (int i = 0; i < 8; i++) {
            RecognitionStream s = asr.open("mem" + i, Speaker.CALLER, 8000, new Collector(System.nanoTime()));
            for (int f = 0; f + FRAME <= tenSeconds.length; f += FRAME) {
                s.accept(Arrays.copyOfRange(tenSeconds, f, f + FRAME));
            }
            open.add(s);
        }
        // streams in the middle of their calls: all audio recognised, recognisers still open
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (open.stream().anyMatch(s -> s.recognisedSeconds() < (tenSeconds.length / FRAME * FRAME) / 8000.0)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long rssStreams = rssKb();
        for (RecognitionStream s : open) {
            s.close().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        double memPerStreamMb = (rssStreams - rssStreamsBefore) / 1024.0 / 8;

        asr.close();
        directModel.close();
        System.out.printf(Locale.ROOT, "asr cores=%d model_load_ms=%d rtf_pipeline=%.3f rtf_vosk_direct=%.3f"
                        + " overhead_ratio=%.3f realtime_streams=%d eou_final_median_ms=%.0f eou_final_p99_ms=%.0f"
                        + " partial_first_median_ms=%.0f partial_lag_median_ms=%.0f partial_lag_p99_ms=%.0f"
                        + " mem_per_stream_mb=%.1f model_rss_mb=%d wer=%.3f audio_s=%.1f%n",
                cores, loadMs, rtfPipe, rtfDirect, overhead, sustained, pct(lat.eou, 50), pct(lat.eou, 99),
                pct(lat.partialFirst, 50), pct(lat.partialLag, 50), pct(lat.partialLag, 99), memPerStreamMb,
                (rssModel - rssBefore) / 1024, wer, audioSeconds);
    }

    // ------------------------------------------------------------------ the two paths

    /** Wall time and the process's CPU time (less disturbed by other processes on a shared machine). */
    record Result(double seconds, double cpuSeconds, String text) {
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** RTP bytes -> RtpDecoder (EmbeddedChannel) -> frames -> RecognitionStream; until the last final. */
    static Result pipeline(VoskSpeechRecognizer asr, List<byte[]> ulaw) throws Exception {
        Collector c = new Collector(System.nanoTime());
        long start = System.nanoTime();
        long cpu = cpuNanos();
        RecognitionStream stream = asr.open("bench", Speaker.CALLER, 8000, c);
        EmbeddedChannel ch = new EmbeddedChannel(new RtpDecoder("bench", 3, Clock.systemUTC()),
                new SimpleChannelInboundHandler<PcmFrame>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, PcmFrame frame) {
                        stream.accept(frame.samples());
                    }
                });
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 30000);
        InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 13914);
        byte[] all = concat(ulaw);
        int seq = 0;
        for (int off = 0; off + FRAME <= all.length; off += FRAME) {
            ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(rtp(seq++, all, off)), local, remote));
        }
        ch.close();
        ch.finishAndReleaseAll();
        stream.close().toCompletableFuture().get(120, TimeUnit.SECONDS);
        double s = (System.nanoTime() - start) / 1e9;
        return new Result(s, (cpuNanos() - cpu) / 1e9, String.join(" ", c.finals.stream().map(Utterance::text)
                .toList()));
    }

    /** The same audio, decoded beforehand, straight into Vosk in 20 ms frames with a partial every 200 ms. */
    static Result direct(Model model, List<byte[]> ulaw) throws Exception {
        short[] pcm = decode(concat(ulaw));
        long start = System.nanoTime();
        long cpu = cpuNanos();
        StringBuilder text = new StringBuilder();
        // one worker thread, as the pipeline's stream is one strand
        java.util.concurrent.ExecutorService worker = Executors.newSingleThreadExecutor();
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try (Recognizer r = new Recognizer(model, 8000)) {
                r.setWords(true);
                int sincePartial = 0;
                int usable = pcm.length - pcm.length % FRAME;
                short[] frame = new short[FRAME];
                for (int off = 0; off < usable; off += FRAME) {
                    System.arraycopy(pcm, off, frame, 0, FRAME);
                    if (r.acceptWaveForm(frame, FRAME)) {
                        text.append(textOf(r.getResult())).append(' ');
                        sincePartial = 0;
                    } else if (++sincePartial >= 10) {
                        sincePartial = 0;
                        r.getPartialResult();
                    }
                }
                text.append(textOf(r.getFinalResult()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, worker);
        done.get(120, TimeUnit.SECONDS);
        worker.shutdown();
        return new Result((System.nanoTime() - start) / 1e9, (cpuNanos() - cpu) / 1e9, text.toString().trim());
    }

    private static String textOf(String json) {
        int i = json.indexOf("\"text\"");
        if (i < 0) {
            return "";
        }
        int q1 = json.indexOf('"', json.indexOf(':', i) + 1);
        return json.substring(q1 + 1, json.indexOf('"', q1 + 1));
    }

    // ------------------------------------------------------------------ real-time feeding

    static final class Live {
        double lagP50;
        double lagP95;
        double lagMax;
        long dropped;
        double finishMs;
        final List<Double> eou = new CopyOnWriteArrayList<>();
        final List<Double> partialFirst = new CopyOnWriteArrayList<>();
        final List<Double> partialLag = new CopyOnWriteArrayList<>();

        boolean ok() {
            return lagP95 < 300 && dropped == 0 && finishMs < 1000;
        }
    }

    /** n streams fed the audio at real-time pace (one 20 ms frame every 20 ms each), measured while they run. */
    static Live live(VoskSpeechRecognizer asr, int n, short[] audio) throws Exception {
        Live live = new Live();
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(1);
        long t0 = System.nanoTime() + 50_000_000L;
        List<RecognitionStream> streams = new ArrayList<>();
        List<Collector> collectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Collector c = new Collector(t0);
            collectors.add(c);
            streams.add(asr.open("live" + i, Speaker.CALLER, 8000, c));
        }
        int frames = audio.length / FRAME;
        int[] next = {0};
        List<Double> lags = new ArrayList<>();
        CompletableFuture<Void> fed = new CompletableFuture<>();
        ScheduledFuture<?> feeder = pacer.scheduleAtFixedRate(() -> {
            double due = (System.nanoTime() - t0) / 1e9;
            while (next[0] < frames && next[0] * 0.02 <= due) {
                short[] frame = Arrays.copyOfRange(audio, next[0] * FRAME, next[0] * FRAME + FRAME);
                streams.forEach(s -> s.accept(frame));
                next[0]++;
            }
            if (next[0] >= frames) {
                fed.complete(null);
            }
            if (due > 1) {
                for (RecognitionStream s : streams) {
                    lags.add(Math.max(0, (Math.min(due, frames * 0.02) - s.recognisedSeconds()) * 1000));
                }
            }
        }, 50, 20, TimeUnit.MILLISECONDS);
        fed.get(10, TimeUnit.MINUTES);
        feeder.cancel(false);
        pacer.shutdown();
        pacer.awaitTermination(5, TimeUnit.SECONDS);
        long endFed = System.nanoTime();
        for (RecognitionStream s : streams) {
            s.close().toCompletableFuture().get(10, TimeUnit.MINUTES);
            live.dropped += s.droppedFrames();
        }
        live.finishMs = (System.nanoTime() - endFed) / 1e6;
        List<Double> sorted = new ArrayList<>(lags);
        Collections.sort(sorted);
        live.lagP50 = pct(sorted, 50);
        live.lagP95 = pct(sorted, 95);
        live.lagMax = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
        for (Collector c : collectors) {
            live.eou.addAll(c.eouMs);
            live.partialLag.addAll(c.partialLagMs);
            if (c.firstPartialMs >= 0) {
                live.partialFirst.add(c.firstPartialMs);
            }
        }
        return live;
    }

    /** Collects results; with a real-time feed started at t0, audio offset x was fed at t0 + x. */
    static final class Collector implements TranscriptListener {
        final long t0;
        final List<Utterance> finals = new CopyOnWriteArrayList<>();
        final List<Double> eouMs = new CopyOnWriteArrayList<>();
        final List<Double> partialLagMs = new CopyOnWriteArrayList<>();
        volatile double firstPartialMs = -1;

        Collector(long t0) {
            this.t0 = t0;
        }

        // The frame holding audio offsets x..x+20 ms is fed at t0 + x (not before), so a result about audio up to
        // offset y could at best arrive at t0 + y - 20 ms: the 20 ms are added back (latencies err high, by < 20 ms).
        @Override
        public void onPartial(Partial p) {
            double now = (System.nanoTime() - t0) / 1e6;
            partialLagMs.add(now - p.at().toMillis() + 20);
            if (firstPartialMs < 0) {
                firstPartialMs = now - 300; // the flite audio starts after 0.3 s of silence
            }
        }

        @Override
        public void onFinal(Utterance u) {
            finals.add(u);
            eouMs.add((System.nanoTime() - t0) / 1e6 - u.end().toMillis() + 20);
        }
    }

    // ------------------------------------------------------------------ audio

    /** flite -> 8 kHz, -6 dBFS, 0.3/0.8 s pads -> 300-3400 Hz -> u-law bytes (gen-asr-audio.sh's pipeline). */
    static byte[] telephoneUlaw(Path dir, String name, String voice, String text) throws Exception {
        Path ul = dir.resolve(name + ".ul");
        if (!Files.exists(ul)) {
            Path tts = dir.resolve(name + ".tts.wav");
            Path pcm = dir.resolve(name + ".8k.wav");
            exec("flite", "-voice", voice, "-t", text, "-o", tts.toString());
            exec("sox", tts.toString(), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", pcm.toString(),
                    "gain", "-n", "-6", "pad", "0.3", "0.8");
            exec("sox", pcm.toString(), "-t", "ul", "-r", "8000", "-c", "1", ul.toString(), "sinc", "300-3400");
        }
        return Files.readAllBytes(ul);
    }

    private static void exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + new String(out));
        }
    }

    /** V=2,P=false,X=false,CC=0,M=false,PT=0,SeqNum=seq,TS=seq*160,SSRC=0x72e229c1, 160 u-law bytes. */
    private static byte[] rtp(int seq, byte[] ulaw, int off) {
        byte[] b = new byte[12 + FRAME];
        b[0] = (byte) 0x80;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        long ts = seq * 160L;
        b[4] = (byte) (ts >> 24);
        b[5] = (byte) (ts >> 16);
        b[6] = (byte) (ts >> 8);
        b[7] = (byte) ts;
        b[8] = 0x72;
        b[9] = (byte) 0xe2;
        b[10] = 0x29;
        b[11] = (byte) 0xc1;
        System.arraycopy(ulaw, off, b, 12, FRAME);
        return b;
    }

    static short[] decode(byte[] ulaw) {
        short[] pcm = new short[ulaw.length];
        G711.decode(G711.PCMU, ulaw, pcm);
        return pcm;
    }

    static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length - p.length % FRAME).sum();
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            int len = p.length - p.length % FRAME;
            System.arraycopy(p, 0, out, off, len);
            off += len;
        }
        return out;
    }

    static short[] concatShorts(List<short[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        short[] out = new short[n];
        int off = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    // ------------------------------------------------------------------ numbers

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    }

    private static List<Double> ratios(List<Double> a, List<Double> b) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i) / b.get(i));
        }
        return out;
    }

    private static double median(List<Double> values) {
        return pct(values, 50);
    }

    static double pct(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
