package hotline.telephony.ami;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.TelephonyException;
import hotline.testkit.FakeAmiServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AmiAudioFork} through a real Asterisk-Java connection against {@link FakeAmiServer} answering as Asterisk
 * 16.28 did in the lab capture {@code ami_redirect_fork.pbx_ami_control.txt}.
 */
class AmiAudioForkProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String CONTROL = "ami_redirect_fork.pbx_ami_control.txt";

    private final RecordingSink sink = new RecordingSink(WAIT);
    private ConnectedAmi ami;
    private FakeAmiServer server;
    private AmiClient client;

    @BeforeEach
    void start() throws Exception {
        ami = ConnectedAmi.start(sink, CONTROL, s -> s.respondFromTranscript("Originate", CONTROL));
        server = ami.server;
        client = ami.client;
    }

    @AfterEach
    void stop() {
        ami.close();
    }

    @Test
    void shouldOriginateUnicastRtpChannelSpyingTheCallersOwnVoiceAsVerifiedInTheLab() throws Exception {
        AmiAudioFork fork = new AmiAudioFork(client);

        assertThat(fork.start("1795323011.14", "127.0.0.1", 40000).toCompletableFuture()).succeedsWithin(WAIT);

        Map<String, String> originate = server.awaitAction("Originate", WAIT);
        // the lab's capture, header for header (the lab's context was lab-fork; the project's dialplan names it
        // hotline-fork with the same ChanSpy(${SPY_ID},qoEu))
        assertThat(originate).containsEntry("Channel", "UnicastRTP/127.0.0.1:40000/c(ulaw)")
                .containsEntry("Context", "hotline-fork").containsEntry("Exten", "caller")
                .containsEntry("Priority", "1").containsEntry("Variable", "SPY_ID=1795323011.14")
                .containsEntry("Timeout", "5000").doesNotContainKey("Async");
    }

    @Test
    void shouldFailWithAsterisksMessageWhenTheOriginateIsRefused() throws Exception {
        server.onAction("Originate", (action, reply) -> reply.error("Originate failed"));

        assertThat(new AmiAudioFork(client).start("1.2", "127.0.0.1", 40000).toCompletableFuture())
                .failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOf(TelephonyException.class).withMessageContaining("Originate failed");
    }

    @Test
    void shouldStopTheForkByHangingUpItsUnicastRtpChannelByName() throws Exception {
        // Asterisk 16 manager.c answers a /regex/ Hangup with "Channels hung up" and a count (not captured in the lab)
        server.onAction("Hangup", (action, reply) -> reply.send(reply.withActionId(
                new java.util.LinkedHashMap<>(Map.of("Response", "Success", "Message", "Channels hung up",
                        "Count", "1")))));

        assertThat(new AmiAudioFork(client).stop("127.0.0.1", 40000).toCompletableFuture()).succeedsWithin(WAIT);

        assertThat(server.awaitAction("Hangup", WAIT))
                .containsEntry("Channel", "/^UnicastRTP/127\\.0\\.0\\.1:40000-/");
        assertThat("UnicastRTP/127.0.0.1:40000-0x7f34d4033fc0")
                .matches(AmiAudioFork.channelPattern("127.0.0.1", 40000).replaceAll("^/|/$", "") + ".*");
        assertThat("UnicastRTP/127.0.0.1:400001-0x7f34d4033fc0")
                .doesNotMatch(AmiAudioFork.channelPattern("127.0.0.1", 40000).replaceAll("^/|/$", "") + ".*");
    }
}
