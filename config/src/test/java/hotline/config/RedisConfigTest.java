package hotline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import hotline.config.RedisConfig.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisConfigTest {

    @Test
    void shouldBeOneServerWithoutWaitByDefault() {
        RedisConfig c = HotlineConfigLoader.load(Map.of(), Map.of()).redis();
        assertThat(c).isEqualTo(new RedisConfig("redis://127.0.0.1:6379"));
        assertThat(c.mode()).isEqualTo(Mode.STANDALONE);
        assertThat(c.sentinels()).isEmpty();
        assertThat(c.leaseReplicas()).isZero();
    }

    @Test
    void shouldTakeSentinelsMasterNameAndWaitFromTheEnvironment() {
        RedisConfig c = HotlineConfigLoader.load(Map.of("HOTLINE_REDIS_MODE", "sentinel",
                "HOTLINE_REDIS_SENTINELS", "redis://10.0.0.5:26379, redis://10.0.0.6:26379,",
                "HOTLINE_REDIS_MASTER_NAME", "city-hall", "HOTLINE_REDIS_LEASE_REPLICAS", "1",
                "HOTLINE_REDIS_LEASE_REPLICA_TIMEOUT", "250ms"), Map.of()).redis();
        assertThat(c).isEqualTo(new RedisConfig("redis://127.0.0.1:6379", Mode.SENTINEL,
                List.of("redis://10.0.0.5:26379", "redis://10.0.0.6:26379"), "city-hall", 1, Duration.ofMillis(250)));
    }

    @Test
    void shouldNameTheKeyOfEveryBrokenSentinelSetting() {
        HotlineConfigException e = catchThrowableOfType(HotlineConfigException.class, () -> HotlineConfigLoader.load(
                Map.of(), Map.of("hotline.redis.mode", "sentinel",
                        "hotline.redis.sentinel.nodes", "10.0.0.5:26379, redis://:pw@ok:26379, http://:secret@x",
                        "hotline.redis.sentinel.masterName", "my master", "hotline.redis.leaseReplicas", "-1",
                        "hotline.redis.leaseReplicaTimeout", "500")));
        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).startsWith("hotline.redis.sentinel.nodes: each sentinel is a redis://")
                        .contains("\"10.0.0.5:26379\""))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.redis.sentinel.nodes:").contains("\"http://***@x\""))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.redis.sentinel.masterName:"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.redis.leaseReplicas:"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.redis.leaseReplicaTimeout:"));
        assertThat(String.join("\n", e.problems())).doesNotContain("secret", "pw@");
    }

    @Test
    void shouldRefuseSentinelModeWithoutSentinels() {
        HotlineConfigException e = catchThrowableOfType(HotlineConfigException.class, () -> HotlineConfigLoader.load(
                Map.of("HOTLINE_REDIS_MODE", "sentinel"), Map.of()));
        assertThat(e.problems()).singleElement().asString()
                .startsWith("hotline.redis.sentinel.nodes: mode \"sentinel\" needs at least one sentinel URI")
                .contains("HOTLINE_REDIS_MODE");
    }

    @Test
    void shouldExplainThatClusterIsNotSupportedAndRefuseUnknownModes() {
        HotlineConfigException cluster = catchThrowableOfType(HotlineConfigException.class,
                () -> HotlineConfigLoader.load(Map.of("HOTLINE_REDIS_MODE", "cluster"), Map.of()));
        assertThat(cluster.problems()).singleElement().asString()
                .startsWith("hotline.redis.mode: \"cluster\" is not supported").contains("hash slots");
        HotlineConfigException other = catchThrowableOfType(HotlineConfigException.class,
                () -> HotlineConfigLoader.load(Map.of(), Map.of("hotline.redis.mode", "sentinal")));
        assertThat(other.problems()).singleElement().asString()
                .startsWith("hotline.redis.mode: expected \"standalone\" or \"sentinel\", got \"sentinal\"");
    }

    @Test
    void shouldMaskPasswordsInSentinelUris() {
        RedisConfig c = new RedisConfig("redis://127.0.0.1:6379", Mode.SENTINEL, List.of("redis://:pw@s1:26379"),
                "hotline", 0, Duration.ofMillis(500));
        assertThat(c.toString()).contains("redis://***@s1:26379").doesNotContain("pw");
    }

    @Test
    void shouldWantTheLeaseWaitShorterThanTheRenewalInterval() {
        HotlineConfigException e = catchThrowableOfType(HotlineConfigException.class, () -> HotlineConfigLoader.load(
                Map.of("HOTLINE_REDIS_LEASE_REPLICAS", "1", "HOTLINE_REDIS_LEASE_REPLICA_TIMEOUT", "1s"), Map.of()));
        assertThat(e.problems()).singleElement().asString()
                .startsWith("hotline.redis.leaseReplicaTimeout: must be shorter than hotline.cluster.renewEvery");
    }
}
