package hotline.telephony.agi;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.testkit.AgiSessionResult;
import hotline.testkit.FakeAgiClient;
import hotline.testkit.FreePorts;
import hotline.testkit.Transcripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzz: the FastAGI request headers of the real captured session ({@code agi_route_dial.agi_session.txt}) mutated —
 * headers dropped, values replaced by garbage (huge, empty, control characters, unicode, the menu's argument made of
 * random pairs), junk headers added — through Asterisk-Java's real reader into {@link FastAgiServer}; and the menu's
 * choices codec ({@link MenuChoices}) on any input. Property: the server always answers and ends the session (the
 * dialplan reads {@code AJ_AGISTATUS}: SUCCESS with the call id set, or FAILED / NOT_FOUND and the fallback), never
 * hangs; the handler sees the values as sent; menu choices decode to well-formed keys only.
 */
class AgiFuzzTest {
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(5);
    private static final Map<String, String> REQUEST = Transcripts.agi("agi_route_dial.agi_session.txt").request();
    private static final LinkedBlockingQueue<InboundCall> CALLS = new LinkedBlockingQueue<>();
    private static final int PORT = FreePorts.tcp();
    private static FastAgiServer server;

    @BeforeContainer
    static void start() throws Exception {
        server = new FastAgiServer("127.0.0.1", PORT, 4, new InboundCallHandler() {
            @Override
            public InboundDecision onInbound(InboundCall call) {
                CALLS.add(call);
                return new InboundDecision("C-" + CALLS.size(), Optional.empty());
            }

            @Override
            public void onAgiFinished(String callId, boolean ok) {
            }
        });
        server.start();
    }

    @AfterContainer
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60).map(AgiFuzzTest::oneLine),
                Arbitraries.of("", " ", "unknown", "\"", "\\", "-1", "99999999999999999999", "é中文", "\t\t",
                        "agi://127.0.0.1:4573/inbound?x=1", "district=110105;;;==;language=", "200 result=1"),
                Arbitraries.integers().between(1_000, 30_000).map(n -> "7".repeat(n)));
    }

    @Provide
    Arbitrary<Map<String, String>> requests() {
        List<String> names = new ArrayList<>(REQUEST.keySet());
        names.add("agi_arg_1");
        Arbitrary<Object[]> edit = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.of(names), values(), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20))
                .as((kind, name, value, junkName) -> new Object[] {kind, name, value, junkName});
        return edit.list().ofMinSize(1).ofMaxSize(6).map(edits -> {
            Map<String, String> r = new LinkedHashMap<>(REQUEST);
            for (Object[] e : edits) {
                String name = (String) e[1];
                switch ((Integer) e[0]) {
                    case 0 -> r.remove(name);
                    case 1 -> r.put(name, (String) e[2]);
                    default -> r.put("x_" + e[3], (String) e[2]);
                }
            }
            return r;
        });
    }

    @Property(tries = 150)
    void everyRequestIsAnsweredAndTheSessionEnds(@ForAll("requests") Map<String, String> request) throws Exception {
        CALLS.clear();
        AgiSessionResult session = new FakeAgiClient(request).run("127.0.0.1", PORT, SESSION_TIMEOUT);

        assertThat(session.closedByServer()).as("the server ended the session: %s", session).isTrue();
        List<String> commands = session.commands();
        assertThat(commands).as("the server always tells the dialplan how it went")
                .anyMatch(c -> c.startsWith("SET VARIABLE \"AJ_AGISTATUS\""));
        InboundCall call = CALLS.poll();
        if (commands.contains("SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\"")) {
            assertThat(call).isNotNull();
            assertThat(commands).anyMatch(c -> c.startsWith("SET VARIABLE \"HOTLINE_CALL_ID\""));
            // as sent, up to the whitespace around the value (Asterisk-Java trims some of it)
            assertThat(stripped(call.uniqueId())).isEqualTo(stripped(request.get("agi_uniqueid")));
            assertThat(stripped(call.channel())).isEqualTo(stripped(request.get("agi_channel")));
            call.attributes().keySet().forEach(k -> assertThat(k).matches("[A-Za-z][A-Za-z0-9_]{0,31}"));
        }
    }

    @Property(tries = 1000)
    void menuChoicesDecodeAnythingToWellFormedPairs(@ForAll("values") String value) {
        Map<String, String> choices = MenuChoices.decode(value);

        choices.forEach((k, v) -> {
            assertThat(k).matches("[A-Za-z][A-Za-z0-9_]{0,31}");
            assertThat(v).doesNotContain(";");
        });
    }

    @Property(tries = 1000)
    void menuChoicesSurviveTheirOwnEncodingAsOneAgiArgument(@ForAll("choices") Map<String, String> choices) {
        String encoded = MenuChoices.encode(choices);

        // one dialplan argument on one AGI line: nothing that ends the line, splits the argument or quotes it
        assertThat(encoded).doesNotContain("\n", "\r", ",", "\"", "|", "\\");
        Map<String, String> decoded = MenuChoices.decode(encoded);
        assertThat(decoded.keySet()).isEqualTo(choices.keySet());
        choices.forEach((k, v) -> assertThat(decoded.get(k)).hasSameSizeAs(v));
    }

    @Provide
    Arbitrary<Map<String, String>> choices() {
        return Arbitraries.maps(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().ofMaxLength(30)).ofMaxSize(6);
    }

    private static String stripped(String v) {
        return v == null ? "" : v.strip();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
