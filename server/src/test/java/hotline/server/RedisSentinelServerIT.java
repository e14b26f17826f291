package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedisSentinel;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole server process ({@code hotline.server.Main run}, its own JVM) configured with
 * {@code hotline.redis.mode = sentinel} against a real Sentinel deployment (master, two replicas, three sentinels;
 * no Asterisk: only the HTTP API and Redis are used). A work order is submitted; the master is killed with SIGKILL;
 * the same server process, never restarted, submits the next order once the sentinels have promoted a replica, and
 * the first order's retry with its requestId finds the same order on the new master.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RedisSentinelServerIT {

    @Test
    void shouldKeepStoringOrdersThroughAFailoverWithoutARestart() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-sentinel-server"));
        try (LabRedisSentinel redis = LabRedisSentinel.start(run.resolve("redis"))) {
            Map<String, Object> all = new HashMap<>(Lab.testPorts());
            all.put("hotline.runDir", run.resolve("run").toString());
            all.put("hotline.ivr.enabled", false);
            all.put("hotline.asr.enabled", false);
            all.put("hotline.redis.mode", "sentinel");
            all.put("hotline.redis.sentinel.nodes", String.join(",", redis.sentinelUris()));
            all.put("hotline.redis.sentinel.masterName", LabRedisSentinel.MASTER_NAME);
            String hocon = all.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + " = " + (e.getValue() instanceof String s ? "\"" + s + "\"" : e.getValue()))
                    .collect(Collectors.joining("\n", "", "\n"));
            Path conf = run.resolve("server.conf");
            Files.writeString(conf, hocon);
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dhotline.home=" + Lab.home(), "-cp", System.getProperty("java.class.path"), "hotline.server.Main",
                    "run");
            pb.environment().put("HOTLINE_CONFIG", conf.toString());
            Process server = pb.redirectErrorStream(true).redirectOutput(run.resolve("server.log").toFile()).start();
            try {
                LiveApi api = new LiveApi("http://127.0.0.1:" + Lab.testPorts().get("hotline.server.httpPort"));
                LiveApi.awaitTrue(Duration.ofSeconds(60), () -> {
                    if (!server.isAlive()) {
                        throw new AssertionError("server process exited " + server.exitValue());
                    }
                    return api.get("/health").containsKey("activeCalls");
                });
                String first = submit(api, "sentinel-1", 201);

                int oldMaster = redis.masterPort();
                long killed = System.nanoTime();
                redis.killMaster();
                // until the sentinels have promoted a replica a submit fails (5xx) and is retried with its requestId
                String[] second = new String[1];
                LiveApi.awaitTrue(Duration.ofSeconds(60), () -> {
                    HttpResponse<String> r = post(api, "sentinel-2");
                    if (r.statusCode() == 201 || r.statusCode() == 200) {
                        second[0] = new JsonObject(r.body()).getString("number");
                        return true;
                    }
                    assertThat(r.statusCode()).as(r.body()).isGreaterThanOrEqualTo(500);
                    return false;
                });
                long storedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                assertThat(redis.currentMasterPort()).isNotEqualTo(oldMaster);

                assertThat(submit(api, "sentinel-1", 200)).as("the retried first order is the same order")
                        .isEqualTo(first);
                assertThat(api.get("/api/units/110101005/orders").getJsonArray("orders")).hasSize(2);
                assertThat(second[0]).isNotEqualTo(first);
                System.out.printf("sentinel-server kill_to_order_stored_ms=%d%n", storedMs);
            } finally {
                server.destroy();
                if (!server.waitFor(20, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    private static HttpResponse<String> post(LiveApi api, String requestId) {
        return api.post("/api/orders", "{\"requestId\":\"" + requestId + "\",\"callerName\":\"李先生\","
                + "\"phone\":\"13800138001\",\"district\":\"东城区\",\"street\":\"交道口街道\",\"community\":\"菊儿社区\","
                + "\"category\":\"heating\",\"urgency\":\"24h\",\"summary\":\"no heating\","
                + "\"unitIds\":[\"110101005\"],\"channel\":\"phone\"}");
    }

    private static String submit(LiveApi api, String requestId, int expected) {
        HttpResponse<String> r = post(api, requestId);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return new JsonObject(r.body()).getString("number");
    }
}
