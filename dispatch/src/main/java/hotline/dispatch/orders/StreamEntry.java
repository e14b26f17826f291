package hotline.dispatch.orders;

import java.util.Map;
import java.util.Objects;

/**
 * One entry read from a unit's (or the desk's) stream by {@link OrderStreamConsumer}.
 *
 * @param stream    the stream key
 * @param id        the entry id ({@code 1733018400000-0})
 * @param fields    {@code type} (dispatched, reminder, returned, escalated), {@code order}, {@code unit},
 *                  {@code doc} (the order JSON at that moment)
 * @param redelivery true when the entry had been delivered before (own pending entries after a restart, or claimed
 *                  from a consumer presumed crashed): the handler may have seen it already
 */
public record StreamEntry(String stream, String id, Map<String, String> fields, boolean redelivery) {
    public StreamEntry {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(id, "id");
        fields = Map.copyOf(fields);
    }

    /** The entry type, empty if missing. */
    public String type() {
        return fields.getOrDefault("type", "");
    }

    /** The order number, empty if missing. */
    public String order() {
        return fields.getOrDefault("order", "");
    }
}
