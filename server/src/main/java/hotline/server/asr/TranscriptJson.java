package hotline.server.asr;

import hotline.asr.Partial;
import hotline.asr.Utterance;
import hotline.asr.Word;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The wire form of transcript messages (event bus, WebSocket, Redis). */
final class TranscriptJson {
    private TranscriptJson() {
    }

    /** {@code {"type":"partial","callId","agentId","speaker","text","atMs"}} */
    static JsonObject partial(Partial p, String agentId) {
        return new JsonObject().put("type", "partial").put("callId", p.callId()).put("agentId", agentId)
                .put("speaker", p.speaker().wireName()).put("text", p.text()).put("atMs", p.at().toMillis());
    }

    /**
     * {@code {"type":"final","callId","agentId","speaker","text","startMs","endMs","words":[{"word","startMs","endMs",
     * "conf"}]}}; offsets are from the start of the speaker's stream (when the fork began).
     */
    static JsonObject utterance(Utterance u, String agentId) {
        JsonArray words = new JsonArray();
        for (Word w : u.words()) {
            words.add(new JsonObject().put("word", w.word()).put("startMs", w.start().toMillis())
                    .put("endMs", w.end().toMillis()).put("conf", Math.round(w.confidence() * 1000) / 1000.0));
        }
        JsonObject json = new JsonObject().put("type", "final").put("callId", u.callId()).put("agentId", agentId)
                .put("speaker", u.speaker().wireName()).put("text", u.text()).put("startMs", u.start().toMillis())
                .put("endMs", u.end().toMillis()).put("words", words);
        if (!u.digits().isEmpty()) {
            json.put("digits", u.digits()); // the digits pass over the same audio (docs/asr.md)
        }
        return json;
    }
}
