package hotline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import hotline.config.internal.AcdConfigReader;
import hotline.config.internal.ClusterConfigReader;
import hotline.config.internal.ConfigReader;
import hotline.config.internal.WebConfigReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loads and validates the hotline configuration, once, at startup.
 *
 * <p>Layers, lowest to highest precedence:
 * <ol>
 *   <li>the defaults, classpath resource {@value #DEFAULTS_RESOURCE} (documented key by key);</li>
 *   <li>the HOCON file named by the environment variable {@value #CONFIG_FILE_ENV}, if set and not blank;</li>
 *   <li>environment variables, through the {@code key = ${?HOTLINE_...}} lines of the defaults file (so an
 *       environment variable wins over the {@value #CONFIG_FILE_ENV} file too);</li>
 *   <li>programmatic overrides.</li>
 * </ol>
 * Substitutions resolve only against the given environment map, never the process environment or system
 * properties, so a load is a function of its arguments plus the files it reads.
 *
 * <p>Validation collects every problem and throws one {@link HotlineConfigException} listing them all, one line
 * per problem naming the full key. Keys under {@code hotline} that the defaults do not have are problems too.
 */
public final class HotlineConfigLoader {

    /** The classpath resource holding the documented defaults. */
    public static final String DEFAULTS_RESOURCE = "hotline.conf";

    /** The environment variable naming an extra HOCON file layered over the defaults. */
    public static final String CONFIG_FILE_ENV = "HOTLINE_CONFIG";

    private static final String ROOT = "hotline";

    private HotlineConfigLoader() {
    }

    /**
     * Loads from the defaults, {@code HOTLINE_CONFIG} and the process environment.
     *
     * @throws HotlineConfigException listing every problem found
     */
    public static HotlineConfig load() {
        return load(System.getenv(), Map.of());
    }

    /**
     * Loads from the defaults, the file named by {@code env.get("HOTLINE_CONFIG")}, {@code env} and
     * {@code overrides}.
     *
     * @param env       environment variables; the only source for {@code ${?HOTLINE_...}} substitutions
     * @param overrides values by full path, e.g. {@code "hotline.server.httpPort" -> 9090}, applied over everything
     *                  else; values may be strings, numbers, booleans, {@link Duration}s or {@link Path}s
     * @throws HotlineConfigException listing every problem found
     */
    public static HotlineConfig load(Map<String, String> env, Map<String, ?> overrides) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(overrides, "overrides");
        ConfigResolveOptions noSystem = ConfigResolveOptions.noSystem();
        Config environment = environment(env);
        Config defaults = defaults();
        Config file = file(env.get(CONFIG_FILE_ENV));
        Config explicit = overrides(overrides);

        List<String> problems = new ArrayList<>();
        rootKeys(file, problems);
        rootKeys(explicit, problems);
        Config merged;
        Config pristine;
        try {
            // Environment variables take effect through the defaults file's "key = ${?VAR}" lines. Resolving the
            // defaults alone against the environment and lifting out the env-sourced values makes them win over the
            // HOTLINE_CONFIG file as well (plain HOCON layering would let the file shadow them).
            Config envLayer = envSourced(defaults.withFallback(environment).resolve(noSystem));
            // Substitutions must resolve against the merged tree itself (so the file may refer to other keys) plus
            // the environment. resolveWith(env) is not used: it fails on self-referential "x = ${?X}" merges.
            merged = explicit.withFallback(envLayer).withFallback(file).withFallback(defaults)
                    .withFallback(environment).resolve(noSystem);
            pristine = defaults.resolve(noSystem);
        } catch (ConfigException e) {
            problems.add(e.getMessage());
            throw new HotlineConfigException(problems, e);
        }
        ConfigReader reader = new ConfigReader(merged, pristine);
        problems.forEach(reader::problem);
        asrKeys(reader, env);
        reader.checkKeys(ROOT);
        return build(reader, merged);
    }

    private static HotlineConfig build(ConfigReader r, Config merged) {
        String httpHost = r.host("hotline.server.host");
        int httpPort = r.port("hotline.server.httpPort");

        String pbxHost = r.host("hotline.asterisk.host");
        int amiPort = r.port("hotline.asterisk.amiPort");
        String amiUser = r.account("hotline.asterisk.amiUser");
        String amiSecret = r.secret("hotline.asterisk.amiSecret");
        int sipPort = r.port("hotline.asterisk.sipPort");
        int rtpStart = r.port("hotline.asterisk.rtpStart");
        int rtpEnd = r.port("hotline.asterisk.rtpEnd");
        String trunkHost = r.host("hotline.asterisk.trunk.host");
        int trunkPort = r.port("hotline.asterisk.trunk.port");
        Duration reconnectInitial = r.positiveDuration("hotline.asterisk.reconnect.initialDelay");
        Duration reconnectMax = r.positiveDuration("hotline.asterisk.reconnect.maxDelay");
        Duration actionTimeout = r.positiveDuration("hotline.asterisk.actionTimeout");
        int ariPort = r.port("hotline.asterisk.ari.port");
        String ariUser = r.account("hotline.asterisk.ari.user");
        String ariPassword = r.secret("hotline.asterisk.ari.password");

        String agiHost = r.host("hotline.agi.host");
        int agiPort = r.port("hotline.agi.port");
        Duration decisionTimeout = r.positiveDuration("hotline.agi.decisionTimeout");
        int agiPoolSize = r.wholeNumber("hotline.agi.poolSize", "a whole number", 4, 4096);

        boolean ivrEnabled = r.bool("hotline.ivr.enabled");
        String ivrMenu = r.string("hotline.ivr.menu");
        if (ivrMenu != null && ivrMenu.indexOf('\0') >= 0) {
            r.problem("hotline.ivr.menu: expected a file path or \"\", got a value with a NUL character");
            ivrMenu = "";
        }
        Path recordedPrompts = r.path("hotline.ivr.recordedPrompts");
        Duration announceEvery = r.positiveDuration("hotline.ivr.announceEvery");

        int seatCount = r.wholeNumber("hotline.seats.count", "a whole number", 1, 999);
        int firstSeat = r.wholeNumber("hotline.seats.first", "a whole number", 1000, 9999);
        String passwordPrefix = r.secret("hotline.seats.passwordPrefix");

        Duration ringTimeout = r.positiveDuration("hotline.routing.ringTimeout");
        int maxQueueLength = r.wholeNumber("hotline.routing.maxQueueLength", "a whole number", 1, 1_000_000);
        Duration maxWait = r.positiveDuration("hotline.routing.maxWait");

        Duration queueTimeout = r.positiveDuration("hotline.fallback.queueTimeout");

        AcdConfig acd = AcdConfigReader.read(r, merged);

        RedisConfig redis = hotline.config.internal.RedisConfigReader.read(r);

        String carrierHost = r.host("hotline.carrier.host");
        int carrierSipPort = r.port("hotline.carrier.sipPort");
        int carrierAmiPort = r.port("hotline.carrier.amiPort");
        String carrierAmiUser = r.account("hotline.carrier.amiUser");
        String carrierAmiSecret = r.secret("hotline.carrier.amiSecret");
        int carrierRtpStart = r.port("hotline.carrier.rtpStart");
        int carrierRtpEnd = r.port("hotline.carrier.rtpEnd");

        int cityCode = r.wholeNumber("hotline.orders.cityCode", "a 6-digit division code", 100000, 999999);
        Path rules = r.path("hotline.orders.rules");
        List<OrdersConfig.Unit> units = hotline.config.internal.UnitsConfigReader.read(r, merged);

        Path runDir = r.path("hotline.runDir");

        DispatchConfig dispatch = dispatch(r);
        WebConfig web = WebConfigReader.read(r, merged);
        ReportsConfig reports = reports(r, merged);
        ClusterConfig cluster = ClusterConfigReader.read(r);
        if (redis != null && cluster != null && redis.leaseReplicas() > 0
                && redis.leaseReplicaTimeout().compareTo(cluster.renewEvery()) >= 0) {
            r.problem("hotline.redis.leaseReplicaTimeout: must be shorter than hotline.cluster.renewEvery ("
                    + ConfigReader.format(redis.leaseReplicaTimeout()) + " vs "
                    + ConfigReader.format(cluster.renewEvery()) + "), or a waiting renewal delays the next one"
                    + r.origin("hotline.redis.leaseReplicaTimeout"));
        }
        BoxesConfig boxes = hotline.config.internal.BoxesConfigReader.read(r, merged, amiUser, amiSecret, agiHost,
                firstSeat, seatCount);
        boolean asrEnabled = r.bool("hotline.asr.enabled");
        java.util.SortedMap<String, Path> asrModels = asrModels(r, merged);
        String asrDefaultLanguage = r.language("hotline.asr.defaultLanguage");
        boolean asrAgent = r.bool("hotline.asr.transcribeAgent");
        String asrRtpHost = r.host("hotline.asr.rtp.host");
        int asrRtpStart = r.port("hotline.asr.rtp.portStart");
        int asrRtpEnd = r.port("hotline.asr.rtp.portEnd");
        int asrJitter = r.wholeNumber("hotline.asr.rtp.jitterDepth", "a whole number", 1, 50);
        int asrWorkers = r.wholeNumber("hotline.asr.workers", "a whole number", 0, 256);
        double asrRtf = r.decimal("hotline.asr.realTimeFactor", 0, 10);
        double asrCpuShare = r.decimal("hotline.asr.cpuShare", 0, 1);
        int asrMaxStreams = r.wholeNumber("hotline.asr.maxStreams", "a whole number", 0, 100_000);
        Duration asrPartial = r.positiveDuration("hotline.asr.partialInterval");
        Duration asrBacklog = r.positiveDuration("hotline.asr.maxBacklog");
        boolean asrDigits = r.bool("hotline.asr.digitsPass");
        String asrFork = r.string("hotline.asr.fork");
        if (asrFork != null && !asrFork.equals(AsrConfig.FORK_ARI) && !asrFork.equals(AsrConfig.FORK_CHANSPY)) {
            r.problem("hotline.asr.fork: expected \"" + AsrConfig.FORK_ARI + "\" or \"" + AsrConfig.FORK_CHANSPY
                    + "\", got \"" + asrFork + "\"" + r.origin("hotline.asr.fork"));
            asrFork = AsrConfig.FORK_CHANSPY;
        }
        if (asrRtpStart > 0 && asrRtpEnd > 0 && asrRtpStart > asrRtpEnd) {
            r.problem("hotline.asr.rtp.portStart: must not exceed hotline.asr.rtp.portEnd (" + asrRtpStart + " > " + asrRtpEnd
                    + ")" + r.origin("hotline.asr.rtp.portStart") + r.origin("hotline.asr.rtp.portEnd"));
        }

        rtpRange(r, "hotline.asterisk", rtpStart, rtpEnd);
        rtpRange(r, "hotline.carrier", carrierRtpStart, carrierRtpEnd);
        if (reconnectInitial != null && reconnectMax != null && reconnectInitial.compareTo(reconnectMax) > 0) {
            r.problem("hotline.asterisk.reconnect.initialDelay: must not exceed hotline.asterisk.reconnect.maxDelay ("
                    + ConfigReader.format(reconnectInitial) + " > " + ConfigReader.format(reconnectMax) + ")"
                    + r.origin("hotline.asterisk.reconnect.initialDelay")
                    + r.origin("hotline.asterisk.reconnect.maxDelay"));
        }
        if (seatCount > 0 && firstSeat > 0 && firstSeat + seatCount - 1 > 9999) {
            r.problem("hotline.seats.count: seats " + firstSeat + ".." + (firstSeat + seatCount - 1)
                    + " leave the 4-digit range 1000..9999 (the dialplan matches seats as _XXXX);"
                    + " lower hotline.seats.count or hotline.seats.first");
        }
        List<PortUse> listeners = new ArrayList<>();
        listeners.add(new PortUse("hotline.server.httpPort", "TCP", httpHost, httpPort, httpPort));
        listeners.add(new PortUse("hotline.agi.port", "TCP", agiHost, agiPort, agiPort));
        listeners.add(new PortUse("hotline.asterisk.amiPort", "TCP", pbxHost, amiPort, amiPort));
        listeners.add(new PortUse("hotline.asterisk.ari.port", "TCP", pbxHost, ariPort, ariPort));
        listeners.add(new PortUse("hotline.carrier.amiPort", "TCP", carrierHost, carrierAmiPort, carrierAmiPort));
        listeners.add(new PortUse("hotline.asterisk.sipPort", "UDP", pbxHost, sipPort, sipPort));
        listeners.add(new PortUse("hotline.carrier.sipPort", "UDP", carrierHost, carrierSipPort, carrierSipPort));
        listeners.add(new PortUse("hotline.asterisk.rtpStart..rtpEnd", "UDP", pbxHost, rtpStart, rtpEnd));
        listeners.add(new PortUse("hotline.carrier.rtpStart..rtpEnd", "UDP", carrierHost, carrierRtpStart,
                carrierRtpEnd));
        if (asrRtpStart > 0 && asrRtpEnd >= asrRtpStart) {
            listeners.add(new PortUse("hotline.asr.rtp.portStart..portEnd", "UDP", asrRtpHost, asrRtpStart,
                    asrRtpEnd));
        }
        if (boxes != null && boxes.multiBox()) {
            listeners.add(new PortUse("hotline.boxes.iaxPort", "UDP", pbxHost, boxes.iaxPort(), boxes.iaxPort()));
            for (int i = 0; i < boxes.others().size(); i++) {
                BoxesConfig.Box b = boxes.others().get(i);
                String k = "hotline.boxes.others." + i + ".";
                listeners.add(new PortUse(k + "amiPort", "TCP", b.host(), b.amiPort(), b.amiPort()));
                listeners.add(new PortUse(k + "sipPort", "UDP", b.host(), b.sipPort(), b.sipPort()));
                listeners.add(new PortUse(k + "iaxPort", "UDP", b.host(), b.iaxPort(), b.iaxPort()));
                listeners.add(new PortUse(k + "rtpStart..rtpEnd", "UDP", b.host(), b.rtpStart(), b.rtpEnd()));
            }
        }
        clashes(r, listeners);

        if (!r.problems().isEmpty()) {
            throw new HotlineConfigException(r.problems());
        }
        return new HotlineConfig(
                new ServerConfig(httpHost, httpPort),
                new AsteriskConfig(pbxHost, amiPort, amiUser, amiSecret, sipPort, rtpStart, rtpEnd, trunkHost,
                        trunkPort, reconnectInitial, reconnectMax, actionTimeout, ariPort, ariUser, ariPassword),
                new AgiConfig(agiHost, agiPort, decisionTimeout, agiPoolSize),
                new SeatsConfig(seatCount, firstSeat, passwordPrefix),
                new RoutingConfig(ringTimeout, maxQueueLength, maxWait),
                new FallbackConfig(queueTimeout),
                redis,
                new CarrierConfig(carrierHost, carrierSipPort, carrierAmiPort, carrierAmiUser, carrierAmiSecret,
                        carrierRtpStart, carrierRtpEnd),
                new IvrConfig(ivrEnabled, ivrMenu.isBlank() ? null : Path.of(ivrMenu), recordedPrompts,
                        announceEvery),
                new OrdersConfig(String.valueOf(cityCode), rules == null || rules.toString().equals("builtin") ? null
                        : rules, units),
                runDir,
                dispatch,
                acd,
                new AsrConfig(asrEnabled, asrModels, asrDefaultLanguage, asrAgent, asrRtpHost, asrRtpStart, asrRtpEnd,
                        asrJitter, asrWorkers, asrRtf, asrCpuShare, asrMaxStreams, asrPartial, asrBacklog, asrDigits,
                        asrFork == null ? AsrConfig.FORK_ARI : asrFork),
                web,
                reports,
                cluster,
                boxes);
    }

    /** A model's language key: a language tag in lower case, e.g. {@code zh}, {@code en}, {@code zh-cn}. */
    private static final java.util.regex.Pattern MODEL_LANGUAGE = java.util.regex.Pattern
            .compile("[a-z]{2,3}(-[a-z0-9]{2,8})*");

    /**
     * The migration of the one-model keys: {@code hotline.asr.modelDir} / {@code language} and their env vars are
     * refused with what replaces them (silently ignoring them would transcribe with another model than meant).
     */
    private static void asrKeys(ConfigReader r, Map<String, String> env) {
        r.openObject("hotline.asr.models");
        String by = "hotline.asr.models.<language> (one Vosk model directory per menu language, e.g."
                + " models.zh = \"/opt/vosk/vosk-model-small-cn-0.22\") and hotline.asr.defaultLanguage; see"
                + " docs/configuration.md";
        r.moved("hotline.asr.modelDir", by);
        r.moved("hotline.asr.language", by);
        if (env.containsKey("HOTLINE_ASR_MODEL_DIR")) {
            r.problem("env var HOTLINE_ASR_MODEL_DIR: replaced by HOTLINE_ASR_MODEL_<LANGUAGE> (HOTLINE_ASR_MODEL_ZH,"
                    + " HOTLINE_ASR_MODEL_EN) for hotline.asr.models.<language>; see docs/configuration.md");
        }
        if (env.containsKey("HOTLINE_ASR_LANGUAGE")) {
            r.problem("env var HOTLINE_ASR_LANGUAGE: replaced by HOTLINE_ASR_DEFAULT_LANGUAGE (the language of calls"
                    + " the menu did not ask) and the keys of hotline.asr.models; see docs/configuration.md");
        }
    }

    /** {@code hotline.asr.models}: language to model directory; problems name the language's key. */
    private static java.util.SortedMap<String, Path> asrModels(ConfigReader r, Config merged) {
        java.util.SortedMap<String, Path> models = new java.util.TreeMap<>();
        String p = "hotline.asr.models";
        com.typesafe.config.ConfigObject object;
        try {
            object = merged.getObject(p);
        } catch (ConfigException e) {
            r.problem(p + ": expected an object of language = model directory (e.g. { zh = \"/opt/vosk/zh\" }), "
                    + e.getMessage());
            return models;
        }
        for (String language : new java.util.TreeSet<>(object.keySet())) {
            if (!MODEL_LANGUAGE.matcher(language).matches()) {
                r.problem(p + "." + language + ": expected a language tag in lower case as the key (zh, en, zh-cn),"
                        + " as the menu's ivr.language names it" + ConfigReader.from(object.get(language).origin()));
                continue;
            }
            Path dir = r.path(p + "." + language);
            if (dir != null) {
                models.put(language, dir);
            }
        }
        return models;
    }

    /** {@code hotline.reports}; problems are recorded (the caller throws before using the result). */
    private static ReportsConfig reports(ConfigReader r, Config merged) {
        String p = "hotline.reports.";
        if (merged.hasPath(p + "units")) {
            // one unit directory for every screen: a second list of names here made reports disagree with it
            r.problem(p + "units: no longer read: reports name units from the unit directory (hotline.orders.units"
                    + " and the gazetteer's streets); move names there, short names as aliases");
        }
        int top = r.wholeNumber(p + "topProblems", "a whole number", 1, 100);
        int max = r.wholeNumber(p + "maxRecords", "a whole number", 1, 5_000_000);
        Path font = r.path(p + "pdfFont");
        if (!r.problems().isEmpty()) {
            return ReportsConfig.defaults();
        }
        return new ReportsConfig(Map.of(), top, max, font);
    }

    /** {@code hotline.dispatch}: null when a key is bad (the problem is recorded). */
    private static DispatchConfig dispatch(ConfigReader r) {
        String d = "hotline.dispatch.deadlines.";
        var zone = r.zone(d + "zone");
        var dayStart = r.timeOfDay(d + "dayStart");
        var dayEnd = r.timeOfDay(d + "dayEnd");
        var holidays = r.dates(d + "holidays");
        var makeUp = r.dates(d + "makeUpWorkdays");
        boolean hourTiersInWorkingTime = r.bool(d + "hourTiersInWorkingTime");
        int reminderDay = r.wholeNumber(d + "reminderWorkingDay", "a whole number", 1, 7);
        Duration checkInterval = r.positiveDuration(d + "checkInterval");
        Duration repeatWindow = r.positiveDuration("hotline.dispatch.repeatWindow");
        int repeatLinks = r.wholeNumber("hotline.dispatch.repeatLinks", "a whole number", 1, 1000);
        String s = "hotline.dispatch.streams.";
        String group = r.account(s + "consumerGroup");
        String consumer = r.account(s + "consumerName");
        Duration claimIdle = r.positiveDuration(s + "claimIdle");
        int maxLength = r.wholeNumber(s + "maxLength", "a whole number", 1000, 100_000_000);
        int callbackAttempts = r.wholeNumber("hotline.dispatch.callbacks.maxAttempts", "a whole number", 1, 10);
        Duration callbackRetryAfter = r.positiveDuration("hotline.dispatch.callbacks.retryAfter");
        if (dayStart != null && dayEnd != null && !dayStart.isBefore(dayEnd)) {
            r.problem(d + "dayStart: must be before dayEnd (" + dayStart + " >= " + dayEnd + ")");
        }
        for (var day : makeUp) {
            if (holidays.contains(day)) {
                r.problem(d + "makeUpWorkdays: " + day + " is also listed in holidays");
            }
        }
        if (!r.problems().isEmpty()) {
            return null;
        }
        return new DispatchConfig(zone, dayStart, dayEnd, holidays, makeUp, hourTiersInWorkingTime, reminderDay,
                checkInterval, repeatWindow, repeatLinks, group, consumer, claimIdle, maxLength, callbackAttempts,
                callbackRetryAfter);
    }

    private static void rtpRange(ConfigReader r, String prefix, int start, int end) {
        if (start > 0 && end > 0 && start >= end) {
            r.problem(prefix + ".rtpStart: must be below " + prefix + ".rtpEnd (" + start + " >= " + end + ")"
                    + r.origin(prefix + ".rtpStart") + r.origin(prefix + ".rtpEnd"));
        }
    }

    /** A port or port range something listens on; {@code first == 0} means it was invalid and already reported. */
    private record PortUse(String key, String protocol, String host, int first, int last) {

        boolean valid() {
            return host != null && first > 0 && last >= first;
        }

        boolean overlaps(PortUse other) {
            return protocol.equals(other.protocol) && sameAddress(host, other.host)
                    && first <= other.last && other.first <= last;
        }

        String ports() {
            return first == last ? "port " + first : "ports " + first + ".." + last;
        }

        private static boolean sameAddress(String a, String b) {
            return a.equals(b) || wildcard(a) || wildcard(b);
        }

        private static boolean wildcard(String host) {
            return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        }
    }

    /**
     * Two listeners on the same address and port fail at run time with a bare "address in use" (or, for Asterisk,
     * a silently missing transport); catch it here with the keys named. The carrier simulator is included: the
     * lab runs it beside the pbx.
     */
    private static void clashes(ConfigReader r, List<PortUse> uses) {
        for (int i = 0; i < uses.size(); i++) {
            for (int j = 0; j < i; j++) {
                PortUse later = uses.get(i);
                PortUse earlier = uses.get(j);
                if (later.valid() && earlier.valid() && later.overlaps(earlier)) {
                    r.problem(later.key() + ": " + later.protocol() + " " + later.ports() + " on " + later.host()
                            + " clashes with " + earlier.key() + " (" + earlier.ports() + " on " + earlier.host()
                            + ")" + origins(r, later.key()) + origins(r, earlier.key()));
                }
            }
        }
    }

    /** Where a listener's key (or both ends of a range key {@code a.rtpStart..rtpEnd}) came from, when not the default. */
    private static String origins(ConfigReader r, String key) {
        int range = key.indexOf("..");
        if (range < 0) {
            return r.origin(key);
        }
        String start = key.substring(0, range);
        return r.origin(start) + r.origin(start.substring(0, start.lastIndexOf('.') + 1) + key.substring(range + 2));
    }

    private static Config defaults() {
        try {
            Config defaults = ConfigFactory.parseResources(HotlineConfigLoader.class.getClassLoader(),
                    DEFAULTS_RESOURCE, ConfigParseOptions.defaults().setAllowMissing(false));
            if (!defaults.hasPathOrNull(ROOT)) {
                throw new HotlineConfigException(List.of(DEFAULTS_RESOURCE + ": classpath resource has no "
                        + ROOT + " { } block"));
            }
            return defaults;
        } catch (ConfigException e) {
            throw new HotlineConfigException(List.of(DEFAULTS_RESOURCE + " (defaults): " + e.getMessage()), e);
        }
    }

    private static Config file(String name) {
        if (name == null || name.isBlank()) {
            return ConfigFactory.empty();
        }
        Path path = Path.of(name);
        try {
            return ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new HotlineConfigException(
                    List.of(CONFIG_FILE_ENV + ": cannot read " + path + ": " + e.getMessage()), e);
        }
    }

    /** The environment as a config whose keys are the literal variable names, each value tagged with its name. */
    private static Config environment(Map<String, String> env) {
        Config config = ConfigFactory.empty("environment");
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (e.getValue() != null) {
                config = config.withValue(ConfigUtil.quoteString(e.getKey()),
                        ConfigValueFactory.fromAnyRef(e.getValue(), ConfigReader.ENV_ORIGIN_PREFIX + e.getKey()));
            }
        }
        return config;
    }

    /** The values under {@code hotline} that came from an environment variable. */
    private static Config envSourced(Config resolvedDefaults) {
        Config layer = ConfigFactory.empty();
        for (Map.Entry<String, ConfigValue> e : resolvedDefaults.entrySet()) {
            String description = e.getValue().origin().description();
            if (e.getKey().startsWith(ROOT + ".") && description != null
                    && description.startsWith(ConfigReader.ENV_ORIGIN_PREFIX)) {
                layer = layer.withValue(e.getKey(), e.getValue());
            }
        }
        return layer;
    }

    private static Config overrides(Map<String, ?> overrides) {
        Map<String, Object> plain = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            Object value = e.getValue();
            if (value instanceof Duration d) {
                value = d.toMillis() + "ms";
            } else if (value instanceof Path p) {
                value = p.toString();
            }
            plain.put(e.getKey(), value);
        }
        try {
            return ConfigFactory.parseMap(plain, "overrides");
        } catch (ConfigException e) {
            throw new HotlineConfigException(List.of("overrides: " + e.getMessage()), e);
        }
    }

    /** Everything lives under {@code hotline { }}; anything else at the top of a file is a mistake. */
    private static void rootKeys(Config config, List<String> problems) {
        for (String key : new TreeSet<>(config.root().keySet())) {
            if (!key.equals(ROOT)) {
                problems.add(ConfigUtil.joinPath(key) + ": unknown key, expected every key under " + ROOT + " { }"
                        + ConfigReader.from(config.root().get(key).origin()));
            }
        }
    }
}
