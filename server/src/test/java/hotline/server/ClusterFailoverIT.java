package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.cluster.RedisLeaderLease;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two server nodes (separate JVMs from the built jar) in one Hazelcast cluster on the real lab: node a is the
 * routing leader, node b waits. With one call connected and one waiting, node a is killed (SIGKILL: no goodbye). Node
 * b takes the lease, restores the routing state from Redis, reconciles it with Asterisk, and goes on routing: the
 * waiting call goes to the next ready agent, the connected call stays connected and ends normally, a new call is
 * routed. Every call's record in Redis has one arrival, one answer and one end: nothing lost, nothing doubled.
 * Then a planned handover: b stops gracefully (SIGTERM) and gives the lease up, a third node c takes over at once
 * with the agents restored. The takeover time (kill to the new leader's first routing decision) and the handover
 * time are printed.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterFailoverIT {

    @Test
    void shouldRouteOnWithoutLosingOrDoublingACallWhenTheLeaderIsKilled() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-cluster-failover"));
        Map<String, Object> overrides = Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled", false,
                "hotline.routing.ringTimeout", "6s");
        int base = 45000 + Lab.portOffset();
        try (Lab lab = Lab.start(run, overrides);
             ClusterNodes nodes = new ClusterNodes(run, ClusterNodes.labSettings(run, overrides),
                     Map.of("node-a", base + 1, "node-b", base + 2, "node-c", base + 3))) {
            var cfg = lab.config();
            LiveApi api = new LiveApi("http://127.0.0.1:" + cfg.server().httpPort());
            Vertx vertx = Vertx.vertx();
            Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(cfg.redis().uri()));
            var c = cfg.carrier();
            try (CarrierDialer carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(),
                    c.amiUser(), c.amiSecret(), Duration.ofSeconds(5)))) {
                nodes.start("node-a", "run", Map.of());
                LiveApi.awaitTrue(Duration.ofSeconds(90), () -> api.get("/health").getBoolean("ami"));
                assertThat(get(redis, RedisLeaderLease.KEY)).startsWith("node-a|");
                long tokenA = Long.parseLong(get(redis, RedisLeaderLease.KEY).substring("node-a|".length()));
                nodes.start("node-b", "run", Map.of());
                LiveApi.awaitTrue(Duration.ofSeconds(90), () -> nodes.logOf("node-b").contains("cluster node node-b up")
                        && nodes.logOf("node-a").contains("Members {size:2"));
                assertThat(get(redis, RedisLeaderLease.KEY)).as("b waits: a still leads").startsWith("node-a|");

                Softphone ann = lab.softphone("1001", true, null);
                Softphone bob = lab.softphone("1002", true, null);
                assertThat(api.post("/api/agents/ann/login", "{\"seat\":\"1001\"}").statusCode()).isEqualTo(200);
                assertThat(api.post("/api/agents/ann/ready", "").statusCode()).isEqualTo(200);
                assertThat(api.post("/api/agents/bob/login", "{\"seat\":\"1002\"}").statusCode()).isEqualTo(200);

                List<Placed> calls = new ArrayList<>();
                Placed connected = call(api, carrier, calls);
                awaitStep(api, connected, "answered");
                Placed waiting = call(api, carrier, calls); // bob is not ready: it waits on hold
                awaitStep(api, waiting, "queued");
                LiveApi.awaitTrue(Duration.ofSeconds(10), () -> state(redis).contains(
                        waiting.callId()));

                // the leader dies mid-traffic
                Instant killed = Instant.now();
                nodes.kill("node-a");
                // b's call control is up once the API answers and the engine has reconciled with Asterisk
                // (until then agent requests answer NOT_RECONCILED)
                LiveApi.awaitTrue(Duration.ofSeconds(60),
                        () -> api.post("/api/agents/bob/ready", "").statusCode() == 200);
                Instant bobReady = Instant.now();
                JsonObject offered = awaitStep(api, waiting, "answered");
                Instant decided = stepAt(offered, "offered", 1);
                assertThat(LiveApi.steps(offered, "offered").get(0).getString("agentId")).isEqualTo("bob");
                String leader = get(redis, RedisLeaderLease.KEY);
                assertThat(leader).startsWith("node-b|");
                assertThat(Long.parseLong(leader.substring("node-b|".length()))).isGreaterThan(tokenA);
                JsonObject annNow = api.agent("ann");
                assertThat(annNow.getString("state")).as("ann's call survived the takeover").isEqualTo("ON_CALL");
                assertThat(annNow.getString("callId")).isEqualTo(connected.callId());

                // the new leader routes new traffic: a new call waits for ann, whose call then ends
                Placed after = call(api, carrier, calls);
                awaitStep(api, after, "queued");
                carrier.hangup(connected.channel());
                awaitStep(api, connected, "ended");
                JsonObject third = awaitStep(api, after, "answered");
                assertThat(LiveApi.steps(third, "offered").get(0).getString("agentId")).isEqualTo("ann");
                carrier.hangup(waiting.channel());
                carrier.hangup(after.channel());
                for (Placed p : calls) {
                    awaitStep(api, p, "ended");
                }

                // Redis: exactly these calls, each arrived, answered and ended once, none sent to the fallback
                List<String> ids = new ArrayList<>();
                api.get("/api/calls?limit=50").getJsonArray("calls").forEach(id -> ids.add((String) id));
                assertThat(ids).containsExactlyInAnyOrderElementsOf(calls.stream().map(Placed::callId).toList());
                for (Placed p : calls) {
                    JsonObject rec = api.get("/api/calls/" + p.callId());
                    List<String> types = LiveApi.types(rec);
                    assertThat(Collections.frequency(types, "arrived")).as(p.callId()).isEqualTo(1);
                    assertThat(Collections.frequency(types, "answered")).as(p.callId()).isEqualTo(1);
                    assertThat(Collections.frequency(types, "ended")).as(p.callId()).isEqualTo(1);
                    assertThat(types).as(p.callId()).doesNotContain("fallback");
                    LiveApi.assertOrdered(rec);
                }

                String logB = nodes.logOf("node-b");
                Matcher up = Pattern.compile("call control up (\\d+) ms after winning the lease").matcher(logB);
                assertThat(up.find()).isTrue();
                System.out.println("cluster-failover kill_to_first_decision_ms="
                        + Duration.between(killed, decided).toMillis()
                        + " kill_to_api_ready_ms=" + Duration.between(killed, bobReady).toMillis()
                        + " lease_to_call_control_ms=" + up.group(1)
                        + " decision_after_ready_ms=" + Duration.between(bobReady, decided).toMillis()
                        + " calls=" + calls.size());

                long tokenB = Long.parseLong(leader.substring("node-b|".length()));
                assertThat(get(redis, "hotline:acd:state:token")).as("the state was last written by b's token")
                        .isEqualTo(String.valueOf(tokenB));

                // planned handover: a new standby c; b stops gracefully, giving the lease up at once
                nodes.start("node-c", "run", Map.of());
                LiveApi.awaitTrue(Duration.ofSeconds(90), () -> nodes.logOf("node-c").contains("cluster node node-c up"));
                Instant stopping = Instant.now();
                nodes.stop("node-b");
                Instant stopped = Instant.now();
                LiveApi.awaitTrue(Duration.ofSeconds(60), () -> api.get("/health").getBoolean("ami")
                        && api.agent("ann").getString("state") != null);
                Instant handedOver = Instant.now();
                assertThat(get(redis, RedisLeaderLease.KEY)).startsWith("node-c|");
                assertThat(api.agent("ann").getString("state")).as("c restored the agents").isEqualTo("READY");
                System.out.println("cluster-handover stop_ms=" + Duration.between(stopping, stopped).toMillis()
                        + " stop_to_api_ready_ms=" + Duration.between(stopping, handedOver).toMillis());
                nodes.stop("node-c");
                assertThat(exists(redis, RedisLeaderLease.KEY)).as("a graceful stop releases the lease").isFalse();
                ann.close();
                bob.close();
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private record Placed(String callId, String channel) {
    }

    private static Placed call(LiveApi api, CarrierDialer carrier, List<Placed> calls) throws Exception {
        String caller = LiveApi.newCaller("137");
        Originated o = carrier.callAndWait(new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100),
                Duration.ofSeconds(120)), Duration.ofSeconds(30));
        JsonObject rec = api.awaitCall(caller, "arrived");
        Placed p = new Placed(rec.getJsonObject("fields").getString("callId"), o.channel());
        calls.add(p);
        return p;
    }

    private static JsonObject awaitStep(LiveApi api, Placed p, String type) throws Exception {
        JsonObject[] found = new JsonObject[1];
        LiveApi.awaitTrue(Duration.ofSeconds(60), () -> {
            found[0] = api.get("/api/calls/" + p.callId());
            return LiveApi.types(found[0]).contains(type);
        });
        return found[0];
    }

    /** The time of the {@code n}-th step of {@code type} (1-based). */
    private static Instant stepAt(JsonObject call, String type, int n) {
        return call.getJsonArray("timeline").stream().map(o -> (JsonObject) o)
                .filter(o -> type.equals(o.getString("type"))).skip(n - 1L)
                .map(o -> Instant.parse(o.getString("at"))).findFirst().orElseThrow();
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

    private static boolean exists(Redis redis, String key) throws Exception {
        return redis.send(Request.cmd(Command.EXISTS).arg(key)).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS).toInteger() == 1;
    }
}
