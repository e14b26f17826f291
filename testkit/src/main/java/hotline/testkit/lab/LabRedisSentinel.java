package hotline.testkit.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Redis Sentinel deployment on loopback for integration tests: a master, two replicas and three sentinels
 * (quorum 2) watching it under {@value #MASTER_NAME}, each its own {@code redis-server} process (Debian's redis
 * package: {@code redis-server --sentinel}), on ports 16381..16383 (Redis) and 26381..26383 (sentinels) plus
 * {@code HOTLINE_LAB_PORT_OFFSET}. A sentinel declares the master down after {@link #DOWN_AFTER} without an answer.
 * {@link #killMaster()} sends it SIGKILL; the sentinels then promote a replica and point the other one at it (two
 * replicas, so that the promoted master still has one: a {@code WAIT 1} can succeed after the failover).
 */
public final class LabRedisSentinel implements AutoCloseable {
    /** The name the sentinels monitor the master under. */
    public static final String MASTER_NAME = "hotline";
    /** How long a sentinel waits for the master before it counts it as down. */
    public static final Duration DOWN_AFTER = Duration.ofMillis(1000);

    private final Path dir;
    private final int masterPort;
    private final List<Integer> replicaPorts = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private Process master;
    private final List<Process> replicas = new ArrayList<>();
    private final List<Process> sentinels = new ArrayList<>();

    private LabRedisSentinel(Path dir, int offset) {
        this.dir = dir;
        this.masterPort = 16381 + offset;
        replicaPorts.add(16382 + offset);
        replicaPorts.add(16383 + offset);
        for (int i = 0; i < 3; i++) {
            sentinelPorts.add(26381 + offset + i);
        }
    }

    /** Starts the master, the replicas (waits until each is in sync) and the sentinels (until each sees all). */
    public static LabRedisSentinel start(Path dir) throws IOException, InterruptedException {
        deleteTree(dir);
        Files.createDirectories(dir);
        LabRedisSentinel lab = new LabRedisSentinel(dir, Lab.portOffset());
        try {
            lab.master = lab.redis("master", lab.masterPort);
            for (int i = 0; i < lab.replicaPorts.size(); i++) {
                int port = lab.replicaPorts.get(i);
                lab.replicas.add(lab.redis("replica-" + i, port, "--replicaof", "127.0.0.1",
                        String.valueOf(lab.masterPort)));
                lab.await("replica " + port + " in sync", () -> lab.cli(port, "info", "replication")
                        .contains("master_link_status:up"));
            }
            for (int i = 0; i < lab.sentinelPorts.size(); i++) {
                lab.sentinels.add(lab.sentinel(i, lab.sentinelPorts.get(i)));
            }
            for (int port : lab.sentinelPorts) {
                lab.await("sentinel " + port + " sees the replicas and the other sentinels", () -> {
                    String m = lab.cli(port, "sentinel", "master", MASTER_NAME);
                    return m.contains("num-slaves\n2") && m.contains("num-other-sentinels\n2");
                });
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** The sentinels' URIs, for {@code hotline.redis.sentinel.nodes}. */
    public List<String> sentinelUris() {
        return sentinelPorts.stream().map(p -> "redis://127.0.0.1:" + p).toList();
    }

    /** The port of the Redis that was master at start. */
    public int masterPort() {
        return masterPort;
    }

    /** The ports of the Redis servers that were replicas at start. */
    public List<Integer> replicaPorts() {
        return List.copyOf(replicaPorts);
    }

    /** The master's port as the first sentinel names it now. */
    public int currentMasterPort() throws IOException, InterruptedException {
        String[] lines = cli(sentinelPorts.get(0), "sentinel", "get-master-addr-by-name", MASTER_NAME).trim()
                .split("\n");
        return Integer.parseInt(lines[lines.length - 1].trim());
    }

    /** SIGKILL to the master (no shutdown, nothing flushed): the sentinels will promote a replica. */
    public void killMaster() throws InterruptedException {
        master.destroyForcibly();
        master.waitFor(10, TimeUnit.SECONDS);
    }

    /** Runs {@code redis-cli -p port args...} and returns its output (raw, one reply element per line). */
    public String cli(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "--raw", "-h", "127.0.0.1", "-p",
                String.valueOf(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": timed out");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private Process redis(String name, int port, String... extra) throws IOException, InterruptedException {
        Path d = Files.createDirectories(dir.resolve(name));
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--port",
                String.valueOf(port), "--dir", d.toString(), "--logfile", d.resolve("redis.log").toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "no"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(d.resolve("stdout").toFile())
                .start();
        await(name + " answering on " + port, () -> cli(port, "ping").contains("PONG"));
        return p;
    }

    private Process sentinel(int index, int port) throws IOException, InterruptedException {
        Path d = Files.createDirectories(dir.resolve("sentinel-" + index));
        // a sentinel rewrites its own config file (it records the replicas, the other sentinels, failovers)
        Path conf = d.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
                "bind 127.0.0.1",
                "port " + port,
                "dir " + d,
                "logfile " + d.resolve("sentinel.log"),
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
                "sentinel failover-timeout " + MASTER_NAME + " 10000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                ""));
        Process p = new ProcessBuilder("redis-server", conf.toString(), "--sentinel").redirectErrorStream(true)
                .redirectOutput(d.resolve("stdout").toFile()).start();
        await("sentinel answering on " + port, () -> cli(port, "ping").contains("PONG"));
        return p;
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws IOException, InterruptedException;
    }

    // Polls a process we started until it is ready (no other signal exists for "in sync" or "sentinels agree").
    private void await(String what, Check check) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("redis sentinel lab: timed out waiting for " + what + " (logs under " + dir
                        + ")");
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(sentinels);
        all.addAll(replicas);
        all.add(master);
        for (Process p : all) {
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : all) {
            try {
                if (p != null && !p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
