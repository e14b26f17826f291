package hotline.server;

import hotline.config.HotlineConfig;
import hotline.config.HotlineConfigException;
import hotline.config.HotlineConfigLoader;
import hotline.config.asterisk.AsteriskConfigRenderer;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line entry, used by the {@code ./hotline} launcher.
 * <pre>
 * hotline-server.jar                       run the contact-center server in the foreground
 * hotline-server.jar render-asterisk       render the pbx and carrier Asterisk configs and the menu's prompts into
 *                                          the run dir
 * hotline-server.jar call [N] [--audio F] [--caller NUM] [--hold S] [--keys 1,1,01|none]
 *                                          place N demo citizen calls via the carrier, pressing the menu keys
 * hotline-server.jar extract               JSON lines {"id","text"} on stdin -> one draft order JSON line each
 * hotline-server.jar worker                an ASR worker node of a cluster (hotline.cluster, docs/scaling.md)
 * </pre>
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String cmd = args.length == 0 ? "run" : args[0];
        HotlineConfig config;
        try {
            config = HotlineConfigLoader.load();
        } catch (HotlineConfigException e) {
            System.err.println("hotline: configuration error:");
            e.problems().forEach(p -> System.err.println("  " + p));
            System.exit(2);
            return;
        }
        switch (cmd) {
            case "run" -> run(config);
            case "worker" -> hotline.server.cluster.ClusterNode.runWorker(config, Clock.systemUTC());
            case "render-asterisk" -> {
                try {
                    render(config);
                } catch (HotlineConfigException e) {
                    System.err.println("hotline: configuration error:");
                    e.problems().forEach(p -> System.err.println("  " + p));
                    System.exit(2);
                }
                labEnv(config);
            }
            case "lab-env" -> labEnv(config);
            case "call" -> call(config, List.of(args).subList(1, args.length));
            case "extract" -> extract(config);
            default -> {
                System.err.println("usage: hotline-server.jar [run | render-asterisk | call [N] [--keys 1,1,01|none]"
                        + " [--audio FILE] [--caller NUMBER] [--hold SECONDS] | extract | worker]");
                System.exit(2);
            }
        }
    }

    private static void run(HotlineConfig config) throws Exception {
        if (config.cluster().enabled()) {
            hotline.server.cluster.ClusterNode.run(config, Clock.systemUTC()); // call control only while leader
            return;
        }
        HotlineServer server;
        try {
            server = HotlineServer.start(config, Clock.systemUTC());
        } catch (Exception e) {
            log.error("hotline server failed to start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("hotline server stopping");
            try {
                server.close();
            } catch (Exception e) {
                log.warn("shutdown: {}", e.getMessage());
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    private static void render(HotlineConfig config) throws Exception {
        Path home = Path.of(System.getProperty("hotline.home", "."));
        AsteriskConfigRenderer.render(config, home.resolve("config/asterisk"), config.runDir());
        // several contact-center boxes (hotline.boxes): each other box into <runDir>/<id>; nothing with one box
        AsteriskConfigRenderer.renderBoxes(config, home.resolve("config/asterisk"), config.runDir());
        if (config.ivr().enabled()) {
            hotline.server.ivr.IvrSetup.load(config).prompts().generate(home,
                    config.runDir().toAbsolutePath().resolve("prompts"), config.ivr().recordedPrompts());
        }
    }

    /** Shell assignments for the launcher: where things are and which ports they use. */
    private static void labEnv(HotlineConfig config) {
        Path run = config.runDir().toAbsolutePath().normalize();
        java.net.URI redis = java.net.URI.create(config.redis().uri());
        String[][] vars = {
            {"RUN_DIR", run.toString()},
            {"PBX_DIR", run.resolve("pbx").toString()},
            {"CARRIER_DIR", run.resolve("carrier").toString()},
            {"REDIS_PORT", String.valueOf(redis.getPort() > 0 ? redis.getPort() : 6379)},
            {"HTTP_URL", "http://" + config.server().host() + ":" + config.server().httpPort()},
            {"SIP_ADDR", config.asterisk().host() + ":" + config.asterisk().sipPort()},
            {"SEAT_PASSWORD_PREFIX", config.seats().passwordPrefix()},
            {"BOX_DIRS", String.join(" ", config.boxes().others().stream()
                    .map(b -> run.resolve(b.id()).toString()).toList())},
        };
        for (String[] v : vars) {
            System.out.println(v[0] + "='" + v[1].replace("'", "'\\''") + "'");
        }
    }

    private static void call(HotlineConfig config, List<String> args) throws Exception {
        int count = 1;
        String audio = null;
        String caller = "13800138000";
        double hold = 20;
        String keys = "1,1,01";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--keys" -> keys = args.get(++i);
                case "--audio" -> audio = stripWav(args.get(++i));
                case "--caller" -> caller = args.get(++i);
                case "--hold" -> hold = Double.parseDouble(args.get(++i));
                default -> count = Integer.parseInt(a);
            }
        }
        if (count < 1 || count > 1000) {
            throw new IllegalArgumentException("call count must be 1..1000, got " + count);
        }
        var c = config.carrier();
        AmiEndpoint endpoint = new AmiEndpoint("carrier", c.host(), c.amiPort(), c.amiUser(), c.amiSecret(),
                Duration.ofSeconds(5));
        try (CarrierDialer dialer = CarrierDialer.connect(endpoint)) {
            List<CompletableFuture<Originated>> calls = new ArrayList<>();
            long base = Long.parseLong(caller);
            for (int i = 0; i < count; i++) {
                calls.add(dialer.call(new CitizenCall("12345", String.valueOf(base + i), audio, 1, Duration.ofSeconds(1),
                        Duration.ofMillis((long) (hold * 1000)))));
            }
            for (int i = 0; i < calls.size(); i++) {
                Originated o = calls.get(i).get();
                System.out.println("call " + (i + 1) + " from " + (base + i) + ": "
                        + (o.success() ? "answered by the contact center on " + o.channel() : "failed " + o.reason()));
                if (o.success() && config.ivr().enabled() && !keys.equals("none")) {
                    pressMenuKeys(config, dialer, o, keys);
                }
            }
        }
    }

    /**
     * The demo citizen walks the menu: once the server's menu listens for keys ({@code GET /api/ivr}), the key groups
     * ({@code 1,1,01}: Mandarin, a complaint, the first district) are sent two seconds apart, each interrupting the
     * prompt that plays.
     */
    private static void pressMenuKeys(HotlineConfig config, CarrierDialer dialer, Originated o, String keys)
            throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String base = "http://" + config.server().host() + ":" + config.server().httpPort();
        // the API needs a session: HOTLINE_API_USER / HOTLINE_API_PASSWORD (./hotline call passes the lab demo agent)
        String user = System.getenv().getOrDefault("HOTLINE_API_USER", "");
        String password = System.getenv().getOrDefault("HOTLINE_API_PASSWORD", "");
        var login = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/session"))
                .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new io.vertx.core.json.JsonObject()
                        .put("name", user).put("password", password).encode())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String setCookie = login.headers().firstValue("set-cookie").orElse(null);
        if (login.statusCode() != 200 || setCookie == null) {
            System.out.println("  cannot log in to the API as \"" + user + "\" (HOTLINE_API_USER/HOTLINE_API_PASSWORD): "
                    + login.statusCode() + "; the call goes on without menu keys");
            return;
        }
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/ivr"))
                .header("Cookie", setCookie.substring(0, setCookie.indexOf(';'))).timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String body = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"listening\":true")) {
                String dtmf = String.join("wwww", keys.split(","));
                dialer.sendDtmf(o.channel(), dtmf);
                System.out.println("  pressed " + keys + " in the menu");
                return;
            }
            Thread.sleep(200);
        }
        System.out.println("  the menu did not ask for keys within 20 s; the call goes on without them");
    }

    private static void extract(HotlineConfig config) throws Exception {
        hotline.orders.extract.DraftExtractor extractor;
        try {
            extractor = hotline.server.http.DraftsApi.createExtractor(config.orders());
        } catch (RuntimeException e) {
            System.err.println("hotline extract: " + e.getMessage());
            System.exit(2);
            return;
        }
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
        var out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                java.nio.charset.StandardCharsets.UTF_8);
        int errors = ExtractCommand.run(extractor, in, out);
        if (errors > 0) {
            System.err.println("hotline extract: " + errors + " input line(s) refused (see their \"error\")");
        }
    }

    private static String stripWav(String file) {
        String abs = Path.of(file).toAbsolutePath().toString();
        return abs.endsWith(".wav") ? abs.substring(0, abs.length() - 4) : abs;
    }
}
