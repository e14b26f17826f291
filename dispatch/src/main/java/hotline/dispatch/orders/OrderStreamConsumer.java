package hotline.dispatch.orders;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the subscribed streams as one consumer of a consumer group and hands each entry to a handler; an entry is
 * acknowledged ({@code XACK}) only when the handler's future succeeds, so nothing is lost if the handler, the node
 * or the socket behind it fails.
 *
 * <ul>
 *   <li>One dedicated connection blocks in {@code XREADGROUP ... BLOCK} on all subscribed streams at once. A
 *       subscription change wakes it with {@code CLIENT UNBLOCK}, so a newly subscribed stream is read at once.</li>
 *   <li>A stream newly subscribed is first read from id {@code 0}: the entries delivered to this consumer name
 *       before and never acknowledged (the node crashed or restarted), then from {@code >} (new entries).</li>
 *   <li>Every {@code claimIdle / 2}, {@code XAUTOCLAIM} takes over entries of the subscribed streams that some
 *       consumer (a crashed node, or this one whose handler failed) left unacknowledged for {@code claimIdle}, and
 *       delivers them again.</li>
 * </ul>
 * Delivery is at least once; {@link StreamEntry#redelivery()} marks entries that may have been seen.
 *
 * <p>A consumer made {@link #polling} does not block in Redis: it reads without {@code BLOCK} when {@link #poke}d
 * (its node appended to the stream) and otherwise every {@code pollEvery}. The indexer of the order log reads that
 * way, so that Redis has no second blocked reader to serve when a submit pushes an order to its unit.
 *
 * <p>State is confined to the Vert.x context that called {@link #start()}; {@link #subscribe} and
 * {@link #unsubscribe} must be called on it.
 */
public final class OrderStreamConsumer {
    private static final Logger log = LoggerFactory.getLogger(OrderStreamConsumer.class);
    private static final int COUNT = 100;
    private static final Duration BLOCK = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final Redis redis;
    private final RedisOptions readerOptions;
    private final String group;
    private final String consumer;
    private final Duration claimIdle;
    private final Function<StreamEntry, Future<Void>> handler;
    // State accessed exclusively from the context of start()
    private final Map<String, String> cursors = new TreeMap<>();
    private final Map<String, String> claimCursors = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private Redis readerClient;
    private RedisConnection reader;
    private long readerId = -1;
    private boolean reading;
    private boolean closed;
    private long claimTimer = -1;
    /** Polling: how long to wait after an empty read (null: block in Redis instead). */
    private Duration pollEvery;
    private long pollTimer = -1;
    private boolean poked;

    /**
     * @param redis     the pooled client for acknowledgements, claims and group creation
     * @param reader    how to connect the consumer's own connection for the blocking reads (not taken from
     *                  {@code redis}'s pool: a pooled connection given back while blocked would stall the next
     *                  command sent on it)
     * @param group     the consumer group (created on a subscribed stream if missing, from id 0)
     * @param consumer  this consumer's name, stable across restarts of the node
     * @param claimIdle how long an entry stays unacknowledged before it is claimed and delivered again
     * @param handler   called on the consumer's context; the entry is acknowledged when its future succeeds
     */
    public OrderStreamConsumer(Vertx vertx, Redis redis, RedisOptions reader, String group, String consumer,
            Duration claimIdle, Function<StreamEntry, Future<Void>> handler) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.readerOptions = new RedisOptions(Objects.requireNonNull(reader, "reader")).setMaxPoolSize(1)
                .setMaxPoolWaiting(1);
        this.group = Objects.requireNonNull(group, "group");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.claimIdle = Objects.requireNonNull(claimIdle, "claimIdle");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Makes this consumer poll instead of blocking in Redis: it reads on {@link #poke} and every {@code every} after
     * an empty read. Call before {@link #start}.
     */
    public OrderStreamConsumer polling(Duration every) {
        this.pollEvery = Objects.requireNonNull(every, "every");
        return this;
    }

    /** A polling consumer reads now (or again as soon as its current read is answered). Call on the context. */
    public void poke() {
        if (reading) {
            poked = true;
        } else if (!closed && reader != null) {
            if (pollTimer >= 0) {
                vertx.cancelTimer(pollTimer);
                pollTimer = -1;
            }
            readLoop();
        }
    }

    /** Connects the reading connection and starts the claim timer. Call on the owning context. */
    public Future<Void> start() {
        long period = Math.max(50, claimIdle.toMillis() / 2);
        claimTimer = vertx.setPeriodic(period, id -> claimAll());
        // Redis down at start is not fatal: keep trying, the entries wait in the streams
        return connect().recover(err -> {
            log.warn("consumer={} cannot connect to Redis: {}; retrying in 1s", consumer, err.getMessage());
            vertx.setTimer(1000, t -> reconnect());
            return Future.succeededFuture();
        });
    }

    private Future<Void> connect() {
        readerClient = Redis.createClient(vertx, readerOptions);
        return readerClient.connect().compose(conn -> conn.send(Request.cmd(Command.CLIENT).arg("ID")).map(id -> {
            reader = conn;
            readerId = id.toLong();
            conn.exceptionHandler(err -> log.warn("consumer={} stream reader connection failed: {}", consumer,
                    err.getMessage()));
            readLoop();
            return null;
        }));
    }

    /** Starts reading {@code stream} (creating the group on it from id 0 if missing). Idempotent. */
    public Future<Void> subscribe(String stream) {
        if (cursors.containsKey(stream)) {
            return Future.succeededFuture();
        }
        return redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg(group).arg("0").arg("MKSTREAM"))
            .recover(err -> err.getMessage() != null && err.getMessage().startsWith("BUSYGROUP")
                    ? Future.succeededFuture() : Future.failedFuture(err))
            .map(v -> {
                if (!closed && !cursors.containsKey(stream)) {
                    cursors.put(stream, "0");
                    wake();
                }
                return null;
            });
    }

    /** Stops reading {@code stream}; entries delivered and not yet acknowledged stay pending for later. */
    public void unsubscribe(String stream) {
        if (cursors.remove(stream) != null) {
            claimCursors.remove(stream);
            wake();
        }
    }

    /** The streams being read. */
    public Set<String> subscriptions() {
        return Set.copyOf(cursors.keySet());
    }

    /** Stops reading; unacknowledged entries stay pending in the group. */
    public Future<Void> close() {
        closed = true;
        if (claimTimer >= 0) {
            vertx.cancelTimer(claimTimer);
        }
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        // closing the client closes the socket: Redis drops the blocked read and the pending entries stay pending
        return readerClient == null ? Future.succeededFuture() : readerClient.close();
    }

    private void wake() {
        if (pollEvery != null) {
            poke();
        } else if (reading && readerId >= 0) {
            redis.send(Request.cmd(Command.CLIENT).arg("UNBLOCK").arg(readerId))
                .onFailure(err -> log.warn("consumer={} CLIENT UNBLOCK failed: {}", consumer, err.getMessage()));
        } else if (!reading && reader != null) {
            readLoop();
        }
    }

    private void readLoop() {
        if (closed || reading || reader == null) {
            return;
        }
        if (cursors.isEmpty()) {
            return; // subscribe() calls wake(), which restarts the loop
        }
        Map<String, String> snapshot = new LinkedHashMap<>(cursors);
        boolean history = snapshot.values().stream().anyMatch(c -> !c.equals(">"));
        Request read = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(group).arg(consumer).arg("COUNT").arg(COUNT);
        if (!history && pollEvery == null) {
            read.arg("BLOCK").arg(BLOCK.toMillis());
        }
        read.arg("STREAMS");
        snapshot.keySet().forEach(read::arg);
        snapshot.values().forEach(read::arg);
        reading = true;
        poked = false;
        reader.send(read).onComplete(ar -> {
            reading = false;
            if (closed) {
                return;
            }
            if (ar.failed()) {
                String message = String.valueOf(ar.cause().getMessage());
                if (message.startsWith("NOGROUP")) {
                    // the stream or group was deleted under us: re-create on the next subscribe
                    log.warn("consumer={} {}; re-creating groups", consumer, message);
                    List<String> streams = new ArrayList<>(cursors.keySet());
                    cursors.clear();
                    streams.forEach(this::subscribe);
                    return;
                }
                log.warn("consumer={} XREADGROUP failed: {}; retrying in 1s", consumer, message);
                vertx.setTimer(1000, t -> reconnect());
                return;
            }
            Map<String, List<Response>> byStream = byStream(ar.result());
            boolean any = false;
            List<Future<Void>> handled = new ArrayList<>();
            for (Map.Entry<String, String> s : snapshot.entrySet()) {
                String stream = s.getKey();
                if (!cursors.containsKey(stream)) {
                    continue;
                }
                List<Response> entries = byStream.getOrDefault(stream, List.of());
                boolean fromHistory = !s.getValue().equals(">");
                if (fromHistory) {
                    // own pending entries, page by page; an empty page means caught up: switch to new entries
                    cursors.put(stream, entries.isEmpty() ? ">" : entries.get(entries.size() - 1).get(0).toString());
                }
                any |= !entries.isEmpty() || fromHistory;
                for (Response entry : entries) {
                    handled.add(deliver(stream, entry, fromHistory));
                }
            }
            if (pollEvery == null) {
                readLoop();
            } else {
                // polling: the next read once this one's entries are handled (they come as one batch each time)
                boolean more = any;
                reading = true;
                Future.join(handled).onComplete(done -> {
                    reading = false;
                    if (more || poked) {
                        readLoop();
                    } else if (!closed) {
                        pollTimer = vertx.setTimer(pollEvery.toMillis(), t -> {
                            pollTimer = -1;
                            readLoop();
                        });
                    }
                });
            }
        });
    }

    private void reconnect() {
        if (closed) {
            return;
        }
        if (readerClient != null) {
            readerClient.close();
            reader = null;
        }
        cursors.replaceAll((k, v) -> "0");
        connect().onFailure(err -> {
            log.warn("consumer={} cannot reconnect to Redis: {}; retrying in 1s", consumer, err.getMessage());
            vertx.setTimer(1000, t -> reconnect());
        });
    }

    /** Hands the entry to the handler; the future completes when it is handled (or will not be now). */
    private Future<Void> deliver(String stream, Response entry, boolean redelivery) {
        String id = entry.get(0).toString();
        Response fieldList = entry.get(1);
        if (fieldList == null) {
            // the entry was trimmed away while pending: nothing to deliver, drop it from the pending list
            ack(stream, id);
            return Future.succeededFuture();
        }
        if (!inFlight.add(stream + " " + id)) {
            return Future.succeededFuture(); // already being handled (read as history and claimed in the same moment)
        }
        Map<String, String> fields = new HashMap<>(8);
        if (fieldList.isMap()) {
            for (String k : fieldList.getKeys()) {
                fields.put(k, fieldList.get(k).toString());
            }
        } else {
            for (int i = 0; i + 1 < fieldList.size(); i += 2) {
                fields.put(fieldList.get(i).toString(), fieldList.get(i + 1).toString());
            }
        }
        Future<Void> handled;
        try {
            handled = handler.apply(new StreamEntry(stream, id, fields, redelivery));
        } catch (RuntimeException e) {
            handled = Future.failedFuture(e);
        }
        return handled.andThen(ar -> {
            inFlight.remove(stream + " " + id);
            if (ar.succeeded()) {
                ack(stream, id);
            } else {
                log.debug("consumer={} stream={} id={} not handled ({}); stays pending", consumer, stream, id,
                        ar.cause().getMessage());
            }
        }).mapEmpty();
    }

    private void ack(String stream, String id) {
        redis.send(Request.cmd(Command.XACK).arg(stream).arg(group).arg(id))
            .onFailure(err -> log.warn("consumer={} stream={} id={} XACK failed: {}; it will be delivered again",
                    consumer, stream, id, err.getMessage()));
    }

    private void claimAll() {
        if (closed) {
            return;
        }
        for (String stream : List.copyOf(cursors.keySet())) {
            String start = claimCursors.getOrDefault(stream, "0-0");
            redis.send(Request.cmd(Command.XAUTOCLAIM).arg(stream).arg(group).arg(consumer).arg(claimIdle.toMillis())
                    .arg(start).arg("COUNT").arg(COUNT)).onComplete(ar -> {
                        if (ar.failed()) {
                            log.warn("consumer={} stream={} XAUTOCLAIM failed: {}", consumer, stream,
                                    ar.cause().getMessage());
                            return;
                        }
                        if (!cursors.containsKey(stream)) {
                            return;
                        }
                        Response r = ar.result();
                        claimCursors.put(stream, r.get(0).toString());
                        Response entries = r.get(1);
                        if (entries != null && entries.size() > 0) {
                            log.info("consumer={} stream={} claimed {} entries left unacknowledged for {} ms",
                                    consumer, stream, entries.size(), claimIdle.toMillis());
                            for (Response entry : entries) {
                                deliver(stream, entry, true);
                            }
                        }
                    });
        }
    }

    /** XREADGROUP's reply: an array of [stream, entries] (RESP2) or a map stream -> entries (RESP3); null on timeout. */
    private static Map<String, List<Response>> byStream(Response r) {
        Map<String, List<Response>> out = new HashMap<>();
        if (r == null) {
            return out;
        }
        if (r.isMap()) {
            for (String k : r.getKeys()) {
                out.put(k, list(r.get(k)));
            }
        } else {
            for (Response s : r) {
                out.put(s.get(0).toString(), list(s.get(1)));
            }
        }
        return out;
    }

    private static List<Response> list(Response r) {
        List<Response> out = new ArrayList<>();
        if (r != null) {
            r.forEach(out::add);
        }
        return out;
    }
}
