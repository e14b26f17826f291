package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.HotlineConfigLoader;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.FreePorts;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import hotline.testkit.lab.TcpProxy;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault: the server's AMI connection to the pbx is cut (a {@link TcpProxy} between them resets it and refuses
 * reconnects) and restored, all real. While it is cut, a talking citizen hangs up and a new citizen is answered by
 * a seat through the FastAGI's direct offer, so AMI never tells the server of either. After the server reconnects
 * by itself, its resync ({@code CoreShowChannels}) puts its picture right: the first call ended, the second
 * connected to its agent, both agents' states true; a call placed after the cut is routed and answered normally.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AmiCutIT {

    @Test
    void shouldResynchroniseCallsAndSeatsAfterTheAmiConnectionIsCutAndRestored() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-lab-ami-cut"));
        Map<String, Object> overrides = Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled", false);
        try (Lab lab = Lab.start(run, overrides);
                TcpProxy ami = new TcpProxy(FreePorts.tcp(), lab.config().asterisk().amiPort())) {
            Map<String, Object> serverSide = new HashMap<>(Lab.testPorts());
            serverSide.put("hotline.runDir", lab.config().runDir().toString());
            serverSide.put("hotline.acd.wrapUp", "0s");
            serverSide.putAll(overrides);
            serverSide.put("hotline.asterisk.amiPort", ami.port()); // the server reaches the pbx's AMI through it
            serverSide.put("hotline.asterisk.reconnect.maxDelay", "1s");
            var c = lab.config().carrier();
            try (HotlineServer server = HotlineServer.start(HotlineConfigLoader.load(Map.of(), serverSide),
                    Clock.systemUTC());
                    CarrierDialer carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(),
                            c.amiUser(), c.amiSecret(), Duration.ofSeconds(5)));
                    Softphone alicePhone = lab.softphone("1001", true, null);
                    Softphone bobPhone = lab.softphone("1002", true, null)) {
                LiveApi api = new LiveApi("http://127.0.0.1:" + server.httpPort());
                LiveApi.awaitTrue(Duration.ofSeconds(20), () -> api.get("/health").getBoolean("ami"));
                Path speech = lab.speech("citizen-ami-cut", "Hello. A tree fell across the road on Guloudajie.");
                loginReady(api, "alice", "1001");

                String caller1 = LiveApi.newCaller("135");
                Originated o1 = carrier.callAndWait(new CitizenCall("12345", caller1, Lab.playable(speech), 1,
                        Duration.ofMillis(500), Duration.ofSeconds(120)), Duration.ofSeconds(30));
                assertThat(o1.success()).isTrue();
                String call1 = api.awaitCall(caller1, "answered").getString("callId");
                loginReady(api, "bob", "1002");

                ami.cut();
                LiveApi.awaitTrue(Duration.ofSeconds(10), () -> !api.get("/health").getBoolean("ami"));

                carrier.hangup(o1.channel()); // AMI does not tell the server
                String caller2 = LiveApi.newCaller("134");
                Originated o2 = carrier.callAndWait(new CitizenCall("12345", caller2, Lab.playable(speech), 1,
                        Duration.ofMillis(500), Duration.ofSeconds(120)), Duration.ofSeconds(30));
                assertThat(o2.success()).isTrue();
                // bob's seat answers while AMI is cut: the pbx bridges the citizen to seat 1002
                LiveApi.awaitTrue(Duration.ofSeconds(20), () -> bridgedSeatLegs(lab, "1002") == 1);
                LiveApi.awaitTrue(Duration.ofSeconds(10), () -> !lab.pbxCli("core show channels concise")
                        .contains("PJSIP/1001-"));
                JsonObject bobDuringCut = api.agent("bob");
                assertThat(bobDuringCut.getString("state")).as("the server cannot know yet").isEqualTo("RESERVED");
                assertThat(api.agent("alice").getString("state")).isEqualTo("ON_CALL");

                ami.restore();
                LiveApi.awaitTrue(Duration.ofSeconds(20), () -> api.get("/health").getBoolean("ami"));

                // resync: call 1 ended, alice free; call 2 connected to bob
                LiveApi.awaitTrue(Duration.ofSeconds(20), () -> "READY".equals(api.agent("alice").getString("state"))
                        && "ON_CALL".equals(api.agent("bob").getString("state")));
                JsonObject first = awaitCall(api, call1, "ended");
                assertThat(LiveApi.types(first)).containsExactly("arrived", "queued", "offered", "ringing",
                        "answered", "ended");
                assertThat(LiveApi.step(first, "ended").getString("causeText")).isEqualTo("gone after AMI resync");
                JsonObject second = api.awaitCall(caller2, "answered");
                String call2 = second.getString("callId");
                assertThat(api.agent("bob").getString("callId")).isEqualTo(call2);
                assertThat(LiveApi.step(second, "answered").getString("agentId")).isEqualTo("bob");

                // a call after the cut: routed to the free agent, and AMI's events flow again (ringing, answered)
                String caller3 = LiveApi.newCaller("133");
                Originated o3 = carrier.callAndWait(new CitizenCall("12345", caller3, Lab.playable(speech), 1,
                        Duration.ofMillis(500), Duration.ofSeconds(2)), Duration.ofSeconds(30));
                assertThat(o3.success()).isTrue();
                JsonObject third = api.awaitCall(caller3, "ended");
                assertThat(LiveApi.types(third)).containsExactly("arrived", "queued", "offered", "ringing",
                        "answered", "ended");
                assertThat(LiveApi.step(third, "answered").getString("agentId")).isEqualTo("alice");
                assertThat(LiveApi.step(third, "ended").getString("endedBy")).isEqualTo("caller");

                // call 2 ends normally: its hang-up is seen, bob is free again, nothing is left over
                carrier.hangup(o2.channel());
                JsonObject secondEnded = awaitCall(api, call2, "ended");
                assertThat(LiveApi.types(secondEnded)).containsExactly("arrived", "queued", "offered", "answered",
                        "ended");
                assertThat(LiveApi.step(secondEnded, "ended").getString("endedBy")).isEqualTo("caller");
                LiveApi.awaitTrue(Duration.ofSeconds(10), () -> "READY".equals(api.agent("bob").getString("state"))
                        && "READY".equals(api.agent("alice").getString("state")));
                assertThat(api.get("/health").getInteger("activeCalls")).isZero();
                for (String agent : new String[] {"alice", "bob"}) {
                    assertThat(api.post("/api/agents/" + agent + "/logout", "").statusCode()).isEqualTo(200);
                }
            }
        }
    }

    /** Seat legs of {@code seat} that are up (answered) on the pbx now. */
    private static long bridgedSeatLegs(Lab lab, String seat) throws Exception {
        // concise: Channel!Context!Exten!Priority!State!Application!Data!...
        return lab.pbxCli("core show channels concise").lines()
                .filter(l -> l.startsWith("PJSIP/" + seat + "-") && l.contains("!Up!")).count();
    }

    private static void loginReady(LiveApi api, String agent, String seat) {
        assertThat(api.post("/api/agents/" + agent + "/login", "{\"seat\":\"" + seat + "\"}").statusCode())
                .isEqualTo(200);
        assertThat(api.post("/api/agents/" + agent + "/ready", "").statusCode()).isEqualTo(200);
    }

    private static JsonObject awaitCall(LiveApi api, String callId, String type) throws Exception {
        JsonObject[] found = new JsonObject[1];
        LiveApi.awaitTrue(Duration.ofSeconds(30), () -> {
            found[0] = api.get("/api/calls/" + callId);
            return LiveApi.types(found[0]).contains(type);
        });
        return found[0];
    }
}
