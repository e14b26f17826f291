package hotline.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The whole validated configuration ({@code hotline}), as built by {@link HotlineConfigLoader}. Immutable; pass it,
 * or the part a component needs, down through constructors. {@link #toString()} prints secrets as {@code ***}.
 *
 * @param server   HTTP/WebSocket API
 * @param asterisk the contact center's Asterisk (pbx)
 * @param agi      FastAGI server
 * @param seats    agent seats
 * @param routing  call distribution
 * @param fallback Asterisk's native fallback queue
 * @param redis    Redis connection
 * @param carrier  carrier / citizen simulator Asterisk
 * @param ivr      the front-door menu
 * @param orders   draft work-order extraction
 * @param runDir   where rendered Asterisk configurations, logs and Redis data live; as configured, so a relative
 *                 path is relative to the working directory
 * @param dispatch work-order dispatch: working calendar, repeat window, unit streams
 * @param acd      the ACD engine: queues, skills, priorities, overflow, callbacks, leader sessions
 * @param asr      live transcription (RTP fork receiver, Vosk)
 * @param web      the web UI: login, users, sessions
 * @param reports  the reports screen: unit names, limits, the PDF font
 * @param cluster  several nodes: clustered event bus, routing leader lease, remote ASR workers (off by default)
 * @param boxes    several contact-center Asterisk boxes under one ACD (one box by default)
 */
public record HotlineConfig(
        ServerConfig server,
        AsteriskConfig asterisk,
        AgiConfig agi,
        SeatsConfig seats,
        RoutingConfig routing,
        FallbackConfig fallback,
        RedisConfig redis,
        CarrierConfig carrier,
        IvrConfig ivr,
        OrdersConfig orders,
        Path runDir,
        DispatchConfig dispatch,
        AcdConfig acd,
        AsrConfig asr,
        WebConfig web,
        ReportsConfig reports,
        ClusterConfig cluster,
        BoxesConfig boxes) {

    public HotlineConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(asterisk, "asterisk");
        Objects.requireNonNull(agi, "agi");
        Objects.requireNonNull(seats, "seats");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(ivr, "ivr");
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(dispatch, "dispatch");
        Objects.requireNonNull(acd, "acd");
        Objects.requireNonNull(asr, "asr");
        Objects.requireNonNull(web, "web");
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(boxes, "boxes");
    }

    /** Without {@code hotline.boxes}: {@link BoxesConfig#single()} (one Asterisk box). */
    public HotlineConfig(ServerConfig server, AsteriskConfig asterisk, AgiConfig agi, SeatsConfig seats,
                         RoutingConfig routing, FallbackConfig fallback, RedisConfig redis, CarrierConfig carrier,
                         IvrConfig ivr, OrdersConfig orders, Path runDir, DispatchConfig dispatch, AcdConfig acd,
                         AsrConfig asr, WebConfig web, ReportsConfig reports, ClusterConfig cluster) {
        this(server, asterisk, agi, seats, routing, fallback, redis, carrier, ivr, orders, runDir, dispatch, acd, asr,
                web, reports, cluster, BoxesConfig.single());
    }

    /** Without {@code hotline.cluster}: {@link ClusterConfig#defaults()} (one node). */
    public HotlineConfig(ServerConfig server, AsteriskConfig asterisk, AgiConfig agi, SeatsConfig seats,
                         RoutingConfig routing, FallbackConfig fallback, RedisConfig redis, CarrierConfig carrier,
                         IvrConfig ivr, OrdersConfig orders, Path runDir, DispatchConfig dispatch, AcdConfig acd,
                         AsrConfig asr, WebConfig web, ReportsConfig reports) {
        this(server, asterisk, agi, seats, routing, fallback, redis, carrier, ivr, orders, runDir, dispatch, acd, asr,
                web, reports, ClusterConfig.defaults());
    }

    /** Without {@code hotline.reports}: {@link ReportsConfig#defaults()}. */
    public HotlineConfig(ServerConfig server, AsteriskConfig asterisk, AgiConfig agi, SeatsConfig seats,
                         RoutingConfig routing, FallbackConfig fallback, RedisConfig redis, CarrierConfig carrier,
                         IvrConfig ivr, OrdersConfig orders, Path runDir, DispatchConfig dispatch, AcdConfig acd,
                         AsrConfig asr, WebConfig web, ClusterConfig cluster) {
        this(server, asterisk, agi, seats, routing, fallback, redis, carrier, ivr, orders, runDir, dispatch, acd, asr,
                web, ReportsConfig.defaults(), cluster);
    }

    /** Without {@code hotline.reports} and {@code hotline.cluster}: their defaults. */
    public HotlineConfig(ServerConfig server, AsteriskConfig asterisk, AgiConfig agi, SeatsConfig seats,
                         RoutingConfig routing, FallbackConfig fallback, RedisConfig redis, CarrierConfig carrier,
                         IvrConfig ivr, OrdersConfig orders, Path runDir, DispatchConfig dispatch, AcdConfig acd,
                         AsrConfig asr, WebConfig web) {
        this(server, asterisk, agi, seats, routing, fallback, redis, carrier, ivr, orders, runDir, dispatch, acd, asr,
                web, ReportsConfig.defaults(), ClusterConfig.defaults());
    }

    /** Without {@code hotline.web}: {@link WebConfig#defaults()} (no users, login required). */
    public HotlineConfig(ServerConfig server, AsteriskConfig asterisk, AgiConfig agi, SeatsConfig seats,
                         RoutingConfig routing, FallbackConfig fallback, RedisConfig redis, CarrierConfig carrier,
                         IvrConfig ivr, OrdersConfig orders, Path runDir, DispatchConfig dispatch, AcdConfig acd,
                         AsrConfig asr) {
        this(server, asterisk, agi, seats, routing, fallback, redis, carrier, ivr, orders, runDir, dispatch, acd, asr,
                WebConfig.defaults());
    }
}
