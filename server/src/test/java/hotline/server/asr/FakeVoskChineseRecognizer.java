package hotline.server.asr;

import hotline.asr.Partial;
import hotline.asr.RecognitionStream;
import hotline.asr.Speaker;
import hotline.asr.SpeechRecognizer;
import hotline.asr.TranscriptListener;
import hotline.asr.Utterance;
import hotline.asr.Word;
import hotline.asr.vosk.internal.VoskJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recogniser that "hears" a fixed script and says it the way Vosk's Chinese models (vosk-model-cn-0.22,
 * vosk-model-small-cn-0.22) do: the results are Vosk's own JSON strings ({@code {"partial" : "我 住 在"}},
 * {@code {"result" : [{"conf":1.0,"end":..,"start":..,"word":"我"},..], "text" : "我 住 在 .."}}) with the words
 * separated by spaces and digits said one character each (幺 for 1, 两 for 2), parsed by the adapter's own
 * {@link VoskJson} into partials and finals. The caller's script advances with the audio fed to it: one word per
 * {@link #FRAMES_PER_WORD} frames of 20 ms, a partial at every word, a final at the end of each utterance, and the
 * rest of an utterance as a final when the stream closes. The agent's stream hears nothing. For the Chinese path from
 * the recogniser's output onward: the feed, the live draft, the desktop.
 */
public final class FakeVoskChineseRecognizer implements SpeechRecognizer {
    /**
     * 100 ms of audio per word: the whole script in under 4 s of forked audio (the carrier's citizen talks for one
     * play of a WAV after the menu).
     */
    public static final int FRAMES_PER_WORD = 5;

    /** What a Beijing caller says, as Vosk's Chinese model writes it: words split by spaces, digits 幺/两/零... */
    public static final List<String> CALLER = List.of(
            "喂 你好 我 姓 王 我 住 在 朝阳 区 八里庄 街道",
            "我们 楼 下 的 路灯 坏 了 好 几 天 晚上 特别 黑",
            "我的 电话 是 幺 三 八 零 零 幺 三 八 零 零 零");

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger frames = new AtomicInteger();

    @Override
    public String language() {
        return "zh";
    }

    /** Frames fed to every stream so far: proof that the call's audio reached the recogniser. */
    public int frames() {
        return frames.get();
    }

    @Override
    public RecognitionStream open(String callId, Speaker speaker, int sampleRate, TranscriptListener listener) {
        open.incrementAndGet();
        return new Stream(callId, speaker, listener, speaker == Speaker.CALLER ? CALLER : List.of());
    }

    @Override
    public int openStreams() {
        return open.get();
    }

    @Override
    public void close() {
    }

    /** Vosk's partial result string for the words heard so far of an utterance. */
    static String partialJson(List<String> words) {
        return "{\n  \"partial\" : \"" + String.join(" ", words) + "\"\n}";
    }

    /** Vosk's final result string ({@code SetWords(true)}): each word with its confidence and times in seconds. */
    static String finalJson(List<String> words, double startSeconds) {
        StringBuilder b = new StringBuilder("{\n  \"result\" : [");
        double t = startSeconds;
        for (int i = 0; i < words.size(); i++) {
            double end = t + FRAMES_PER_WORD * 0.02;
            b.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT,
                    "{\n      \"conf\" : 0.93,\n      \"end\" : %.2f,\n      \"start\" : %.2f,\n      \"word\" : \"%s\"\n    }",
                    end, t, words.get(i)));
            t = end;
        }
        return b.append("],\n  \"text\" : \"").append(String.join(" ", words)).append("\"\n}").toString();
    }

    private final class Stream implements RecognitionStream {
        private final String callId;
        private final Speaker speaker;
        private final TranscriptListener listener;
        private final List<List<String>> script = new ArrayList<>();
        private final List<String> heard = new ArrayList<>();
        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        private int utterance;
        private int fed;
        private double utteranceStart;

        Stream(String callId, Speaker speaker, TranscriptListener listener, List<String> lines) {
            this.callId = callId;
            this.speaker = speaker;
            this.listener = listener;
            lines.forEach(l -> script.add(List.of(l.split(" "))));
        }

        @Override
        public synchronized void accept(short[] samples) {
            if (closed.isDone()) {
                return;
            }
            fed++;
            frames.incrementAndGet();
            if (fed % FRAMES_PER_WORD != 0 || utterance >= script.size()) {
                return;
            }
            List<String> words = script.get(utterance);
            heard.add(words.get(heard.size()));
            if (heard.size() < words.size()) {
                listener.onPartial(partial(VoskJson.parse(partialJson(heard))));
            } else {
                finish();
            }
        }

        private void finish() {
            listener.onFinal(utterance(VoskJson.parse(finalJson(heard, utteranceStart))));
            utteranceStart = fed * 0.02;
            heard.clear();
            utterance++;
        }

        @Override
        public synchronized CompletionStage<Void> close() {
            if (!closed.isDone()) {
                if (!heard.isEmpty()) {
                    finish();
                }
                open.decrementAndGet();
                closed.complete(null);
            }
            return closed;
        }

        @Override
        public long droppedFrames() {
            return 0;
        }

        @Override
        public double recognisedSeconds() {
            return fed * 0.02;
        }

        private Partial partial(Object json) {
            String text = (String) ((Map<?, ?>) json).get("partial");
            return new Partial(callId, speaker, text, Duration.ofMillis(fed * 20L));
        }

        private Utterance utterance(Object json) {
            Map<?, ?> m = (Map<?, ?>) json;
            List<Word> words = new ArrayList<>();
            for (Object o : (List<?>) m.get("result")) {
                Map<?, ?> w = (Map<?, ?>) o;
                words.add(new Word((String) w.get("word"), seconds(w.get("start")), seconds(w.get("end")),
                        (Double) w.get("conf")));
            }
            return new Utterance(callId, speaker, (String) m.get("text"), words.get(0).start(),
                    words.get(words.size() - 1).end(), words);
        }

        private static Duration seconds(Object s) {
            return Duration.ofMillis(Math.round((Double) s * 1000));
        }
    }
}
