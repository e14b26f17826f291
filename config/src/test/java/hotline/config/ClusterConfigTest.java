package hotline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

    @Test
    void shouldBeOffAndLoopbackOnlyByDefault() {
        ClusterConfig c = HotlineConfigLoader.load(Map.of(), Map.of()).cluster();
        assertThat(c).isEqualTo(ClusterConfig.defaults());
        assertThat(c.enabled()).isFalse();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.members()).containsExactly("127.0.0.1:5701");
    }

    @Test
    void shouldTakeTheNodeFromTheEnvironment() {
        ClusterConfig c = HotlineConfigLoader.load(Map.of("HOTLINE_CLUSTER_ENABLED", "true",
                "HOTLINE_CLUSTER_NODE_ID", "node-b", "HOTLINE_CLUSTER_PORT", "45702",
                "HOTLINE_CLUSTER_MEMBERS", "127.0.0.1:45701, 127.0.0.1:45702", "HOTLINE_CLUSTER_LEASE_TTL", "2s",
                "HOTLINE_CLUSTER_RENEW_EVERY", "500ms"), Map.of()).cluster();
        assertThat(c).isEqualTo(new ClusterConfig(true, "node-b", "127.0.0.1", 45702,
                List.of("127.0.0.1:45701", "127.0.0.1:45702"), 0, Duration.ofSeconds(2), Duration.ofMillis(500),
                false));
    }

    @Test
    void shouldNameEveryBadClusterKey() {
        HotlineConfigException e = catchThrowableOfType(HotlineConfigException.class, () -> HotlineConfigLoader.load(
                Map.of(), Map.of("hotline.cluster.members", "127.0.0.1", "hotline.cluster.renewEvery", "2s",
                        "hotline.cluster.nodeId", "a b")));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("hotline.cluster.members: each member is"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.cluster.renewEvery: must be at most half"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.cluster.nodeId:"));
    }
}
