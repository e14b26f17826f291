package hotline.server.web;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An audit log in memory, for tests: every entry in order. */
final class FakeAuditLog implements AuditLog {
    final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void record(Entry entry) {
        entries.add(entry);
    }

    @Override
    public Future<List<Entry>> recent(int limit) {
        List<Entry> out = new ArrayList<>(entries);
        java.util.Collections.reverse(out);
        return Future.succeededFuture(out.subList(0, Math.min(limit, out.size())));
    }
}
