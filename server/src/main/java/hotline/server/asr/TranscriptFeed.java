package hotline.server.asr;

import hotline.orders.extract.DraftExtractor;
import hotline.orders.extract.DraftOrder;
import hotline.server.http.DraftsApi;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a call's recognised speech, the same whether it was recognised on this node
 * ({@link LiveTranscription}) or on an ASR worker ({@link RemoteTranscription}): partials and finals are published on
 * the event bus ({@value LiveTranscription#ALL_ADDRESS} and the agent's address), finals are stored with the call
 * ({@link TranscriptStore}), and every final of the caller re-extracts the call's live draft work order. A speaker
 * that cannot be transcribed (no capacity, pushed out by a more important call, a failure) is told to the agent and
 * kept with the call the same way.
 *
 * <p>Live draft: with a {@link DraftExtractor} ({@link #drafts}), every caller final re-extracts the draft from the
 * caller's text so far (the caller ID as the default callback number), on a worker thread (a long transcript takes a
 * millisecond or more), at most one extraction per call at a time (finals arriving meanwhile are folded into the next
 * one). The draft goes out as a {@code {"type":"draft",...}} message with the fields of {@code POST /api/drafts}, and
 * the latest one is kept with the call.
 *
 * <p>State confined to the hotline verticle's context: every method, and every method of {@link CallFeed}, must be
 * called on it.
 */
final class TranscriptFeed {
    private static final Logger log = LoggerFactory.getLogger(TranscriptFeed.class);

    /** Why a speaker of a call is not transcribed (the {@code reason} of an {@code untranscribed} message). */
    enum Untranscribed {
        /** Every stream is taken by calls at least as important (or, remote, every worker is full). */
        NO_CAPACITY,
        /** Its stream was stopped to make room for a more important call's. */
        PREEMPTED,
        /** No ASR worker is registered and alive (remote transcription only). */
        NO_WORKER,
        /** Asterisk or the recogniser failed to start it. */
        FAILED,
        /**
         * The call's language has no loaded model (none installed, still loading, or broken; remote: no live worker
         * has one): another language's model would only show that language's words.
         */
        NO_MODEL;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Vertx vertx;
    private final TranscriptStore store;
    private final Clock clock;
    private DraftExtractor extractor;
    private long finals;
    private long drafts;
    private final Map<String, Long> untranscribed = new TreeMap<>();

    TranscriptFeed(Vertx vertx, TranscriptStore store, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Untranscribed u : Untranscribed.values()) {
            untranscribed.put(u.wireName(), 0L);
        }
    }

    /** Turns live drafts on for the calls followed from now on and those followed already. */
    void drafts(DraftExtractor extractor) {
        this.extractor = Objects.requireNonNull(extractor, "extractor");
    }

    /**
     * Starts following one call.
     *
     * @param callerNumber the caller ID, the draft's default callback number, or null
     * @param drafting     whether the caller's finals make a draft (false for a call the node does not know, whose
     *                     earlier words it never saw: a draft from the rest would replace a better one)
     */
    CallFeed call(String callId, String agentId, String callerNumber, boolean drafting) {
        return new CallFeed(callId, agentId, callerNumber, drafting);
    }

    /** Finals published since the start. */
    long finals() {
        return finals;
    }

    /** Drafts published since the start. */
    long draftsMade() {
        return drafts;
    }

    /** Speakers not transcribed since the start, by reason ({@code no_capacity}, {@code preempted}, ...). */
    JsonObject untranscribed() {
        JsonObject out = new JsonObject();
        untranscribed.forEach(out::put);
        return out;
    }

    /**
     * One call's transcript and live draft. Kept by whoever follows the call until its last final has arrived (the
     * recogniser flushes the last words after the hang-up).
     */
    final class CallFeed {
        final String callId;
        /** The agent the call is connected with: a transfer's answer hands the feed to the colleague. */
        private String agentId;
        private final String callerNumber;
        private final boolean drafting;
        private final List<String> callerText = new ArrayList<>();
        private final List<String> callerDigits = new ArrayList<>();
        private boolean extracting;
        private boolean stale;
        private int seq;

        private CallFeed(String callId, String agentId, String callerNumber, boolean drafting) {
            this.callId = Objects.requireNonNull(callId, "callId");
            this.agentId = agentId;
            this.callerNumber = callerNumber;
            this.drafting = drafting;
        }

        /** The agent whose desktop gets the call's partials, finals and drafts from now on. */
        String agentId() {
            return agentId;
        }

        /**
         * The call was transferred and a colleague answered: what is heard from now on, and the next drafts, go to
         * {@code agentId}'s desktop (the transcript so far stays with the call, {@code GET /api/calls/<id>/transcript}).
         */
        void reassign(String agentId) {
            if (agentId != null && !agentId.equals(this.agentId)) {
                log.info("callId={} agentId={} transcript handed over from agentId={}", callId, agentId, this.agentId);
                this.agentId = agentId;
            }
        }

        /** A partial ({@link TranscriptJson#partial} form): published only. */
        void partial(JsonObject json) {
            publish(json);
        }

        /** A final ({@link TranscriptJson#utterance} form): stored, published, and the caller's make the draft. */
        void utterance(JsonObject json) {
            finals++;
            String speaker = json.getString("speaker");
            String text = json.getString("text", "");
            var words = json.getJsonArray("words");
            log.info("callId={} speaker={} utterance {}..{} ms, {} words", callId, speaker, json.getLong("startMs"),
                    json.getLong("endMs"), words == null ? 0 : words.size());
            log.debug("callId={} speaker={} text: {}", callId, speaker, text);
            store.append(callId, json).onFailure(err -> log.error("callId={} could not store an utterance: {}",
                    callId, err.getMessage()));
            publish(json);
            if (drafting && "caller".equals(speaker) && !text.isBlank()) {
                callerText.add(text);
                String digits = json.getString("digits", "");
                if (!digits.isBlank()) {
                    callerDigits.add(digits);
                }
                extractDraft();
            }
        }

        /**
         * The speaker is not transcribed (from now on): the agent is told ({@code {"type":"untranscribed","callId",
         * "agentId","speaker","reason","at"}}), the state is kept with the call, and counted by reason.
         */
        void untranscribed(String speaker, Untranscribed reason) {
            untranscribed(speaker, reason, null, null);
        }

        /**
         * As {@link #untranscribed(String, Untranscribed)}, with the call's {@code language} and a {@code detail}
         * ({@link Untranscribed#NO_MODEL}: {@code not installed}, {@code loading}, {@code failed: <why>}) when
         * not null.
         */
        void untranscribed(String speaker, Untranscribed reason, String language, String detail) {
            untranscribed.merge(reason.wireName(), 1L, Long::sum);
            JsonObject json = new JsonObject().put("type", "untranscribed").put("callId", callId)
                    .put("agentId", agentId).put("speaker", speaker).put("reason", reason.wireName())
                    .put("at", clock.instant().toString());
            if (language != null) {
                json.put("language", language);
            }
            if (detail != null) {
                json.put("detail", detail);
            }
            store.saveStatus(callId, speaker, json).onFailure(err -> log.error("callId={} could not store the"
                    + " transcription state: {}", callId, err.getMessage()));
            publish(json);
        }

        private void publish(JsonObject json) {
            if (agentId != null && json.containsKey("agentId")) {
                json.put("agentId", agentId); // a worker's results name the agent the stream was opened for
            }
            String text = json.encode();
            vertx.eventBus().publish(LiveTranscription.ALL_ADDRESS, text);
            if (agentId != null) {
                vertx.eventBus().publish(LiveTranscription.agentAddress(agentId), text);
            }
        }

        /** Re-extracts the draft on a worker, one extraction at a time; the latest text always wins. */
        private void extractDraft() {
            DraftExtractor x = extractor;
            if (x == null) {
                return;
            }
            if (extracting) {
                stale = true; // the running extraction misses the newest final: run again when it is done
                return;
            }
            extracting = true;
            stale = false;
            String text = String.join(" ", callerText);
            String digits = String.join(" [unk] ", callerDigits);
            vertx.executeBlocking(() -> x.extract(text, callerNumber, digits), false).onComplete(ar -> {
                extracting = false;
                if (ar.succeeded()) {
                    publishDraft(ar.result());
                } else {
                    log.warn("callId={} draft extraction failed: {}", callId, ar.cause().toString());
                }
                if (stale) {
                    extractDraft();
                }
            });
        }

        private void publishDraft(DraftOrder draft) {
            drafts++;
            JsonObject json = new JsonObject().put("type", "draft").put("callId", callId).put("agentId", agentId)
                    .put("seq", ++seq);
            DraftsApi.toJson(null, draft).forEach(e -> json.put(e.getKey(), e.getValue()));
            log.info("callId={} agentId={} draft {}: category={} urgency={}", callId, agentId, seq,
                    draft.category().value(), draft.urgency().value());
            store.saveDraft(callId, json).onFailure(err -> log.error("callId={} could not store the draft: {}",
                    callId, err.getMessage()));
            publish(json);
        }
    }
}
