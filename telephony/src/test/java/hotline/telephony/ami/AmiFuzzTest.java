package hotline.telephony.ami;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.TelephonyEvent;
import hotline.telephony.TelephonyEvent.AmiConnected;
import hotline.telephony.TelephonyEvent.HangupRequested;
import hotline.testkit.FakeAmiServer;
import hotline.testkit.Transcripts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzz: the AMI session fed the real Asterisk 16 event packets of the testkit's captures, mutated on the wire — lines
 * dropped, values replaced with garbage (letters in numbers, huge, empty, NaN timestamps, control characters),
 * colons removed, headers duplicated, packets truncated, random bytes in between — through Asterisk-Java's real
 * reader into {@link AmiClient}. Property: the session never dies or hangs (a well-formed event sent after the junk
 * is always mapped, on this connection or after a reconnect), every event that is mapped carries a sane time, and
 * nothing escapes as an exception (an event that cannot be read is counted and logged).
 */
class AmiFuzzTest {
    private static final String USER = "hotline";
    private static final String SECRET = "s3cret";
    private static final List<String> CAPTURES = List.of("ami_redirect_fork.pbx_ami_events.raw",
            "ami_bridge_agent_hangup.pbx_ami_events.raw", "seat_register_unregister.pbx_ami_events.raw",
            "agi_route_dial.pbx_ami_events.raw", "agi_unreachable_fallback.pbx_ami_events.raw");
    private static final List<String> PACKETS = new ArrayList<>();
    private static final LinkedBlockingQueue<TelephonyEvent> EVENTS = new LinkedBlockingQueue<>();
    private static FakeAmiServer server;
    private static AmiClient client;
    private static int marker;

    @BeforeContainer
    static void connect() throws Exception {
        for (String capture : CAPTURES) {
            for (byte[] p : Transcripts.rawPackets(capture)) {
                String text = new String(p, StandardCharsets.UTF_8);
                if (text.startsWith("Event:")) {
                    PACKETS.add(text);
                }
            }
        }
        server = new FakeAmiServer(USER, SECRET);
        server.respondCoreShowChannels("ami_bridge_agent_hangup.pbx_ami_control.txt");
        client = new AmiClient(new AmiEndpoint("pbx", "127.0.0.1", server.port(), USER, SECRET,
                Duration.ofSeconds(2)), new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), () -> 0.5),
                EVENTS::add, Clock.systemUTC());
        client.start();
        TelephonyEvent first = EVENTS.poll(10, TimeUnit.SECONDS);
        assertThat(first).isInstanceOf(AmiConnected.class);
    }

    @AfterContainer
    static void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("0123456789.-eE").ofMaxLength(30),
                Arbitraries.of("", " ", "NaN", "Infinity", "-1", "1e300", "99999999999999999999", "\u0000", "é中文",
                        "\t", "Response: Success", "Event: Hangup", ":", "::::"),
                Arbitraries.integers().between(1_000, 20_000).map(n -> "9".repeat(n))); // a huge line
    }

    /** One real event packet, with 1..4 mutations. */
    @Provide
    Arbitrary<String> mutatedPackets() {
        Arbitrary<String> packet = Arbitraries.of(PACKETS);
        Arbitrary<Integer> mutation = Arbitraries.integers().between(0, 6);
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 10_000);
        Arbitrary<List<Object[]>> mutations = Combinators.combine(mutation, where, garbage())
                .as((m, w, g) -> new Object[] {m, w, g}).list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(packet, mutations).as(AmiFuzzTest::mutate);
    }

    private static String mutate(String packet, List<Object[]> mutations) {
        List<String> lines = new ArrayList<>(List.of(packet.strip().split("\r\n")));
        String tail = "\r\n\r\n";
        for (Object[] m : mutations) {
            int kind = (Integer) m[0];
            int at = (Integer) m[1] % Math.max(1, lines.size());
            String junk = (String) m[2];
            switch (kind) {
                case 0 -> {
                    if (lines.size() > 1) {
                        lines.remove(Math.max(1, at)); // keep "Event:" first: a packet is still recognised
                    }
                }
                case 1 -> {
                    String line = lines.get(at);
                    int colon = line.indexOf(": ");
                    lines.set(at, (colon < 0 ? line : line.substring(0, colon + 2)) + junk.replace("\r\n", " "));
                }
                case 2 -> lines.set(at, lines.get(at).replace(":", ""));
                case 3 -> lines.add(at, lines.get(at));
                case 4 -> lines.add(Math.max(1, at), junk.replace("\r\n", " "));
                case 5 -> tail = ""; // truncated: runs into whatever comes next
                default -> lines.add(Math.max(1, at), "Timestamp: " + junk.replace("\r\n", " "));
            }
        }
        return String.join("\r\n", lines) + (tail.isEmpty() ? "" : tail);
    }

    @Property(tries = 150)
    void theSessionSurvivesMutatedRealEventsAndMapsWhatItCan(@ForAll("mutatedPackets") String junk)
            throws Exception {
        long malformedBefore = client.malformedEvents();
        Instant sentAt = Instant.now();
        server.sendRaw(junk);
        String id = "marker-" + (++marker);
        // a truncated packet swallows the lines up to the next blank line (that is AMI): end it first
        String hangupRequest = "\r\n\r\nEvent: HangupRequest\r\nPrivilege: call,all\r\nChannel: PJSIP/fuzz-00000001\r\n"
                + "Uniqueid: " + id + "\r\nLinkedid: " + id + "\r\nCause: 16\r\n\r\n";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        boolean seen = false;
        long resent = System.nanoTime();
        server.sendRaw(hangupRequest);
        while (!seen && System.nanoTime() < deadline) {
            TelephonyEvent e = EVENTS.poll(100, TimeUnit.MILLISECONDS);
            if (e == null) {
                if (System.nanoTime() - resent > TimeUnit.SECONDS.toNanos(1)) {
                    server.sendRaw(hangupRequest); // after a reconnect the first one went to the old connection
                    resent = System.nanoTime();
                }
                continue;
            }
            // every mapped event has a time near now: a corrupted Timestamp header never moves a timeline
            assertThat(e.at()).isBetween(sentAt.minus(Duration.ofDays(400)), Instant.now().plus(Duration.ofDays(400)));
            seen = e instanceof HangupRequested h && id.equals(h.uniqueId());
        }
        assertThat(seen).as("the event sent after the junk is mapped: the session is alive").isTrue();
        assertThat(client.malformedEvents()).as("events that could not be read are counted, never thrown")
                .isGreaterThanOrEqualTo(malformedBefore);
    }
}
