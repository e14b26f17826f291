package hotline.server.orders;

import hotline.dispatch.orders.OrderKeys;
import hotline.dispatch.orders.OrderStreamConsumer;
import hotline.dispatch.orders.OrderJson;
import hotline.dispatch.orders.StreamEntry;
import hotline.server.web.PhoneMask;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live delivery to unit handlers (and the dispatch desk) over WebSocket, fed by the stream consumer.
 *
 * <p>A stream is read only while at least one socket listens to it. Each entry is written to every socket of its
 * stream; it is acknowledged when at least one write succeeded, otherwise it stays pending and is delivered again
 * (to the next socket that connects, or after the claim idle time). Frames are JSON:
 * {@code {"type":"dispatched","entryId":"...","redelivery":false,"order":{...}}}.
 *
 * <p>State is confined to the hotline verticle's context (sockets are accepted and closed there).
 */
public final class UnitFeed {
    private static final Logger log = LoggerFactory.getLogger(UnitFeed.class);

    // State accessed exclusively from the verticle's context
    private final Map<String, Set<ServerWebSocket>> sockets = new HashMap<>();
    /** The sockets that get callers' numbers masked. */
    private final Set<ServerWebSocket> masked = new java.util.HashSet<>();
    private OrderStreamConsumer consumer;

    /** Wires the consumer that reads for this feed (set once, before the first socket). */
    public void attach(OrderStreamConsumer consumer) {
        this.consumer = consumer;
    }

    /** Adds a unit handler's socket; its unit's stream is read from now on. */
    public void addUnit(String unitId, ServerWebSocket ws) {
        addUnit(unitId, ws, false);
    }

    /**
     * Adds a socket on a unit's stream; with {@code maskCallers} (a unit handler's session) its frames show callers'
     * numbers masked ({@link PhoneMask}).
     */
    public void addUnit(String unitId, ServerWebSocket ws, boolean maskCallers) {
        if (maskCallers) {
            masked.add(ws);
        }
        add(OrderKeys.unitStream(unitId), ws, "unitId=" + unitId);
    }

    /** Adds a dispatch-desk socket (returned orders, escalations). */
    public void addDesk(ServerWebSocket ws) {
        add(OrderKeys.DESK_STREAM, ws, "desk");
    }

    private void add(String stream, ServerWebSocket ws, String who) {
        sockets.computeIfAbsent(stream, k -> new LinkedHashSet<>()).add(ws);
        ws.closeHandler(v -> remove(stream, ws, who));
        ws.exceptionHandler(err -> log.debug("{} socket error: {}", who, err.getMessage()));
        ws.textMessageHandler(text -> { }); // handlers only listen; acknowledgement is the stream's business
        log.info("{} connected: {} socket(s) on {}", who, sockets.get(stream).size(), stream);
        consumer.subscribe(stream).onFailure(err -> {
            log.error("{} cannot read {}: {}; closing the socket", who, stream, err.getMessage());
            ws.close((short) 1011, "stream unavailable");
        });
    }

    private void remove(String stream, ServerWebSocket ws, String who) {
        masked.remove(ws);
        Set<ServerWebSocket> set = sockets.get(stream);
        if (set != null && set.remove(ws) && set.isEmpty()) {
            sockets.remove(stream);
            consumer.unsubscribe(stream);
        }
        log.info("{} disconnected", who);
    }

    /** The consumer's handler: writes the entry to the stream's sockets. */
    public Future<Void> deliver(StreamEntry entry) {
        Set<ServerWebSocket> set = sockets.get(entry.stream());
        if (set == null || set.isEmpty()) {
            return Future.failedFuture("no socket listening on " + entry.stream());
        }
        String frame = frame(entry);
        String maskedFrame = null; // built only when a masked socket listens
        List<Future<Void>> writes = new ArrayList<>();
        for (ServerWebSocket ws : set) {
            if (masked.contains(ws)) {
                if (maskedFrame == null) {
                    try {
                        maskedFrame = maskedFrame(frame);
                    } catch (RuntimeException e) { // never the unmasked frame instead: this socket goes without
                        log.error("entry {} on {}: cannot mask the order document: {}", entry.id(), entry.stream(),
                                e.getMessage());
                        maskedFrame = "";
                    }
                }
                if (!maskedFrame.isEmpty()) {
                    writes.add(ws.writeTextMessage(maskedFrame));
                }
            } else {
                writes.add(ws.writeTextMessage(frame));
            }
        }
        return Future.any(writes).mapEmpty();
    }

    /**
     * The frame for an entry. The order document is spliced in as stored, not parsed and encoded again: the store
     * wrote it as JSON ({@code OrderJson}), and this is on every order's path to the unit.
     */
    public static String frame(StreamEntry entry) {
        String doc = entry.fields().getOrDefault("doc", "null");
        return "{\"type\":" + OrderJson.quoted(entry.type()) + ",\"entryId\":" + OrderJson.quoted(entry.id())
                + ",\"redelivery\":" + entry.redelivery() + ",\"order\":" + doc + "}";
    }

    /** A frame as a unit handler sees it: the order's callers' numbers masked. */
    static String maskedFrame(String frame) {
        JsonObject f = new JsonObject(frame);
        if (f.getValue("order") instanceof JsonObject order) {
            f.put("order", PhoneMask.maskOrder(order));
        }
        return f.encode();
    }

    /** Closes every socket. */
    public void closeAll() {
        sockets.values().forEach(set -> List.copyOf(set).forEach(ws -> ws.close()));
        sockets.clear();
        masked.clear();
    }
}
