package hotline.server.call;

import hotline.routing.acd.EngineSnapshot;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Where the controller keeps its routing state across restarts: the engine's snapshot and the calls in progress, as
 * one JSON document ({@link AcdStateCodec}). Implemented on Redis by {@link RedisAcdStateStore} (the whole document at
 * each save) and {@link RedisHashAcdStateStore} (only what changed).
 */
public interface AcdStateStore {

    /**
     * Reads the last saved state.
     *
     * @return the document, or empty if none was saved
     */
    Future<Optional<String>> load();

    /**
     * Replaces the saved state.
     *
     * @param state the document
     * @return completion
     */
    Future<Void> save(String state);

    /**
     * Replaces the saved state with this snapshot and these calls. By default the whole document
     * ({@link AcdStateCodec#encode}); a store may write only what changed since its last save, as long as
     * {@link #load} then reads the same document.
     */
    default Future<Void> save(EngineSnapshot engine, List<AcdStateCodec.SavedCall> calls) {
        return save(AcdStateCodec.encode(engine, calls));
    }
}
