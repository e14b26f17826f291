package hotline.bench.load;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A third Asterisk instance that plays every agent seat at once: one outbound PJSIP registration per seat to the
 * contact center's pbx (the seat's own user name and password, contact user = the seat id), so the pbx sees 600
 * registered softphones from one process instead of 600 baresip processes.
 *
 * <p>An INVITE from the pbx to {@code sip:<seat>@sim} runs the dialplan {@code [seat]}: {@code Ringing()} (the 180
 * the pbx turns into {@code Newstate Ringing}), a random ring time, {@code Answer()}, then {@code Echo()} (the agent
 * "talks": every frame the citizen sends comes back) until an absolute timeout of a random handle time hangs the seat
 * up. Ring and handle ranges are dialplan globals ({@code RING_MIN_MS} …), changed between scenarios with the CLI.
 *
 * <p>The configuration is rendered from the project's own common templates ({@code config/asterisk/common}: the same
 * module list, logger, RTP and AMI files as the pbx and the carrier, placeholders filled for this instance) plus a
 * {@code pjsip.conf} and {@code extensions.conf} of its own, into {@code <dir>/etc}. Started and stopped with
 * {@code scripts/asterisk-ctl.sh}.
 */
public final class SeatSimulator implements AutoCloseable {
    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");

    /** Where the simulator listens and whom it registers with. */
    public record Ports(String host, int sipPort, int amiPort, int rtpStart, int rtpEnd, int pbxSipPort) {
    }

    private final Path home;
    private final Path dir;
    private final Ports ports;

    private SeatSimulator(Path home, Path dir, Ports ports) {
        this.home = home;
        this.dir = dir;
        this.ports = ports;
    }

