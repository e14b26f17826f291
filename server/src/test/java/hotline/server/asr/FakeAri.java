package hotline.server.asr;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A small ARI server that answers as the lab's Asterisk 16.28 did: its JSON (REST responses and WebSocket events)
 * comes from {@code ari/asterisk16-fork-capture.txt}, captured from the lab's pbx with
 * {@code -Dhotline.bench.ariCapture=<file> ./hotline bench fork --fork ari --calls 1} and replayed here with the ids
 * of the request. Like Asterisk, a created channel enters the application (StasisStart on the WebSocket) after its
 * POST has returned, and a bridge refuses a channel not in the application (422).
 */
final class FakeAri implements AutoCloseable {
    static final String USER = "hotline";
    static final String PASSWORD = "test-password";

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, String> captured = new ConcurrentHashMap<>();
    /** Every REST request, "METHOD path?query" without api_key. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
    /** Channels in the application. */
    final Set<String> inStasis = ConcurrentHashMap.newKeySet();
    /** Channels and bridges present, by id (leftovers may be put here before the fork connects). */
    final Map<String, JsonObject> channels = new ConcurrentHashMap<>();
    final Map<String, JsonObject> bridges = new ConcurrentHashMap<>();
    /** Delay of StasisStart after the POST that created the channel. */
    volatile long enterDelayMs = 20;
    /** When false, created channels never enter the application (a broken Stasis). */
    volatile boolean enters = true;

