package hotline.server.asr;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link TranscriptStore} in Redis: list {@code hotline:call:<callId>:transcript}, one JSON object per utterance in
 * the order they were recognised ({@code {"type":"final","callId":..,"speaker":"caller","text":..,"startMs":..,
 * "endMs":..,"words":[..]}}), beside the call's hash and timeline; the latest live draft in the string
 * {@code hotline:call:<callId>:draft}; why a speaker is not transcribed, if so, in the hash
 * {@code hotline:call:<callId>:asr} (field {@code caller} or {@code agent}).
 */
public final class RedisTranscriptStore implements TranscriptStore {
    private final Redis redis;

    public RedisTranscriptStore(Redis redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    static String key(String callId) {
        return "hotline:call:" + callId + ":transcript";
    }

    static String draftKey(String callId) {
        return "hotline:call:" + callId + ":draft";
    }

    static String statusKey(String callId) {
        return "hotline:call:" + callId + ":asr";
    }

    @Override
    public Future<Void> saveStatus(String callId, String speaker, JsonObject status) {
        return redis.send(Request.cmd(Command.HSET).arg(statusKey(callId)).arg(speaker).arg(status.encode()))
            .mapEmpty();
    }

    @Override
    public Future<JsonObject> status(String callId) {
        return redis.send(Request.cmd(Command.HGETALL).arg(statusKey(callId))).map(r -> {
            JsonObject out = new JsonObject();
            if (r != null) {
                for (String field : new java.util.TreeSet<>(r.getKeys())) {
                    out.put(field, new JsonObject(r.get(field).toString()));
                }
            }
            return out;
        });
    }

    @Override
    public Future<Void> saveDraft(String callId, JsonObject draft) {
        return redis.send(Request.cmd(Command.SET).arg(draftKey(callId)).arg(draft.encode())).mapEmpty();
    }

    @Override
    public Future<Optional<JsonObject>> draft(String callId) {
        return redis.send(Request.cmd(Command.GET).arg(draftKey(callId)))
            .map(r -> r == null ? Optional.empty() : Optional.of(new JsonObject(r.toString())));
    }

    @Override
    public Future<Void> append(String callId, JsonObject utterance) {
        return redis.send(Request.cmd(Command.RPUSH).arg(key(callId)).arg(utterance.encode())).mapEmpty();
    }

    @Override
    public Future<List<JsonObject>> transcript(String callId) {
        return redis.send(Request.cmd(Command.LRANGE).arg(key(callId)).arg(0).arg(-1)).map(r -> {
            List<JsonObject> out = new ArrayList<>();
            if (r != null) {
                for (Response item : r) {
                    out.add(new JsonObject(item.toString()));
                }
            }
            return out;
        });
    }
}
