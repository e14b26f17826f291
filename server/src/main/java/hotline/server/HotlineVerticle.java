package hotline.server;

import hotline.config.HotlineConfig;
import hotline.dispatch.calls.CallStore;
import hotline.dispatch.calls.RedisCallStore;
import hotline.dispatch.calls.RetryingCallStore;
import hotline.routing.acd.AcdEngine;
import hotline.server.call.AcdSettings;
import hotline.server.call.AcdStateCodec;
import hotline.server.call.AcdStateStore;
import hotline.server.asr.AsrRoutes;
import hotline.server.asr.LiveTranscription;
import hotline.server.asr.RedisTranscriptStore;
import hotline.server.asr.TranscriptStore;
import hotline.server.call.CallController;
import hotline.server.call.ContextCallControl;
import hotline.server.call.RedisHashAcdStateStore;
import hotline.server.call.VertxScheduler;
import hotline.server.http.DraftsApi;
import hotline.server.http.HttpApi;
import hotline.server.http.FiguresFeed;
import hotline.server.http.IvrApi;
import hotline.server.ivr.IvrAgiScript;
import hotline.server.ivr.IvrMonitor;
import hotline.server.ivr.IvrSetup;
import hotline.server.ivr.OrderStatusLookup;
import hotline.server.ivr.OrdersStatusLookup;
import hotline.server.ivr.PromptFiles;
import hotline.server.ivr.QueueAnnouncementScript;
import hotline.server.ivr.WaitingCalls;
import hotline.server.orders.OrdersModule;
import hotline.server.web.WebRoutes;
import hotline.telephony.ami.AmiAudioFork;
import hotline.telephony.ami.AmiCallControl;
import hotline.telephony.ami.AmiClient;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.ami.Backoff;
import hotline.telephony.agi.FastAgiServer;
import hotline.telephony.agi.InboundCall;
import hotline.telephony.agi.InboundCallHandler;
import hotline.telephony.agi.InboundDecision;
import hotline.telephony.ami.AmiCallControl;
import hotline.telephony.ami.AmiClient;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.ami.Backoff;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.asteriskjava.fastagi.AgiScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contact center on one node: FastAGI in, AMI out, routing in the middle, HTTP API for the agents.
 *
 * <p>Everything that touches call or agent state runs on this verticle's event-loop context: AMI events and
 * FastAGI requests arrive on Asterisk-Java threads and hop here with {@code context.runOnContext}.
 */