    FakeAri(Vertx vertx) throws Exception {
        this.vertx = vertx;
        load();
        server = vertx.createHttpServer().requestHandler(this::rest);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    /** The first captured JSON of each kind: "response:externalMedia", "event:StasisStart:em", ... */
    private void load() {
        List<String> lines;
        try (InputStream in = FakeAri.class.getResourceAsStream("/ari/asterisk16-fork-capture.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String lastRequest = "";
        List<String> pendingRequests = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("request ")) {
                pendingRequests.add(line.substring(8));
            } else if (line.startsWith("response ") && !pendingRequests.isEmpty()) {
                lastRequest = pendingRequests.remove(0);
                String body = line.substring(9).replaceFirst("^\\d+ ?", "");
                String key = lastRequest.contains("externalMedia") ? "externalMedia"
                        : lastRequest.contains("/snoop") ? "snoop"
                        : lastRequest.startsWith("POST /ari/bridges?") ? "bridge" : null;
                if (key != null && !body.isEmpty()) {
                    captured.putIfAbsent("response:" + key, body);
                }
            } else if (line.startsWith("event ")) {
                JsonObject e = new JsonObject(line.substring(6));
                JsonObject ch = e.getJsonObject("channel");
                if (ch != null) {
                    String kind = ch.getString("id").endsWith("-em") ? "em" : "snoop";
                    captured.putIfAbsent("event:" + e.getString("type") + ":" + kind, line.substring(6));
                }
            }
        }
        for (String needed : List.of("response:externalMedia", "response:snoop", "response:bridge",
                "event:StasisStart:em", "event:StasisStart:snoop", "event:StasisEnd:snoop")) {
            if (!captured.containsKey(needed)) {
                throw new IllegalStateException("the capture has no " + needed);
            }
        }
    }

    /** A captured channel JSON with the id (and nothing else) replaced. */
    private JsonObject channelJson(String kind, String id) {
        JsonObject c = new JsonObject(captured.get("response:" + kind));
        return c.put("id", id);
    }

    private String event(String type, String kind, JsonObject channel) {
        JsonObject e = new JsonObject(captured.get("event:" + type + ":" + kind));
        return e.put("channel", channel).encode();
    }

    private void socket(HttpServerRequest req) {
        Map<String, String> q = query(req.query());
        if (!"hotline-fork".equals(q.get("app")) || !(USER + ":" + PASSWORD).equals(q.get("api_key"))) {
            req.response().setStatusCode(401).end("{\"error\":\"Authentication required\"}");
            return;
        }
        req.toWebSocket().onSuccess(ws -> {
            sockets.add(ws);
            ws.closeHandler(v -> sockets.remove(ws));
        });
    }

    /** Sends an event to every connected application socket. */
    void emit(String json) {
        sockets.forEach(s -> s.writeTextMessage(json));
    }

    /** The spied channel hangs up: its snoop leaves the application (StasisEnd), as Asterisk reports it. */
    void snoopEnds(String snoopId) {
        JsonObject ch = channels.remove(snoopId);
        inStasis.remove(snoopId);
        emit(event("StasisEnd", "snoop", ch == null ? channelJson("snoop", snoopId) : ch));
    }

    /** A channel of the application is hung up by someone else: StasisEnd (the captured one, with its id). */
    void channelLeaves(String id) {
        JsonObject ch = channels.remove(id);
        inStasis.remove(id);
        emit(event("StasisEnd", "snoop", ch == null ? channelJson("externalMedia", id) : ch));
    }

    /** Drops every application WebSocket (Asterisk restarting, say). */
    void dropSockets() {
        sockets.forEach(ServerWebSocket::close);
    }

    private void rest(HttpServerRequest req) {
        if (req.path().equals("/ari/events")) {
            socket(req);
            return;
        }
        Map<String, String> q = query(req.query());
        if (!(USER + ":" + PASSWORD).equals(q.get("api_key"))) {
            req.response().setStatusCode(401).end("{\"error\":\"Authentication required\"}");
            return;
        }
        String query = req.query() == null ? "" : req.query().replaceAll("&?api_key=[^&]*", "");
        String path = req.path();
        requests.add(req.method() + " " + path + (query.isEmpty() ? "" : "?" + query));
        var resp = req.response().putHeader("content-type", "application/json");
        switch (req.method().name()) {
            case "GET" -> {
                if (path.equals("/ari/channels")) {
                    resp.end(new JsonArray(new ArrayList<>(channels.values())).encode());
                } else if (path.equals("/ari/bridges")) {
                    resp.end(new JsonArray(new ArrayList<>(bridges.values())).encode());
                } else {
                    resp.setStatusCode(404).end("{\"message\":\"Resource not found\"}");
                }
            }
            case "POST" -> post(path, q, resp);
            case "DELETE" -> {
                String id = path.substring(path.lastIndexOf('/') + 1);
                boolean channel = path.startsWith("/ari/channels/");
                JsonObject gone = channel ? channels.remove(id) : bridges.remove(id);
                if (gone == null) {
                    resp.setStatusCode(404).end(channel ? "{\"message\":\"Channel not found\"}"
                            : "{\"message\":\"Bridge not found\"}");
                } else {
                    inStasis.remove(id);
                    resp.setStatusCode(204).end();
                }
            }
            default -> resp.setStatusCode(405).end();
        }
    }

    private void post(String path, Map<String, String> q, io.vertx.core.http.HttpServerResponse resp) {
        if (path.equals("/ari/channels/externalMedia")) {
            if (q.get("external_host") == null || !"ulaw".equals(q.get("format"))) {
                resp.setStatusCode(400).end("{\"message\":\"external_host and format are required\"}");
                return;
            }
            String id = q.get("channelId");
            JsonObject ch = channelJson("externalMedia", id);
            channels.put(id, ch);
            resp.end(ch.encode());
            enter(id, "em", ch);
        } else if (path.equals("/ari/bridges")) {
            String id = q.get("bridgeId");
            JsonObject b = new JsonObject(captured.get("response:bridge")).put("id", id);
            bridges.put(id, b);
            resp.end(b.encode());
        } else if (path.startsWith("/ari/channels/") && path.endsWith("/snoop")) {
            String spied = path.substring("/ari/channels/".length(), path.length() - "/snoop".length());
            if (!channels.containsKey(spied)) {
                resp.setStatusCode(404).end("{\"message\":\"Channel not found\"}");
                return;
            }
            String id = q.get("snoopId");
            JsonObject ch = channelJson("snoop", id);
            channels.put(id, ch);
            resp.end(ch.encode());
            enter(id, "snoop", ch);
        } else if (path.startsWith("/ari/bridges/") && path.endsWith("/addChannel")) {
            for (String id : q.getOrDefault("channel", "").split(",")) {
                if (!inStasis.contains(id)) {
                    resp.setStatusCode(422).end("{\"message\":\"Channel not in Stasis application\"}");
                    return;
                }
            }
            resp.setStatusCode(204).end();
        } else {
            resp.setStatusCode(404).end("{\"message\":\"Resource not found\"}");
        }
    }

    private void enter(String id, String kind, JsonObject ch) {
        if (!enters) {
            return;
        }
        vertx.setTimer(Math.max(1, enterDelayMs), t -> {
            inStasis.add(id);
            emit(event("StasisStart", kind, ch));
        });
    }

    /** A channel that exists in Asterisk (the spied channel, or a leftover). */
    void channel(String id, String name) {
        channels.put(id, channelJson("externalMedia", id).put("name", name));
    }

    List<String> requests(String prefix) {
        return Collections.unmodifiableList(requests.stream().filter(r -> r.startsWith(prefix)).toList());
    }

    private static Map<String, String> query(String query) {
        Map<String, String> out = new ConcurrentHashMap<>();
        if (query == null) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
