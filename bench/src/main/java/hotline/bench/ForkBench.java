package hotline.bench;

import hotline.server.asr.AriAudioFork;
import hotline.telephony.AudioFork;
import hotline.telephony.ami.AmiAudioFork;
import hotline.telephony.ami.AmiClient;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.ami.Backoff;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.telephony.rtp.AudioSink;
import hotline.telephony.rtp.G711;
import hotline.telephony.rtp.PcmFrame;
import hotline.telephony.rtp.RtpReceiver;
import hotline.telephony.rtp.RtpStream;
import hotline.telephony.rtp.RtpStreamStats;
import hotline.testkit.lab.Lab;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./hotline bench fork [--calls N] [--seconds S] [--spy OPTIONS] [--rounds R] [--fork ari|chanspy]}: is the live-transcription
 * fork intact? N concurrent real calls through the carrier simulator, answered by auto-answer baresip seats; each
 * citizen and each seat plays its own known audio (seeded noise, exact G.711 μ-law values, so every received 20 ms
 * frame can be found in what was sent); while the calls are bridged the bench forks both voices of each call exactly
 * as the server does ({@link AmiAudioFork}: AMI Originate of {@code UnicastRTP/…/c(ulaw)} into
 * {@code [hotline-fork]} running ChanSpy) to its own {@link RtpReceiver}, and compares what arrived with what was
 * sent.
 *
 * <p>Per voice: {@code ratio} = received audio / wall-clock time between its first and last packet (the figure the
 * server reports as {@code audioRatio}); {@code left_out} = frames of the sent audio that never arrived although the
 * frames around them did (what ChanSpy left out; found by aligning every received frame with the sent audio);
 * {@code fills} = frames our decoder's drop detector filled in; {@code aligned} = share of the sent span that arrived
 * at its right place on the decoder's output time line; {@code corr} = correlation of that output with the sent
 * audio over the span. The server's own transcription is off (only the bench forks), the front-door menu is off.
 *
 * <p>{@code --fork ari} (the default, as the server's {@code hotline.asr.fork}) forks through ARI ({@link AriAudioFork}:
 * a snoop channel with {@code spy=in} bridged with an externalMedia channel); {@code --fork chanspy} as above.
 *
 * <p>{@code --spy OPTIONS} adds {@code exten => bench,1,ChanSpy(${SPY_ID},OPTIONS)} to {@code [hotline-fork]} at run
 * time and forks into it, to compare ChanSpy options; by default the shipped {@code caller} extension is used. Ends
 * with {@code fork calls=N ratio_min=… ratio_p5=… ratio_median=… …} over all callers of all rounds.
 */
public final class ForkBench {
    private static final int FRAME = 160;

    private ForkBench() {
    }

    /** One voice's result. */
    record Leg(String name, RtpStreamStats stats, int frames, int leftOut, int unmatched, double aligned,
               double corr, int span) {
        String line() {
            return String.format(Locale.ROOT, "%s: packets=%d ratio=%.3f left_out=%d fills=%d lost=%d aligned=%.3f"
                            + " corr=%.3f span=%d unmatched=%d silence=%d", name, stats.packets(), stats.audioRatio(),
                    leftOut, stats.senderDrops(), stats.lost(), aligned, corr, span, unmatched,
                    stats.silenceFrames());
        }
    }

