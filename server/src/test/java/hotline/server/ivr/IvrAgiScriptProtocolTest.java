package hotline.server.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.ivr.IvrDistrict;
import hotline.config.ivr.IvrMenuLoader;
import hotline.routing.ivr.OrderStatusInfo;
import hotline.telephony.agi.FastAgiServer;
import hotline.telephony.agi.InboundCallHandler;
import hotline.telephony.agi.InboundDecision;
import hotline.testkit.AgiSessionResult;
import hotline.testkit.FakeAgiClient;
import hotline.testkit.FakeClock;
import hotline.testkit.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code ivr} FastAGI script against Asterisk's side of the protocol: request headers as captured from Asterisk
 * 16 ({@code agi_route_dial.agi_session.txt}, script name changed to {@code ivr}), replies as {@code res_agi.c}
 * gives them ({@code STREAM FILE} answers the key pressed as its ASCII code, 0 for none).
 */
class IvrAgiScriptProtocolTest {
    private static final String HOST = "127.0.0.1";
    private static final Path PROMPTS = Path.of("/var/prompts");
    private static final List<IvrDistrict> DISTRICTS = List.of(new IvrDistrict("110101", "东城区"),
            new IvrDistrict("110102", "西城区"), new IvrDistrict("110105", "朝阳区"),
            new IvrDistrict("110106", "丰台区"), new IvrDistrict("110107", "石景山区"));
    private static final String NO_KEY = "200 result=0 endpos=8000";

    private final int port = FreePorts.tcp();
    private final IvrMonitor monitor = new IvrMonitor();
    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T02:00:00Z"));
    private FastAgiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldPlayTheMenuCollectKeysAndLeaveTheChoicesForTheInboundScript() throws Exception {
        start(OrderStatusLookup.NONE);

        AgiSessionResult s = client()
                .reply("STREAM FILE", NO_KEY)
                .reply("STREAM FILE /var/prompts/zh/language-menu", "200 result=50 endpos=1200") // '2'
                .reply("STREAM FILE /var/prompts/en/business-menu", "200 result=49 endpos=900")  // '1'
                .reply("STREAM FILE /var/prompts/en/district-menu", "200 result=48 endpos=700")  // '0' ...
                .reply("WAIT FOR DIGIT", "200 result=53")                                        // ... '5'
                .run(HOST, port, Duration.ofSeconds(5));

        assertThat(s.commands()).containsExactly(
                "ANSWER",
                "STREAM FILE \"/var/prompts/zh/welcome\" \"\"",
                "STREAM FILE \"/var/prompts/zh/language-menu\" \"0123456789*#\"",
                "STREAM FILE \"/var/prompts/en/business-menu\" \"0123456789*#\"",
                "STREAM FILE \"/var/prompts/en/district-menu\" \"0123456789*#\"",
                "WAIT FOR DIGIT 3000",
                "SET VARIABLE \"HOTLINE_IVR\" \"district=110107;ivrMs=0;ivrPath=welcome>language>business-en>district;"
                        + "ivrReason=menu;language=en;line=citizen;queue=english\"",
                "SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\"");
        assertThat(monitor.stats().toAgent()).isEqualTo(1);
        assertThat(monitor.active()).isEmpty();
    }

    @Test
    void shouldReadBackAKnownOrderThenSayGoodbyeAndMarkTheCallServed() throws Exception {
        start(new OrderStatusLookup() {
            @Override
            public CompletableFuture<Optional<OrderStatusInfo>> byNumber(String n) {
                return CompletableFuture.completedFuture(n.equals("4") ? Optional.of(
                        new OrderStatusInfo("4", "accepted", LocalDateTime.of(2026, 12, 3, 9, 0))) : Optional.empty());
            }

            @Override
            public CompletableFuture<Optional<OrderStatusInfo>> latestOpenOf(String callerNumber) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
        });

        AgiSessionResult s = client()
                .reply("STREAM FILE", NO_KEY)
                .reply("STREAM FILE /var/prompts/zh/language-menu", "200 result=49 endpos=1200") // '1'
                .reply("STREAM FILE /var/prompts/zh/business-menu", "200 result=51 endpos=900")  // '3'
                .reply("STREAM FILE /var/prompts/zh/status-enter", "200 result=52 endpos=10")    // '4' ...
                .reply("WAIT FOR DIGIT", "200 result=35")                                        // ... '#'
                .run(HOST, port, Duration.ofSeconds(5));

        String any = "\"0123456789*#\"";
        assertThat(s.commands()).containsSubsequence(
                "STREAM FILE \"/var/prompts/zh/status-enter\" " + any,
                "WAIT FOR DIGIT 3000",
                "STREAM FILE \"/var/prompts/zh/order-number\" " + any,
                "STREAM FILE \"/var/prompts/zh/digit-4\" " + any,
                "STREAM FILE \"/var/prompts/zh/status-accepted\" " + any,
                "STREAM FILE \"/var/prompts/zh/deadline\" " + any,
                "STREAM FILE \"/var/prompts/zh/month-12\" " + any,
                "STREAM FILE \"/var/prompts/zh/day-3\" " + any,
                "STREAM FILE \"/var/prompts/zh/hour-9\" " + any,
                "STREAM FILE \"/var/prompts/zh/status-after\" " + any,
                "WAIT FOR DIGIT 5000",
                "STREAM FILE \"/var/prompts/zh/goodbye\" \"\"",
                "SET VARIABLE \"HOTLINE_IVR_DONE\" \"1\"");
        assertThat(s.commands().get(s.commands().size() - 2)).startsWith("SET VARIABLE \"HOTLINE_IVR\"")
                .contains("ivrReason=served").contains("line=status");
        assertThat(monitor.stats().selfServed()).isEqualTo(1);
    }

    @Test
    void shouldCountACallerWhoHangsUpInTheMenuAndForgetThem() throws Exception {
        start(OrderStatusLookup.NONE);

        // res_agi.c answers every command on a hung-up channel so
        client().reply("STREAM FILE", NO_KEY).reply("STREAM FILE /var/prompts/zh/language-menu",
                "511 Command Not Permitted on a dead channel or intercept routine").run(HOST, port, Duration.ofSeconds(5));

        // the script counts the caller before it returns, and the session closes only after that
        assertThat(monitor.stats().hungUp()).isEqualTo(1);
        assertThat(monitor.stats().nodes()).containsKey("language");
        assertThat(monitor.active()).isEmpty();
    }

    private FakeAgiClient client() {
        return FakeAgiClient.fromTranscript("agi_route_dial.agi_session.txt")
                .withHeader("agi_network_script", "ivr")
                .withHeader("agi_request", "agi://127.0.0.1:" + port + "/ivr");
    }

    private void start(OrderStatusLookup orders) throws Exception {
        var menu = IvrMenuLoader.load(null, DISTRICTS);
        IvrAgiScript script = new IvrAgiScript(menu.menu(), new PromptFiles(PROMPTS),
                menu.prompts().texts().keySet(), orders, Set::of, monitor, clock);
        InboundCallHandler none = new InboundCallHandler() {
            @Override
            public InboundDecision onInbound(hotline.telephony.agi.InboundCall call) {
                throw new IllegalStateException("not in this test");
            }

            @Override
            public void onAgiFinished(String callId, boolean ok) {
            }
        };
        server = new FastAgiServer(HOST, port, 4, none, Map.of("ivr", script));
        server.start();
    }
}
