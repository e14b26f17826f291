package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault: the server process is killed ({@code SIGKILL}) during traffic, all real: the server runs as its own JVM
 * ({@code hotline.server.Main}) on the lab. A citizen talks to alice (seat 1001) and another waits on hold when it
 * is killed. The talking call goes on (Asterisk's bridge does not need the server); the waiting caller, past
 * {@code routing.maxWait}, takes the dialplan's native queue and seat 1002 answers. A new server process rebuilds
 * its state from Redis and Asterisk: the talking call is still alice's and its end is recorded, the waiting call is
 * left to the native queue (never pulled away from its seat), and an order submitted before the kill and retried
 * with the same requestId after it exists once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServerKillIT {
    private static final Duration MAX_WAIT = Duration.ofSeconds(8);

    @Test
    void shouldKeepTalkingCallsAndWaitingCallersAndRebuildStateWhenTheServerIsKilled() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-lab-server-kill"));
        Map<String, Object> overrides = Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled", false,
                "hotline.routing.maxWait", MAX_WAIT.toSeconds() + "s");
        try (Lab lab = Lab.start(run, overrides)) {
            Path conf = serverConfig(lab, run, overrides);
            var c = lab.config().carrier();
            LiveApi api = new LiveApi("http://127.0.0.1:" + lab.config().server().httpPort());
            Process first = startServer(conf, run.resolve("server-1.log"));
            Process second = null;
            try (CarrierDialer carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(),
                    c.amiUser(), c.amiSecret(), Duration.ofSeconds(5)));
                    Softphone alicePhone = lab.softphone("1001", true, null);
                    Softphone otherSeat = lab.softphone("1002", true, null)) {
                awaitServer(api, first);
                Path speech = lab.speech("citizen-kill", "Hello. The heating in building four has been off for days.");
                assertThat(api.post("/api/agents/alice/login", "{\"seat\":\"1001\"}").statusCode()).isEqualTo(200);
                assertThat(api.post("/api/agents/alice/ready", "").statusCode()).isEqualTo(200);
                String number = submit(api, 201);

                String talkingCaller = LiveApi.newCaller("132");
                Originated talking = carrier.callAndWait(new CitizenCall("12345", talkingCaller,
                        Lab.playable(speech), 1, Duration.ofMillis(500), Duration.ofSeconds(120)),
                        Duration.ofSeconds(30));
                assertThat(talking.success()).isTrue();
                String talkingId = api.awaitCall(talkingCaller, "answered").getString("callId");
                String waitingCaller = LiveApi.newCaller("131");
                Originated waiting = carrier.callAndWait(new CitizenCall("12345", waitingCaller, null, 1,
                        Duration.ofMillis(100), Duration.ofSeconds(120)), Duration.ofSeconds(30));
                assertThat(waiting.success()).isTrue();
                String waitingId = api.awaitCall(waitingCaller, "queued").getString("callId");

                // the routing state is saved CallController.SAVE_DELAY after a change; a kill inside that window
                // would restart from the state before it (docs/reliability.md). Kill once the waiting call is in it.
                LiveApi.awaitTrue(Duration.ofSeconds(10), () -> {
                    String state = redisCli(lab, "HGETALL", "hotline:acd:state:parts");
                    return state.contains(waitingId) && state.contains("\"status\":\"ON_CALL\"");
                });
                first.destroyForcibly(); // SIGKILL: no shutdown hook, no logoff, sockets reset by the kernel
                assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();

                // the waiting caller takes the native queue after routing.maxWait and seat 1002 answers; all the
                // while the talking call stays bridged to seat 1001
                LiveApi.awaitTrue(Duration.ofSeconds(60), () -> upSeatLegs(lab, "1002") == 1);
                assertThat(upSeatLegs(lab, "1001")).as("the talking call goes on without the server").isEqualTo(1);
                assertThat(channels(lab)).as("both citizens' and both seats' channels").hasSize(4);

                second = startServer(conf, run.resolve("server-2.log"));
                awaitServer(api, second);
                // rebuilt: alice still on the talking call; the waiting call left to the native queue
                LiveApi.awaitTrue(Duration.ofSeconds(20), () -> {
                    JsonObject alice = api.agent("alice");
                    return "ON_CALL".equals(alice.getString("state")) && talkingId.equals(alice.getString("callId"));
                });
                JsonObject left = awaitCall(api, waitingId, "fallback");
                assertThat(LiveApi.types(left)).containsExactly("arrived", "queued", "fallback");
                assertThat(api.get("/health").getInteger("activeCalls")).isEqualTo(1);
                assertThat(api.get("/api/queue").getJsonArray("waiting")).isEmpty();
                assertThat(upSeatLegs(lab, "1002")).as("not pulled away from the seat that answered it").isEqualTo(1);

                // the order: retried with its requestId after the kill, the same order, stored and pushed once
                assertThat(submit(api, 200)).isEqualTo(number);
                assertThat(api.get("/api/units/110101004/orders").getJsonArray("orders")).hasSize(1);

                // the talking call ends on the new server's watch
                carrier.hangup(talking.channel());
                JsonObject ended = awaitCall(api, talkingId, "ended");
                assertThat(LiveApi.types(ended)).containsExactly("arrived", "queued", "offered", "ringing",
                        "answered", "ended");
                assertThat(LiveApi.step(ended, "ended").getString("endedBy")).isEqualTo("caller");
                LiveApi.awaitTrue(Duration.ofSeconds(10), () -> "READY".equals(api.agent("alice").getString("state")));
                carrier.hangup(waiting.channel());
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

    /** The lab's configuration for a server process: a HOCON file of the lab's settings. */
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

    private static String submit(LiveApi api, int expected) {
        HttpResponse<String> r = api.post("/api/orders", "{\"requestId\":\"kill-1\",\"callerName\":\"李先生\","
                + "\"phone\":\"13800138001\",\"district\":\"东城区\",\"street\":\"交道口街道\",\"community\":\"菊儿社区\","
                + "\"category\":\"heating\",\"urgency\":\"24h\",\"summary\":\"no heating\",\"unitIds\":[\"110101004\"],"
                + "\"channel\":\"phone\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return new JsonObject(r.body()).getString("number");
    }

    private static String redisCli(Lab lab, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("redis-cli", "-p",
                String.valueOf(java.net.URI.create(lab.config().redis().uri()).getPort())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static List<String> channels(Lab lab) throws Exception {
        return lab.pbxCli("core show channels concise").lines().map(l -> l.split("!")[0]).toList();
    }

    /** Seat legs of {@code seat} that are up (answered) on the pbx now. */
    private static long upSeatLegs(Lab lab, String seat) throws Exception {
        return lab.pbxCli("core show channels concise").lines()
                .filter(l -> l.startsWith("PJSIP/" + seat + "-") && l.contains("!Up!")).count();
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
