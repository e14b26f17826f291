package hotline.bench;

import hotline.server.HotlineServer;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewExtenEvent;
import org.asteriskjava.manager.event.NewStateEvent;

/**
 * The hotline's ACD beside Asterisk's own {@code app_queue}, on the same real Asterisk, the same seats and the same
 * arrival pattern.
 *
 * <p>One lab (Redis, pbx and carrier Asterisk) with {@code seats} baresip softphones that answer at once. Both paths
 * get the same citizen calls from the carrier: Poisson arrivals at {@code rate} calls/s from one fixed seed, each
 * call silent and hung up by the citizen {@code hold} seconds after the seat answered.
 * <ul>
 *   <li><b>app_queue</b>: the test number 12399 is added to {@code [from-carrier]} at run time and leads to
 *       {@code [hotline-bench-queue]}: {@code Queue(hotline-bench)}, strategy {@code leastrecent} (the counterpart of
 *       longest-idle), every seat a static member, {@code ringinuse=no}. The hotline server is not running.</li>
 *   <li><b>hotline ACD</b>: 12345 as in production without the menu: {@code AGI(inbound)} to the in-process server,
 *       one agent logged in and ready per seat, queue {@code citizen} (longest-idle), no wrap-up.</li>
 * </ul>
 * The time measured per call is from the call entering the queue to the chosen seat ringing, both from the pbx's own
 * AMI event timestamps on one connection: t0 = {@code Newexten} of the caller's channel starting the routing
 * application ({@code Queue}, or {@code AGI} for the hotline: the FastAGI round trip and the engine's decision are
 * inside), t1 = the first {@code Newstate Ringing} of a seat channel linked to the caller (the softphone's 180). To
 * split the routing decision from the SIP signalling the median until the seat's channel exists ({@code Newchannel}
 * linked to the caller) is printed too.
 * Asterisk CPU per call: utime + stime of the pbx process ({@code /proc/<pid>/stat}) over the measured calls, from
 * the first call placed until the pbx has no channel left, divided by the calls. The JVM's CPU (this driver, and the
 * server in the hotline run) is reported beside it. Each path first takes {@code warmup} calls that are not counted.
 *
 * <p>Arguments, all optional: {@code [calls=120] [seats=10] [rate=2.0] [warmup=10] [hold=1.0]}. Prints one row per path
 * (with the calls that entered while every seat was busy: their time includes waiting for a seat), the ratios, then
 * {@code app-queue key=value ...}.
 */
public final class AppQueueBench {
    private static final String NATIVE_NUMBER = "12399";

    private AppQueueBench() {
    }

    /** The measured figures of one path. */
    record Row(String path, int calls, int measured, double medianMs, double p99Ms, double maxMs, double pbxCpuMsPerCall,
               double jvmCpuMsPerCall, double windowSeconds, long allBusy, double toSeatChannelMedianMs) {
    }

