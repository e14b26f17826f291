package hotline.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Several server nodes ({@code hotline.cluster}): the clustered Vert.x event bus over the Hazelcast cluster manager,
 * the routing leader's lease in Redis, and remote ASR workers. Off by default: one node runs everything as before.
 *
 * @param enabled      true: this node joins the cluster and runs call control only while it holds the leader lease
 * @param nodeId       this node's name in the cluster and in the lease ({@code ""}: host name and process id)
 * @param host         the interface Hazelcast and the clustered event bus bind to and announce (loopback default)
 * @param port         Hazelcast's member port on {@code host}
 * @param members      the TCP-IP member list ({@code host:port}); multicast discovery is never used
 * @param eventBusPort the clustered event bus's TCP port ({@code 0}: any free port)
 * @param leaseTtl     the leader lease's time to live in Redis: a dead leader is replaced after at most this long
 * @param renewEvery   how often the leader renews its lease (well below {@code leaseTtl})
 * @param remoteAsr    true: the leader sends each caller's audio to an ASR worker node instead of transcribing itself
 */
public record ClusterConfig(boolean enabled, String nodeId, String host, int port, List<String> members,
                            int eventBusPort, Duration leaseTtl, Duration renewEvery, boolean remoteAsr) {

    public ClusterConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(host, "host");
        members = List.copyOf(members);
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        Objects.requireNonNull(renewEvery, "renewEvery");
    }

    /** The defaults of {@code hotline.conf}: off, loopback, Hazelcast's port 5701, a 3 s lease renewed every 1 s. */
    public static ClusterConfig defaults() {
        return new ClusterConfig(false, "", "127.0.0.1", 5701, List.of("127.0.0.1:5701"), 0, Duration.ofSeconds(3),
                Duration.ofSeconds(1), false);
    }
}
