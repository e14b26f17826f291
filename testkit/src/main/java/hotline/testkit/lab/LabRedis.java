package hotline.testkit.lab;

import hotline.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Redis on loopback for integration tests and benchmarks that need only Redis (no Asterisk): started and
 * stopped with the project's {@code scripts/redis-ctl.sh}, data (AOF) under {@code dir}, on a free port. Every
 * instance starts empty; {@link #restart()} keeps the data (the AOF is replayed), as a Redis restart in production.
 */
public final class LabRedis implements AutoCloseable {
    private final Path dir;
    private final int port;

    private LabRedis(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts an empty Redis with its data under {@code dir} (deleted first) on a free loopback port. */
    public static LabRedis start(Path dir) throws IOException, InterruptedException {
        deleteTree(dir);
        LabRedis redis = new LabRedis(dir, FreePorts.tcp());
        redis.ctl("start");
        return redis;
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops Redis (SHUTDOWN writes the AOF) and starts it again on the same port with the same data. */
    public void restart() throws IOException, InterruptedException {
        ctl("stop");
        ctl("start");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        ctl("stop");
    }

    private void ctl(String command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Lab.home().resolve("scripts/redis-ctl.sh").toString(), command,
                dir.toString(), String.valueOf(port)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": "
                    + new String(out, StandardCharsets.UTF_8));
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
