package hotline.dispatch.calls;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;

/**
 * Port: where calls and their timelines are kept. Writes for one call may be issued back to back without
 * waiting; {@link #find} returns the timeline ordered by {@link TimelineEntry#seq()}.
 */
public interface CallStore {

    /** Appends a step to the call's timeline and merges {@code fields} into its summary. */
    Future<Void> append(String callId, TimelineEntry entry, Map<String, String> fields);

    /** Ids of the most recent calls, newest first. */
    Future<java.util.List<String>> recent(int limit);

    /** The call, or empty if unknown. */
    Future<Optional<CallRecord>> find(String callId);
}
