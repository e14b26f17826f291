package hotline.server;

import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.testkit.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * One integration test class's world, all real: the test {@link Lab} (Redis, the pbx and carrier Asterisks), the
 * hotline server in-process on it, its HTTP API, and the carrier's dialer for citizen calls. Closed in reverse order.
 */
final class LiveLab implements AutoCloseable {
    final Lab lab;
    final HotlineServer server;
    final LiveApi api;
    final CarrierDialer carrier;

    private LiveLab(Lab lab, HotlineServer server, LiveApi api, CarrierDialer carrier) {
        this.lab = lab;
        this.server = server;
        this.api = api;
        this.carrier = carrier;
    }

    /**
     * Starts everything under {@code server/target/<name>} and waits for the server's AMI session.
     *
     * @param overrides configuration over the lab's port plan (e.g. {@code hotline.ivr.enabled = false})
     */
    static LiveLab start(String name, Map<String, Object> overrides) throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target").resolve(name));
        Lab lab = Lab.start(run, overrides);
        HotlineServer server = null;
        try {
            server = HotlineServer.start(lab.config(), Clock.systemUTC());
            LiveApi api = new LiveApi("http://127.0.0.1:" + server.httpPort());
            var c = lab.config().carrier();
            CarrierDialer carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(),
                    c.amiUser(), c.amiSecret(), Duration.ofSeconds(5)));
            LiveApi.awaitTrue(Duration.ofSeconds(20), () -> api.get("/health").getBoolean("ami"));
            return new LiveLab(lab, server, api, carrier);
        } catch (Exception | Error e) {
            if (server != null) {
                server.close();
            }
            lab.close();
            throw e;
        }
    }

    /** A menu file for tests: the built-in menu with short waits for keys, so silent callers take seconds. */
    static Path quickMenu(String name) throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target").resolve(name));
        Path menu = run.resolve("menu.conf");
        Files.writeString(menu, "include classpath(\"ivr-menu.conf\")\nivr { inputTimeout = 2s, interDigit = 2s }\n");
        return menu;
    }

    @Override
    public void close() throws Exception {
        try {
            carrier.close();
        } finally {
            try {
                server.close();
            } finally {
                lab.close();
            }
        }
    }
}
