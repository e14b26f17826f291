package hotline.telephony.ami;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.TelephonyException;
import hotline.testkit.FakeAmiServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AmiCallControl}'s hold and resume, header for header, through Asterisk-Java against {@link FakeAmiServer}. */
class AmiCallControlProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String CONTROL = "ami_redirect_fork.pbx_ami_control.txt";
    // the citizen and the seat leg of the ami_redirect_fork transcript
    private static final String CALLER = "PJSIP/carrier-0000000b";
    private static final String SEAT_LEG = "PJSIP/1001-0000000c";

    private final RecordingSink sink = new RecordingSink(WAIT);
    private ConnectedAmi ami;
    private FakeAmiServer server;
    private AmiClient client;

    @BeforeEach
    void start() throws Exception {
        ami = ConnectedAmi.start(sink, CONTROL, s -> { });
        server = ami.server;
        client = ami.client;
    }

    @AfterEach
    void stop() {
        ami.close();
    }

    @Test
    void shouldNameTheSeatLegThenRedirectBothLegsIntoTheHoldContextTogether() {
        // Asterisk 16 manager.c: "Variable Set" and "Dual Redirect successful"
        server.respondSuccess("SetVar", "Variable Set");
        server.respondSuccess("Redirect", "Dual Redirect successful");

        assertThat(new AmiCallControl(client).hold(CALLER, SEAT_LEG).toCompletableFuture()).succeedsWithin(WAIT);

        List<Map<String, String>> actions = server.receivedActions().stream()
                .filter(a -> "SetVar".equalsIgnoreCase(a.get("Action")) || "Redirect".equalsIgnoreCase(a.get("Action")))
                .toList();
        assertThat(actions).hasSize(2);
        assertThat(actions.get(0).get("Action")).isEqualToIgnoringCase("SetVar");
        assertThat(actions.get(0)).containsEntry("Channel", CALLER)
                .containsEntry("Variable", "HOTLINE_HELD_SEAT").containsEntry("Value", SEAT_LEG);
        assertThat(actions.get(1)).containsEntry("Channel", CALLER).containsEntry("Context", "hotline-hold")
                .containsEntry("Exten", "s").containsEntry("Priority", "1").containsEntry("ExtraChannel", SEAT_LEG)
                .containsEntry("ExtraContext", "hotline-hold").containsEntry("ExtraExten", "seat")
                .containsEntry("ExtraPriority", "1");
    }

    @Test
    void shouldResumeByRedirectingTheCallerToBridgeTheHeldSeatLeg() {
        server.respondSuccess("Redirect", "Redirect successful");

        assertThat(new AmiCallControl(client).unhold(CALLER).toCompletableFuture()).succeedsWithin(WAIT);

        assertThat(server.awaitAction("Redirect", WAIT)).containsEntry("Channel", CALLER)
                .containsEntry("Context", "hotline-hold").containsEntry("Exten", "resume")
                .containsEntry("Priority", "1").doesNotContainKey("ExtraChannel");
    }

    @Test
    void shouldNotRedirectWhenTheSeatLegCannotBeNamedAndFailWithAsterisksMessage() {
        server.onAction("SetVar", (action, reply) -> reply.error("No such channel"));

        assertThat(new AmiCallControl(client).hold(CALLER, SEAT_LEG).toCompletableFuture()).failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOf(TelephonyException.class).withMessageContaining("No such channel");
        assertThat(server.receivedActions()).noneMatch(a -> "Redirect".equalsIgnoreCase(a.get("Action")));
    }
}
