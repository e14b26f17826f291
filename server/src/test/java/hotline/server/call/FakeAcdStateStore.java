package hotline.server.call;

import io.vertx.core.Future;
import java.util.Optional;

/** An in-memory {@link AcdStateStore}. */
public final class FakeAcdStateStore implements AcdStateStore {
    private String state;
    private int saves;
    private boolean down;

    /** While down, every save fails as a restarting Redis would. */
    public void down(boolean down) {
        this.down = down;
    }

    @Override
    public Future<Optional<String>> load() {
        return Future.succeededFuture(Optional.ofNullable(state));
    }

    @Override
    public Future<Void> save(String state) {
        if (down) {
            return Future.failedFuture("Connection refused");
        }
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
