package hotline.bench.load;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./hotline bench load [SCENARIOS] [key=value ...]}: the whole contact center under call load on real
 * Asterisk, with all 600 seats configured, registered and logged in.
 *
 * <p>Processes, all on this machine: Redis, the pbx and the carrier Asterisk of the test lab ({@link Lab}), the
 * hotline server in a JVM of its own (so its CPU and heap are its own, read from {@code /proc} and its GC log), and a
 * third Asterisk, the {@link SeatSimulator}, registered as the 600 seats. The driver (this JVM) places citizen calls
 * through the carrier's AMI with Poisson arrivals at the scenario's rate; each citizen speaks (a Flite sentence played
 * over and over) for a random patience time, then hangs up unless an agent ended the call first. The seats answer
 * after a random ring time, echo the citizen for a random handle time and hang up; the ACD applies wrap-up. Callers
 * on hold hear the queue announcement; when it offers a callback, a share of them press 1. A share of the answered
 * calls get a work order submitted with their call id while the agent talks ({@code POST /api/orders}).
 *
 * <p>The front-door menu is on and hands every call to the ACD at once (a menu file with {@code start = agent}), so
 * every call takes the production path ivr AGI, inbound AGI, seat or hold. Queues: {@code citizen} (skill citizen,
 * agents 1..540), overflowing after {@code overflowAfter} to {@code reserve} (any agent; agents 541..600 have only
 * the skill reserve), callback offered after {@code callbackAfter} on hold or beyond {@code maxLength} callers.
 *
 * <p>Scenarios: {@code busy} (10,000 calls/h), {@code storm} (5x), {@code ramp} (rates given by {@code rates=}, each
 * for {@code step=} seconds); several separated by commas. Each ends with one line {@code load scenario=NAME ...}.
 * Keys (all optional): {@code rate duration ring handle patience accept orders rates step} apply to the scenarios run
 * (ranges as {@code min-max} seconds), and {@code wrapup seats asr asrStreams overflowAfter callbackAfter maxLength}
 * to the lab.
 */
public final class LoadBench {
    private static final double BUSY_RATE = 10_000 / 3600.0;

    private LoadBench() {
    }

    record Range(double min, double max) {
        static Range parse(String s) {
            String[] p = s.split("-");
            Range r = new Range(Double.parseDouble(p[0]), Double.parseDouble(p.length > 1 ? p[1] : p[0]));
            if (r.min < 0 || r.max < r.min) {
                throw new IllegalArgumentException("range must be min-max seconds with 0 <= min <= max: " + s);
            }
            return r;
        }

        double draw(Random r) {
            return min + (max - min) * r.nextDouble();
        }

        @Override
        public String toString() {
            return fmt(min) + "-" + fmt(max) + "s";
        }
    }

    record Scenario(String name, double rate, Duration duration, Range ring, Range handle, Range patience,
                    double accept, double orders) {
    }

    /** One offered call. */
    static final class Offered {
        final String caller;
        final Instant sent;
        final double patience;
        volatile CompletableFuture<Originated> originated;
        volatile boolean pressedOne;

        Offered(String caller, Instant sent, double patience) {
            this.caller = caller;
            this.sent = sent;
            this.patience = patience;
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>();
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                opt.put(a.substring(0, eq), a.substring(eq + 1));
            } else {
                names.addAll(List.of(a.split(",")));
            }
        }
        if (names.isEmpty()) {
            names.addAll(List.of("busy", "storm"));
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (String n : names) {
            switch (n) {
                case "busy" -> scenarios.add(scenario(opt, "busy", BUSY_RATE, 300));
                case "storm" -> scenarios.add(scenario(opt, "storm", 5 * BUSY_RATE, 180));
                case "ramp" -> {
                    for (String r : opt.getOrDefault("rates", "2.8,5.6,8.3,11.1").split(",")) {
                        Map<String, String> o = new HashMap<>(opt);
                        o.put("rate", r);
                        o.put("duration", opt.getOrDefault("step", "90"));
                        scenarios.add(scenario(o, "ramp-" + r, Double.parseDouble(r), 90));
                    }
                }
                default -> throw new IllegalArgumentException("unknown scenario " + n + " (busy, storm, ramp)");
            }
        }
        new Run(opt).run(scenarios);
    }

