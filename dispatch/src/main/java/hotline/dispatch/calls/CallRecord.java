package hotline.dispatch.calls;

import java.util.List;
import java.util.Map;

/** A stored call: its summary fields and its timeline in order. */
public record CallRecord(String callId, Map<String, String> fields, List<TimelineEntry> timeline) {
    public CallRecord {
        fields = Map.copyOf(fields);
        timeline = List.copyOf(timeline);
    }
}
