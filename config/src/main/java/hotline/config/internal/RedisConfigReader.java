package hotline.config.internal;

import hotline.config.RedisConfig;
import hotline.config.RedisConfig.Mode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads {@code hotline.redis} ({@link RedisConfig}); problems go to the reader, the result is then null. */
public final class RedisConfigReader {
    private static final String P = "hotline.redis.";

    private RedisConfigReader() {
    }

    public static RedisConfig read(ConfigReader r) {
        int before = r.problems().size();
        String uri = r.redisUri(P + "uri");
        String modeText = r.string(P + "mode");
        String sentinelList = r.string(P + "sentinel.nodes");
        String masterName = r.string(P + "sentinel.masterName");
        int leaseReplicas = r.wholeNumber(P + "leaseReplicas", "a whole number", 0, 16);
        Duration leaseReplicaTimeout = r.positiveDuration(P + "leaseReplicaTimeout");
        Mode mode = null;
        if (modeText != null) {
            switch (modeText.trim().toLowerCase(Locale.ROOT)) {
                case "standalone" -> mode = Mode.STANDALONE;
                case "sentinel" -> mode = Mode.SENTINEL;
                case "cluster" -> r.problem(P + "mode: \"cluster\" is not supported: the leader lease, the fenced"
                        + " routing state and the order scripts each touch several keys in one Lua script, which"
                        + " Redis Cluster refuses across hash slots (docs/scaling.md); use \"standalone\" or"
                        + " \"sentinel\"" + r.origin(P + "mode"));
                default -> r.problem(P + "mode: expected \"standalone\" or \"sentinel\", got \"" + modeText + "\""
                        + r.origin(P + "mode"));
            }
        }
        List<String> sentinels = new ArrayList<>();
        if (sentinelList != null) {
            for (String part : sentinelList.split(",")) {
                String s = part.trim();
                if (s.isEmpty()) {
                    continue;
                }
                if (!isRedisUri(s)) {
                    r.problem(P + "sentinel.nodes: each sentinel is a redis:// URI such as redis://10.0.0.5:26379,"
                            + " got \"" + Secrets.maskUserInfo(s) + "\"" + r.origin(P + "sentinel.nodes"));
                } else {
                    sentinels.add(s);
                }
            }
        }
        if (mode == Mode.SENTINEL) {
            if (sentinels.isEmpty() && r.problems().size() == before) {
                r.problem(P + "sentinel.nodes: mode \"sentinel\" needs at least one sentinel URI (comma-separated)"
                        + r.origin(P + "sentinel.nodes") + r.origin(P + "mode"));
            }
            if (masterName != null && !masterName.matches("[A-Za-z0-9._-]{1,64}")) {
                r.problem(P + "sentinel.masterName: 1-64 letters, digits, '.', '_' or '-' (the name in the sentinels'"
                        + " \"sentinel monitor\" line), was \"" + masterName + "\"" + r.origin(P + "sentinel.masterName"));
            }
        }
        if (r.problems().size() > before) {
            return null;
        }
        return new RedisConfig(uri, mode, mode == Mode.SENTINEL ? sentinels : List.of(), masterName, leaseReplicas,
                leaseReplicaTimeout);
    }

    private static boolean isRedisUri(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("redis://") && !lower.startsWith("rediss://")) {
            return false;
        }
        try {
            return new URI(text).getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