    private static Scenario scenario(Map<String, String> o, String name, double rate, int seconds) {
        double r = Double.parseDouble(o.getOrDefault("rate", String.valueOf(rate)));
        if (!(r > 0 && r <= 100)) {
            throw new IllegalArgumentException("rate must be in (0, 100] calls/s, got " + r);
        }
        return new Scenario(name, r, Duration.ofMillis((long) (1000 * Double.parseDouble(
                o.getOrDefault("duration", String.valueOf(seconds))))),
                Range.parse(o.getOrDefault("ring", "1-3")), Range.parse(o.getOrDefault("handle", "10-30")),
                Range.parse(o.getOrDefault("patience", "45-150")),
                Double.parseDouble(o.getOrDefault("accept", "0.5")), Double.parseDouble(o.getOrDefault("orders", "1")));
    }

    /** The lab, the server process, the simulator and the taps, for all scenarios of one command. */
    static final class Run {
        private final Map<String, String> opt;
        private final int seats;
        private final Path home = Lab.home();
        private final Path dir;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final ExecutorService pool = Executors.newFixedThreadPool(4);
        private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1);
        private final Random random = new Random(12345);
        private final Map<String, Offered> offered = new ConcurrentHashMap<>();
        private final AtomicLong ordersOk = new AtomicLong();
        private final AtomicLong ordersFailed = new AtomicLong();
        private final Map<String, Integer> orderFailures = new ConcurrentHashMap<>();
        private final AtomicLong pressed = new AtomicLong();
        private long callerSeq = 13_900_000_000L;
        private Lab lab;
        private Process server;
        private long serverPid;
        private SeatSimulator sim;
        private CarrierDialer carrier;
        private PbxTap pbx;
        private PbxTap carrierTap;
        private PbxTap probe;
        private String base;
        private Path audio;
        private double audioSeconds;
        private Scenario current;
        private final Map<String, Long> pids = new LinkedHashMap<>();

        Run(Map<String, String> opt) throws IOException {
            this.opt = opt;
            this.seats = Integer.parseInt(opt.getOrDefault("seats", "600"));
            this.dir = Files.createDirectories(home.resolve(".run/bench-load"));
        }

        void run(List<Scenario> scenarios) throws Exception {
            try {
                start();
                for (Scenario s : scenarios) {
                    scenario(s);
                }
            } finally {
                stop();
            }
        }

        private Map<String, Object> overrides() throws IOException {
            Path menu = dir.resolve("load-menu.conf");
            Files.writeString(menu, "include classpath(\"ivr-menu.conf\")\nivr { start = agent }\n");
            String overflow = opt.getOrDefault("overflowAfter", "20") + "s";
            String cbAfter = opt.getOrDefault("callbackAfter", "60") + "s";
            int maxLength = Integer.parseInt(opt.getOrDefault("maxLength", "100"));
            boolean asr = "on".equals(opt.getOrDefault("asr", "off"));
            Map<String, Object> m = new HashMap<>(Lab.testPorts());
            m.put("hotline.runDir", dir.toAbsolutePath().toString());
            m.put("hotline.seats.count", seats);
            m.put("hotline.acd.wrapUp", opt.getOrDefault("wrapup", "30") + "s");
            m.put("hotline.ivr.enabled", true);
            m.put("hotline.ivr.menu", menu.toString());
            m.put("hotline.ivr.announceEvery", "15s");
            m.put("hotline.asr.enabled", asr);
            if (asr) {
                m.put("hotline.asr.maxStreams", Integer.parseInt(opt.getOrDefault("asrStreams", "4")));
            }
            m.put("hotline.agi.poolSize", 1024);
            m.put("hotline.routing.ringTimeout", "10s");
            m.put("hotline.acd.queues", List.of(
                    queue("citizen", Map.of("citizen", 1), cbAfter, maxLength,
                            Map.of("after", overflow, "queue", "reserve")),
                    queue("reserve", Map.of(), cbAfter, maxLength, null),
                    Map.of("id", "callbacks", "strategy", "least-calls-today", "skills", Map.of(),
                            "serviceLevelTarget", "3600s", "serviceLevelPercent", 80, "maxWait", "24h",
                            "maxLength", 100000)));
            return m;
        }

