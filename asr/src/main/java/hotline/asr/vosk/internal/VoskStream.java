package hotline.asr.vosk.internal;

import hotline.asr.AsrException;
import hotline.asr.Partial;
import hotline.asr.RecognitionStream;
import hotline.asr.Speaker;
import hotline.asr.TranscriptListener;
import hotline.asr.Utterance;
import hotline.asr.Word;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.Recognizer;

/**
 * One recognition stream: a strand on the shared worker pool. {@link #accept} queues (lock-free) and schedules a
 * drain; the drain feeds at most {@value #BATCH} frames, then yields the worker so streams share it fairly.
 * Recogniser state is touched only inside a drain, and drains of one stream never overlap ({@code scheduled}).
 */
public final class VoskStream implements RecognitionStream {
    private static final Logger log = LoggerFactory.getLogger(VoskStream.class);
    private static final int BATCH = 25;
    private static final short[] END = new short[0];

    private final String callId;
    private final Speaker speaker;
    private final int sampleRate;
    private final Recognizer recognizer;
    // the digits pass (a grammar of digit words) fed the same frames, or null
    private final Recognizer digits;
    private final StringBuilder digitsHeard = new StringBuilder();
    private final TranscriptListener listener;
    private final Executor workers;
    private final int partialEvery;
    private final int maxQueued;
    private final Consumer<VoskStream> onClosed;
    private final Queue<short[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    // worker-confined (one drain at a time)
    private long samplesFed;
    private int framesSincePartial;
    private String lastPartial = "";
    private boolean failed;
    private volatile double recognisedSeconds;

    public VoskStream(String callId, Speaker speaker, int sampleRate, Recognizer recognizer,
                      TranscriptListener listener, Executor workers, int partialEvery, int maxQueued,
                      Consumer<VoskStream> onClosed) {
        this(callId, speaker, sampleRate, recognizer, null, listener, workers, partialEvery, maxQueued, onClosed);
    }

    /**
     * @param digits a digits-only recogniser fed the same audio: what it heard up to each final rides on that
     *               final ({@link Utterance#digits()}); null for none. Closed with the stream.
     */
    public VoskStream(String callId, Speaker speaker, int sampleRate, Recognizer recognizer, Recognizer digits,
                      TranscriptListener listener, Executor workers, int partialEvery, int maxQueued,
                      Consumer<VoskStream> onClosed) {
        this.digits = digits;
        this.callId = callId;
        this.speaker = speaker;
        this.sampleRate = sampleRate;
        this.recognizer = recognizer;
        this.listener = listener;
        this.workers = workers;
        this.partialEvery = partialEvery;
        this.maxQueued = maxQueued;
        this.onClosed = onClosed;
    }

    @Override
    public void accept(short[] samples) {
        if (closing.get() || samples.length == 0) {
            return;
        }
        if (queued.get() >= maxQueued) {
            if (dropped.incrementAndGet() == 1) {
                log.warn("callId={} speaker={} recogniser is more than {} frames behind: dropping audio", callId,
                        speaker.wireName(), maxQueued);
            }
            return;
        }
        queued.incrementAndGet();
        queue.add(samples);
        schedule();
    }

    @Override
    public CompletionStage<Void> close() {
        if (closing.compareAndSet(false, true)) {
            queue.add(END);
            schedule();
        }
        return closed;
    }

    @Override
    public long droppedFrames() {
        return dropped.get();
    }

    @Override
    public double recognisedSeconds() {
        return recognisedSeconds;
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                workers.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                finish();
            }
        }
    }

    private void drain() {
        try {
            for (int n = 0; n < BATCH; n++) {
                short[] frame = queue.poll();
                if (frame == null) {
                    break;
                }
                if (frame == END) {
                    finish();
                    return;
                }
                queued.decrementAndGet();
                feed(frame);
            }
        } finally {
            scheduled.set(false);
        }
        if (!queue.isEmpty() && !closed.isDone()) {
            schedule();
        }
    }

    private void feed(short[] frame) {
        if (failed) {
            return;
        }
        try {
            if (digits != null && digits.acceptWaveForm(frame, frame.length)) {
                heardDigits(digits.getResult());
            }
            boolean endpoint = recognizer.acceptWaveForm(frame, frame.length);
            samplesFed += frame.length;
            recognisedSeconds = samplesFed / (double) sampleRate;
            if (endpoint) {
                finalResult(recognizer.getResult());
                lastPartial = "";
                framesSincePartial = 0;
            } else if (++framesSincePartial >= partialEvery) {
                framesSincePartial = 0;
                String text = text(VoskJson.parse(recognizer.getPartialResult()), "partial");
                if (!text.isEmpty() && !text.equals(lastPartial)) {
                    lastPartial = text;
                    Partial partial = new Partial(callId, speaker, text, seconds(recognisedSeconds));
                    deliver(() -> listener.onPartial(partial));
                }
            }
        } catch (RuntimeException e) {
            failed = true;
            log.error("callId={} speaker={} recognition failed, transcription of this stream stops: {}", callId,
                    speaker.wireName(), e.toString());
            listener.onError(new AsrException("callId=" + callId + " speaker=" + speaker.wireName()
                    + ": recognition failed: " + e.getMessage(), e));
        }
    }

    private void finish() {
        if (closed.isDone()) {
            return;
        }
        try {
            if (!failed) {
                finalResult(recognizer.getFinalResult());
            }
        } catch (RuntimeException e) {
            log.error("callId={} speaker={} final result failed: {}", callId, speaker.wireName(), e.toString());
        } finally {
            recognizer.close();
            if (digits != null) {
                digits.close();
            }
            onClosed.accept(this);
            closed.complete(null);
        }
    }

    private void heardDigits(String json) {
        String heard = text(VoskJson.parse(json), "text");
        if (!heard.isEmpty()) {
            digitsHeard.append(digitsHeard.length() == 0 ? "" : " [unk] ").append(heard);
        }
    }

    private void finalResult(String json) {
        if (digits != null) {
            // the utterance ended in silence: so does the digits pass's, and it is what this final carries
            heardDigits(digits.getFinalResult());
        }
        Object parsed = VoskJson.parse(json);
        String text = text(parsed, "text");
        String heardDigits = digitsHeard.toString();
        digitsHeard.setLength(0);
        if (text.isEmpty()) {
            return;
        }
        List<Word> words = new ArrayList<>();
        if (parsed instanceof Map<?, ?> m && m.get("result") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> w && w.get("word") instanceof String word
                        && w.get("start") instanceof Double start && w.get("end") instanceof Double end) {
                    double conf = w.get("conf") instanceof Double c ? c : 1.0;
                    words.add(new Word(word, seconds(start), seconds(end), conf));
                }
            }
        }
        Duration end = seconds(recognisedSeconds);
        Duration start = words.isEmpty() ? end : words.get(0).start();
        if (!words.isEmpty()) {
            end = words.get(words.size() - 1).end();
        }
        Utterance utterance = new Utterance(callId, speaker, text, start, end, words,
                heardDigits.replace("[unk]", "").isBlank() ? "" : heardDigits);
        deliver(() -> listener.onFinal(utterance));
    }

    /** A failing listener is the owner's bug: log it, keep recognising. */
    private void deliver(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.error("callId={} speaker={} transcript listener failed", callId, speaker.wireName(), e);
        }
    }

    private static String text(Object parsed, String key) {
        return parsed instanceof Map<?, ?> m && m.get(key) instanceof String s ? s.trim() : "";
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
