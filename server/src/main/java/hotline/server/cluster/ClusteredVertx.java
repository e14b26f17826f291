package hotline.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import hotline.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * A clustered Vert.x on the Hazelcast cluster manager, configured from {@link ClusterConfig}: Vert.x's own map
 * settings ({@code default-cluster.xml}), Hazelcast bound to {@code host:port} exactly (no port auto-increment),
 * members found through the TCP-IP list only (multicast off), no phone-home; the event bus on
 * {@code host:eventBusPort}.
 */
public final class ClusteredVertx {
    private ClusteredVertx() {
    }

    /** The Hazelcast configuration for {@code c}. */
    public static Config hazelcast(ClusterConfig c, String nodeId) {
        Config hz = ConfigUtil.loadConfig();
        hz.setClusterName("hotline");
        hz.setInstanceName("hotline-" + nodeId);
        hz.setProperty("hazelcast.logging.type", "slf4j");
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.socket.bind.any", "false"); // only host, not 0.0.0.0
        // a killed member is noticed within seconds, not the default minute
        hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        hz.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
        hz.setProperty("hazelcast.wait.seconds.before.join", "1"); // the member list is known: join at once
        NetworkConfig net = hz.getNetworkConfig();
        net.setPort(c.port()).setPortAutoIncrement(false);
        net.setPublicAddress(c.host() + ":" + c.port());
        net.getInterfaces().setEnabled(true).addInterface(c.host());
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(c.members());
        return hz;
    }

    /** Starts a clustered Vert.x that joins the members of {@code c}. */
    public static Future<Vertx> start(ClusterConfig c, String nodeId) {
        System.setProperty("hazelcast.logging.type", "slf4j");
        VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(c.host())
                .setPort(c.eventBusPort()).setClusterPublicHost(c.host()));
        return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast(c, nodeId)))
                .buildClustered();
    }
}
