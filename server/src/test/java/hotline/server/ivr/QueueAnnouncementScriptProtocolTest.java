package hotline.server.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.call.CallController.QueuedInfo;
import hotline.telephony.agi.FastAgiServer;
import hotline.telephony.agi.InboundCall;
import hotline.telephony.agi.InboundCallHandler;
import hotline.telephony.agi.InboundDecision;
import hotline.testkit.AgiSessionResult;
import hotline.testkit.FakeAgiClient;
import hotline.testkit.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code queued} FastAGI script against Asterisk's side of the protocol (request headers as captured from
 * Asterisk 16, script name changed; {@code STREAM FILE} answers the key pressed as its ASCII code, 0 for none).
 */
class QueueAnnouncementScriptProtocolTest {
    private static final String HOST = "127.0.0.1";
    private static final String NO_KEY = "200 result=0 endpos=8000";

    private final int port = FreePorts.tcp();
    private final List<String> accepted = new ArrayList<>();
    private FastAgiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldTellTheCallersPlaceAndWaitInTheirLanguage() throws Exception {
        start(Optional.of(new QueuedInfo(4, Duration.ofSeconds(130), "en", false)));

        AgiSessionResult s = client().reply("STREAM FILE", NO_KEY).run(HOST, port, Duration.ofSeconds(5));

        assertThat(s.commands()).containsExactly(
                "STREAM FILE \"/var/prompts/en/ahead-3\" \"\"",
                "STREAM FILE \"/var/prompts/en/wait-3\" \"\"",
                "SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\"");
        assertThat(accepted).isEmpty();
    }

    @Test
    void shouldBookTheCallbackWhenTheCallerPressesOneDuringTheOffer() throws Exception {
        start(Optional.of(new QueuedInfo(1, Duration.ofSeconds(20), null, true)));

        AgiSessionResult s = client().reply("STREAM FILE", NO_KEY)
                .reply("STREAM FILE /var/prompts/zh/callback-offer", "200 result=49 endpos=4000") // '1'
                .run(HOST, port, Duration.ofSeconds(5));

        assertThat(s.commands()).containsExactly(
                "STREAM FILE \"/var/prompts/zh/ahead-0\" \"1\"",
                "STREAM FILE \"/var/prompts/zh/wait-1\" \"1\"",
                "STREAM FILE \"/var/prompts/zh/callback-offer\" \"1\"",
                "STREAM FILE \"/var/prompts/zh/callback-confirm\" \"\"",
                "SET VARIABLE \"HOTLINE_CALLBACK\" \"1\"",
                "SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\"");
        assertThat(accepted).containsExactly("C42");
    }

    @Test
    void shouldKeepTheCallerWaitingWhenTheyLetTheOfferPass() throws Exception {
        start(Optional.of(new QueuedInfo(1, Duration.ofSeconds(20), "zh", true)));

        AgiSessionResult s = client().reply("STREAM FILE", NO_KEY).reply("WAIT FOR DIGIT", "200 result=0")
                .run(HOST, port, Duration.ofSeconds(5));

        assertThat(s.commands()).contains("WAIT FOR DIGIT 6000")
                .doesNotContain("SET VARIABLE \"HOTLINE_CALLBACK\" \"1\"");
        assertThat(accepted).isEmpty();
    }

    @Test
    void shouldSayNothingToACallThatIsNoLongerWaiting() throws Exception {
        start(Optional.empty());

        AgiSessionResult s = client().run(HOST, port, Duration.ofSeconds(5));

        assertThat(s.commands()).containsExactly("SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\"");
    }

    private FakeAgiClient client() {
        return FakeAgiClient.fromTranscript("agi_route_dial.agi_session.txt")
                .withHeader("agi_network_script", "queued")
                .withHeader("agi_request", "agi://127.0.0.1:" + port + "/queued")
                .withHeader("agi_arg_1", "C42");
    }

    private void start(Optional<QueuedInfo> info) throws Exception {
        WaitingCalls calls = new WaitingCalls() {
            @Override
            public CompletableFuture<Optional<QueuedInfo>> info(String callId) {
                return CompletableFuture.completedFuture(callId.equals("C42") ? info : Optional.empty());
            }

            @Override
            public CompletableFuture<Boolean> acceptCallback(String callId) {
                accepted.add(callId);
                return CompletableFuture.completedFuture(true);
            }
        };
        InboundCallHandler none = new InboundCallHandler() {
            @Override
            public InboundDecision onInbound(InboundCall call) {
                throw new IllegalStateException("not in this test");
            }

            @Override
            public void onAgiFinished(String callId, boolean ok) {
            }
        };
        QueueAnnouncementScript script = new QueueAnnouncementScript(calls, new PromptFiles(Path.of("/var/prompts")),
                "zh", Set.of("zh", "en"));
        server = new FastAgiServer(HOST, port, 4, none, Map.of("queued", script));
        server.start();
    }
}
