package hotline.server.call;

import hotline.dispatch.calls.CallRecord;
import hotline.dispatch.calls.CallStore;
import hotline.dispatch.calls.TimelineEntry;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory {@link CallStore}: every operation completes at once ({@link Future#succeededFuture}, no Vert.x
 * instance needed). Keeps the steps in the order they were appended, so tests can check the order the controller
 * issued them; {@link #find} sorts by seq as the port promises. Synchronized: the HTTP test reads it from the test
 * thread while the event loop writes.
 */
public final class FakeCallStore implements CallStore {
    private final Map<String, Map<String, String>> fields = new LinkedHashMap<>();
    private final Map<String, List<TimelineEntry>> timelines = new LinkedHashMap<>();

    @Override
    public synchronized Future<Void> append(String callId, TimelineEntry entry, Map<String, String> newFields) {
        fields.computeIfAbsent(callId, id -> new LinkedHashMap<>()).putAll(newFields);
        timelines.computeIfAbsent(callId, id -> new ArrayList<>()).add(entry);
        return Future.succeededFuture();
    }

    @Override
    public synchronized Future<List<String>> recent(int limit) {
        List<String> ids = new ArrayList<>(timelines.keySet());
        Collections.reverse(ids);
        return Future.succeededFuture(List.copyOf(ids.subList(0, Math.min(limit, ids.size()))));
    }

    @Override
    public synchronized Future<Optional<CallRecord>> find(String callId) {
        List<TimelineEntry> timeline = timelines.get(callId);
        if (timeline == null) {
            return Future.succeededFuture(Optional.empty());
        }
        List<TimelineEntry> sorted = new ArrayList<>(timeline);
        sorted.sort(Comparator.comparingInt(TimelineEntry::seq));
        return Future.succeededFuture(Optional.of(new CallRecord(callId, fields.get(callId), sorted)));
    }

    /** The steps of a call in the order they were appended; empty if the call never appended one. */
    public synchronized List<TimelineEntry> timeline(String callId) {
        return List.copyOf(timelines.getOrDefault(callId, List.of()));
    }

    /** The step types of a call in append order. */
    public synchronized List<String> types(String callId) {
        return timeline(callId).stream().map(TimelineEntry::type).toList();
    }

    /** The merged summary fields of a call; empty if unknown. */
    public synchronized Map<String, String> fields(String callId) {
        return Map.copyOf(fields.getOrDefault(callId, Map.of()));
    }

    /** Every call id that appended a step, oldest first. */
    public synchronized List<String> callIds() {
        return List.copyOf(timelines.keySet());
    }
}
