package hotline.asr.vosk;

import hotline.asr.AsrException;
import hotline.asr.RecognitionStream;
import hotline.asr.Speaker;
import hotline.asr.SpeechRecognizer;
import hotline.asr.TranscriptListener;
import hotline.asr.vosk.internal.VoskStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * {@link SpeechRecognizer} on Vosk (Kaldi): one {@link Model} for the language, loaded once and shared by every
 * stream; one {@link Recognizer} per stream, fed 20 ms frames on a fixed pool of worker threads (never the caller's
 * thread). Each stream is a strand on the pool: its frames are recognised in order, one at a time.
 *
 * <p>Telephone audio is 8 kHz; Vosk's small models are 16 kHz and by default only downsample: a recogniser fed
 * 8 kHz then returns empty text without an error. {@link #load} therefore refuses such a model unless its
 * {@code conf/mfcc.conf} has {@code --allow-upsample=true} (or the model is itself 8 kHz).
 */
public final class VoskSpeechRecognizer implements SpeechRecognizer {
    private static final Logger log = LoggerFactory.getLogger(VoskSpeechRecognizer.class);

    /**
     * Tuning of the streams.
     *
     * @param digitsPass caller streams also run a digits-only recogniser (a grammar of the language's digit words)
     *                   whose digit strings each final carries ({@link hotline.asr.Utterance#digits()}); only where the model has a
     *                   runtime graph and the language a digit vocabulary ({@link #digitWords(String)})
     */
    public record Options(int workers, Duration partialInterval, Duration maxBacklog, boolean digitsPass) {
        /** Without the digits pass. */
        public Options(int workers, Duration partialInterval, Duration maxBacklog) {
            this(workers, partialInterval, maxBacklog, false);
        }

        public Options {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be positive, got " + workers);
            }
            Objects.requireNonNull(partialInterval, "partialInterval");
            Objects.requireNonNull(maxBacklog, "maxBacklog");
        }

        /** One worker per core, a partial every 200 ms, at most 10 s of audio queued per stream. */
        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), Duration.ofMillis(200),
                    Duration.ofSeconds(10));
        }
    }

    private final String language;
    private final Path modelDir;
    private final Model model;
    private final int modelRate;
    private final boolean upsamples;
    private final Options options;
    private final ExecutorService workers;
    private final Set<VoskStream> streams = ConcurrentHashMap.newKeySet();
    private final Duration loadTime;
    // the digits pass's grammar (JSON), null when off: no option, no digit vocabulary, or no runtime graph
    private final String digitsGrammar;
    private volatile boolean closed;

    private VoskSpeechRecognizer(String language, Path modelDir, Model model, int modelRate, boolean upsamples,
                                 Options options, Duration loadTime) {
        this.language = language;
        this.modelDir = modelDir;
        this.model = model;
        this.modelRate = modelRate;
        this.upsamples = upsamples;
        this.options = options;
        this.loadTime = loadTime;
        this.digitsGrammar = digitsGrammar(language, modelDir, options.digitsPass());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(options.workers(), r -> {
            Thread t = new Thread(r, "asr-vosk-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The words of the digits pass for a language ({@code en…}: English digit words, {@code zh…}: Chinese digits with
     * 幺 and 两 as callers say them), or empty when the language has none.
     */
    public static List<String> digitWords(String language) {
        String l = language.toLowerCase(java.util.Locale.ROOT);
        if (l.startsWith("en")) {
            return List.of("zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
        }
        if (l.startsWith("zh")) {
            return List.of("零", "幺", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九");
        }
        return List.of();
    }

    /** Whether the digits pass runs for callers of this recogniser. */
    public boolean digitsPass() {
        return digitsGrammar != null;
    }

    private static String digitsGrammar(String language, Path modelDir, boolean wanted) {
        if (!wanted) {
            return null;
        }
        List<String> words = digitWords(language);
        if (words.isEmpty()) {
            log.info("ASR digits pass off for language={}: no digit vocabulary for it", language);
            return null;
        }
        // a grammar needs a runtime graph; a model with a static HCLG.fst would ignore it and decode everything again
        if (!Files.isRegularFile(modelDir.resolve("graph/HCLr.fst")) || !Files.isRegularFile(modelDir.resolve("graph/Gr.fst"))) {
            log.info("ASR digits pass off for language={}: model {} has no runtime graph (graph/HCLr.fst, graph/Gr.fst)",
                    language, modelDir);
            return null;
        }
        return "[\"" + String.join(" ", words) + "\", \"[unk]\"]";
    }

    /**
     * Loads the model in {@code modelDir} (seconds of work: call it off any event loop).
     *
     * @throws AsrException naming what is wrong: no such directory, not a Vosk model, a 16 kHz model that cannot take
     *                      8 kHz audio, the native library or the model failing to load
     */
    public static VoskSpeechRecognizer load(Path modelDir, String language, Options options) {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(options, "options");
        if (!Files.isDirectory(modelDir)) {
            throw new AsrException("ASR model directory " + modelDir.toAbsolutePath() + " does not exist");
        }
        Path mfcc = modelDir.resolve("conf/mfcc.conf");
        if (!Files.isRegularFile(modelDir.resolve("am/final.mdl")) || !Files.isRegularFile(mfcc)) {
            throw new AsrException("ASR model directory " + modelDir.toAbsolutePath() + " is not a Vosk model"
                    + " (expected am/final.mdl and conf/mfcc.conf)");
        }
        int rate;
        boolean upsample;
        try {
            List<String> lines = Files.readAllLines(mfcc, StandardCharsets.UTF_8);
            rate = lines.stream().map(String::trim).filter(l -> l.startsWith("--sample-frequency="))
                    .map(l -> l.substring("--sample-frequency=".length()).trim()).reduce((a, b) -> b)
                    .map(Integer::parseInt).orElse(16000);
            upsample = lines.stream().map(String::trim).anyMatch(l -> l.equals("--allow-upsample=true"));
        } catch (IOException | NumberFormatException e) {
            throw new AsrException("ASR model " + mfcc.toAbsolutePath() + " cannot be read: " + e.getMessage(), e);
        }
        if (rate > 8000 && !upsample) {
            throw new AsrException("ASR model " + modelDir.toAbsolutePath() + " is for " + rate + " Hz audio and does"
                    + " not upsample: add the line --allow-upsample=true to " + mfcc.toAbsolutePath()
                    + " (without it Vosk returns empty text for 8 kHz telephone audio)");
        }
        long started = System.nanoTime();
        Model model;
        try {
            LibVosk.setLogLevel(LogLevel.WARNINGS);
            model = new Model(modelDir.toAbsolutePath().toString());
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new AsrException("ASR model " + modelDir.toAbsolutePath() + " failed to load: " + e, e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("ASR model loaded: language={} dir={} rate={}Hz in {} ms", language, modelDir.toAbsolutePath(), rate,
                took.toMillis());
        return new VoskSpeechRecognizer(language, modelDir, model, rate, upsample, options, took);
    }

    @Override
    public String language() {
        return language;
    }

    /** How long loading the model (and the native library) took. */
    public Duration loadTime() {
        return loadTime;
    }

    @Override
    public RecognitionStream open(String callId, Speaker speaker, int sampleRate, TranscriptListener listener) {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new AsrException("speech recognizer closed");
        }
        if (sampleRate < modelRate && !upsamples) {
            throw new AsrException("model " + modelDir + " needs " + modelRate + " Hz audio, got " + sampleRate);
        }
        Recognizer recognizer;
        Recognizer digits = null;
        try {
            recognizer = new Recognizer(model, sampleRate);
            recognizer.setWords(true);
            if (digitsGrammar != null && speaker == Speaker.CALLER) {
                digits = new Recognizer(model, sampleRate, digitsGrammar);
            }
        } catch (IOException | RuntimeException e) {
            throw new AsrException("callId=" + callId + " speaker=" + speaker.wireName()
                    + ": could not create a Vosk recognizer: " + e.getMessage(), e);
        }
        int partialEvery = (int) Math.max(1, options.partialInterval().toMillis() / 20);
        int maxQueued = (int) Math.max(1, options.maxBacklog().toMillis() / 20);
        VoskStream stream = new VoskStream(callId, speaker, sampleRate, recognizer, digits, listener, workers,
                partialEvery, maxQueued, streams::remove);
        streams.add(stream);
        return stream;
    }

    @Override
    public int openStreams() {
        return streams.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (VoskStream s : List.copyOf(streams)) {
            s.close();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("ASR workers still busy after 10 s at shutdown");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a recogniser still running on a worker after awaitTermination timed out would use a freed model
        if (workers.isTerminated()) {
            model.close();
        }
    }
}
