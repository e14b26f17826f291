package hotline.bench;

import hotline.server.HotlineServer;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Real citizen calls for a benchmark: the test lab (Redis, pbx and carrier Asterisk), the server in-process, and
 * {@code seats} baresip softphones that auto-answer (seats 1001.., agents {@code bench1001..}, logged in and
 * ready), with the carrier's AMI to place calls. Reusable by any bench that needs N concurrent real calls through
 * the carrier; {@link #legs} finds a call's channels on the pbx by the caller's number.
 */
public final class LabCalls implements AutoCloseable {
    private final Lab lab;
    private final HotlineServer server;
    private final String base;
    private final CarrierDialer carrier;
    private final List<Softphone> phones = new ArrayList<>();

    /** A call's two channels on the pbx while it is bridged: the citizen's (from the trunk) and the seat's. */
    public record PbxLegs(String callerChannel, String callerUniqueId, String seatChannel, String seatUniqueId,
                          String seat) {
    }

    private LabCalls(Lab lab, HotlineServer server, String base, CarrierDialer carrier) {
        this.lab = lab;
        this.server = server;
        this.base = base;
        this.carrier = carrier;
    }

    /**
     * Starts everything; the seats get the audio {@code seatAudio.apply(seat)} (null: silence).
     *
     * @param runName   directory under {@code .run/} for the lab
     * @param overrides config overrides (e.g. {@code hotline.asr.enabled=false}, {@code hotline.ivr.enabled=false})
     */
    public static LabCalls start(String runName, int seats, Map<String, Object> overrides,
                                 IntFunction<Path> seatAudio) throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve(".run").resolve(runName));
        Map<String, Object> all = new HashMap<>(Map.of("hotline.routing.ringTimeout", "6s"));
        all.putAll(overrides);
        Lab lab = Lab.start(run, all);
        HotlineServer server = null;
        try {
            // on a loaded machine the first deployment can miss its 30 s: try again before giving up
            for (int attempt = 1; server == null; attempt++) {
                try {
                    server = HotlineServer.start(lab.config(), Clock.systemUTC());
                } catch (java.util.concurrent.TimeoutException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
            String base = "http://127.0.0.1:" + server.httpPort();
            BenchHttp.await(Duration.ofSeconds(30), () -> BenchHttp.get(base + "/health").getBoolean("ami"));
            var c = lab.config().carrier();
            CarrierDialer carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(),
                    c.amiUser(), c.amiSecret(), Duration.ofSeconds(5)));
            LabCalls calls = new LabCalls(lab, server, base, carrier);
            for (int i = 0; i < seats; i++) {
                int seat = 1001 + i;
                calls.phones.add(lab.softphone(String.valueOf(seat), true, seatAudio.apply(seat)));
                BenchHttp.post(base + "/api/agents/bench" + seat + "/login", "{\"seat\":\"" + seat + "\"}");
                BenchHttp.post(base + "/api/agents/bench" + seat + "/ready", "");
            }
            return calls;
        } catch (Exception | Error e) {
            if (server != null) {
                server.close();
            }
            lab.close();
            throw e;
        }
    }

    public Lab lab() {
        return lab;
    }

    public HotlineServer server() {
        return server;
    }

    /** {@code http://127.0.0.1:<port>} of the server. */
    public String base() {
        return base;
    }

    public CarrierDialer carrier() {
        return carrier;
    }

    /**
     * The pbx channels of the bridged call from {@code callerNumber}, from {@code core show channels concise}
     * ({@code Channel!Context!Exten!Prio!State!App!Data!CallerID!Account!PeerAccount!AMA!Duration!BridgeID!Uniqueid});
     * empty while the call is not bridged with a seat.
     */
    public Optional<PbxLegs> legs(String callerNumber) throws IOException, InterruptedException {
        String[] lines = lab.pbxCli("core show channels concise").split("\n");
        String[] caller = null;
        for (String line : lines) {
            String[] f = line.trim().split("!", -1);
            if (f.length >= 14 && f[0].startsWith("PJSIP/carrier") && callerNumber.equals(f[7])
                    && !f[12].isEmpty()) {
                caller = f;
            }
        }
        if (caller == null) {
            return Optional.empty();
        }
        for (String line : lines) {
            String[] f = line.trim().split("!", -1);
            if (f.length >= 14 && f != caller && caller[12].equals(f[12]) && f[0].startsWith("PJSIP/")
                    && !f[0].startsWith("PJSIP/carrier")) {
                String seat = f[0].substring("PJSIP/".length(), f[0].indexOf('-'));
                return Optional.of(new PbxLegs(caller[0], caller[13], f[0], f[13], seat));
            }
        }
        return Optional.empty();
    }

    /**
     * Puts every thread of the lab's pbx and carrier Asterisk into the round-robin real-time class ({@code chrt -r
     * -a -p PRIO}, as Asterisk's own {@code highpriority} option does at start-up), so their media timers are served
     * on time however loaded the machine is.
     */
    public void realTime(int priority) throws IOException, InterruptedException {
        for (String instance : List.of("pbx", "carrier")) {
            Path pid = lab.config().runDir().resolve(instance).resolve("asterisk.pid");
            Process p = new ProcessBuilder("chrt", "-a", "-r", "-p", String.valueOf(priority),
                    Files.readString(pid).trim()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("chrt on the " + instance + " failed: " + out);
            }
        }
    }

    /** True while the pbx has a channel from {@code callerNumber}. */
    public boolean callerUp(String callerNumber) throws IOException, InterruptedException {
        for (String line : lab.pbxCli("core show channels concise").split("\n")) {
            String[] f = line.trim().split("!", -1);
            if (f.length >= 8 && f[0].startsWith("PJSIP/carrier") && callerNumber.equals(f[7])) {
                return true;
            }
        }
        return false;
    }

    /** The 1-, 5- and 15-minute load averages ({@code /proc/loadavg}), e.g. {@code 2.31/1.80/1.20}. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split(" ");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        for (Softphone p : phones) {
            p.close();
        }
        try {
            carrier.close();
        } catch (RuntimeException e) {
            // closing anyway
        }
        try {
            server.close();
        } catch (Exception e) {
            // closing anyway
        }
        lab.close();
    }
}