public final class HotlineVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(HotlineVerticle.class);

    private final HotlineConfig config;
    private final Clock clock;
    private Redis redis;
    private AmiClient ami;
    // several boxes (hotline.boxes): every box's AMI session by box id, the primary's (ami) among them
    private final Map<String, AmiClient> boxAmis = new java.util.LinkedHashMap<>();
    private hotline.server.call.BoxDirectory boxes;
    private FastAgiServer agi;
    private HttpServer http;
    private CallController controller;
    // the supervisors' listen / whisper / barge calls, followed from every box's events
    private hotline.server.http.SpyTracker spies;
    private List<hotline.routing.acd.LeaderSessionConfig> scheduledSessions = List.of();
    private final IvrMonitor ivrMonitor = new IvrMonitor();
    private OrdersModule orders;
    private hotline.server.http.UnitsApi units;
    private LiveTranscription transcription;
    private hotline.server.asr.RemoteTranscription remoteAsr;
    /** The primary box's fork through ARI ({@code hotline.asr.fork = ari}), made once; null otherwise. */
    private hotline.server.asr.AriAudioFork ariFork;
    private long figuresTimer = -1;
    private WebRoutes web;

    private final java.util.function.Function<Redis, AcdStateStore> stateStores;

    public HotlineVerticle(HotlineConfig config, Clock clock) {
        this(config, clock, RedisHashAcdStateStore::new); // incremental (docs/scaling.md)
    }

    /**
     * @param stateStores where the routing state is kept, given this node's Redis client (a cluster's leader writes
     *                    it fenced by its lease: {@link hotline.server.cluster.FencedAcdStateStore})
     */
    public HotlineVerticle(HotlineConfig config, Clock clock,
                           java.util.function.Function<Redis, AcdStateStore> stateStores) {
        this.config = config;
        this.clock = clock;
        this.stateStores = stateStores;
    }

    @Override
    public Future<?> start() {
        redis = Redis.createClient(vertx, RedisClients.options(config.redis()).setMaxPoolWaiting(10_000));
        var a = config.asterisk();
        AmiEndpoint endpoint = new AmiEndpoint("pbx", a.host(), a.amiPort(), a.amiUser(), a.amiSecret(),
                a.actionTimeout());
        boxes = new hotline.server.call.BoxDirectory(config.boxes());
        spies = new hotline.server.http.SpyTracker(clock);
        String primaryBox = boxes.primary();
        ami = new AmiClient(endpoint, new Backoff(a.reconnectInitialDelay(), a.reconnectMaxDelay(), Math::random),
                event -> context.runOnContext(v -> {
                    controller.onTelephonyEvent(primaryBox, event);
                    spies.onEvent(event);
                }), clock);
        boxAmis.put(primaryBox, ami);
        for (var b : config.boxes().others()) {
            AmiEndpoint e = new AmiEndpoint("box-" + b.id(), b.host(), b.amiPort(), b.amiUser(), b.amiSecret(),
                    a.actionTimeout());
            boxAmis.put(b.id(), new AmiClient(e, new Backoff(a.reconnectInitialDelay(), a.reconnectMaxDelay(),
                    Math::random), event -> context.runOnContext(v -> {
                        controller.onTelephonyEvent(b.id(), event);
                        spies.onEvent(event);
                    }),
                    clock));
        }
        hotline.routing.acd.AcdConfig engineConfig = AcdSettings.toEngine(config.acd());
        AcdStateStore stateStore = stateStores.apply(redis);
        orders = new OrdersModule(vertx, redis, RedisClients.options(config.redis()),
                config.dispatch(), clock);
        Map<String, AgiScript> scripts = new HashMap<>();
        var districts = IvrSetup.districts(config.orders().cityCode());
        Map<String, String> districtNames = new HashMap<>();
        districts.forEach(d -> districtNames.put(d.code(), d.name()));
        if (config.ivr().enabled()) {
            // a broken menu file stops startup here, naming the key (HotlineConfigException)
            var menu = hotline.config.ivr.IvrMenuLoader.load(config.ivr().menu(), districts);
            Set<String> promptNames = new HashSet<>(menu.prompts().texts().keySet());
            OrderStatusLookup lookup = new OrdersStatusLookup(context, orders::service, config.dispatch().zone());
            PromptFiles promptFiles = new PromptFiles(config.runDir().resolve("prompts"));
            scripts.put("ivr", new IvrAgiScript(menu.menu(), promptFiles, promptNames, lookup, this::menuConditions,
                    ivrMonitor, clock));
            scripts.put("queued", new QueueAnnouncementScript(new ControllerWaitingCalls(), promptFiles,
                    menu.menu().defaultLanguage(), new HashSet<>(menu.menu().languages())));
        }
        agi = new FastAgiServer(config.agi().host(), config.agi().port(), config.agi().poolSize(), new Inbound(),
                scripts);
        HttpApi[] api = new HttpApi[1];
        TranscriptStore transcripts = new RedisTranscriptStore(redis);
        return redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.PING))
            .onFailure(err -> log.error("Redis at {} not reachable: {}; call timelines cannot be stored until it is",
                    config.redis(), err.getMessage()))
            .recover(err -> Future.succeededFuture())
            .compose(v -> hotline.server.http.SessionsApi.load(redis, configuredSessionIds(),
                    engineConfig.queues().stream().map(hotline.routing.acd.QueueConfig::id)
                            .collect(java.util.stream.Collectors.toSet()), clock.instant())
                .onSuccess(list -> scheduledSessions = list)
                .recover(err -> {
                    log.error("scheduled leader sessions could not be read from Redis ({}); only the configured ones "
                            + "run", err.getMessage());
                    return Future.succeededFuture(List.of());
                }))
            .compose(v -> stateStore.load().recover(err -> {
                log.error("routing state could not be read from Redis ({}); starting with no agents and no calls",
                        err.getMessage());
                return Future.succeededFuture(Optional.empty());
            }))
            .compose(saved -> {
                controller = newController(withScheduled(engineConfig), stateStore, saved);
                controller.districtNames(districtNames);
                hotline.server.desk.RedisDeskDrafts deskDrafts = new hotline.server.desk.RedisDeskDrafts(redis, clock);
                orders.service().onCreated(o -> context.runOnContext(v -> {
                    controller.orderCreated(o.request().callId());
                    if (o.request().callId() != null) { // the call's typed draft is no longer unsubmitted
                        deskDrafts.submitted(o.request().callId(), o.number().toString()).onFailure(err -> log.warn(
                                "callId={} orderId={} desk draft not marked submitted: {}", o.request().callId(),
                                o.number(), err.getMessage()));
                    }
                }));
                controller.announcements(config.ivr().enabled() ? "hotline-wait" : null,
                        config.routing().ringTimeout());
                transcription = new LiveTranscription(vertx, context, config.asr(), audioFork(), transcripts,
                        clock);
                if (config.cluster().enabled() && config.cluster().remoteAsr()) {
                    // a cluster's leader: streams go to ASR worker nodes (docs/scaling.md)
                    remoteAsr = new hotline.server.asr.RemoteTranscription(vertx, context, audioFork(),
                            transcripts, clock, config.asr().transcribeAgent(), config.asr().defaultLanguage());
                    remoteAsr.start();
                    controller.setObserver(remoteAsr);
                } else {
                    controller.setObserver(transcription);
                    transcription.start(); // loads the model in the background: calls are routed meanwhile
                }
                api[0] = new HttpApi(vertx, controller, new RedisCallStore(redis), config.seats(), ami::isConnected);
                IvrApi.mount(api[0].router(), ivrMonitor);
                new hotline.server.desk.DeskDraftsApi(deskDrafts).mount(api[0].router());
                units = hotline.server.http.UnitsApi.mount(api[0].router(), vertx, config.orders());
                orders.mount(api[0].router(), units::directory);
                new hotline.server.callbacks.CallbackTasksApi(orders.service(),
                        new hotline.server.callbacks.RedisCallbackClaims(redis), controller).mount(api[0].router());
                hotline.server.http.SessionsApi.mount(api[0].router(), controller, redis, config.seats(),
                        districtNames.values(), config.acd().defaultQueue(), clock);
                hotline.server.http.SpyApi.mount(api[0].router(), vertx, controller,
                        new hotline.telephony.ami.AmiCallSpy(ami), config.seats(), spies);
                if (remoteAsr != null) { // GET /api/asr tells the remote path's counters (routes match in order)
                    var r = remoteAsr;
                    api[0].router().get("/api/asr").handler(ctx -> ctx.json(r.stats()));
                }
                AsrRoutes.mount(api[0].router(), vertx, transcription, transcripts);
                web = WebRoutes.mount(api[0].router(), vertx, config.web(), config.acd(), controller,
                        new RedisCallStore(redis), clock, n -> hotline.orders.lifecycle.OrderNumber.parse(n).isEmpty()
                                ? Future.succeededFuture(Optional.empty()) // the API answers 400 itself
                                : orders.service().find(n).map(o -> o.map(w -> w.parts().stream()
                                        .map(hotline.orders.lifecycle.UnitPart::unitId)
                                        .collect(java.util.stream.Collectors.toSet()))),
                        new hotline.server.web.RedisAuditLog(redis));
                HttpApi forFigures = api[0];
                figuresTimer = FiguresFeed.start(vertx, api[0].router(), forFigures::figures, Duration.ofSeconds(1));
                boxAmis.values().forEach(AmiClient::start); // AMI events need the controller
                return vertx.executeBlocking(() -> {
                    agi.start();
                    return null;
                });
            })
            .compose(v -> orders.start())
            .compose(v -> reports(api[0].router()))
            .compose(v -> vertx.executeBlocking(() -> DraftsApi.createExtractor(config.orders(), units.directory()))
                .onSuccess(extractor -> {
                    new DraftsApi(extractor).mount(api[0].router());
                    transcription.drafts(extractor); // the caller's words become a live draft on the desktop
                    if (remoteAsr != null) {
                        remoteAsr.drafts(extractor); // the same, from the ASR workers' finals
                    }
                })
                .onFailure(err -> {
                    log.error("draft extraction unavailable (POST /api/drafts answers 503): {}", err.getMessage());
                    DraftsApi.mountUnavailable(api[0].router(), err.getMessage());
                })
                .<Void>mapEmpty().recover(err -> Future.succeededFuture()))
            // orders are checked against the unit directory: serve once it is loaded (or known broken: 503 then)
            .compose(v -> units.loaded().<Void>mapEmpty().recover(err -> Future.succeededFuture()))
            .compose(v -> vertx.createHttpServer().requestHandler(api[0].router())
                .listen(config.server().httpPort(), config.server().host()))
            .onSuccess(s -> {
                http = s;
                log.info("hotline server up: HTTP {}:{}, FastAGI {}:{}, AMI {}", config.server().host(),
                        s.actualPort(), config.agi().host(), config.agi().port(), endpoint);
            });
    }

    /**
     * The menu's conditions now: {@code leaderSession} while a scheduled leader session runs (the district leaders'
     * line is offered). Read on FastAGI threads: the schedule is immutable configuration.
     */
    private Set<String> menuConditions() {
        java.time.Instant now = clock.instant();
        CallController c = controller;
        List<hotline.routing.acd.LeaderSessionConfig> schedule = c == null ? List.of() : c.sessionSchedule();
        boolean running = schedule.stream()
                .anyMatch(s -> !now.isBefore(s.start()) && now.isBefore(s.end()));
        return running ? Set.of("leaderSession") : Set.of();
    }

    private Set<String> configuredSessionIds() {
        Set<String> ids = new HashSet<>();
        config.acd().sessions().forEach(x -> ids.add(x.id()));
        return ids;
    }

    // the configured sessions and the ones scheduled on a screen (read from Redis at start)
    private hotline.routing.acd.AcdConfig withScheduled(hotline.routing.acd.AcdConfig c) {
        if (scheduledSessions.isEmpty()) {
            return c;
        }
        List<hotline.routing.acd.LeaderSessionConfig> all = new java.util.ArrayList<>(c.sessions());
        all.addAll(scheduledSessions);
        return new hotline.routing.acd.AcdConfig(c.queues(), c.callbackQueue(), c.wrapUp(), c.wrapUpExtension(),
                c.repeatCallerWindow(), c.priorityBoost(), c.defaultHandleTime(), all);
    }

    private CallController newController(hotline.routing.acd.AcdConfig engineConfig, AcdStateStore stateStore,
                                         Optional<String> saved) {
        AcdEngine engine = null;
        AcdStateCodec.Saved state = null;
        if (saved.isPresent()) {
            try {
                state = AcdStateCodec.decode(saved.get());
                engine = AcdEngine.restore(engineConfig, state.engine());
            } catch (IllegalArgumentException e) {
                log.error("saved routing state ignored, starting with no agents and no calls: {}", e.getMessage());
                state = null;
            }
        }
        CallController c = new CallController(engine == null ? new AcdEngine(engineConfig) : engine,
                config.acd().defaultQueue(), config.routing().maxQueueLength(),
                new ContextCallControl(boxes.multiBox() ? new hotline.server.call.BoxCallControl(boxAmis, boxes)
                        : new AmiCallControl(ami), context), retryingCallStore(), clock,
                new VertxScheduler(vertx), stateStore);
        c.boxes(boxes);
        if (state != null && engine != null) {
            c.resume(state.calls());
        }
        return c;
    }

    /** The calls' records, kept and written again while Redis is unavailable (a restart): nothing is lost. */
    private CallStore retryingCallStore() {
        return new RetryingCallStore(new RedisCallStore(redis),
                (delay, action) -> vertx.setTimer(Math.max(1, delay.toMillis()), id -> action.run()),
                Duration.ofMillis(200), Duration.ofSeconds(5), 100_000);
    }

    @Override
    public Future<?> stop() {
        if (figuresTimer >= 0) {
            vertx.cancelTimer(figuresTimer);
        }
        if (web != null) {
            web.stop();
        }
        if (agi != null) {
            agi.close();
        }
        if (ami != null) {
            ami.close();
        }
        boxAmis.values().stream().filter(x -> x != ami).forEach(AmiClient::close);
        if (ariFork != null) {
            ariFork.close();
        }
        Future<Void> closeOrders = orders == null ? Future.succeededFuture() : orders.stop();
        Future<Void> closeAsr = transcription == null ? Future.succeededFuture() : transcription.close();
        if (remoteAsr != null) {
            closeAsr = Future.join(closeAsr, remoteAsr.close()).mapEmpty();
        }
        Future<Void> closeHttp = Future.join(closeOrders, closeAsr).<Void>mapEmpty()
                .eventually(() -> http == null ? Future.succeededFuture() : http.close());
        return closeHttp.eventually(() -> redis == null ? Future.succeededFuture() : redis.close());
    }

    /**
     * The caller's (or seat's) own box forks its audio: one box, the primary's. With {@code hotline.asr.fork = ari}
     * and one box, the fork goes through ARI (its HTTP port, {@code hotline.asterisk.ari}); with several boxes
     * ({@code hotline.boxes}) every box forks with ChanSpy over its own AMI (the other boxes have no ARI).
     */
    private hotline.telephony.AudioFork audioFork() {
        if (!boxes.multiBox()) {
            if (!hotline.config.AsrConfig.FORK_ARI.equals(config.asr().fork())) {
                return new AmiAudioFork(ami);
            }
            if (ariFork == null) {
                var a = config.asterisk();
                ariFork = new hotline.server.asr.AriAudioFork(vertx, a.host(), a.ariPort(), a.ariUser(),
                        a.ariPassword());
                // connects (and reconnects) in the background: a fork asked for before that fails and is counted
                ariFork.start();
            }
            return ariFork;
        }
        Map<String, hotline.telephony.AudioFork> forks = new HashMap<>();
        boxAmis.forEach((id, client) -> forks.put(id, new AmiAudioFork(client)));
        return new hotline.server.call.BoxAudioFork(forks, boxes);
    }

    /** Live transcription on this node (status, counters). */
    public LiveTranscription transcription() {
        return transcription;
    }


    /**
     * Mounts {@code GET /api/reports} (docs/web.md, "Reports") once the gazetteer is parsed off the event loop; if it
     * cannot be, the route answers 503 and the server still starts.
     */
    private Future<Void> reports(io.vertx.ext.web.Router router) {
        // units are named from the one unit directory (八里庄街道（海淀区）), as on every other screen
        // and the directory's gazetteer is the reports' (parsed once)
        Map<String, String> unitNames = new HashMap<>();
        return units.loaded().map(d -> {
                unitNames.putAll(d.displayNames());
                return d.gazetteer();
            })
            .recover(err -> vertx.executeBlocking(() -> hotline.orders.gazetteer.Gazetteer.load(
                    config.orders().cityCode())))
            .onSuccess(gazetteer -> {
                Map<String, Duration> targets = new HashMap<>();
                config.acd().queues().forEach(q -> targets.put(q.id(), q.serviceLevelTarget()));
                Duration defaultTarget = targets.getOrDefault(config.acd().defaultQueue(), Duration.ofSeconds(15));
                Map<String, String> districtCodes = new HashMap<>();
                gazetteer.districts().forEach(d -> districtCodes.put(d.name(), d.code()));
                new hotline.server.reports.ReportsApi(vertx, new hotline.dispatch.report.RedisReportSource(redis),
                        new hotline.orders.report.ReportBuilder(hotline.orders.rating.Rating.standard(),
                                defaultTarget, targets, config.reports().topProblems(), gazetteer.streets()),
                        config.dispatch().zone(), config.reports().withUnitNames(unitNames), districtCodes, clock)
                        .mount(router);
            })
            .onFailure(err -> {
                log.error("reports unavailable (GET /api/reports answers 503): {}", err.getMessage());
                router.get("/api/reports").handler(ctx -> hotline.server.http.JsonReplies.error(ctx, 503,
                        "REPORTS_UNAVAILABLE", "the gazetteer could not be loaded: " + err.getMessage()));
            })
            .<Void>mapEmpty().recover(err -> Future.succeededFuture());
    }
    /** Work-order dispatch on this node (for in-process benchmarks and tests). */
    public OrdersModule orders() {
        return orders;
    }

    /** The HTTP port actually bound (useful when configured as 0). */
    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    /** The queue announcement's questions, answered on the verticle's context. */
    private final class ControllerWaitingCalls implements WaitingCalls {
        @Override
        public CompletableFuture<Optional<CallController.QueuedInfo>> info(String callId) {
            CompletableFuture<Optional<CallController.QueuedInfo>> f = new CompletableFuture<>();
            context.runOnContext(v -> {
                try {
                    f.complete(controller == null ? Optional.empty() : controller.queuedInfo(callId));
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
            return f;
        }

        @Override
        public CompletableFuture<Boolean> acceptCallback(String callId) {
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            context.runOnContext(v -> {
                try {
                    f.complete(controller != null && controller.acceptCallback(callId));
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
            return f;
        }
    }

    /** FastAGI entry: hops onto the verticle's context and waits, bounded, for the routing decision. */
    private final class Inbound implements InboundCallHandler {
        @Override
        public InboundDecision onInbound(InboundCall call) throws Exception {
            CompletableFuture<InboundDecision> decision = new CompletableFuture<>();
            context.runOnContext(v -> {
                try {
                    decision.complete(controller.inbound(call));
                } catch (RuntimeException e) {
                    decision.completeExceptionally(e);
                }
            });
            try {
                return decision.get(config.agi().decisionTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                context.runOnContext(v -> controller.inboundTimedOut(call.uniqueId()));
                throw e;
            } catch (java.util.concurrent.ExecutionException e) {
                throw (Exception) e.getCause();
            }
        }

        @Override
        public void onAgiFinished(String callId, boolean ok) {
            context.runOnContext(v -> controller.agiFinished(callId, ok));
        }
    }
}
