package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A call that arrived within the routing state's save interval before the server was killed, all real (lab
 * Asterisks, baresip, Redis, the server as its own JVM): the citizen waits on hold, the server is killed with SIGKILL,
 * and the saved routing state is put back to the document saved before the call arrived, which is what a kill inside
 * the 200 ms save window leaves (it cannot be hit reliably by timing). The new server restores a state without the
 * call, finds the caller on hold in AMI's channel list, adopts it from its call record, and offers it to alice once
 * she is ready: answered, never sent to the native fallback queue.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OrphanAdoptionIT {

    /** The routing state's hash, and where the test keeps its copy from before the call. */
    private static final String STATE = "hotline:acd:state:parts";
    private static final String BEFORE = "hotline:test:state-before-the-call";

    @Test
    void shouldAdoptTheCallerOnHoldThatTheSavedStateDoesNotKnow() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-lab-orphan"));
        Map<String, Object> overrides = Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled", false,
                "hotline.routing.maxWait", "120s");
        try (Lab lab = Lab.start(run, overrides)) {
            Path conf = serverConfig(lab, run, overrides);
            var c = lab.config().carrier();
            LiveApi api = new LiveApi("http://127.0.0.1:" + lab.config().server().httpPort());
            Process first = startServer(conf, run.resolve("server-1.log"));
            Process second = null;
            try (CarrierDialer carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(),
                    c.amiUser(), c.amiSecret(), Duration.ofSeconds(5)));
                    Softphone alicePhone = lab.softphone("1001", true, null)) {
                awaitServer(api, first);
                assertThat(api.post("/api/agents/alice/login", "{\"seat\":\"1001\"}").statusCode()).isEqualTo(200);
                LiveApi.awaitTrue(Duration.ofSeconds(10), () -> redis(lab, "HGETALL", STATE)
                        .contains("\"alice\""));
                // the routing state is a hash of parts (RedisHashAcdStateStore): keep a copy of it as it is now
                assertThat(redis(lab, "COPY", STATE, BEFORE, "REPLACE").strip()).isEqualTo("1");

                String caller = LiveApi.newCaller("133");
                Originated waiting = carrier.callAndWait(new CitizenCall("12345", caller, null, 1,
                        Duration.ofMillis(100), Duration.ofSeconds(120)), Duration.ofSeconds(30));
                assertThat(waiting.success()).isTrue();
                JsonObject queued = api.awaitCall(caller, "queued");
                String callId = queued.getString("callId");
                String arrivedAt = queued.getJsonObject("fields").getString("arrivedAt");
                LiveApi.awaitTrue(Duration.ofSeconds(10), () -> redis(lab, "HGETALL", STATE)
                        .contains(callId));
                first.destroyForcibly(); // SIGKILL
                assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
                // the state as a kill inside the save window leaves it: saved before the call arrived
                assertThat(redis(lab, "COPY", BEFORE, STATE, "REPLACE").strip()).isEqualTo("1");
                assertThat(redis(lab, "HGETALL", STATE)).doesNotContain(callId);

                long restarted = System.nanoTime();
                second = startServer(conf, run.resolve("server-2.log"));
                awaitServer(api, second);
                LiveApi.awaitTrue(Duration.ofSeconds(20), () -> api.get("/api/queue").getJsonArray("waiting")
                        .contains(callId));
                long adoptedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
                JsonObject inQueue = api.get("/api/queue").getJsonArray("calls").getJsonObject(0);
                assertThat(inQueue.getString("arrivedAt")).as("waits since it arrived, not since the restart")
                        .isEqualTo(arrivedAt);
                assertThat(api.post("/api/agents/alice/ready", "").statusCode()).isEqualTo(200);
                JsonObject answered = awaitCall(api, callId, "answered");
                assertThat(LiveApi.types(answered)).containsExactly("arrived", "queued", "adopted", "queued",
                        "offered", "ringing", "answered");
                assertThat(api.get("/api/queue").getJsonArray("waiting")).isEmpty();

                carrier.hangup(waiting.channel());
                JsonObject ended = awaitCall(api, callId, "ended");
                assertThat(LiveApi.types(ended)).doesNotContain("fallback").containsOnlyOnce("adopted", "answered");
                System.out.printf("orphan-adoption restart_to_adopted_ms=%d%n", adoptedMs);
                assertThat(api.post("/api/agents/alice/logout", "").statusCode()).isEqualTo(200);
            } finally {
                first.destroyForcibly();
                if (second != null) {
                    second.destroy();
                    if (!second.waitFor(20, TimeUnit.SECONDS)) {
                        second.destroyForcibly();
                    }
                }
            }
        }
    }

    private static Path serverConfig(Lab lab, Path run, Map<String, Object> overrides) throws Exception {
        Map<String, Object> all = new HashMap<>(Lab.testPorts());
        all.put("hotline.runDir", lab.config().runDir().toString());
        all.put("hotline.acd.wrapUp", "0s");
        all.putAll(overrides);
        String hocon = all.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " = " + (e.getValue() instanceof String s ? "\"" + s + "\"" : e.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
        Path conf = run.resolve("server.conf");
        Files.writeString(conf, hocon);
        return conf;
    }

    private static Process startServer(Path conf, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dhotline.home=" + Lab.home(), "-cp", System.getProperty("java.class.path"), "hotline.server.Main",
                "run");
        pb.environment().put("HOTLINE_CONFIG", conf.toString());
        return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitServer(LiveApi api, Process server) throws Exception {
        LiveApi.awaitTrue(Duration.ofSeconds(60), () -> {
            if (!server.isAlive()) {
                throw new AssertionError("server process exited " + server.exitValue());
            }
            return api.get("/health").getBoolean("ami");
        });
    }

    private static String redis(Lab lab, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", port(lab)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static String port(Lab lab) {
        return String.valueOf(java.net.URI.create(lab.config().redis().uri()).getPort());
    }

    private static JsonObject awaitCall(LiveApi api, String callId, String type) throws Exception {
        JsonObject[] found = new JsonObject[1];
        LiveApi.awaitTrue(Duration.ofSeconds(30), () -> {
            found[0] = api.get("/api/calls/" + callId);
            return LiveApi.types(found[0]).contains(type);
        });
        return found[0];
    }
}