        private static Map<String, Object> queue(String id, Map<String, Object> skills, String maxWait, int maxLength,
                                                 Map<String, Object> overflow) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("id", id);
            q.put("strategy", "longest-idle");
            q.put("skills", skills);
            q.put("serviceLevelTarget", "15s");
            q.put("serviceLevelPercent", 80);
            q.put("maxWait", maxWait);
            q.put("maxLength", maxLength);
            if (overflow != null) {
                q.put("overflow", overflow);
            }
            return q;
        }

        private void start() throws Exception {
            Map<String, Object> overrides = overrides();
            say("starting the lab (Redis, pbx, carrier) with %d seats", seats);
            lab = Lab.start(dir, overrides);
            var cfg = lab.config();
            pids.put("pbx", pid(cfg.runDir().resolve("pbx/asterisk.pid")));
            pids.put("carrier", pid(cfg.runDir().resolve("carrier/asterisk.pid")));
            pids.put("redis", pid(dir.resolve("redis/redis.pid")));

            // the server in a JVM of its own, with the same configuration as the lab
            Path conf = dir.resolve("load-server.conf");
            Files.writeString(conf, ConfigFactory.parseMap(overrides).root()
                    .render(ConfigRenderOptions.concise().setJson(true)));
            Path gc = dir.resolve("server-gc.log");
            Files.deleteIfExists(gc);
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-Xms256m", "-Xmx1g", "-Xlog:gc:file=" + gc,
                    "-Dhotline.home=" + home, "-cp", System.getProperty("java.class.path"), "hotline.server.Main",
                    "run").directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile());
            pb.environment().put("HOTLINE_CONFIG", conf.toString());
            pb.environment().put("HOTLINE_LOG_LEVEL", opt.getOrDefault("serverLog", "WARN"));
            server = pb.start();
            serverPid = server.pid();
            pids.put("server", serverPid);
            base = "http://127.0.0.1:" + cfg.server().httpPort();
            SeatSimulator.await(Duration.ofSeconds(90), "server /health with AMI", () -> {
                if (!server.isAlive()) {
                    throw new IllegalStateException("the server exited; see " + dir.resolve("server.log"));
                }
                try {
                    return new JsonObject(get("/health")).getBoolean("ami", false);
                } catch (Exception e) {
                    return false;
                }
            });

            // the seats: one Asterisk registering all of them
            int offset = Lab.portOffset();
            int sip = -1;
            for (int candidate = 42000 + offset; candidate < 44990; candidate += 97) {
                if (SeatSimulator.free("127.0.0.1", candidate) && SeatSimulator.free("127.0.0.1", candidate + 1)) {
                    sip = candidate;
                    break;
                }
            }
            if (sip < 0) {
                throw new IllegalStateException("no free port for the seat simulator in 42000..44990");
            }
            Map<String, String> seatPasswords = new LinkedHashMap<>();
            for (String s : cfg.seats().seatIds()) {
                seatPasswords.put(s, cfg.seats().password(s));
            }
            say("starting the seat simulator on SIP %d (%d registrations)", sip, seatPasswords.size());
            sim = SeatSimulator.start(home, cfg.runDir().resolve("seatsim"), new SeatSimulator.Ports("127.0.0.1", sip,
                    sip + 1, 40000 + offset, 44998 + offset, cfg.asterisk().sipPort()), seatPasswords);
            pids.put("seatsim", sim.pid());
            // the simulator's own view: every outbound registration answered 200 by the pbx (the pbx's contact list
            // may still hold contacts of an earlier run from its astdb)
            Instant t0 = Instant.now();
            SeatSimulator.await(Duration.ofSeconds(120), "all seats registered on the pbx", () -> {
                try {
                    return sim.registered() >= seats;
                } catch (Exception e) {
                    return false;
                }
            });
            say("%d seats registered on the pbx in %.1f s", seats, Duration.between(t0, Instant.now()).toMillis() / 1e3);

            // every agent logged in and ready: seats 1..540 (90 %) take citizen calls, the rest are the reserve
            List<String> ids = cfg.seats().seatIds();
            int reserveFrom = ids.size() - Math.max(1, ids.size() / 10);
            for (int i = 0; i < ids.size(); i++) {
                String seat = ids.get(i);
                String skills = i < reserveFrom ? "{\"citizen\":5}" : "{\"reserve\":5}";
                post("/api/agents/a" + seat + "/login", "{\"seat\":\"" + seat + "\",\"skills\":" + skills + "}", 200);
                post("/api/agents/a" + seat + "/ready", "", 200);
            }
            long ready = 0;
            for (Object o : new JsonArray(get("/api/agents"))) {
                if ("READY".equals(((JsonObject) o).getString("state"))) {
                    ready++;
                }
            }
            say("%d agents logged in and READY (%d citizen, %d reserve)", ready, reserveFrom, ids.size() - reserveFrom);

            var a = cfg.asterisk();
            var c = cfg.carrier();
            pbx = PbxTap.connect(a.host(), a.amiPort(), a.amiUser(), a.amiSecret(), "PJSIP/carrier-",
                    PbxTap.pbxFilters());
            carrierTap = PbxTap.connect(c.host(), c.amiPort(), c.amiUser(), c.amiSecret(), "PJSIP/pbx-",
                    PbxTap.carrierFilters());
            carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(), c.amiUser(),
                    c.amiSecret(), Duration.ofSeconds(5)));
            if ("on".equals(opt.get("amiProbe"))) {
                // a second pbx session with every event, as the server gets them: counts the event flood per call
                probe = PbxTap.connect(a.host(), a.amiPort(), a.amiUser(), a.amiSecret(), "none-", List.of());
            }
            pbx.onCallbackOffer(this::callbackOffered);
            pbx.onSeatAnswered(this::seatAnswered);
            audio = lab.speech("load-citizen", "Hello, the street light outside number eighteen Fengtai Road has been"
                    + " broken for a week. Please send someone to repair it.");
            audioSeconds = Math.max(1, (Files.size(audio) - 44) / 16000.0);
        }

        private void callbackOffered(PbxTap.Leg leg, String channel) {
            Offered o = leg.callerNumber == null ? null : offered.get(leg.callerNumber);
            Scenario s = current;
            if (o == null || s == null || o.originated == null || !o.originated.isDone()) {
                return;
            }
            boolean take;
            synchronized (random) {
                take = random.nextDouble() < s.accept();
            }
            if (!take) {
                return;
            }
            pool.execute(() -> {
                try {
                    Originated or = o.originated.getNow(null);
                    if (or != null && or.success()) {
                        carrier.sendDtmf(or.channel(), "w1");
                        o.pressedOne = true;
                        pressed.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    say("citizen %s could not press 1: %s", o.caller, e.getMessage());
                }
            });
        }

        private void seatAnswered(PbxTap.Leg leg, String seatChannel) {
            Scenario s = current;
            boolean submit;
            synchronized (random) {
                submit = s != null && random.nextDouble() < s.orders();
            }
            if (!submit || leg.callerNumber == null) {
                return;
            }
            // the agent confirms the draft while talking: a second after the answer
            timer.schedule(() -> submitOrder(leg), 1, TimeUnit.SECONDS);
        }

        private void submitOrder(PbxTap.Leg leg) {
            String callId = leg.callId;
            JsonObject body = new JsonObject().put("callerName", "load").put("phone", leg.callerNumber)
                    .put("district", "朝阳区").put("street", "八里庄街道").put("community", "社区1")
                    .put("category", "noise").put("urgency", "7d").put("summary", "load test order")
                    .put("unitIds", new JsonArray().add("load-unit-" + Math.floorMod(leg.callerNumber.hashCode(), 20)))
                    .put("channel", "phone");
            if (callId != null) {
                body.put("callId", callId).put("requestId", "load-" + callId);
            }
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/orders")).timeout(Duration.ofSeconds(10))
                            .header("content-type", "application/json").header("Cookie", cookie())
                            .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, err) -> {
                        if (err == null && (r.statusCode() == 200 || r.statusCode() == 201)) {
                            ordersOk.incrementAndGet();
                        } else {
                            ordersFailed.incrementAndGet();
                            orderFailures.merge(err == null ? "HTTP " + r.statusCode()
                                    : err.getClass().getSimpleName(), 1, Integer::sum);
                        }
                    });
        }

        private void scenario(Scenario s) throws Exception {
            say("scenario %s: Poisson %.2f calls/s (%.0f calls/h) for %d s; ring %s, handle %s, patience %s,"
                            + " %.0f %% accept a callback, orders for %.0f %% of answered calls", s.name(), s.rate(),
                    s.rate() * 3600, s.duration().toSeconds(), s.ring(), s.handle(), s.patience(), 100 * s.accept(),
                    100 * s.orders());
            sim.setTimes(ms(s.ring().min()), ms(s.ring().max()), ms(s.handle().min()), ms(s.handle().max()));
            int readied = 0;
            for (Object o : new JsonArray(get("/api/agents"))) {
                JsonObject ag = (JsonObject) o;
                if ("NOT_READY".equals(ag.getString("state"))) {
                    post("/api/agents/" + ag.getString("agentId") + "/ready", "", 200);
                    readied++;
                }
            }
            if (readied > 0) {
                say("%d agents were NOT_READY after the previous scenario: made READY again (as a supervisor would)",
                        readied);
            }
            long logOffset = Files.size(dir.resolve("server.log"));
            long probe0 = probe == null ? 0 : probe.events();
            Map<String, Long> cpu0 = cpu();
            long[] m0 = ProcCpu.machineTicks();
            double load0 = ProcCpu.loadAverage();
            long gcOffset = Files.exists(dir.resolve("server-gc.log")) ? Files.size(dir.resolve("server-gc.log")) : 0;
            long ordersOk0 = ordersOk.get();
            long ordersFailed0 = ordersFailed.get();
            long pressed0 = pressed.get();
            long callbacksIn0 = carrierTap.channelsIn("from-pbx", true);
            Sampler sampler = new Sampler();
            Thread st = new Thread(sampler, "load-sampler");
            st.setDaemon(true);
            st.start();

            current = s;
            List<Offered> calls = new ArrayList<>();
            Random arrivals = new Random(s.name().hashCode());
            long t0 = System.nanoTime();
            double at = 0;
            long end = s.duration().toNanos();
            while (true) {
                at += -Math.log(1 - arrivals.nextDouble()) / s.rate();
                long due = (long) (at * 1e9);
                if (due >= end) {
                    break;
                }
                long wait = t0 + due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                double patience = s.patience().draw(arrivals);
                Offered o = new Offered(String.valueOf(callerSeq++), Instant.now(), patience);
                offered.put(o.caller, o);
                calls.add(o);
                int repeat = (int) Math.max(1, Math.ceil(patience / audioSeconds));
                o.originated = carrier.call(new CitizenCall("12345", o.caller, Lab.playable(audio), repeat,
                        Duration.ZERO, Duration.ZERO));
            }
            double placedSeconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> cpuWindow = cpu();
            long[] mWindow = ProcCpu.machineTicks();
            say("%s: %d calls placed in %.1f s (%.2f calls/s); draining", s.name(), calls.size(), placedSeconds,
                    calls.size() / placedSeconds);

            // drain: every citizen channel gone on both Asterisks and on the seats
            long drainLimit = (long) (s.patience().max() + s.handle().max() + 180);
            Instant drainUntil = Instant.now().plusSeconds(drainLimit);
            while (Instant.now().isBefore(drainUntil)) {
                if (pbx.liveChannels() == 0 && carrierTap.liveChannels() == 0 && sim.activeChannels() == 0
                        && calls.stream().allMatch(c -> c.originated.isDone())) {
                    break;
                }
                Thread.sleep(1000);
            }
            double totalSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(1500); // the server's last writes (ended steps) after the last hang-up
            sampler.stop = true;
            current = null;
            Map<String, Long> cpu1 = cpu();
            long[] m1 = ProcCpu.machineTicks();
            double load1 = ProcCpu.loadAverage();

            Report r = new Report(s, calls, placedSeconds, totalSeconds);
            r.records(readRecords(calls));
            r.taps(pbx, carrier);
            r.cpu(cpu0, cpuWindow, cpu1, placedSeconds, totalSeconds, sampler);
            r.machine(m0, mWindow, m1, load0, load1);
            r.gc(readGc(gcOffset), ProcCpu.rssMiB(serverPid));
            if (!orderFailures.isEmpty()) {
                say("order submits that failed so far, by cause: %s", new java.util.TreeMap<>(orderFailures));
            }
            r.orders(ordersOk.get() - ordersOk0, ordersFailed.get() - ordersFailed0, pressed.get() - pressed0,
                    carrierTap.channelsIn("from-pbx", true) - callbacksIn0);
            r.figures(new JsonObject(get("/api/figures")));
            r.agents(new JsonArray(get("/api/agents")));
            if ("on".equals(opt.getOrDefault("asr", "off"))) {
                r.asr(new JsonObject(get("/api/asr")));
            }
            r.serverLog(readFrom(dir.resolve("server.log"), logOffset));
            r.ami(sampler.pings, probe == null ? -1 : probe.events() - probe0);
            r.print();
            pbx.forget(calls.stream().map(c -> c.caller).toList());
            calls.forEach(c -> offered.remove(c.caller));
        }

        private Map<String, Long> cpu() {
            Map<String, Long> m = new LinkedHashMap<>();
            pids.forEach((k, v) -> m.put(k, ProcCpu.processCpuMillis(v)));
            m.put("driver", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1_000_000);
            return m;
        }

        /** Samples CPU every 5 s for the peaks (a 5-second window per process, 100 % = one core). */
        final class Sampler implements Runnable {
            volatile boolean stop;
            final Map<String, Double> peak = new ConcurrentHashMap<>();
            volatile int peakPbxChannels;
            volatile long peakServerRss;
            final List<Double> pings = java.util.Collections.synchronizedList(new ArrayList<>());

            @Override
            public void run() {
                Map<String, Long> last = cpu();
                long lastT = System.nanoTime();
                while (!stop) {
                    try {
                        Thread.sleep(5000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    Map<String, Long> now = cpu();
                    long t = System.nanoTime();
                    double wall = (t - lastT) / 1e6;
                    now.forEach((k, v) -> {
                        Long l = last.get(k);
                        if (l != null && l >= 0 && v >= 0) {
                            peak.merge(k, 100.0 * (v - l) / wall, Math::max);
                        }
                    });
                    peakPbxChannels = Math.max(peakPbxChannels, pbx.liveChannels());
                    peakServerRss = Math.max(peakServerRss, ProcCpu.rssMiB(serverPid));
                    pings.add(pbx.pingMillis());
                    last.clear();
                    last.putAll(now);
                    lastT = t;
                }
            }
        }

        /** The server's call records in Redis: every call record whose caller number is one of these calls. */
        private List<Map<String, String>> readRecords(List<Offered> calls) throws Exception {
            java.util.Set<String> callers = new java.util.HashSet<>();
            calls.forEach(c -> callers.add(c.caller));
            Vertx vx = Vertx.vertx();
            try {
                Redis redis = Redis.createClient(vx, lab.config().redis().uri());
                RedisConnection conn = redis.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                Response ids = await(conn.send(Request.cmd(Command.ZRANGE).arg("hotline:calls").arg(0).arg(-1)));
                List<String> all = new ArrayList<>();
                for (Response id : ids) {
                    all.add(id.toString());
                }
                List<Map<String, String>> out = new ArrayList<>();
                for (int i = 0; i < all.size(); i += 500) {
                    List<Request> batch = new ArrayList<>();
                    List<String> chunk = all.subList(i, Math.min(all.size(), i + 500));
                    for (String id : chunk) {
                        batch.add(Request.cmd(Command.HGETALL).arg("hotline:call:" + id));
                        batch.add(Request.cmd(Command.EXISTS).arg("hotline:call:" + id + ":transcript"));
                    }
                    List<Response> rs = conn.batch(batch).toCompletionStage().toCompletableFuture().get(30,
                            TimeUnit.SECONDS);
                    for (int j = 0; j < chunk.size(); j++) {
                        Map<String, String> h = hash(rs.get(2 * j));
                        if (callers.contains(h.get("callerNumber"))) {
                            h.put("transcript", String.valueOf(rs.get(2 * j + 1).toInteger() > 0));
                            out.add(h);
                        }
                    }
                }
                conn.close();
                return out;
            } finally {
                vx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }

        private static Response await(io.vertx.core.Future<Response> f) throws Exception {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        private static Map<String, String> hash(Response r) {
            Map<String, String> m = new HashMap<>();
            if (r == null) {
                return m;
            }
            try {
                for (String k : r.getKeys()) {
                    m.put(k, String.valueOf(r.get(k)));
                }
            } catch (RuntimeException e) {
                for (int i = 0; i + 1 < r.size(); i += 2) {
                    m.put(r.get(i).toString(), String.valueOf(r.get(i + 1)));
                }
            }
            return m;
        }

        /** GC pauses logged since {@code offset}: peak heap before a GC, largest after, committed, pauses. */
        private double[] readGc(long offset) throws IOException {
            Path gc = dir.resolve("server-gc.log");
            if (!Files.exists(gc)) {
                return new double[] {0, 0, 0, 0, 0, 0};
            }
            String text = readFrom(gc, offset);
            Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms").matcher(text);
            double before = 0;
            double after = 0;
            double committed = 0;
            double count = 0;
            double total = 0;
            double max = 0;
            while (m.find()) {
                before = Math.max(before, Double.parseDouble(m.group(1)));
                after = Math.max(after, Double.parseDouble(m.group(2)));
                committed = Math.max(committed, Double.parseDouble(m.group(3)));
                double p = Double.parseDouble(m.group(4));
                count++;
                total += p;
                max = Math.max(max, p);
            }
            return new double[] {before, after, committed, count, total, max};
        }

        private static String readFrom(Path file, long offset) throws IOException {
            try (var ch = Files.newByteChannel(file)) {
                ch.position(offset);
                return new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        private String cookie;

        /** The lab supervisor's session (the API needs one; the supervisor may drive every agent). */
        private synchronized String cookie() {
            if (cookie == null) {
                cookie = hotline.testkit.lab.LabLogin.cookie(base, hotline.testkit.lab.LabLogin.SUPERVISOR);
            }
            return cookie;
        }

        private String get(String path) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Cookie", cookie()).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.body();
            } catch (IOException e) {
                throw new IllegalStateException(path + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private void post(String path, String body, int expect) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Cookie", cookie()).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expect) {
                throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
            }
        }

        private void stop() {
            for (AutoCloseable c : new AutoCloseable[] {carrier, pbx, carrierTap, probe}) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // best effort
                    }
                }
            }
            pool.shutdownNow();
            timer.shutdownNow();
            if (sim != null) {
                try {
                    sim.close();
                } catch (Exception e) {
                    say("stopping the seat simulator: %s", e.getMessage());
                }
            }
            if (server != null) {
                server.destroy();
                try {
                    if (!server.waitFor(20, TimeUnit.SECONDS)) {
                        server.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    server.destroyForcibly();
                }
            }
            if (lab != null) {
                lab.close();
            }
        }
    }

    static Duration ms(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    static long pid(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "%tT load: %s%n", System.currentTimeMillis(), String.format(Locale.ROOT,
                format, args));
    }
}
