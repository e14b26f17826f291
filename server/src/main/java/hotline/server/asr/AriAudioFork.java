package hotline.server.asr;

import hotline.telephony.AudioFork;
import hotline.telephony.TelephonyException;
import hotline.telephony.ami.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AudioFork} over ARI (Asterisk REST Interface, res_ari; externalMedia needs Asterisk 16.6+): for each fork a
 * snoop channel on the spied channel ({@code POST /ari/channels/{id}/snoop?spy=in}: only what that channel hears
 * from its own phone) and an externalMedia channel ({@code POST /ari/channels/externalMedia?external_host=host:port
 * &format=ulaw}: RTP to the receiver) are put in one mixing bridge. res_stasis_snoop reads the spied audiohook on its
 * own 20 ms timer, and its audiohook has neither the small-queue nor the sync flush, so the direction nobody reads
 * never makes the audiohook throw away the caller's frames (the loss ChanSpy {@code o} showed: docs/asr.md).
 *
 * <p>One WebSocket ({@code /ari/events?app=hotline-fork}) stays open while the fork is in use (Stasis requires the
 * application to be registered before channels enter it), reconnected with backoff. When a snoop leaves the
 * application (its spied channel hung up, or it was hung up), its bridge is destroyed and its externalMedia channel
 * hung up; when the externalMedia channel leaves first (hung up over AMI, say), the snoop and bridge go too. On each (re)connect, leftovers of an earlier run (channels and bridges whose id starts with
 * {@value #ID_PREFIX}) are cleaned. Every object this creates is named {@code hotline-fork-<port>-<n>-(em|snoop|br)}.
 *
 * <p>Stages complete on the Vert.x event loop of the HTTP client; they fail with {@link TelephonyException}.
 */
public final class AriAudioFork implements AudioFork, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AriAudioFork.class);
    /** The Stasis application the fork's channels enter. */
    public static final String APP = "hotline-fork";
    /** Prefix of every channel and bridge id this creates (found again after a restart). */
    public static final String ID_PREFIX = "hotline-fork-";
    private static final long ENTER_TIMEOUT_MS = 5000;

    /** One fork's objects. */
    private record Fork(String base) {
        String em() {
            return base + "-em";
        }

        String snoop() {
            return base + "-snoop";
        }

        String bridge() {
            return base + "-br";
        }
    }

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final String apiKey;
    private final HttpClient http;
    private final WebSocketClient wsClient;
    private final Backoff backoff;
    private final AtomicLong seq = new AtomicLong();
    private final Map<Integer, Fork> byPort = new ConcurrentHashMap<>();
    private final Map<String, Fork> bySnoop = new ConcurrentHashMap<>();
    /** Channels created and not yet in the application (a channel enters Stasis after its POST returns). */
    private final Map<String, Promise<Void>> entering = new ConcurrentHashMap<>();
    private volatile WebSocket ws;
    private volatile java.util.function.BiConsumer<String, String> tap = (kind, text) -> { };
    private volatile boolean closed;
    private volatile Promise<Void> firstConnect = Promise.promise();

    /**
     * @param host     where the pbx's ARI (http.conf) listens
     * @param port     its HTTP port
     * @param user     the ari.conf user
     * @param password its password
     */
    public AriAudioFork(Vertx vertx, String host, int port, String user, String password) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.apiKey = Objects.requireNonNull(user, "user") + ":" + Objects.requireNonNull(password, "password");
        this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
                .setConnectTimeout(5000));
        this.wsClient = vertx.createWebSocketClient();
        this.backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), Math::random);
    }

    /**
     * Sees every exchange with Asterisk: {@code ("event", json)}, {@code ("request", "POST /ari/...")} (without the
     * api_key) and {@code ("response", "<status> <body>")}. For benchmarks and for capturing test fixtures.
     */
    public void tap(java.util.function.BiConsumer<String, String> tap) {
        this.tap = Objects.requireNonNull(tap, "tap");
    }

    /** Opens the event WebSocket (and keeps it open); the future completes at the first successful connection. */
    public Future<Void> start() {
        connect();
        return firstConnect.future();
    }

    /** Whether the event WebSocket is open (the application is registered in Asterisk). */
    public boolean connected() {
        return ws != null;
    }

    private void connect() {
        if (closed) {
            return;
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port)
                .setURI("/ari/events?app=" + APP + "&api_key=" + enc(apiKey)).setTimeout(5000);
        wsClient.connect(options).onSuccess(socket -> {
            ws = socket;
            backoff.reset();
            log.info("ARI: application {} registered at {}:{}", APP, host, port);
            socket.textMessageHandler(this::onEvent);
            socket.closeHandler(v -> {
                ws = null;
                if (!closed) {
                    log.warn("ARI: event WebSocket to {}:{} closed; reconnecting", host, port);
                    retry();
                }
            });
            cleanLeftovers().onComplete(r -> firstConnect.tryComplete());
        }).onFailure(err -> {
            log.warn("ARI: cannot open the event WebSocket to {}:{}: {}", host, port, err.getMessage());
            retry();
        });
    }

    private void retry() {
        if (!closed) {
            vertx.setTimer(Math.max(1, backoff.next().toMillis()), id -> connect());
        }
    }

    /** Stasis events: a snoop of ours leaving the application ends its fork. */
    void onEvent(String text) {
        tap.accept("event", text);
        JsonObject event;
        try {
            event = new JsonObject(text);
        } catch (RuntimeException e) {
            log.warn("ARI: event that is not JSON ignored ({} chars)", text.length());
            return;
        }
        String type = event.getString("type", "");
        JsonObject channel = event.getJsonObject("channel");
        if (channel != null && "StasisStart".equals(type)) {
            Promise<Void> in = entering.remove(channel.getString("id", ""));
            if (in != null) {
                in.tryComplete();
            }
            return;
        }
        if (channel == null || !("StasisEnd".equals(type) || "ChannelDestroyed".equals(type))) {
            return;
        }
        String id = channel.getString("id", "");
        Fork fork = bySnoop.remove(id);
        if (fork == null) { // its externalMedia channel hung up (AMI Hangup, say): the snoop goes too
            fork = bySnoop.values().stream().filter(f -> f.em().equals(id)).findFirst().orElse(null);
            if (fork != null) {
                bySnoop.remove(fork.snoop());
            }
        }
        if (fork != null) {
            byPort.values().remove(fork);
            log.debug("ARI: {} left {}; tearing down its fork", id, APP);
            teardown(fork);
        }
    }

    @Override
    public CompletionStage<Void> start(String uniqueId, String rtpHost, int rtpPort) {
        if (ws == null) {
            return CompletableFuture.failedFuture(new TelephonyException("ARI application " + APP
                    + " not registered at " + host + ":" + port + " (event WebSocket down)"));
        }
        Fork fork = new Fork(ID_PREFIX + rtpPort + "-" + seq.incrementAndGet());
        Promise<Void> done = Promise.promise();
        Future<Void> emIn = entered(fork.em());
        Future<Void> snoopIn = entered(fork.snoop());
        post("/ari/channels/externalMedia?app=" + APP + "&external_host=" + enc(rtpHost + ":" + rtpPort)
                + "&format=ulaw&channelId=" + fork.em())
                .compose(r -> post("/ari/bridges?type=mixing&bridgeId=" + fork.bridge()))
                .compose(r -> {
                    bySnoop.put(fork.snoop(), fork);
                    return post("/ari/channels/" + enc(uniqueId) + "/snoop?spy=in&whisper=none&app=" + APP
                            + "&snoopId=" + fork.snoop());
                })
                .compose(r -> Future.all(emIn, snoopIn))
                .compose(r -> post("/ari/bridges/" + fork.bridge() + "/addChannel?channel=" + fork.snoop() + ","
                        + fork.em()))
                .onSuccess(r -> {
                    Fork old = byPort.put(rtpPort, fork);
                    if (old != null && old != fork) {
                        bySnoop.remove(old.snoop());
                        teardown(old);
                    }
                    done.complete();
                })
                .onFailure(err -> {
                    entering.remove(fork.em());
                    entering.remove(fork.snoop());
                    bySnoop.remove(fork.snoop());
                    teardown(fork);
                    done.fail(err instanceof TelephonyException ? err : new TelephonyException("ARI fork of "
                            + uniqueId + ": " + err.getMessage(), err));
                });
        return done.future().toCompletionStage();
    }

    /** Completes when channel {@code id} enters the application (its StasisStart), fails after 5 s. */
    private Future<Void> entered(String id) {
        Promise<Void> in = Promise.promise();
        entering.put(id, in);
        long timer = vertx.setTimer(ENTER_TIMEOUT_MS, t -> {
            if (entering.remove(id) != null) {
                in.tryFail(new TelephonyException("ARI channel " + id + " did not enter " + APP + " within "
                        + ENTER_TIMEOUT_MS + " ms"));
            }
        });
        return in.future().onComplete(r -> vertx.cancelTimer(timer));
    }

    @Override
    public CompletionStage<Void> stop(String rtpHost, int rtpPort) {
        Fork fork = byPort.remove(rtpPort);
        if (fork == null) {
            return CompletableFuture.failedFuture(new TelephonyException("no ARI fork to " + rtpHost + ":" + rtpPort));
        }
        bySnoop.remove(fork.snoop());
        return teardown(fork).toCompletionStage();
    }

    /** Hangs up the snoop and the externalMedia channel and destroys the bridge; what is already gone is fine. */
    private Future<Void> teardown(Fork fork) {
        return Future.join(delete("/ari/channels/" + fork.snoop()), delete("/ari/channels/" + fork.em()),
                delete("/ari/bridges/" + fork.bridge())).mapEmpty();
    }

    /** Channels and bridges of an earlier run (ids with {@value #ID_PREFIX}) not known to this one are removed. */
    Future<Void> cleanLeftovers() {
        Future<Void> channels = get("/ari/channels").compose(body -> {
            JsonArray list = new JsonArray(body);
            Future<Void> all = Future.succeededFuture();
            for (int i = 0; i < list.size(); i++) {
                String id = list.getJsonObject(i).getString("id", "");
                if (id.startsWith(ID_PREFIX) && !known(id)) {
                    log.info("ARI: hanging up leftover channel {} ({})", id, list.getJsonObject(i).getString("name"));
                    all = Future.join(all, delete("/ari/channels/" + id)).mapEmpty();
                }
            }
            return all;
        });
        Future<Void> bridges = get("/ari/bridges").compose(body -> {
            JsonArray list = new JsonArray(body);
            Future<Void> all = Future.succeededFuture();
            for (int i = 0; i < list.size(); i++) {
                String id = list.getJsonObject(i).getString("id", "");
                if (id.startsWith(ID_PREFIX) && !known(id)) {
                    log.info("ARI: destroying leftover bridge {}", id);
                    all = Future.join(all, delete("/ari/bridges/" + id)).mapEmpty();
                }
            }
            return all;
        });
        return Future.join(channels, bridges).<Void>mapEmpty()
                .onFailure(err -> log.warn("ARI: leftover clean-up failed: {}", err.getMessage()));
    }

    private boolean known(String id) {
        return byPort.values().stream().anyMatch(f -> id.startsWith(f.base() + "-"));
    }

    private Future<String> get(String path) {
        return call(HttpMethod.GET, path);
    }

    private Future<String> post(String path) {
        return call(HttpMethod.POST, path);
    }

    /** DELETE; a 404 (already gone) counts as done. */
    private Future<Void> delete(String path) {
        return call(HttpMethod.DELETE, path).<Void>mapEmpty().recover(err -> err.getMessage() != null
                && err.getMessage().contains(" 404 ") ? Future.succeededFuture() : Future.failedFuture(err));
    }

    private Future<String> call(HttpMethod method, String path) {
        String uri = path + (path.contains("?") ? "&" : "?") + "api_key=" + enc(apiKey);
        tap.accept("request", method + " " + path);
        return http.request(new RequestOptions().setMethod(method).setURI(uri).setTimeout(5000))
                .compose(req -> req.send().compose(resp -> resp.body().compose(body -> {
                    tap.accept("response", resp.statusCode() + " " + body);
                    if (resp.statusCode() / 100 == 2) {
                        return Future.succeededFuture(body.toString());
                    }
                    return Future.failedFuture(new TelephonyException("ARI " + method + " " + path + ": "
                            + resp.statusCode() + " " + body.toString().strip()));
                })));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Closes the WebSocket and the clients; forks still running end when their spied channels hang up. */
    @Override
    public void close() {
        closed = true;
        WebSocket socket = ws;
        if (socket != null) {
            socket.close();
        }
        http.close();
        wsClient.close();
    }
}
