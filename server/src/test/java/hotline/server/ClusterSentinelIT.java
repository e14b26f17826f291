package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.cluster.RedisLeaderLease;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedisSentinel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two cluster nodes (separate JVMs from the built jar) on a real Redis Sentinel deployment, no Asterisk (call control
 * starts without AMI): node a leads with a lease granted and renewed with {@code WAIT 1}
 * ({@code hotline.redis.leaseReplicas = 1}); the Redis master is killed with SIGKILL. Renewals fail while the
 * sentinels promote a replica and the other replica follows it, but the failover is shorter than the lease as the
 * leader counts it ({@code leaseTtl} minus the margin), so a stays the leader with the same token and b never takes
 * over: a Redis failover does not become a routing-leader failover.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterSentinelIT {

    @Test
    void shouldKeepTheSameLeaderThroughARedisFailover() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-cluster-sentinel"));
        int base = 45000 + Lab.portOffset();
        try (LabRedisSentinel redis = LabRedisSentinel.start(run.resolve("redis"))) {
            Map<String, Object> settings = new HashMap<>(ClusterNodes.labSettings(run, Map.of()));
            settings.put("hotline.ivr.enabled", false);
            settings.put("hotline.asr.enabled", false);
            settings.put("hotline.redis.mode", "sentinel");
            settings.put("hotline.redis.sentinel.nodes", String.join(",", redis.sentinelUris()));
            settings.put("hotline.redis.sentinel.masterName", LabRedisSentinel.MASTER_NAME);
            settings.put("hotline.redis.leaseReplicas", 1);
            settings.put("hotline.redis.leaseReplicaTimeout", "500ms");
            settings.put("hotline.cluster.leaseTtl", "10s");
            settings.put("hotline.cluster.renewEvery", "2s");
            try (ClusterNodes nodes = new ClusterNodes(run, settings,
                    Map.of("node-a", base + 31, "node-b", base + 32))) {
                nodes.start("node-a", "run", Map.of());
                LiveApi.awaitTrue(Duration.ofSeconds(90), () -> nodes.logOf("node-a").contains("call control up"));
                nodes.start("node-b", "run", Map.of());
                LiveApi.awaitTrue(Duration.ofSeconds(90), () -> nodes.logOf("node-b").contains("cluster node node-b up"));
                String holder = redis.cli(redis.masterPort(), "get", RedisLeaderLease.KEY).strip();
                assertThat(holder).startsWith("node-a|");

                int oldMaster = redis.masterPort();
                long killed = System.nanoTime();
                redis.killMaster();
                LiveApi.awaitTrue(Duration.ofSeconds(60), () -> redis.currentMasterPort() != oldMaster);
                long switchedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                int newMaster = redis.currentMasterPort();
                // renewed again on the new master: more than 8.5 s of its 10 s left, more than any renewal made before
                // the kill (at least the time since the kill ago) can leave
                long[] renewedMs = new long[1];
                LiveApi.awaitTrue(Duration.ofSeconds(30), () -> {
                    String pttl = redis.cli(newMaster, "pttl", RedisLeaderLease.KEY).strip();
                    boolean fresh = pttl.matches("[0-9]+") && Long.parseLong(pttl) > 8_500
                            && TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed) > switchedMs;
                    renewedMs[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                    return fresh && nodes.logOf("node-a").contains("lease renewal failed");
                });
                assertThat(redis.cli(newMaster, "get", RedisLeaderLease.KEY).strip()).isEqualTo(holder);
                assertThat(nodes.logOf("node-a")).doesNotContain("is no longer the routing leader");
                assertThat(nodes.logOf("node-b")).doesNotContain("is the routing leader");
                long failedRenewals = nodes.logOf("node-a").lines().filter(l -> l.contains("lease renewal failed"))
                        .count();
                System.out.printf("cluster-sentinel kill_to_switch_ms=%d kill_to_renewed_ms=%d failed_renewals=%d"
                        + " holder=%s%n", switchedMs, renewedMs[0], failedRenewals, holder);
            }
        }
    }
}
