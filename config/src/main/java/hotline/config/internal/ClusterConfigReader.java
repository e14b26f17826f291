package hotline.config.internal;

import hotline.config.ClusterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code hotline.cluster} ({@link ClusterConfig}); problems go to the reader, the result is then null. */
public final class ClusterConfigReader {
    private static final String P = "hotline.cluster.";

    private ClusterConfigReader() {
    }

    public static ClusterConfig read(ConfigReader r) {
        int before = r.problems().size();
        boolean enabled = r.bool(P + "enabled");
        String nodeId = r.string(P + "nodeId");
        String host = r.host(P + "host");
        int port = r.port(P + "port");
        String memberList = r.string(P + "members");
        int eventBusPort = r.wholeNumber(P + "eventBusPort", "a port number or 0", 0, 65535);
        Duration ttl = r.positiveDuration(P + "leaseTtl");
        Duration renew = r.positiveDuration(P + "renewEvery");
        boolean remoteAsr = r.bool(P + "remoteAsr");
        if (nodeId != null && !nodeId.matches("[A-Za-z0-9._-]{0,64}")) {
            r.problem(P + "nodeId: 0-64 letters, digits, '.', '_' or '-', was \"" + nodeId + "\"" + r.origin(P + "nodeId"));
        }
        List<String> members = new ArrayList<>();
        if (memberList != null) {
            for (String m : memberList.split(",")) {
                String t = m.trim();
                if (t.isEmpty()) {
                    continue;
                }
                int colon = t.lastIndexOf(':');
                int p = -1;
                try {
                    p = colon > 0 ? Integer.parseInt(t.substring(colon + 1)) : -1;
                } catch (NumberFormatException e) {
                    p = -1;
                }
                if (p < 1 || p > 65535) {
                    r.problem(P + "members: each member is host:port (port 1..65535), was \"" + t + "\""
                            + r.origin(P + "members"));
                } else {
                    members.add(t);
                }
            }
            if (members.isEmpty() && r.problems().size() == before) {
                r.problem(P + "members: at least one host:port (this node's own, for a cluster of one)"
                        + r.origin(P + "members"));
            }
        }
        if (ttl != null && renew != null && renew.multipliedBy(2).compareTo(ttl) > 0) {
            r.problem(P + "renewEvery: must be at most half of leaseTtl (" + ConfigReader.format(renew) + " vs "
                    + ConfigReader.format(ttl) + "), or a slow renewal loses the lease" + r.origin(P + "renewEvery")
                    + r.origin(P + "leaseTtl"));
        }
        if (r.problems().size() > before) {
            return null;
        }
        return new ClusterConfig(enabled, nodeId, host, port, members, eventBusPort, ttl, renew, remoteAsr);
    }
}
