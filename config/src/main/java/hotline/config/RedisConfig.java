package hotline.config;

import hotline.config.internal.Secrets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Redis connection ({@code hotline.redis}): one server, or a master found through Redis Sentinel.
 *
 * @param uri                 {@code redis://} or {@code rediss://} URI of the one server ({@link Mode#STANDALONE});
 *                            a password in it is printed as {@code ***} by {@link #toString()}
 * @param mode                how the server is found
 * @param sentinels           with {@link Mode#SENTINEL}: the sentinels' {@code redis://} URIs (at least one), asked
 *                            in turn for the master's address; empty otherwise
 * @param masterName          with {@link Mode#SENTINEL}: the name the sentinels monitor the master under
 * @param leaseReplicas       how many replicas must acknowledge a leader lease grant or renewal ({@code WAIT}) before
 *                            it counts; {@code 0}: none (no {@code WAIT})
 * @param leaseReplicaTimeout how long that {@code WAIT} may block
 */
public record RedisConfig(String uri, Mode mode, List<String> sentinels, String masterName, int leaseReplicas,
                          Duration leaseReplicaTimeout) {

    /** How the server is found. */
    public enum Mode {
        /** The one server of {@link #uri()}. */
        STANDALONE,
        /** The master the sentinels name, followed through failovers. */
        SENTINEL
    }

    public RedisConfig {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(mode, "mode");
        sentinels = List.copyOf(sentinels);
        Objects.requireNonNull(masterName, "masterName");
        Objects.requireNonNull(leaseReplicaTimeout, "leaseReplicaTimeout");
        if (mode == Mode.SENTINEL && sentinels.isEmpty()) {
            throw new IllegalArgumentException("sentinel mode needs at least one sentinel");
        }
        if (leaseReplicas < 0) {
            throw new IllegalArgumentException("leaseReplicas must be >= 0, was " + leaseReplicas);
        }
    }

    /** One server at {@code uri}, no {@code WAIT}: the defaults of {@code hotline.conf} apart from the URI. */
    public RedisConfig(String uri) {
        this(uri, Mode.STANDALONE, List.of(), "hotline", 0, Duration.ofMillis(500));
    }

    @Override
    public String toString() {
        return "RedisConfig[uri=" + Secrets.maskUserInfo(uri) + ", mode=" + mode + ", sentinels="
                + sentinels.stream().map(Secrets::maskUserInfo).toList() + ", masterName=" + masterName
                + ", leaseReplicas=" + leaseReplicas + ", leaseReplicaTimeout=" + leaseReplicaTimeout + "]";
    }
}