    /**
     * Renders and starts the simulator.
     *
     * @param home  the repository root (templates and scripts)
     * @param dir   the instance directory
     * @param seats seat id to SIP password, in the order they register
     */
    public static SeatSimulator start(Path home, Path dir, Ports ports, Map<String, String> seats)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path etc = dir.resolve("etc");
        if (Files.exists(etc)) {
            try (var files = Files.list(etc)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(etc);
        Map<String, String> values = new TreeMap<>();
        values.put("INST", "seatsim");
        values.put("INST_DIR", dir.toAbsolutePath().normalize().toString());
        values.put("HOST", ports.host());
        values.put("AMI_PORT", Integer.toString(ports.amiPort()));
        values.put("AMI_USER", "hotline");
        values.put("AMI_SECRET", "lab-throwaway-secret");
        values.put("RTP_START", Integer.toString(ports.rtpStart()));
        values.put("RTP_END", Integer.toString(ports.rtpEnd()));
        values.put("SYSTEM_NAME_OPTION", "; seat simulator: no systemname");
        values.put("BOX_MODULES", "; seat simulator: no IAX2 trunk");
        values.put("ARI_MODULES", "; seat simulator: no ARI");
        try (var templates = Files.list(home.resolve("config/asterisk/common"))) {
            for (Path t : templates.sorted().toList()) {
                String name = t.getFileName().toString();
                if (!Files.isRegularFile(t) || name.startsWith(".") || name.endsWith("~")) {
                    continue;
                }
                String text = substitute(t, Files.readString(t, StandardCharsets.UTF_8), values);
                if (name.equals("modules.conf")) {
                    // the seats' registrations, the dialplan's random times and the handle-time limit
                    text = text + "; seat simulator\nload = res_pjsip_outbound_registration.so\nload = func_rand.so\n"
                            + "load = func_timeout.so\n";
                }
                Files.writeString(etc.resolve(name), text, StandardCharsets.UTF_8);
            }
        }
        Files.writeString(etc.resolve("pjsip.conf"), pjsipConf(ports, seats), StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("extensions.conf"), EXTENSIONS, StandardCharsets.UTF_8);
        SeatSimulator sim = new SeatSimulator(home, dir, ports);
        sim.script("start");
        return sim;
    }

    /** The seat dialplan; the globals are the defaults, set per scenario with {@link #setTimes}. */
    private static final String EXTENSIONS = """
            ; seat simulator (bench load): every seat answers after a random ring time and talks (echo) for a random
            ; handle time, then hangs up. Times in ms, changed per scenario with "dialplan set global".
            [general]
            static = yes
            writeprotect = no

            [globals]
            RING_MIN_MS = 1000
            RING_MAX_MS = 3000
            HANDLE_MIN_MS = 10000
            HANDLE_MAX_MS = 30000

            [seat]
            exten => _X.,1,NoOp(seat ${EXTEN} offered a call from ${CALLERID(num)})
             same => n,Ringing()
             same => n,Wait($[${RAND(${RING_MIN_MS},${RING_MAX_MS})} / 1000])
             same => n,Answer()
             same => n,Set(TIMEOUT(absolute)=$[${RAND(${HANDLE_MIN_MS},${HANDLE_MAX_MS})} / 1000])
             same => n,Echo()
             same => n,Hangup()
            """;

    private static String pjsipConf(Ports p, Map<String, String> seats) {
        StringBuilder out = new StringBuilder(400 * seats.size() + 1000);
        out.append("; seat simulator (bench load): one registration per seat to the pbx; calls from the pbx\n")
                .append("[global]\ntype = global\nuser_agent = HotlineSeatSim\nendpoint_identifier_order = ip\n\n")
                .append("[transport-udp]\ntype = transport\nprotocol = udp\nbind = ").append(p.host()).append(':')
                .append(p.sipPort()).append("\n\n")
                .append("[pbx]\ntype = endpoint\ntransport = transport-udp\ncontext = seat\ndisallow = all\n")
                .append("allow = ulaw,alaw\ndirect_media = no\nrtp_symmetric = yes\nmedia_address = ").append(p.host())
                .append("\nbind_rtp_to_media_address = yes\naors = pbx\n\n")
                .append("[pbx]\ntype = aor\ncontact = sip:").append(p.host()).append(':').append(p.pbxSipPort())
                .append("\n\n[pbx]\ntype = identify\nendpoint = pbx\nmatch = ").append(p.host()).append(':')
                .append(p.pbxSipPort()).append("\n\n");
        seats.forEach((seat, password) -> out.append("[reg-").append(seat).append("]\ntype = registration\n")
                .append("transport = transport-udp\noutbound_auth = auth-").append(seat).append('\n')
                .append("server_uri = sip:").append(p.host()).append(':').append(p.pbxSipPort()).append('\n')
                .append("client_uri = sip:").append(seat).append('@').append(p.host()).append(':')
                .append(p.pbxSipPort()).append('\n')
                .append("contact_user = ").append(seat).append('\n')
                .append("expiration = 3600\nretry_interval = 2\nforbidden_retry_interval = 5\nmax_retries = 100000\n")
                .append("[auth-").append(seat).append("]\ntype = auth\nauth_type = userpass\nusername = ")
                .append(seat).append("\npassword = ").append(password).append("\n\n"));
        return out.toString();
    }

    /** Sets the ranges the next calls draw their ring and handle times from (uniform, milliseconds). */
    public void setTimes(Duration ringMin, Duration ringMax, Duration handleMin, Duration handleMax)
            throws IOException, InterruptedException {
        cli("dialplan set global RING_MIN_MS " + ringMin.toMillis());
        cli("dialplan set global RING_MAX_MS " + ringMax.toMillis());
        cli("dialplan set global HANDLE_MIN_MS " + handleMin.toMillis());
        cli("dialplan set global HANDLE_MAX_MS " + handleMax.toMillis());
    }

    /** The simulator's process id (its CPU is read from /proc). */
    public long pid() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("asterisk.pid")).trim());
    }

    /** Registrations the pbx accepted ({@code pjsip show registrations}: status {@code Registered}). */
    public int registered() throws IOException, InterruptedException {
        Matcher m = Pattern.compile("\\sRegistered\\b").matcher(cli("pjsip show registrations"));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Channels the simulator holds now ({@code core show channels count}). */
    public int activeChannels() throws IOException, InterruptedException {
        Matcher m = Pattern.compile("(\\d+) active channel").matcher(cli("core show channels count"));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Runs a CLI command on the simulator. */
    public String cli(String command) throws IOException, InterruptedException {
        return run(List.of("asterisk", "-C", dir.resolve("etc/asterisk.conf").toString(), "-rx", command));
    }

    /** Whether a UDP and a TCP port are both free on the host now (checked before choosing the simulator's). */
    public static boolean free(String host, int port) {
        try (DatagramSocket u = new DatagramSocket(port, InetAddress.getByName(host));
             ServerSocket t = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            return u.isBound() && t.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    private void script(String cmd) throws IOException, InterruptedException {
        run(List.of(home.resolve("scripts/asterisk-ctl.sh").toString(), cmd, dir.toString()));
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + text);
        }
        return text;
    }

    private static String substitute(Path file, String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        int last = 0;
        List<String> unknown = new ArrayList<>();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                unknown.add(m.group());
                continue;
            }
            out.append(template, last, m.start()).append(v);
            last = m.end();
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(file + ": placeholders the seat simulator does not fill: " + unknown);
        }
        return out.append(template, last, template.length()).toString();
    }

    /** Waits until {@code check} holds, polling every 250 ms. */
    static void await(Duration timeout, String what, java.util.function.BooleanSupplier check)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!check.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + ": not within " + timeout);
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("stop");
    }
}
