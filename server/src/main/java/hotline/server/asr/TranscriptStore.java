package hotline.server.asr;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * Where a call's final utterances, its latest live draft and why it is not transcribed (if so) are kept, beside the
 * call's record.
 */
public interface TranscriptStore {

    /** Appends one final utterance (its JSON wire form) to the call's transcript. */
    Future<Void> append(String callId, JsonObject utterance);

    /** Every stored utterance of the call, oldest first (empty when none or no such call). */
    Future<List<JsonObject>> transcript(String callId);

    /** Replaces the call's latest draft (its {@code {"type":"draft",...}} wire form). */
    Future<Void> saveDraft(String callId, JsonObject draft);

    /** The call's latest draft, or empty when none was made. */
    Future<Optional<JsonObject>> draft(String callId);

    /**
     * Replaces why one speaker of the call is not transcribed (its {@code {"type":"untranscribed",...}} wire form).
     *
     * @param speaker {@code caller} or {@code agent}
     */
    Future<Void> saveStatus(String callId, String speaker, JsonObject status);

    /**
     * Why the call's speakers are not transcribed: speaker ({@code caller}, {@code agent}) to the state saved, empty
     * when nothing went wrong (or the call is unknown).
     */
    Future<JsonObject> status(String callId);
}
