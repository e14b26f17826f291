package hotline.server.call;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Where the controller keeps its routing state across restarts: the engine's snapshot and the calls in progress, as
 * one JSON document ({@link AcdStateCodec}). Implemented on Redis by {@link RedisAcdStateStore}.
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
}
