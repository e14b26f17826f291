package hotline.bench;

import hotline.config.DispatchConfig;
import hotline.config.HotlineConfigLoader;
import hotline.dispatch.orders.OrderStreamConsumer;
import hotline.dispatch.orders.StreamEntry;
import hotline.orders.lifecycle.Address;
import hotline.orders.lifecycle.Channel;
import hotline.orders.lifecycle.OrderRequest;
import hotline.orders.lifecycle.UrgencyTier;
import hotline.server.orders.OrdersModule;
import hotline.server.orders.OrdersService;
import hotline.server.web.WebRoutes;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabLogin;
import hotline.testkit.lab.LabRedis;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Submit-to-unit latency and sustained throughput of work-order dispatch, against the bare Redis Streams floor, on a
 * real Redis started for the run ({@code scripts/redis-ctl.sh}, AOF on, as in production).
 *
 * <ul>
 *   <li><b>floor</b>: {@code XADD} on the pooled Vert.x Redis client, read by {@code XREADGROUP BLOCK} on a dedicated
 *       connection, {@code XACK} after receipt: the least any Streams dispatch can do.</li>
 *   <li><b>pipeline</b>: {@link OrdersService#submit} (the lifecycle, then one atomic {@code submit.lua} round trip:
 *       the request id kept, the order stored, its stream entry and its order-log entry) read by the production
 *       {@link OrderStreamConsumer}, whose handler builds the WebSocket frame as the unit feed does, then
 *       acknowledged. The production indexer runs beside it (the module is started), reads the order log and indexes
 *       each order (indexes, tallies, repeat links); the submit's own answer waits for that, and its latency is
 *       reported too ({@code *_answer_*}), but the unit does not wait for it.</li>
 *   <li><b>e2e</b>: an HTTP {@code POST /api/orders} to the production routes (behind the production login guard,
 *       with a lab supervisor's session cookie; each submit also appends its audit entry) until the frame arrives on a
 *       unit's WebSocket {@code /ws/units/{unitId}} (latency only).</li>
 * </ul>
 * Latency: one order at a time, t0 before the submit (its input, the request, built before), t1 when the consumer
 * (or WebSocket client) has it, on the same JVM clock; the floor acknowledges after t1 as the production consumer
 * does. Throughput is measured first ({@code window} orders in flight until {@code orders} are received), which also
 * warms each path up for the JIT; then, after a short warm-up of each path, the floor, the pipeline with the usual
 * repeat mix and the pipeline with the heavy one ({@link Mix}) take turns in ten rounds, so load from other processes
 * falls on all of them alike. The ratios compare the same percentile of pipeline and floor. All of it runs on one
 * Vert.x event loop, as the server does. Prints
 * {@code dispatch key=value ...} last.
 */
public final class DispatchBench {
    private static final String GROUP = "units";

    private DispatchBench() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int orders = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int repeatEvery = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int warmup = Math.max(200, samples / 2);
        Path run = Lab.home().resolve(".run/bench-dispatch");
        hotline.config.HotlineConfig defaults = HotlineConfigLoader.load(Map.of(), Map.of());
        DispatchConfig dispatch = defaults.dispatch();
        Vertx vertx = Vertx.vertx();
        try (LabRedis server = LabRedis.start(run.resolve("redis"))) {
            RedisOptions options = new RedisOptions().setConnectionString(server.uri()).setMaxPoolWaiting(10_000);
            Redis redis = Redis.createClient(vertx, options);
            Context ctx = vertx.getOrCreateContext();

            OrdersModule module = new OrdersModule(vertx, redis, options, dispatch, Clock.systemUTC());
            Floor floor = new Floor(redis, options, ctx);
            Pipeline pipeline = new Pipeline(vertx, redis, options, dispatch, module.service(), ctx, "bench-u1",
                    Mix.usual(repeatEvery), 1);
            Pipeline heavy = new Pipeline(vertx, redis, options, dispatch, module.service(), ctx, "bench-u2",
                    Mix.HEAVY, 2);
            on(ctx, module::start); // the order log's indexer (and the feed, which has no sockets here)
            on(ctx, floor::start);
            on(ctx, pipeline::start);
            on(ctx, heavy::start);
            List<DispatchPath> paths = List.of(floor, pipeline, heavy);
            // throughput first: it is also the warm-up (orders per path, enough for the JIT to compile the submit
            // path as a long-running server has it; a thousand orders left the pipeline partly interpreted)
            double floorRate = floor.throughput(orders, window);
            on(ctx, () -> redis.send(Request.cmd(Command.CONFIG).arg("RESETSTAT")));
            double pipeRate = pipeline.throughput(orders, window);
            double pipeScript = scriptMicros(ctx, redis);
            on(ctx, () -> redis.send(Request.cmd(Command.CONFIG).arg("RESETSTAT")));
            double heavyRate = heavy.throughput(orders, window);
            double heavyScript = scriptMicros(ctx, redis);
            for (DispatchPath path : paths) {
                path.latency(warmup);
                path.answers.clear();
            }
            // the paths take turns, a tenth of the samples at a time, so that the other sessions' load on this shared
            // machine falls on the floor and the pipeline alike (the ratio compares the same minutes)
            List<List<Double>> latency = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            int rounds = 10;
            for (int round = 0; round < rounds; round++) {
                int n = samples / rounds + (round < samples % rounds ? 1 : 0);
                for (int p = 0; p < paths.size(); p++) {
                    latency.get(p).addAll(paths.get(p).latency(n));
                }
            }

            E2e e2e = new E2e(vertx, module, defaults.web(), redis, ctx, Mix.usual(repeatEvery));
            on(ctx, e2e::start);
            e2e.throughput(orders / 4, window); // warm-up of the HTTP and WebSocket code (not reported)
            e2e.latency(warmup);
            List<Double> e2eLatency = e2e.latency(samples);
            on(ctx, module::stop);
            // where Redis spends its time per command (server-side microseconds; since the heavy throughput phase: the
            // latency rounds and e2e, including the commands the scripts call, which Redis counts too)
            String stats = on(ctx, () -> redis.send(Request.cmd(Command.INFO).arg("commandstats"))).toString();
            for (String line : stats.split("\r?\n")) {
                if (line.startsWith("cmdstat_")) {
                    System.out.println("redis " + line);
                }
            }

            List<Double> floorLatency = latency.get(0);
            List<Double> pipeLatency = latency.get(1);
            List<Double> heavyLatency = latency.get(2);
            report("floor   ", floorLatency, floorRate, "");
            report("pipeline", pipeLatency, pipeRate, String.format(Locale.ROOT,
                    "; %s, %.2f links per order, Lua %.1f us per script call in Redis", Mix.usual(repeatEvery),
                    pipeline.linksPerOrder(), pipeScript));
            report("heavy   ", heavyLatency, heavyRate, String.format(Locale.ROOT,
                    "; %s, %.2f links per order, Lua %.1f us per script call in Redis", Mix.HEAVY, heavy.linksPerOrder(),
                    heavyScript));
            report("e2e     ", e2eLatency, Double.NaN, "");
            List<Double> pipeAnswer = new ArrayList<>(pipeline.answers);
            List<Double> heavyAnswer = new ArrayList<>(heavy.answers);
            System.out.printf(Locale.ROOT, "answers  (the submit's own answer, after indexing) pipeline p50 %.3f ms, "
                    + "p99 %.3f ms; heavy p50 %.3f ms, p99 %.3f ms%n", RingBench.percentile(pipeAnswer, 50),
                    RingBench.percentile(pipeAnswer, 99), RingBench.percentile(heavyAnswer, 50),
                    RingBench.percentile(heavyAnswer, 99));
            double fp50 = RingBench.percentile(floorLatency, 50);
            double fp99 = RingBench.percentile(floorLatency, 99);
            double pp50 = RingBench.percentile(pipeLatency, 50);
            double pp99 = RingBench.percentile(pipeLatency, 99);
            double hp50 = RingBench.percentile(heavyLatency, 50);
            double hp99 = RingBench.percentile(heavyLatency, 99);
            System.out.printf(Locale.ROOT, "dispatch samples=%d orders=%d window=%d repeat_every=%d"
                            + " floor_p50_ms=%.3f floor_p99_ms=%.3f floor_orders_per_s=%.0f"
                            + " pipeline_p50_ms=%.3f pipeline_p99_ms=%.3f pipeline_orders_per_s=%.0f"
                            + " pipeline_links_per_order=%.2f pipeline_script_us=%.1f"
                            + " heavy_p50_ms=%.3f heavy_p99_ms=%.3f heavy_orders_per_s=%.0f heavy_links_per_order=%.2f"
                            + " heavy_script_us=%.1f e2e_p50_ms=%.3f e2e_p99_ms=%.3f overhead_ratio_p50=%.2f"
                            + " overhead_ratio_p99=%.2f overhead_ratio_throughput=%.2f heavy_overhead_ratio_p50=%.2f"
                            + " heavy_overhead_ratio_p99=%.2f heavy_overhead_ratio_throughput=%.2f"
                            + " pipeline_answer_p50_ms=%.3f pipeline_answer_p99_ms=%.3f heavy_answer_p50_ms=%.3f"
                            + " heavy_answer_p99_ms=%.3f%n",
                    samples, orders, window, repeatEvery, fp50, fp99, floorRate, pp50, pp99, pipeRate,
                    pipeline.linksPerOrder(), pipeScript, hp50, hp99, heavyRate, heavy.linksPerOrder(), heavyScript,
                    RingBench.percentile(e2eLatency, 50), RingBench.percentile(e2eLatency, 99), pp50 / fp50,
                    pp99 / fp99, floorRate / pipeRate, hp50 / fp50, hp99 / fp99, floorRate / heavyRate,
                    RingBench.percentile(pipeAnswer, 50), RingBench.percentile(pipeAnswer, 99),
                    RingBench.percentile(heavyAnswer, 50), RingBench.percentile(heavyAnswer, 99));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Server-side microseconds per Lua script call (EVALSHA: submit.lua, index.lua, apply.lua) since CONFIG RESETSTAT. */
    private static double scriptMicros(Context ctx, Redis redis) throws Exception {
        String stats = on(ctx, () -> redis.send(Request.cmd(Command.INFO).arg("commandstats"))).toString();
        for (String line : stats.split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:")) {
                for (String kv : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (kv.startsWith("usec_per_call=")) {
                        return Double.parseDouble(kv.substring("usec_per_call=".length()));
                    }
                }
            }
        }
        return Double.NaN;
    }

    private static void report(String name, List<Double> latency, double rate, String more) {
        System.out.printf(Locale.ROOT, "%s latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms (%d samples)%s%s%n",
                name, RingBench.percentile(latency, 50), RingBench.percentile(latency, 90),
                RingBench.percentile(latency, 99), RingBench.percentile(latency, 100), latency.size(),
                Double.isNaN(rate) ? "" : String.format(Locale.ROOT, "; sustained %.0f orders/s", rate), more);
    }

    private static <T> T on(Context ctx, java.util.function.Supplier<Future<T>> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        ctx.runOnContext(v -> action.get().onComplete(ar -> {
            if (ar.succeeded()) {
                result.complete(ar.result());
            } else {
                result.completeExceptionally(ar.cause());
            }
        }));
        return result.get(120, TimeUnit.SECONDS);
    }

    /** One way of dispatching: send order {@code i}, and be told when it arrived. */
    private abstract static class DispatchPath {
        final Context ctx;
        final Map<String, Long> received = new ConcurrentHashMap<>();
        volatile Consumer<String> onReceive = k -> { };
        int next;
        /** When the latency loop sent its order (nanoTime), and the submit's answers since, in ms. */
        volatile long sentAt;
        volatile boolean measuring;
        final List<Double> answers = java.util.Collections.synchronizedList(new ArrayList<>());

        DispatchPath(Context ctx) {
            this.ctx = ctx;
        }

        /** What order number {@code i} sends (built before its clock starts: input, not dispatch work). */
        abstract Object input(int i);

        /** Sends {@code input}; the key it will be received under is given to {@code key}. */
        abstract void send(Object input, Consumer<String> key);

        void arrived(String key) {
            received.put(key, System.nanoTime());
            onReceive.accept(key);
        }

        List<Double> latency(int n) throws Exception {
            measuring = true;
            List<Double> out = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                CompletableFuture<Double> one = new CompletableFuture<>();
                int i = next++;
                ctx.runOnContext(v -> {
                    Object input = input(i);
                    long t0 = System.nanoTime();
                    sentAt = t0;
                    String[] expected = new String[1];
                    onReceive = key -> {
                        if (key.equals(expected[0])) {
                            one.complete((received.get(key) - t0) / 1e6);
                        }
                    };
                    send(input, key -> {
                        expected[0] = key;
                        Long t1 = received.get(key);
                        if (t1 != null) {
                            one.complete((t1 - t0) / 1e6); // arrived before the submit's own answer
                        }
                    });
                });
                out.add(one.get(30, TimeUnit.SECONDS));
            }
            onReceive = k -> { };
            measuring = false;
            return out;
        }

        /**
         * Orders per second with {@code window} in flight; an order is done when its unit has it and its send was
         * answered (the submit's answer comes after indexing: the rate is what the whole path keeps up with).
         */
        double throughput(int total, int window) throws Exception {
            CompletableFuture<Double> done = new CompletableFuture<>();
            int[] sent = {0};
            int[] got = {0};
            long[] t0 = {0};
            java.util.Set<String> half = new java.util.HashSet<>();
            ctx.runOnContext(v -> {
                Consumer<String> one = key -> {
                    if (half.add(key)) {
                        return; // the first of the two
                    }
                    half.remove(key);
                    got[0]++;
                    if (got[0] == total) {
                        done.complete(total / ((System.nanoTime() - t0[0]) / 1e9));
                    } else if (sent[0] < total) {
                        sent[0]++;
                        sendOne();
                    }
                };
                onReceive = one;
                answered = one;
                t0[0] = System.nanoTime();
                for (; sent[0] < Math.min(window, total); sent[0]++) {
                    sendOne();
                }
            });
            double rate = done.get(300, TimeUnit.SECONDS);
            onReceive = k -> { };
            answered = k -> { };
            return rate;
        }

        private Consumer<String> answered = k -> { };

        private void sendOne() {
            send(input(next++), k -> answered.accept(k));
        }
    }

    /** Bare XADD / XREADGROUP BLOCK / XACK. */
    private static final class Floor extends DispatchPath {
        private static final String STREAM = "bench:floor";
        private final Redis redis;
        private final RedisOptions options;
        private RedisConnection reader;

        Floor(Redis redis, RedisOptions options, Context ctx) {
            super(ctx);
            this.redis = redis;
            this.options = new RedisOptions(options).setMaxPoolSize(1);
        }

        Future<Void> start() {
            return redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(STREAM).arg(GROUP).arg("$")
                    .arg("MKSTREAM"))
                .compose(v -> Redis.createClient(ctx.owner(), options).connect())
                .map(conn -> {
                    reader = conn;
                    read();
                    return null;
                });
        }

        private void read() {
            reader.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP).arg("floor").arg("COUNT").arg(100)
                    .arg("BLOCK").arg(1000).arg("STREAMS").arg(STREAM).arg(">")).onComplete(ar -> {
                        if (ar.failed()) {
                            return; // closing
                        }
                        Response r = ar.result();
                        if (r != null) {
                            Response entries = r.isMap() ? r.get(STREAM) : r.get(0).get(1);
                            for (Response e : entries) {
                                Response f = e.get(1);
                                String seq = f.isMap() ? f.get("seq").toString() : f.get(1).toString();
                                // received, then acknowledged, as the production consumer does
                                arrived(seq);
                                redis.send(Request.cmd(Command.XACK).arg(STREAM).arg(GROUP).arg(e.get(0).toString()));
                            }
                        }
                        read();
                    });
        }

        @Override
        Object input(int i) {
            return String.valueOf(i);
        }

        @Override
        void send(Object input, Consumer<String> key) {
            String seq = (String) input;
            redis.send(Request.cmd(Command.XADD).arg(STREAM).arg("MAXLEN").arg("~").arg(100_000).arg("*").arg("seq")
                    .arg(seq).arg("doc").arg(DOC)).onSuccess(id -> key.accept(seq));
        }

        /** A document about as large as a new order's, so the floor moves the same bytes. */
        private static final String DOC = "x".repeat(1400);
    }

    /**
     * Who calls about what: which earlier order, if any, order {@code i} repeats. The usual mix (the default, an
     * assumption, not a measured hotline figure): one order in {@code every} is the same caller calling again about
     * the same place and matter as the order before it (one link, found in both repeat indexes), the others are new
     * callers at new places. The heavy mix: new callers, but every order at one of 50 places, so from the 1,001st
     * order on (every latency sample) each order links the 20 newest at its place (hotline.dispatch.repeatLinks), the most the script does.
     *
     * @param every 0: no repeats; n: order i repeats order i - 1 when i % n == n - 1
     */
    record Mix(String name, int every, int places) {
        static final Mix HEAVY = new Mix("heavy", 0, 50);

        static Mix usual(int every) {
            return new Mix("usual", every, 0);
        }

        /** Order {@code i} for {@code unit}; paths of one run take distinct {@code base}s (no repeats across them). */
        OrderRequest request(int i, String unit, int base) {
            int who = every > 0 && i % every == every - 1 ? i - 1 : i;
            String community = places > 0 ? base + "社区" + (i % places) : base + "社区" + who;
            return new OrderRequest("王女士", String.valueOf(13_000_000_000L + base * 10_000_000L + who),
                    new Address("朝阳区", "八里庄街道", community), "noise", UrgencyTier.DAYS_7,
                    "construction noise every night after 22:00, bench order " + i, List.of(unit), null,
                    Channel.PHONE);
        }

        @Override
        public String toString() {
            return places > 0 ? name + " (every order at one of " + places + " places)"
                    : every > 0 ? name + " (one order in " + every + " repeats the one before)" : name + " (no repeats)";
        }
    }

    /** The production service and stream consumer, without the WebSocket hop. */
    private static final class Pipeline extends DispatchPath {
        private final OrdersService service;
        private final OrderStreamConsumer consumer;
        private final String unit;
        private final Mix mix;
        private final int base;
        private long submitted;
        private long links;

        Pipeline(Vertx vertx, Redis redis, RedisOptions options, DispatchConfig config, OrdersService service,
                Context ctx, String unit, Mix mix, int base) {
            super(ctx);
            this.service = service;
            this.unit = unit;
            this.mix = mix;
            this.base = base;
            this.consumer = new OrderStreamConsumer(vertx, redis, options, config.consumerGroup(), "bench-" + unit,
                    config.claimIdle(), this::handle);
        }

        Future<Void> start() {
            return consumer.start().compose(v -> consumer.subscribe("hotline:unit:" + unit + ":orders"));
        }

        /** The mean number of links of the orders submitted so far. */
        double linksPerOrder() {
            return submitted == 0 ? 0 : (double) links / submitted;
        }

        private Future<Void> handle(StreamEntry e) {
            // what UnitFeed does per entry before writing to the sockets: build the frame
            if (hotline.server.orders.UnitFeed.frame(e).isEmpty()) {
                throw new IllegalStateException("empty frame");
            }
            arrived(e.order());
            return Future.succeededFuture();
        }

        @Override
        Object input(int i) {
            return Map.entry(unit + "-" + i, mix.request(i, unit, base));
        }

        @Override
        @SuppressWarnings("unchecked")
        void send(Object input, Consumer<String> key) {
            Map.Entry<String, OrderRequest> in = (Map.Entry<String, OrderRequest>) input;
            service.submit(in.getKey(), in.getValue())
                .onSuccess(s -> {
                    if (measuring) {
                        answers.add((System.nanoTime() - sentAt) / 1e6);
                    }
                    submitted++;
                    links += s.order().links().size();
                    key.accept(s.order().number().toString());
                })
                .onFailure(err -> System.err.println("submit failed: " + err));
        }
    }

    /** HTTP POST to the production routes, frame on the unit's WebSocket. */
    private static final class E2e extends DispatchPath {
        private final Vertx vertx;
        private final OrdersModule module;
        private final hotline.config.WebConfig web;
        private final Redis redis;
        private HttpClient client;
        private int port;
        private String cookie;

        private final Mix mix;

        E2e(Vertx vertx, OrdersModule module, hotline.config.WebConfig web, Redis redis, Context ctx, Mix mix) {
            super(ctx);
            this.mix = mix;
            this.redis = redis;
            this.vertx = vertx;
            this.module = module;
            this.web = web;
        }

        /** Call on the path's context (the guard's sessions are confined to it). */
        Future<Void> start() {
            Router router = Router.router(vertx);
            router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(16 * 1024));
            // the production guard and login in front, with the defaults file's users: the bench logs in as the
            // lab supervisor and sends the session cookie with every request and the WebSocket handshake
            WebRoutes.mountAuth(router, vertx, web, Clock.systemUTC(), n -> Future.succeededFuture(
                    java.util.Optional.empty()), new hotline.server.web.RedisAuditLog(redis));
            module.mount(router);
            client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
            WebSocketClient ws = vertx.createWebSocketClient();
            return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .compose((HttpServer s) -> {
                    port = s.actualPort();
                    return client.request(HttpMethod.POST, port, "127.0.0.1", "/api/session")
                        .compose(req -> req.putHeader("content-type", "application/json").send(new JsonObject()
                                .put("name", LabLogin.SUPERVISOR).put("password", LabLogin.SUPERVISOR).encode()))
                        .compose(resp -> {
                            String set = resp.getHeader("set-cookie");
                            if (resp.statusCode() != 200 || set == null) {
                                return Future.failedFuture("login refused: " + resp.statusCode());
                            }
                            cookie = set.substring(0, set.indexOf(';'));
                            return resp.body();
                        });
                })
                .compose(v -> ws.connect(new WebSocketConnectOptions().setPort(port).setHost("127.0.0.1")
                        .setURI("/ws/units/bench-e2e").addHeader("Cookie", cookie)))
                .map((WebSocket socket) -> {
                    socket.textMessageHandler(text -> arrived(new JsonObject(text).getJsonObject("order")
                            .getString("number")));
                    return null;
                });
        }

        @Override
        Object input(int i) {
            OrderRequest r = mix.request(i, "bench-e2e", 3);
            return new JsonObject().put("requestId", "e2e-" + i).put("callerName", r.callerName())
                    .put("phone", r.phone()).put("district", r.address().district())
                    .put("street", r.address().street()).put("community", r.address().community())
                    .put("category", r.category()).put("urgency", r.urgency().code()).put("summary", r.summary())
                    .put("unitIds", new io.vertx.core.json.JsonArray(r.unitIds())).put("channel", "phone").encode();
        }

        @Override
        void send(Object input, Consumer<String> key) {
            String body = (String) input;
            client.request(HttpMethod.POST, port, "127.0.0.1", "/api/orders")
                .compose(req -> req.putHeader("content-type", "application/json").putHeader("Cookie", cookie)
                        .send(body))
                .compose(resp -> resp.body())
                .onSuccess(b -> key.accept(new JsonObject(b.toString()).getString("number")))
                .onFailure(err -> System.err.println("POST failed: " + err));
        }
    }
}