    public static void main(String[] args) throws Exception {
        int calls = intArg(args, 0, 120, 1, 2000, "calls");
        int seats = intArg(args, 1, 10, 1, 20, "seats");
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 2.0;
        int warmup = intArg(args, 3, 10, 0, 200, "warmup");
        double hold = args.length > 4 ? Double.parseDouble(args[4]) : 1.0;
        if (!(rate > 0 && rate <= 50) || !(hold >= 0 && hold <= 60)) {
            throw new IllegalArgumentException("rate must be in (0, 50] calls/s and hold in [0, 60] s");
        }
        System.out.printf(Locale.ROOT, "app-queue: %d calls (+%d warm-up) per path, %d auto-answering seats,"
                + " Poisson %.1f calls/s, hold %.1f s after answer%n", calls, warmup, seats, rate, hold);

        Path run = Files.createDirectories(Lab.home().resolve(".run/bench-app-queue"));
        List<Row> rows = new ArrayList<>();
        try (Lab lab = Lab.start(run, Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled", false,
                "hotline.seats.count", seats))) {
            List<Softphone> phones = new ArrayList<>();
            var seatIds = lab.config().seats().seatIds();
            for (String seat : seatIds) {
                phones.add(lab.softphone(seat, true, null));
            }
            long pbxPid = Long.parseLong(Files.readString(lab.config().runDir().resolve("pbx/asterisk.pid")).trim());
            var a = lab.config().asterisk();
            var c = lab.config().carrier();
            PbxObserver pbx = PbxObserver.connect(a.host(), a.amiPort(), a.amiUser(), a.amiSecret(), seats);
            try (CarrierDialer carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(),
                    c.amiUser(), c.amiSecret(), Duration.ofSeconds(5)))) {
                lab.pbxCli("dialplan add extension " + NATIVE_NUMBER
                        + ",1,Goto(hotline-bench-queue,s,1) into from-carrier");
                rows.add(runPath("app_queue", NATIVE_NUMBER, "Queue", calls, warmup, rate, hold, carrier, pbx,
                        pbxPid));

                try (HotlineServer server = HotlineServer.start(lab.config(), Clock.systemUTC())) {
                    String base = "http://127.0.0.1:" + server.httpPort();
                    BenchHttp.await(Duration.ofSeconds(20), () -> BenchHttp.get(base + "/health").getBoolean("ami"));
                    for (String seat : seatIds) {
                        BenchHttp.post(base + "/api/agents/bench" + seat + "/login", "{\"seat\":\"" + seat + "\"}");
                        BenchHttp.post(base + "/api/agents/bench" + seat + "/ready", "");
                    }
                    rows.add(runPath("hotline", "12345", "AGI", calls, warmup, rate, hold, carrier, pbx, pbxPid));
                }
            } finally {
                pbx.close();
                phones.forEach(Softphone::close);
            }
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "%-10s %6s %12s %12s %12s %16s %16s %9s%n", "path", "calls", "median ms",
                "p99 ms", "max ms", "pbx CPU ms/call", "JVM CPU ms/call", "all busy");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-10s %6d %12.1f %12.1f %12.1f %16.2f %16.2f %9d%n", r.path(),
                    r.measured(), r.medianMs(), r.p99Ms(), r.maxMs(), r.pbxCpuMsPerCall(), r.jvmCpuMsPerCall(),
                    r.allBusy());
        }
        Row q = rows.get(0);
        Row h = rows.get(1);
        System.out.printf(Locale.ROOT, "ratio hotline/app_queue: median %.2f, p99 %.2f, pbx CPU per call %.2f%n",
                h.medianMs() / q.medianMs(), h.p99Ms() / q.p99Ms(), h.pbxCpuMsPerCall() / q.pbxCpuMsPerCall());
        System.out.printf(Locale.ROOT,
                "app-queue calls=%d seats=%d rate_cps=%.1f hold_s=%.1f"
                        + " app_queue_median_ms=%.1f app_queue_p99_ms=%.1f app_queue_max_ms=%.1f"
                        + " app_queue_pbx_cpu_ms_per_call=%.2f app_queue_all_busy=%d"
                        + " hotline_median_ms=%.1f hotline_p99_ms=%.1f hotline_max_ms=%.1f"
                        + " hotline_pbx_cpu_ms_per_call=%.2f hotline_all_busy=%d hotline_jvm_cpu_ms_per_call=%.2f"
                        + " app_queue_to_seat_channel_median_ms=%.1f hotline_to_seat_channel_median_ms=%.1f"
                        + " median_ratio=%.2f p99_ratio=%.2f cpu_ratio=%.2f%n",
                calls, seats, rate, hold, q.medianMs(), q.p99Ms(), q.maxMs(), q.pbxCpuMsPerCall(), q.allBusy(),
                h.medianMs(), h.p99Ms(), h.maxMs(), h.pbxCpuMsPerCall(), h.allBusy(), h.jvmCpuMsPerCall(),
                q.toSeatChannelMedianMs(), h.toSeatChannelMedianMs(),
                h.medianMs() / q.medianMs(), h.p99Ms() / q.p99Ms(), h.pbxCpuMsPerCall() / q.pbxCpuMsPerCall());
    }

    private static Row runPath(String path, String number, String routingApp, int calls, int warmup, double rate,
                               double hold, CarrierDialer carrier, PbxObserver pbx, long pbxPid) throws Exception {
        if (warmup > 0) {
            place(path + " warm-up", number, warmup, rate, hold, 7, carrier);
            pbx.awaitIdle(Duration.ofSeconds(120));
        }
        pbx.reset();
        long cpu0 = pbxCpuTicks(pbxPid);
        long jvm0 = jvmCpuNanos();
        long t0 = System.nanoTime();
        place(path, number, calls, rate, hold, 42, carrier); // the same seed: the same arrival pattern for both
        pbx.awaitIdle(Duration.ofSeconds(300));
        double window = (System.nanoTime() - t0) / 1e9;
        double pbxCpuMs = (pbxCpuTicks(pbxPid) - cpu0) * 1000.0 / clockTicks();
        double jvmCpuMs = (jvmCpuNanos() - jvm0) / 1e6;
        List<Double> latencies = pbx.queueToRingMillis(routingApp);
        if (latencies.size() < calls) {
            System.out.printf("%s: only %d of %d calls rang a seat%n", path, latencies.size(), calls);
        }
        if (latencies.isEmpty()) {
            throw new IllegalStateException(path + ": no call rang a seat");
        }
        Row r = new Row(path, calls, latencies.size(), RingBench.percentile(latencies, 50),
                RingBench.percentile(latencies, 99), RingBench.percentile(latencies, 100), pbxCpuMs / calls,
                jvmCpuMs / calls, window, pbx.enteredWhileAllBusy(),
                RingBench.percentile(pbx.queueToSeatChannelMillis(routingApp), 50));
        System.out.printf(Locale.ROOT, "%s: %d calls in %.1f s, entering the queue -> seat ringing median %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms; pbx CPU %.0f ms (%.2f ms per call), JVM CPU %.2f ms per call;"
                        + " %d calls entered while every seat was busy; entering the queue -> seat channel created"
                        + " median %.1f ms%n",
                path, latencies.size(), window, r.medianMs(), r.p99Ms(), r.maxMs(), pbxCpuMs, r.pbxCpuMsPerCall(),
                r.jvmCpuMsPerCall(), r.allBusy(), r.toSeatChannelMedianMs());
        return r;
    }

    /** Places {@code n} calls with exponential gaps (Poisson arrivals) and waits until every one was answered. */
    private static void place(String label, String number, int n, double rate, double hold, long seed,
                              CarrierDialer carrier) throws Exception {
        Random random = new Random(seed);
        List<CompletableFuture<CarrierDialer.Originated>> answered = new ArrayList<>();
        long start = System.nanoTime();
        double at = 0;
        for (int i = 0; i < n; i++) {
            long wait = start + (long) (at * 1e9) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String caller = String.valueOf(13500000000L + seed * 10_000 + i);
            answered.add(carrier.call(new CitizenCall(number, caller, null, 1, Duration.ZERO,
                    Duration.ofMillis((long) (hold * 1000)))));
            at += -Math.log(1 - random.nextDouble()) / rate;
        }
        int failed = 0;
        for (CompletableFuture<CarrierDialer.Originated> f : answered) {
            if (!f.get(120, TimeUnit.SECONDS).success()) {
                failed++;
            }
        }
        if (failed > 0) {
            System.out.printf("%s: %d of %d calls were not answered%n", label, failed, n);
        }
    }

    /**
     * The pbx's AMI events that the measurement needs, on its own connection: which channels exist, when a caller
     * channel started the routing application, when a seat channel linked to it rang.
     */
    static final class PbxObserver implements AutoCloseable {
        private final ManagerConnection ami;
        private final Map<String, Boolean> live = new ConcurrentHashMap<>();
        private final Map<String, Instant> entered = new ConcurrentHashMap<>();
        private final Map<String, String> enteredApp = new ConcurrentHashMap<>();
        private final Map<String, Instant> rang = new ConcurrentHashMap<>();
        private final Map<String, Instant> seatLegCreated = new ConcurrentHashMap<>();
        private final Map<String, Boolean> seatLegs = new ConcurrentHashMap<>();
        private final Map<String, Boolean> allBusyAtEntry = new ConcurrentHashMap<>();
        private final int seats;

        private PbxObserver(ManagerConnection ami, int seats) {
            this.ami = ami;
            this.seats = seats;
        }

        static PbxObserver connect(String host, int port, String user, String secret, int seats) throws Exception {
            ManagerConnection c = new ManagerConnectionFactory(host, port, user, secret).createManagerConnection();
            PbxObserver o = new PbxObserver(c, seats);
            c.addEventListener(o::onEvent);
            c.login();
            return o;
        }

        // Asterisk-Java delivers one connection's events in order on one thread.
        private void onEvent(ManagerEvent e) {
            if (e instanceof NewChannelEvent n && n.getUniqueId() != null) {
                live.put(n.getUniqueId(), Boolean.TRUE);
                if (n.getChannel() != null && !n.getChannel().startsWith("PJSIP/carrier-")) {
                    seatLegs.put(n.getUniqueId(), Boolean.TRUE);
                    if (n.getLinkedid() != null) {
                        seatLegCreated.putIfAbsent(n.getLinkedid(), at(e));
                    }
                }
            } else if (e instanceof HangupEvent h && h.getUniqueId() != null) {
                live.remove(h.getUniqueId());
                seatLegs.remove(h.getUniqueId());
            } else if (e instanceof NewExtenEvent x && x.getUniqueId() != null && x.getChannel() != null
                    && x.getChannel().startsWith("PJSIP/carrier-") && ("Queue".equals(x.getApplication())
                    || "AGI".equals(x.getApplication()) && String.valueOf(x.getAppData()).contains("/inbound"))) {
                if (entered.putIfAbsent(x.getUniqueId(), at(e)) == null) {
                    enteredApp.put(x.getUniqueId(), x.getApplication());
                    allBusyAtEntry.put(x.getUniqueId(), seatLegs.size() >= seats);
                }
            } else if (e instanceof NewStateEvent s && s.getChannelState() != null && s.getChannelState() == 5
                    && s.getChannel() != null && !s.getChannel().startsWith("PJSIP/carrier-")
                    && s.getLinkedId() != null) {
                rang.putIfAbsent(s.getLinkedId(), at(e));
            }
        }

        /** Asterisk's own event time ({@code timestampevents = yes}). */
        private static Instant at(ManagerEvent e) {
            Double ts = e.getTimestamp();
            return ts == null ? Instant.now() : Instant.ofEpochSecond(0, Math.round(ts * 1_000_000d) * 1_000L);
        }

        void reset() {
            allBusyAtEntry.clear();
            entered.clear();
            seatLegCreated.clear();
            enteredApp.clear();
            rang.clear();
        }

        List<Double> queueToRingMillis(String app) {
            return between(app, rang);
        }

        /** Entering the queue until the chosen seat's channel exists: the routing decision, before any SIP. */
        List<Double> queueToSeatChannelMillis(String app) {
            return between(app, seatLegCreated);
        }

        private List<Double> between(String app, Map<String, Instant> to) {
            List<Double> out = new ArrayList<>();
            entered.forEach((uid, t0) -> {
                Instant t1 = to.get(uid);
                if (t1 != null && app.equals(enteredApp.get(uid))) {
                    out.add(Duration.between(t0, t1).toNanos() / 1e6);
                }
            });
            return out;
        }

        /** Calls that entered the queue while every seat had a call (they had to wait for one). */
        long enteredWhileAllBusy() {
            return allBusyAtEntry.values().stream().filter(b -> b).count();
        }

        void awaitIdle(Duration timeout) throws Exception {
            BenchHttp.await(timeout, live::isEmpty);
        }

        @Override
        public void close() {
            try {
                ami.logoff();
            } catch (Exception e) {
                // already gone
            }
        }
    }

    private static long pbxCpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // fields after the command name in parentheses (which may hold spaces): state is field 3, utime 14, stime 15
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long clockTicksCache;

    private static long clockTicks() throws IOException, InterruptedException {
        if (clockTicksCache == 0) {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            clockTicksCache = Long.parseLong(out);
        }
        return clockTicksCache;
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static int intArg(String[] args, int i, int dflt, int min, int max, String name) {
        int v = args.length > i ? Integer.parseInt(args[i]) : dflt;
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + v);
        }
        return v;
    }

}
