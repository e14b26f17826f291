package hotline.telephony.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.telephony.TelephonyException;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.FakeAmiServer;
import hotline.testkit.Transcripts;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CarrierDialer} against {@link FakeAmiServer} answering as the carrier did in {@code agi_route_dial}. */
class CarrierDialerProtocolTest {

    private static final String USER = "lab";
    private static final String SECRET = "labsecret";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String CARRIER_CAPTURE = "agi_route_dial.carrier_ami.txt";
    private static final CitizenCall CALL = new CitizenCall("12345", "13900000000", "/tmp/citizen", 1,
            Duration.ofMillis(500), Duration.ofSeconds(3));

    private FakeAmiServer server;
    private CarrierDialer dialer;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeAmiServer(USER, SECRET);
    }

    @AfterEach
    void stop() {
        if (dialer != null) {
            dialer.close();
        }
        server.close();
    }

    @Test
    void shouldOriginateCitizenCallAndCompleteWithCarriersChannel() {
        Map<String, String> newChannel = new LinkedHashMap<>(capturedEvent("Newchannel"));
        newChannel.put("Timestamp", "1795322812.500000");
        server.onAction("Originate", (action, reply) -> {
            reply.success("Originate successfully queued");
            reply.send(newChannel);
            reply.send(reply.withActionId(capturedEvent("OriginateResponse")));
        });
        dialer = CarrierDialer.connect(endpoint(SECRET));

        Originated originated = dialer.callAndWait(CALL, WAIT);

        assertThat(originated).isEqualTo(new Originated(true, "PJSIP/pbx-00000000", "1795322812.0", "4"));
        assertThat(dialer.channelCreatedAt("1795322812.0")).contains(Instant.ofEpochSecond(1795322812L, 500_000_000L));
        Map<String, String> originate = server.awaitAction("Originate", WAIT);
        assertThat(originate).containsEntry("Channel", "PJSIP/12345@pbx").containsEntry("Context", "citizen")
                .containsEntry("Exten", "talk").containsEntry("Priority", "1")
                .containsEntry("CallerID", "\"Citizen\" <13900000000>").containsEntry("Timeout", "60000")
                .containsEntry("Async", "true");
        assertThat(originate.get("Variable").split("\n")).containsExactly("CITIZEN_AUDIO=/tmp/citizen",
                "CITIZEN_REPEAT=1", "CITIZEN_PRE=0.500", "CITIZEN_HOLD=3.000");
    }

    @Test
    void shouldReportFailedOriginateWithReason() {
        Map<String, String> failure = new LinkedHashMap<>(capturedEvent("OriginateResponse"));
        failure.put("Response", "Failure");
        failure.put("Channel", "PJSIP/12345@pbx");
        failure.put("Reason", "0");
        failure.put("Uniqueid", "<null>");
        server.onAction("Originate", (action, reply) -> {
            reply.success("Originate successfully queued");
            reply.send(reply.withActionId(failure));
        });
        dialer = CarrierDialer.connect(endpoint(SECRET));

        Originated originated = dialer.callAndWait(CALL, WAIT);

        assertThat(originated.success()).isFalse();
        assertThat(originated.reason()).isEqualTo("0");
    }

    @Test
    void shouldFailWhenCarrierRefusesOriginate() {
        server.onAction("Originate", (action, reply) -> reply.error("Extension does not exist."));
        dialer = CarrierDialer.connect(endpoint(SECRET));

        assertThatThrownBy(() -> dialer.callAndWait(CALL, WAIT)).isInstanceOf(TelephonyException.class)
                .hasMessageContaining("Extension does not exist.");
    }

    @Test
    void shouldHangUpCarrierChannel() {
        server.respondSuccess("Hangup", "Channel Hungup");
        dialer = CarrierDialer.connect(endpoint(SECRET));

        dialer.hangup("PJSIP/pbx-00000000");

        assertThat(server.awaitAction("Hangup", WAIT)).containsEntry("Channel", "PJSIP/pbx-00000000");
    }

    @Test
    void shouldFailToConnectWithWrongSecret() {
        assertThatThrownBy(() -> CarrierDialer.connect(endpoint("wrong"))).isInstanceOf(TelephonyException.class)
                .hasMessageContaining("login failed");
        assertThat(server.loginCount()).isZero();
    }

    private AmiEndpoint endpoint(String secret) {
        return new AmiEndpoint("carrier", server.host(), server.port(), USER, secret, Duration.ofSeconds(2));
    }

    private static Map<String, String> capturedEvent(String name) {
        List<Map<String, String>> packets = Transcripts.amiPacketsFromText(CARRIER_CAPTURE, '<');
        return packets.stream().filter(p -> name.equals(p.get("Event"))).findFirst().orElseThrow();
    }
}
