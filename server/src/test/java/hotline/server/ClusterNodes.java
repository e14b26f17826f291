package hotline.server;

import hotline.testkit.lab.Lab;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Server nodes as separate JVMs from the built jar ({@code server/target/hotline-server.jar}, made by the package
 * phase before failsafe runs), on one lab: each gets the lab's configuration as a {@code HOTLINE_CONFIG} file and its
 * own cluster identity through {@code HOTLINE_CLUSTER_*} variables. Output goes to {@code <run>/<node>.log}.
 */
final class ClusterNodes implements AutoCloseable {
    private final Path run;
    private final Path configFile;
    private final List<String> members;
    private final Map<String, Process> nodes = new TreeMap<>();

    /**
     * @param settings the lab's configuration overrides (the same map the lab was started with, plus its runDir)
     * @param ports    each node's Hazelcast port, by node id
     */
    ClusterNodes(Path run, Map<String, Object> settings, Map<String, Integer> ports) throws IOException {
        this.run = run;
        StringBuilder conf = new StringBuilder();
        new TreeMap<>(settings).forEach((k, v) -> conf.append(k).append(" = ")
                .append(v instanceof Number || v instanceof Boolean ? v.toString()
                        : new JsonObject().put("v", v.toString()).encode().replaceAll("^\\{\"v\":|}$", ""))
                .append('\n'));
        configFile = run.resolve("cluster-node.conf");
        Files.writeString(configFile, conf.toString(), StandardCharsets.UTF_8);
        members = new ArrayList<>();
        ports.values().forEach(p -> members.add("127.0.0.1:" + p));
        this.ports = new HashMap<>(ports);
    }

    private final Map<String, Integer> ports;

    /** The lab's settings (ports, runDir, wrap-up 0 s) as {@link Lab#start} applies them, plus {@code overrides}. */
    static Map<String, Object> labSettings(Path run, Map<String, Object> overrides) {
        Map<String, Object> all = new HashMap<>(Lab.testPorts());
        all.put("hotline.runDir", run.toAbsolutePath().toString());
        all.put("hotline.acd.wrapUp", "0s");
        all.putAll(overrides);
        return all;
    }

    /** Starts node {@code id} (a {@code run} server or a {@code worker}) with extra environment variables. */
    Process start(String id, String command, Map<String, String> env) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jar = Lab.home().resolve("server/target/hotline-server.jar");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-Dhotline.home=" + Lab.home(), "-jar",
                jar.toString(), command);
        pb.environment().put("HOTLINE_CONFIG", configFile.toString());
        pb.environment().put("HOTLINE_CLUSTER_ENABLED", "true");
        pb.environment().put("HOTLINE_CLUSTER_NODE_ID", id);
        pb.environment().put("HOTLINE_CLUSTER_PORT", String.valueOf(ports.get(id)));
        pb.environment().put("HOTLINE_CLUSTER_MEMBERS", String.join(",", members));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log(id).toFile());
        Process p = pb.start();
        nodes.put(id, p);
        return p;
    }

    Path log(String id) {
        return run.resolve(id + ".log");
    }

    /** The node's log so far. */
    String logOf(String id) throws IOException {
        return Files.exists(log(id)) ? Files.readString(log(id), StandardCharsets.UTF_8) : "";
    }

    /** SIGKILL: the node dies without any goodbye (no lease release, no last state write). */
    void kill(String id) throws InterruptedException {
        Process p = nodes.get(id);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP ({@code stop = true}) or SIGCONT: the node freezes (a long pause) or resumes. */
    void pause(String id, boolean stop) throws Exception {
        Process k = new ProcessBuilder("kill", stop ? "-STOP" : "-CONT", String.valueOf(nodes.get(id).pid()))
                .redirectErrorStream(true).start();
        if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
            throw new IllegalStateException("kill " + (stop ? "-STOP" : "-CONT") + " failed");
        }
    }

    /** SIGTERM: the node stops gracefully. */
    void stop(String id) throws InterruptedException {
        Process p = nodes.get(id);
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : nodes.values()) {
            p.destroy();
        }
        for (Process p : nodes.values()) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
