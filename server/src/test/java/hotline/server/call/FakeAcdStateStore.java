package hotline.server.call;

import io.vertx.core.Future;
import java.util.Optional;

/** An in-memory {@link AcdStateStore}. */
public final class FakeAcdStateStore implements AcdStateStore {
    private String state;
    private int saves;

    @Override
    public Future<Optional<String>> load() {
        return Future.succeededFuture(Optional.ofNullable(state));
    }

    @Override
    public Future<Void> save(String state) {
        this.state = state;
        saves++;
        return Future.succeededFuture();
    }

    /** The saved document, or null. */
    public String state() {
        return state;
    }

    /** How many times the state was saved. */
    public int saves() {
        return saves;
    }
}
