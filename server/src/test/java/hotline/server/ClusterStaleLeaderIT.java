package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.cluster.RedisLeaderLease;
import hotline.testkit.lab.Lab;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A leader that freezes (SIGSTOP, as in a very long GC pause) and wakes up after its lease ran out: two JVMs from the
 * jar on one lab. While a is frozen, b wins the lease but a still holds call control's ports on this host, so b gives
 * the lease back rather than half-start. When a resumes it finds its lease expired by its own clock and stops call
 * control by itself, without a new term; b then starts call control with the state a saved. Afterwards b is the only
 * leader and the state carries b's token.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterStaleLeaderIT {

    @Test
    void shouldStepDownByItselfWhenItWakesUpAfterItsLeaseRanOut() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-cluster-stale"));
        Map<String, Object> overrides = Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled", false);
        int base = 45000 + Lab.portOffset();
        try (Lab lab = Lab.start(run, overrides);
             ClusterNodes nodes = new ClusterNodes(run, ClusterNodes.labSettings(run, overrides),
                     Map.of("node-a", base + 21, "node-b", base + 22))) {
            var cfg = lab.config();
            LiveApi api = new LiveApi("http://127.0.0.1:" + cfg.server().httpPort());
            Vertx vertx = Vertx.vertx();
            Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(cfg.redis().uri()));
            try {
                nodes.start("node-a", "run", Map.of());
                LiveApi.awaitTrue(Duration.ofSeconds(90), () -> api.get("/health").getBoolean("ami"));
                nodes.start("node-b", "run", Map.of());
                LiveApi.awaitTrue(Duration.ofSeconds(90), () -> nodes.logOf("node-b").contains("cluster node node-b up"));
                assertThat(api.post("/api/agents/ann/login", "{\"seat\":\"1001\"}").statusCode()).isEqualTo(200);
                LiveApi.awaitTrue(Duration.ofSeconds(10), () -> state(redis).contains("\"ann\""));

                nodes.pause("node-a", true);
                // b wins the lease once a's has run out, but a's ports are still bound: b gives it back
                LiveApi.awaitTrue(Duration.ofSeconds(30), () -> nodes.logOf("node-b").contains(
                        "still taken; giving the lease up"));
                assertThat(nodes.logOf("node-b")).doesNotContain("call control up");

                nodes.pause("node-a", false);
                LiveApi.awaitTrue(Duration.ofSeconds(30), () -> nodes.logOf("node-a").contains(
                        "is no longer the routing leader"));
                LiveApi.awaitTrue(Duration.ofSeconds(60), () -> nodes.logOf("node-b").contains("call control up"));
                LiveApi.awaitTrue(Duration.ofSeconds(30), () -> api.get("/health").getBoolean("ami"));
                String leader = get(redis, RedisLeaderLease.KEY);
                assertThat(leader).startsWith("node-b|");
                assertThat(nodes.logOf("node-a").split("is the routing leader", -1)).as("a led once, never again")
                        .hasSize(2);

                // b leads with the state a saved, and its own writes carry its token
                LiveApi.awaitTrue(Duration.ofSeconds(20),
                        () -> api.post("/api/agents/ann/ready", "").statusCode() == 200);
                LiveApi.awaitTrue(Duration.ofSeconds(10), () -> get(redis, "hotline:acd:state:token")
                        .equals(leader.substring("node-b|".length())));
                assertThat(api.agent("ann").getString("state")).isEqualTo("READY");
                System.out.println("cluster-stale-leader a_step_down=\"" + stepDown(nodes.logOf("node-a"))
                        + "\" b_refusals=" + (nodes.logOf("node-b").split("still taken", -1).length - 1));
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String stepDown(String log) {
        int i = log.indexOf("is no longer the routing leader");
        int end = log.indexOf(';', i + 40);
        return log.substring(i, end < 0 ? Math.min(log.length(), i + 120) : end).replace("\"", "'");
    }

    /** The saved routing state as the next leader would load it (the document, whichever store wrote it). */
    private static String state(Redis redis) throws Exception {
        return new hotline.server.call.RedisAcdStateStore(redis).load().toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS).orElse("");
    }

    private static String get(Redis redis, String key) throws Exception {
        Response r = redis.send(Request.cmd(Command.GET).arg(key)).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        return r == null ? "" : r.toString();
    }
}
