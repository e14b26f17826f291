package hotline.server.asr;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/** Where a call's final utterances and its latest live draft are kept, beside the call's record. */
public interface TranscriptStore {

    /** Appends one final utterance (its JSON wire form) to the call's transcript. */
    Future<Void> append(String callId, JsonObject utterance);

    /** Every stored utterance of the call, oldest first (empty when none or no such call). */
    Future<List<JsonObject>> transcript(String callId);

    /** Replaces the call's latest draft (its {@code {"type":"draft",...}} wire form). */
    Future<Void> saveDraft(String callId, JsonObject draft);

    /** The call's latest draft, or empty when none was made. */
    Future<Optional<JsonObject>> draft(String callId);
}