    public static void main(String[] args) throws Exception {
        int calls = 8;
        int seconds = 20;
        int rounds = 1;
        String spy = null;
        String forkMode = "ari"; // the server's default (hotline.asr.fork)
        int rt = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--spy" -> spy = args[++i];
                case "--rt" -> rt = Integer.parseInt(args[++i]);
                case "--fork" -> forkMode = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--calls N, --seconds S, --rounds R, --spy CHANSPY_OPTIONS, --rt PRIORITY,"
                        + " --fork ari|chanspy)");
            }
        }
        if (calls < 1 || calls > 20 || seconds < 3 || seconds > 300 || rounds < 1 || rounds > 20) {
            throw new IllegalArgumentException("--calls 1..20, --seconds 3..300, --rounds 1..20 expected");
        }
        if (!forkMode.equals("ari") && !forkMode.equals("chanspy")) {
            throw new IllegalArgumentException("--fork takes ari or chanspy, got " + forkMode);
        }
        if (spy != null && forkMode.equals("ari")) {
            throw new IllegalArgumentException("--spy sets ChanSpy options: it does not apply to --fork ari");
        }
        if (spy != null && !spy.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("--spy takes ChanSpy option letters, e.g. qoEul, got " + spy);
        }
        Path audio = Files.createDirectories(Lab.home().resolve(".run/bench-fork/audio"));
        short[] citizen = noise(1, seconds);
        Path citizenWav = writeWav(audio.resolve("citizen.wav"), citizen);
        int secs = seconds;
        String loadStart = LabCalls.loadAverage();
        List<Leg> callers = new ArrayList<>();
        List<Leg> agents = new ArrayList<>();
        int failed = 0;
        try (LabCalls lab = LabCalls.start("bench-fork", calls, Map.of("hotline.ivr.enabled", false,
                "hotline.asr.enabled", false), seat -> {
                    try {
                        return writeWav(audio.resolve("seat" + seat + ".wav"), noise(seat, secs));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })) {
            if (rt > 0) {
                lab.realTime(rt);
            }
            System.out.println("fork: pbx scheduling " + lab.lab().pbxCli("core show settings").lines()
                    .filter(l -> l.contains("Running as") || l.toLowerCase(Locale.ROOT).contains("priority"))
                    .map(String::trim).toList() + (rt > 0 ? " + chrt -r " + rt : ""));
            String exten = AmiAudioFork.OWN_VOICE_EXTEN;
            if (spy != null) {
                exten = "bench";
                lab.lab().pbxCli("dialplan add extension bench,1,ChanSpy(${SPY_ID}," + spy + ") into "
                        + AmiAudioFork.FORK_CONTEXT + " replace");
            }
            System.out.println("fork: pbx dialplan " + lab.lab().pbxCli("dialplan show " + exten + "@"
                    + AmiAudioFork.FORK_CONTEXT).lines().filter(l -> l.contains("ChanSpy")).findFirst()
                    .orElse("?").trim());
            var a = lab.lab().config().asterisk();
            AmiClient ami = new AmiClient(new AmiEndpoint("pbx-bench", a.host(), a.amiPort(), a.amiUser(),
                    a.amiSecret(), Duration.ofSeconds(5)), new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1),
                    Math::random), event -> { }, Clock.systemUTC());
            ami.start();
            int ports = 52000 + Lab.portOffset();
            ExecutorService pool = Executors.newCachedThreadPool();
            io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
            AriAudioFork ari = null;
            try (RtpReceiver receiver = new RtpReceiver("127.0.0.1", ports, ports + 99, 3, 1, Clock.systemUTC())) {
                BenchHttp.await(Duration.ofSeconds(10), ami::isConnected);
                AudioFork fork = new AmiAudioFork(ami, exten);
                if (forkMode.equals("ari")) {
                    ari = new AriAudioFork(vertx, a.host(), a.ariPort(), a.ariUser(), a.ariPassword());
                    String capture = System.getProperty("hotline.bench.ariCapture");
                    if (capture != null) {
                        java.io.PrintWriter w = new java.io.PrintWriter(Files.newBufferedWriter(Path.of(capture)),
                                true);
                        ari.tap((kind, text) -> {
                            synchronized (w) {
                                w.println(kind + " " + text.replace('\n', ' '));
                            }
                        });
                    }
                    ari.start().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
                    fork = ari;
                    System.out.println("fork: ARI snoop (spy=in) + externalMedia in a mixing bridge, app "
                            + AriAudioFork.APP + " at " + a.host() + ":" + a.ariPort());
                }
                for (int round = 1; round <= rounds; round++) {
                    System.out.printf(Locale.ROOT, "fork: round %d of %d, %d calls of %d s, load average %s%n", round,
                            rounds, calls, seconds, LabCalls.loadAverage());
                    List<CompletableFuture<Leg[]>> running = new ArrayList<>();
                    for (int i = 0; i < calls; i++) {
                        String caller = String.format(Locale.ROOT, "1380%d%02d%05d", round % 10, i,
                                (System.currentTimeMillis() / 100) % 100_000);
                        int index = i;
                        AudioFork forkUsed = fork;
                        running.add(CompletableFuture.supplyAsync(() -> {
                            try {
                                return call(lab, forkUsed, receiver, citizenWav, citizen, caller, secs, index * 150L);
                            } catch (Exception e) {
                                throw new IllegalStateException("call from " + caller + ": " + e, e);
                            }
                        }, pool));
                    }
                    for (int i = 0; i < running.size(); i++) {
                        Leg[] legs;
                        try {
                            legs = running.get(i).get(seconds + 90, TimeUnit.SECONDS);
                        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                            // a loaded machine can fail to set a call up in time: count it, measure the others
                            failed++;
                            System.out.printf(Locale.ROOT, "call %d.%d failed: %s%n", round, i + 1,
                                    e.getCause() == null ? e : e.getCause().getMessage());
                            continue;
                        }
                        System.out.printf(Locale.ROOT, "call %d.%d %s | %s%n", round, i + 1, legs[0].line(),
                                legs[1].line());
                        callers.add(legs[0]);
                        agents.add(legs[1]);
                    }
                    // the seats are ready again once their calls have ended (no wrap-up in the lab)
                    Thread.sleep(1500);
                }
            } finally {
                pool.shutdownNow();
                if (ari != null) {
                    ari.close();
                }
                vertx.close();
                ami.close();
            }
        }
        List<Double> ratios = callers.stream().map(l -> l.stats().audioRatio()).toList();
        List<Double> agentRatios = agents.stream().map(l -> l.stats().audioRatio()).toList();
        System.out.printf(Locale.ROOT, "fork calls=%d rounds=%d fork=%s spy=%s rt=%d measured=%d failed=%d ratio_min=%.3f ratio_p5=%.3f ratio_median=%.3f"
                        + " left_out_total=%d left_out_max=%d fills_total=%d aligned_min=%.3f corr_min=%.3f"
                        + " corr_median=%.3f agent_ratio_min=%.3f agent_ratio_p5=%.3f agent_ratio_median=%.3f"
                        + " agent_left_out_total=%d agent_fills_total=%d load_start=%s load_end=%s%n",
                calls, rounds, forkMode, spy == null ? "shipped" : spy, rt, callers.size(), failed, pct(ratios, 0), pct(ratios, 5), pct(ratios, 50),
                callers.stream().mapToInt(Leg::leftOut).sum(), callers.stream().mapToInt(Leg::leftOut).max()
                        .orElse(0), callers.stream().mapToLong(l -> l.stats().senderDrops()).sum(),
                pct(callers.stream().map(Leg::aligned).toList(), 0), pct(callers.stream().map(Leg::corr).toList(), 0),
                pct(callers.stream().map(Leg::corr).toList(), 50), pct(agentRatios, 0), pct(agentRatios, 5),
                pct(agentRatios, 50), agents.stream().mapToInt(Leg::leftOut).sum(),
                agents.stream().mapToLong(l -> l.stats().senderDrops()).sum(), loadStart, LabCalls.loadAverage());
    }

    /** One call: place it, fork both voices once bridged, wait for the citizen to hang up, compare. */
    private static Leg[] call(LabCalls lab, AudioFork fork, RtpReceiver receiver, Path citizenWav,
                              short[] citizen, String caller, int seconds, long delayMs) throws Exception {
        Thread.sleep(delayMs);
        CompletableFuture<Originated> placed = lab.carrier().call(new CitizenCall("12345", caller,
                Lab.playable(citizenWav), 1, Duration.ofMillis(1500), Duration.ofSeconds(2)));
        Optional<LabCalls.PbxLegs> found = Optional.empty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); // a loaded machine queues calls
        while (found.isEmpty() && System.nanoTime() < deadline) {
            found = lab.legs(caller);
            if (found.isEmpty()) {
                Thread.sleep(50);
            }
        }
        LabCalls.PbxLegs legs = found.orElseThrow(() -> new IllegalStateException("never bridged with a seat"));
        Originated o = placed.get(30, TimeUnit.SECONDS);
        if (!o.success()) {
            throw new IllegalStateException("the carrier's call failed: " + o.reason());
        }
        List<PcmFrame> callerFrames = Collections.synchronizedList(new ArrayList<>());
        List<PcmFrame> agentFrames = Collections.synchronizedList(new ArrayList<>());
        RtpStream callerStream = receiver.open("fork caller=" + caller, collect(callerFrames)).get(5,
                TimeUnit.SECONDS);
        RtpStream agentStream = receiver.open("fork seat=" + legs.seat(), collect(agentFrames)).get(5,
                TimeUnit.SECONDS);
        try {
            fork.start(legs.callerUniqueId(), "127.0.0.1", callerStream.port()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            fork.start(legs.seatUniqueId(), "127.0.0.1", agentStream.port()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 30);
            while (lab.callerUp(caller) && System.nanoTime() < end) {
                Thread.sleep(200);
            }
            Thread.sleep(300);
        } finally {
            callerStream.close().get(5, TimeUnit.SECONDS);
            agentStream.close().get(5, TimeUnit.SECONDS);
        }
        short[] seatAudio = noise(Integer.parseInt(legs.seat()), seconds);
        return new Leg[] {compare("caller", citizen, callerFrames, callerStream.stats()),
                compare("agent " + legs.seat(), seatAudio, agentFrames, agentStream.stats())};
    }

    private static AudioSink collect(List<PcmFrame> frames) {
        return frames::add;
    }

    /**
     * Aligns the decoder's output with the sent audio. Each received (not concealed) frame is looked for where the
     * previous one was found plus one frame, else further on (frames left out), else anywhere.
     */
    static Leg compare(String name, short[] sent, List<PcmFrame> out, RtpStreamStats stats) {
        List<PcmFrame> frames;
        synchronized (out) {
            frames = new ArrayList<>(out);
        }
        int firstIndex = -1;
        int firstOffset = -1;
        for (int i = 0; i < frames.size() && firstIndex < 0; i++) {
            PcmFrame f = frames.get(i);
            if (!f.concealed() && f.samples().length == FRAME && !silent(f.samples())) {
                int at = find(sent, f.samples(), 0, sent.length - FRAME);
                if (at >= 0) {
                    firstIndex = i;
                    firstOffset = at;
                }
            }
        }
        if (firstIndex < 0) {
            return new Leg(name, stats, frames.size(), 0, frames.size(), 0, 0, 0);
        }
        int last = firstOffset;
        int lastOffset = firstOffset;
        int leftOut = 0;
        int unmatched = 0;
        int aligned = 1;
        for (int i = firstIndex + 1; i < frames.size(); i++) {
            PcmFrame f = frames.get(i);
            if (f.concealed() || f.samples().length != FRAME || silent(f.samples())) {
                continue; // the seats' audio ends in silence: nothing to align
            }
            int at = -1;
            for (int j = 1; j <= 250 && at < 0; j++) {
                if (matches(sent, f.samples(), last + j * FRAME)) {
                    at = last + j * FRAME;
                    leftOut += j - 1;
                }
            }
            if (at < 0) {
                at = find(sent, f.samples(), 0, sent.length - FRAME);
            }
            if (at < 0) {
                unmatched++;
                continue;
            }
            if (at == firstOffset + (i - firstIndex) * FRAME) {
                aligned++;
            }
            last = at;
            lastOffset = Math.max(lastOffset, at);
        }
        int span = (lastOffset - firstOffset) / FRAME + 1;
        // correlation of the decoder's output time line with the sent audio over the span
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        long n = (long) span * FRAME;
        for (int k = 0; k < span; k++) {
            int idx = firstIndex + k;
            short[] got = idx < frames.size() ? frames.get(idx).samples() : new short[FRAME];
            for (int s = 0; s < FRAME; s++) {
                double x = firstOffset + k * FRAME + s < sent.length ? sent[firstOffset + k * FRAME + s] : 0;
                double y = s < got.length ? got[s] : 0;
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
            }
        }
        double cov = sxy - sx * sy / n;
        double den = Math.sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
        return new Leg(name, stats, frames.size(), leftOut, unmatched, aligned / (double) span,
                den == 0 ? 0 : cov / den, span);
    }

    private static boolean silent(short[] frame) {
        for (short s : frame) {
            if (Math.abs(s) > 64) {
                return false;
            }
        }
        return true;
    }

    private static int find(short[] sent, short[] frame, int from, int to) {
        for (int at = from; at <= to; at++) {
            if (matches(sent, frame, at)) {
                return at;
            }
        }
        return -1;
    }

    /** At least 150 of the 160 samples equal within a G.711 step. */
    private static boolean matches(short[] sent, short[] frame, int at) {
        if (at < 0 || at + FRAME > sent.length) {
            return false;
        }
        int bad = 0;
        for (int s = 0; s < FRAME; s++) {
            int d = Math.abs(sent[at + s] - frame[s]);
            if (d > 16 + Math.abs(sent[at + s]) / 16 && ++bad > 10) {
                return false;
            }
        }
        return true;
    }

    /** Seeded Gaussian noise (RMS about -22 dBFS), each sample an exact μ-law value so G.711 carries it unchanged. */
    static short[] noise(long seed, int seconds) {
        Random r = new Random(seed * 7919L + 12345);
        short[] pcm = new short[seconds * PcmFrame.SAMPLE_RATE];
        for (int i = 0; i < pcm.length; i++) {
            double v = Math.max(-30000, Math.min(30000, r.nextGaussian() * 2500));
            pcm[i] = G711.ulaw(ulaw((short) v));
        }
        return pcm;
    }

    /** G.711 μ-law encoding (ITU-T G.711, with the usual bias of 0x84). */
    static byte ulaw(short sample) {
        int pcm = sample;
        int sign = 0;
        if (pcm < 0) {
            pcm = -pcm;
            sign = 0x80;
        }
        pcm = Math.min(pcm, 32635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; exponent--, mask >>= 1) {
            // find the segment
        }
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    static Path writeWav(Path file, short[] pcm) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + pcm.length * 2)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(PcmFrame.SAMPLE_RATE).putInt(PcmFrame.SAMPLE_RATE * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(pcm.length * 2);
        for (short s : pcm) {
            b.putShort(s);
        }
        Files.write(file, b.array());
        return file;
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
