package hotline.server.asr;

import hotline.asr.AsrException;
import hotline.asr.CallLanguage;
import hotline.asr.SpeechRecognizer;
import hotline.asr.vosk.VoskSpeechRecognizer;
import hotline.config.AsrConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recognisers of a node, one per language ({@code hotline.asr.models}), each loaded in the background on a worker
 * thread and validated by {@link VoskSpeechRecognizer#load} (missing directory, not a Vosk model, a 16 kHz model
 * without {@code --allow-upsample}: an ERROR naming the language and the problem; only that language goes
 * untranscribed). Shared by {@link LiveTranscription} and {@link AsrWorkerVerticle}.
 *
 * <p>State confined to the owner's context: every method must be called on it (load completions arrive there).
 */
final class AsrModels {
    private static final Logger log = LoggerFactory.getLogger(AsrModels.class);

    /** One language's model: its directory, status ({@code loading}, {@code ready}, {@code failed: <why>}). */
    private static final class Model {
        final Path dir;
        String status = "loading";
        SpeechRecognizer recognizer;

        Model(Path dir) {
            this.dir = dir;
        }
    }

    private final Vertx vertx;
    private final String defaultLanguage;
    private final Map<String, Model> models = new TreeMap<>();

    AsrModels(Vertx vertx, String defaultLanguage) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.defaultLanguage = Objects.requireNonNull(defaultLanguage, "defaultLanguage");
    }

    /** Loads every configured model with Vosk, in parallel in the background; completes when all are done. */
    Future<Void> loadAll(AsrConfig config) {
        int workers = config.workers() > 0 ? config.workers() : Runtime.getRuntime().availableProcessors();
        var options = new VoskSpeechRecognizer.Options(workers, config.partialInterval(), config.maxBacklog(),
                config.digitsPass());
        if (config.models().isEmpty()) {
            log.warn("ASR has no model (hotline.asr.models is empty): calls are not transcribed");
        } else if (CallLanguage.model(defaultLanguage, config.models().keySet()).isEmpty()) {
            log.warn("ASR has no model for the default language {} (hotline.asr.defaultLanguage): calls without a"
                    + " menu choice are not transcribed; models: {}", defaultLanguage, config.models().keySet());
        }
        List<Future<Void>> all = new ArrayList<>();
        config.models().forEach((language, dir) -> all.add(load(language, dir,
                () -> VoskSpeechRecognizer.load(dir, language, options))));
        return Future.join(all).<Void>mapEmpty().otherwiseEmpty();
    }

    /**
     * Loads (or replaces) one language's recogniser with {@code loader}; completes when it is ready or has failed
     * (never fails). A replaced recogniser is closed once the new one is ready.
     */
    Future<Void> load(String language, Path dir, Callable<SpeechRecognizer> loader) {
        Model m = new Model(dir);
        Model before = models.put(language, m);
        return vertx.executeBlocking(loader, false).andThen(ar -> {
            if (models.get(language) != m) {
                if (ar.succeeded()) {
                    ar.result().close(); // replaced again meanwhile
                }
                return;
            }
            if (ar.succeeded()) {
                m.recognizer = ar.result();
                m.status = "ready";
                log.info("ASR model for language {} ready ({})", language, dir);
                if (before != null && before.recognizer != null) {
                    vertx.executeBlocking(() -> {
                        before.recognizer.close();
                        return null;
                    }, false);
                }
            } else {
                Throwable e = ar.cause();
                m.status = "failed: " + e.getMessage();
                log.error("ASR model for language {} unavailable, its calls are routed and answered without"
                        + " transcription: {}", language, e instanceof AsrException ? e.getMessage() : e.toString());
            }
        }).<Void>mapEmpty().otherwiseEmpty();
    }

    /** The language calls default to. */
    String defaultLanguage() {
        return defaultLanguage;
    }

    /** The recogniser for a call in {@code language} ({@link CallLanguage#model}), when one is loaded. */
    Optional<SpeechRecognizer> recognizer(String language) {
        return CallLanguage.model(language, ready()).map(l -> models.get(l).recognizer);
    }

    /**
     * Why {@code language} has no recogniser: {@code not installed} (no model configured for it), {@code loading}
     * or {@code failed: <why>}.
     */
    String missing(String language) {
        return CallLanguage.model(language, models.keySet()).map(l -> models.get(l).status).orElse("not installed");
    }

    /** The languages with a loaded model. */
    Set<String> ready() {
        Set<String> out = new java.util.TreeSet<>();
        models.forEach((l, m) -> {
            if (m.recognizer != null) {
                out.add(l);
            }
        });
        return out;
    }

    /**
     * The node's transcription status: {@code loading} while any model loads, else {@code ready} when one is, else
     * {@code failed: <why>} (the first language's reason; {@code failed: no model configured} when none is).
     */
    String status() {
        if (models.values().stream().anyMatch(m -> "loading".equals(m.status))) {
            return "loading";
        }
        if (models.values().stream().anyMatch(m -> m.recognizer != null)) {
            return "ready";
        }
        return models.isEmpty() ? "failed: no model configured (hotline.asr.models)"
                : models.values().iterator().next().status;
    }

    /** {@code {"<language>":{"status","modelDir"}}} for {@code GET /api/asr}. */
    JsonObject json() {
        JsonObject out = new JsonObject();
        models.forEach((l, m) -> out.put(l, new JsonObject().put("status", m.status).put("modelDir",
                m.dir.toString())));
        return out;
    }

    /** Releases every recogniser (blocking: call on a worker) and forgets them. */
    List<SpeechRecognizer> takeAll() {
        List<SpeechRecognizer> out = new ArrayList<>();
        models.values().forEach(m -> {
            if (m.recognizer != null) {
                out.add(m.recognizer);
            }
        });
        models.clear();
        return out;
    }
}
