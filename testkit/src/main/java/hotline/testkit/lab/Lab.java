package hotline.testkit.lab;

import hotline.config.HotlineConfig;
import hotline.config.HotlineConfigLoader;
import hotline.config.asterisk.AsteriskConfigRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real telephony lab on loopback for integration tests and benchmarks: Redis, the contact center's
 * Asterisk (pbx) and the carrier simulator Asterisk, rendered from the project's own templates and started
 * with the project's own scripts ({@code scripts/redis-ctl.sh}, {@code scripts/asterisk-ctl.sh}), plus
 * baresip softphones registered as seats. Ports differ from {@code ./hotline start}'s defaults so both can
 * run at once. Everything is stopped by {@link #close()}.
 */
public final class Lab implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lab.class);

    /**
     * Environment variable that shifts every port of the test lab (and its softphones) by a number, 0..900, so that
     * two checkouts on one machine can run their integration tests at once. Default 0.
     */
    public static final String PORT_OFFSET_ENV = "HOTLINE_LAB_PORT_OFFSET";

    /** Port plan of the test lab (the defaults in config/hotline.conf are for ./hotline start). */
    public static Map<String, Object> testPorts() {
        int o = portOffset();
        Map<String, Object> m = new HashMap<>();
        m.put("hotline.server.httpPort", 18080 + o);
        m.put("hotline.asterisk.amiPort", 15038 + o);
        m.put("hotline.asterisk.ari.port", 15088 + o);
        m.put("hotline.asterisk.sipPort", 15060 + o);
        m.put("hotline.asterisk.rtpStart", 40000 + o);
        m.put("hotline.asterisk.rtpEnd", 44998 + o);
        m.put("hotline.asterisk.trunk.port", 15070 + o);
        m.put("hotline.carrier.sipPort", 15070 + o);
        m.put("hotline.carrier.amiPort", 15039 + o);
        m.put("hotline.carrier.rtpStart", 45000 + o);
        m.put("hotline.carrier.rtpEnd", 49998 + o);
        m.put("hotline.agi.port", 14573 + o);
        m.put("hotline.redis.uri", "redis://127.0.0.1:" + (16379 + o));
        // the English model the build unpacks, for every language-less call (docs/asr.md: the lab has no Chinese one)
        m.put("hotline.asr.models.en", home().resolve("asr/target/vosk-model-en-us").toString());
        m.put("hotline.asr.defaultLanguage", "en");
        return m;
    }

    /**
     * Overrides for a second contact-center box {@code b} beside the pbx (box {@code a}), on the test port plan:
     * AMI 15041, SIP 15061, IAX2 14570 (the pbx's 14569), RTP 30000..30098, all plus {@link #portOffset()}.
     * Its seats register on it; {@link #softphone} registers a seat on its box.
     *
     * @param seats the seat range on box b, e.g. {@code "1003-1004"}
     */
    public static Map<String, Object> secondBox(String seats) {
        int o = portOffset();
        Map<String, Object> box = new HashMap<>();
        box.put("id", "b");
        box.put("host", "127.0.0.1");
        box.put("amiPort", 15041 + o);
        box.put("sipPort", 15061 + o);
        box.put("iaxPort", 14570 + o);
        box.put("rtpStart", 30000 + o);
        box.put("rtpEnd", 30098 + o);
        box.put("seats", seats);
        Map<String, Object> m = new HashMap<>();
        m.put("hotline.boxes.iaxPort", 14569 + o);
        m.put("hotline.boxes.others", List.of(box));
        return m;
    }

    /** The value of {@link #PORT_OFFSET_ENV}, 0 when unset. */
    public static int portOffset() {
        String v = System.getenv(PORT_OFFSET_ENV);
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            int o = Integer.parseInt(v.trim());
            if (o >= 0 && o <= 900) {
                return o;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(PORT_OFFSET_ENV + " must be a whole number 0..900, was \"" + v + "\"");
    }

    private final Path home;
    private final HotlineConfig config;
    private final Path pbxDir;
    private final Path carrierDir;
    private final List<Softphone> phones = new ArrayList<>();
    // the other contact-center boxes (hotline.boxes.others), by id
    private final Map<String, Path> boxDirs = new java.util.LinkedHashMap<>();
    private int redisPort;

    private Lab(Path home, HotlineConfig config, Path pbxDir, Path carrierDir) {
        this.home = home;
        this.config = config;
        this.pbxDir = pbxDir;
        this.carrierDir = carrierDir;
    }

    /** The repository root (system property {@code hotline.home}, set by the build). */
    public static Path home() {
        return Path.of(System.getProperty("hotline.home", ".")).toAbsolutePath().normalize();
    }

    /**
     * Renders and starts Redis, the pbx and the carrier under {@code runDir}.
     *
     * @param overrides config overrides on top of {@link #testPorts()} and {@code hotline.acd.wrapUp = 0s} (e.g. a
     *                  short ring timeout)
     */
    public static Lab start(Path runDir, Map<String, Object> overrides) throws IOException, InterruptedException {
        Path home = home();
        Map<String, Object> all = new HashMap<>(testPorts());
        all.put("hotline.runDir", runDir.toAbsolutePath().toString());
        // No after-call work in the lab: consecutive test calls reach the same seat at once. Tests of wrap-up
        // override it.
        all.put("hotline.acd.wrapUp", "0s");
        all.putAll(overrides);
        HotlineConfig config = HotlineConfigLoader.load(Map.of(), all);
        var rendered = AsteriskConfigRenderer.render(config, home.resolve("config/asterisk"), config.runDir());
        if (config.ivr().enabled()) {
            // the menu's prompts, as ./hotline start makes them (hotline-server.jar render-asterisk)
            List<hotline.config.ivr.IvrDistrict> districts = hotline.orders.gazetteer.Gazetteer
                    .load(config.orders().cityCode()).districts().stream()
                    .map(d -> new hotline.config.ivr.IvrDistrict(d.code(), d.name())).toList();
            hotline.config.ivr.IvrMenuLoader.load(config.ivr().menu(), districts).prompts().generate(home,
                    config.runDir().resolve("prompts"), home.resolve(config.ivr().recordedPrompts()));
        }
        Lab lab = new Lab(home, config, rendered.pbxDir(), rendered.carrierDir());
        try {
            lab.redisPort = java.net.URI.create(config.redis().uri()).getPort();
            deleteTree(runDir.resolve("redis")); // every lab starts with an empty store
            lab.script("redis-ctl.sh", "start", runDir.resolve("redis").toString(), String.valueOf(lab.redisPort));
            lab.script("asterisk-ctl.sh", "start", lab.pbxDir.toString());
            lab.script("asterisk-ctl.sh", "start", lab.carrierDir.toString());
            lab.boxDirs.putAll(AsteriskConfigRenderer.renderBoxes(config, home.resolve("config/asterisk"),
                    config.runDir()));
            for (Path box : lab.boxDirs.values()) {
                lab.script("asterisk-ctl.sh", "start", box.toString());
            }
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** The configuration the lab was rendered from (give it to the server under test). */
    public HotlineConfig config() {
        return config;
    }

    /** Starts a baresip softphone registered as {@code seat} and waits until the pbx lists its contact. */
    public Softphone softphone(String seat, boolean autoAnswer, Path agentAudio) throws IOException,
            InterruptedException {
        int n = Integer.parseInt(seat) % 1000;
        String box = config.boxes().boxOfSeat(seat);
        var other = config.boxes().other(box);
        String registrarHost = other.map(b -> b.host()).orElse(config.asterisk().host());
        int registrarPort = other.map(b -> b.sipPort()).orElse(config.asterisk().sipPort());
        Path dir = config.runDir().resolve("softphones").resolve(seat + "-" + System.nanoTime());
        List<String> cmd = new ArrayList<>(List.of(home.resolve("scripts/softphone.sh").toString(), seat,
                dir.toString(), "--registrar", registrarHost + ":" + registrarPort,
                "--password", config.seats().passwordPrefix() + seat, "--sip-port", String.valueOf(25000 + portOffset() + 2 * n),
                "--ctrl-port", String.valueOf(24000 + portOffset() + n), "--answer", autoAnswer ? "auto" : "manual",
                "--seconds", "900"));
        if (agentAudio != null) {
            cmd.add("--audio");
            cmd.add(agentAudio.toString());
        }
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile()).start();
        // the account line softphone.sh writes, for Softphone.registerAgain()
        String account = "<sip:" + seat + "@" + registrarHost + ":" + registrarPort
                + ";transport=udp>;auth_pass=" + config.seats().passwordPrefix() + seat + ";answermode="
                + (autoAnswer ? "auto" : "manual") + ";regint=300;ptime=20;audio_codecs=PCMU";
        Softphone phone = new Softphone(seat, dir, p, 24000 + portOffset() + n, account);
        phones.add(phone);
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (boxCli(box, "pjsip show contacts").contains("Contact:  " + seat + "/sip:")) {
                return phone;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new IOException("softphone " + seat + " did not register; see " + dir + ".log");
    }

    /** Stops the lab's Redis (SHUTDOWN writes the AOF), as a Redis restart or crash would cut its clients off. */
    public void stopRedis() throws IOException, InterruptedException {
        script("redis-ctl.sh", "stop", config.runDir().resolve("redis").toString(), String.valueOf(redisPort));
    }

    /** Starts the lab's Redis again on the same port with the data it had (the AOF is replayed). */
    public void startRedis() throws IOException, InterruptedException {
        script("redis-ctl.sh", "start", config.runDir().resolve("redis").toString(), String.valueOf(redisPort));
    }

    /** Runs a CLI command on the pbx ({@code asterisk -rx}) and returns its output. */
    public String pbxCli(String command) throws IOException, InterruptedException {
        return run(List.of("asterisk", "-C", pbxDir.resolve("etc/asterisk.conf").toString(), "-rx", command),
                Duration.ofSeconds(10));
    }

    /**
     * Runs a CLI command on a contact-center box: the pbx for {@code hotline.boxes.primaryId}, else the other box of
     * that id.
     */
    public String boxCli(String box, String command) throws IOException, InterruptedException {
        Path dir = box.equals(config.boxes().primaryId()) ? pbxDir : boxDirs.get(box);
        if (dir == null) {
            throw new IllegalArgumentException("no box " + box + " in this lab");
        }
        return run(List.of("asterisk", "-C", dir.resolve("etc/asterisk.conf").toString(), "-rx", command),
                Duration.ofSeconds(10));
    }

    /**
     * Speech for a citizen: CMU Flite, 8 kHz mono, telephone band. Returns the WAV path; Asterisk plays it
     * by the path without {@code .wav}.
     */
    public Path speech(String name, String text) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(config.runDir().resolve("audio"));
        Path wav = dir.resolve(name + ".wav");
        if (!Files.exists(wav)) {
            Path tts = dir.resolve(name + ".tts.wav");
            run(List.of("flite", "-t", text, "-o", tts.toString()), Duration.ofSeconds(30));
            run(List.of("sox", tts.toString(), "-r", "8000", "-c", "1", "-b", "16", wav.toString(), "gain", "-n", "-6",
                    "sinc", "300-3400"), Duration.ofSeconds(30));
        }
        return wav;
    }

    /** A WAV path as Asterisk's Playback wants it: without the extension. */
    public static String playable(Path wav) {
        String s = wav.toAbsolutePath().toString();
        return s.endsWith(".wav") ? s.substring(0, s.length() - 4) : s;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void script(String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("scripts").resolve(name).toString());
        cmd.addAll(List.of(args));
        log.info("lab: {}", String.join(" ", cmd));
        run(cmd, Duration.ofSeconds(60));
    }

    private static String run(List<String> cmd, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + text);
        }
        return text;
    }

    @Override
    public void close() {
        for (Softphone phone : phones) {
            phone.close();
        }
        List<Path> instances = new ArrayList<>(boxDirs.values());
        instances.add(carrierDir);
        instances.add(pbxDir);
        for (Path dir : instances) {
            try {
                script("asterisk-ctl.sh", "stop", dir.toString());
            } catch (Exception e) {
                log.warn("lab: stopping {}: {}", dir, e.getMessage());
            }
        }
        try {
            script("redis-ctl.sh", "stop", config.runDir().resolve("redis").toString(), String.valueOf(redisPort));
        } catch (Exception e) {
            log.warn("lab: stopping redis: {}", e.getMessage());
        }
    }
}
