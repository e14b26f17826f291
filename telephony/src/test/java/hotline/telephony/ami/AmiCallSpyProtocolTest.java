package hotline.telephony.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.telephony.TelephonyException;
import hotline.testkit.FakeAmiServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AmiCallSpy} through a real Asterisk-Java connection against {@link FakeAmiServer}. */
class AmiCallSpyProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String CONTROL = "ami_redirect_fork.pbx_ami_control.txt";

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
    void shouldRingTheSupervisorsSeatIntoChanSpyOnTheAgentsSeatChannel() throws Exception {
        // Asterisk 16 manager.c answers an Async Originate at once
        server.onAction("Originate", (action, reply) -> reply.send(reply.withActionId(new LinkedHashMap<>(
                Map.of("Response", "Success", "Message", "Originate successfully queued")))));

        assertThat(new AmiCallSpy(client).spy("1010", "1001", AmiCallSpy.Mode.WHISPER).toCompletableFuture())
                .succeedsWithin(WAIT);

        assertThat(server.awaitAction("Originate", WAIT)).containsEntry("Channel", "PJSIP/1010")
                .containsEntry("Application", "ChanSpy").containsEntry("Data", "PJSIP/1001-,bqwES")
                .containsEntry("Async", "true").containsEntry("Timeout", "30000")
                .containsEntry("CallerID", "\"whisper 1001\" <1001>");
    }

    @Test
    void shouldUseChanSpysOptionsForEachMode() {
        assertThat(AmiCallSpy.originate("1010", "1001", AmiCallSpy.Mode.LISTEN).getData())
                .isEqualTo("PJSIP/1001-,bqES");
        assertThat(AmiCallSpy.originate("1010", "1001", AmiCallSpy.Mode.BARGE).getData())
                .isEqualTo("PJSIP/1001-,bqBES");
        assertThat(AmiCallSpy.Mode.of("barge")).contains(AmiCallSpy.Mode.BARGE);
        assertThat(AmiCallSpy.Mode.of("steal")).isEmpty();
        assertThatThrownBy(() -> AmiCallSpy.originate("10 10", "1001", AmiCallSpy.Mode.LISTEN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFailWithAsterisksMessageWhenTheOriginateIsRefused() {
        server.onAction("Originate", (action, reply) -> reply.error("Originate failed"));

        assertThat(new AmiCallSpy(client).spy("1010", "1001", AmiCallSpy.Mode.LISTEN).toCompletableFuture())
                .failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOf(TelephonyException.class).withMessageContaining("Originate failed");
    }
}
