package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The walking skeleton end to end, all real: the carrier Asterisk places citizen calls to 12345 on the
 * contact center's Asterisk, whose dialplan asks this server over FastAGI; the server routes over AMI to
 * baresip softphones registered as seats; the call's timeline lands in Redis.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CallPathIT {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Lab lab;
    private static HotlineServer server;
    private static String base;
    private static Path speech;
    private static CarrierDialer carrier;
    private final List<Softphone> phones = new ArrayList<>();
    private final List<String> agents = new ArrayList<>();

    @BeforeAll
    static void startLab() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-lab"));
        // the skeleton path without the front-door menu (IvrIT covers the menu)
        lab = Lab.start(run, Map.of("hotline.routing.ringTimeout", "4s", "hotline.ivr.enabled", false,
                "hotline.asr.enabled", false));
        server = HotlineServer.start(lab.config(), Clock.systemUTC());
        base = "http://127.0.0.1:" + server.httpPort();
        speech = lab.speech("citizen-streetlight", "Hello. The street light outside number eighteen Fengtai Road"
                + " has been broken for a week. Please send someone to repair it.");
        var c = lab.config().carrier();
        carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(), c.amiUser(), c.amiSecret(),
                Duration.ofSeconds(5)));
        awaitTrue(Duration.ofSeconds(20), () -> get("/health").getBoolean("ami"));
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (carrier != null) {
            carrier.close();
        }
        if (server != null) {
            server.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void logOutAndHangUp() throws Exception {
        // an agent still finishing a call cannot log out yet: wait for the call to end first
        for (String agent : agents) {
            awaitTrue(Duration.ofSeconds(20), () -> {
                int status = post("/api/agents/" + agent + "/logout", "").statusCode();
                return status == 200 || status == 404;
            });
        }
        phones.forEach(Softphone::close);
        assertThat(new JsonArray(send(HttpRequest.newBuilder(URI.create(base + "/api/agents")).GET()).body()))
                .as("every agent logged out after the test").isEmpty();
    }

    @Test
    void shouldConnectCitizenToLongestIdleAgentAndRecordTheWholeTimeline() throws Exception {
        Softphone a = phone("1001", true);
        Softphone b = phone("1002", true);
        loginReady("alice", "1001");
        loginReady("bob", "1002"); // alice has been idle longer

        String caller = newCaller();
        Originated o = carrier.callAndWait(citizen(caller, 2), Duration.ofSeconds(30));
        assertThat(o.success()).as("the contact center answered the citizen").isTrue();
        JsonObject call = awaitEndedCall(caller);

        assertThat(types(call)).containsExactly("arrived", "queued", "offered", "ringing", "answered", "ended");
        assertThat(step(call, "offered").getString("agentId")).isEqualTo("alice");
        assertThat(step(call, "offered").getString("seat")).isEqualTo("1001");
        assertThat(step(call, "answered").getString("agentId")).isEqualTo("alice");
        assertThat(step(call, "ended").getString("endedBy")).isEqualTo("caller");
        assertThat(call.getJsonObject("fields").getString("callerNumber")).isEqualTo(caller);
        assertOrdered(call);

        assertHeardSpeech(a);
        assertThat(b.receivedRecordings()).as("bob's softphone never answered").isEmpty();
        awaitTrue(Duration.ofSeconds(5), () -> "READY".equals(agent("alice").getString("state")));
    }

    @Test
    void shouldOfferCallToNextAgentWhenFirstDoesNotAnswer() throws Exception {
        Softphone a = phone("1003", false); // rings, never answers
        Softphone b = phone("1004", true);
        loginReady("carol", "1003");
        loginReady("dave", "1004");

        String caller = newCaller();
        Originated o = carrier.callAndWait(citizen(caller, 2), Duration.ofSeconds(40));
        assertThat(o.success()).isTrue();
        JsonObject call = awaitEndedCall(caller);

        assertThat(types(call)).containsExactly("arrived", "queued", "offered", "ringing", "requeued", "offered",
                "ringing", "answered", "ended");
        List<JsonObject> offers = steps(call, "offered");
        assertThat(offers.get(0).getString("agentId")).isEqualTo("carol");
        assertThat(offers.get(1).getString("agentId")).isEqualTo("dave");
        assertThat(step(call, "requeued").getString("reason")).isEqualTo("ring-no-answer");
        assertThat(step(call, "answered").getString("agentId")).isEqualTo("dave");
        assertOrdered(call);

        JsonObject carol = agent("carol");
        assertThat(carol.getString("state")).isEqualTo("NOT_READY");
        assertThat(carol.getString("reason")).isEqualTo("ring-no-answer");
        assertThat(a.receivedRecordings()).isEmpty();
        assertHeardSpeech(b);
    }

    @Test
    void shouldRemoveCallFromQueueWhenCallerHangsUpWhileWaiting() throws Exception {
        String caller = newCaller();
        // nobody is ready: the caller waits on hold, then gives up after 3 s
        carrier.callAndWait(new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100),
                Duration.ofSeconds(3)), Duration.ofSeconds(30));
        awaitTrue(Duration.ofSeconds(10), () -> get("/api/queue").getJsonArray("waiting").size() == 1);
        JsonObject call = awaitEndedCall(caller);

        assertThat(types(call)).containsExactly("arrived", "queued", "abandoned", "ended");
        assertThat(step(call, "ended").getString("endedBy")).isEqualTo("caller");
        assertThat(get("/api/queue").getJsonArray("waiting")).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** The seat answered exactly one call and heard the citizen speak (baresip closes the recording at hang-up). */
    private static void assertHeardSpeech(Softphone phone) throws Exception {
        awaitTrue(Duration.ofSeconds(10), () -> phone.receivedRecordings().size() == 1
                && Softphone.loudSeconds(phone.receivedRecordings().get(0), -40) > 2.0);
    }

    /** A caller number no earlier run used, so that lookups by number find this run's call. */
    private static String newCaller() {
        return "139" + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
    }

    private Softphone phone(String seat, boolean autoAnswer) throws Exception {
        Softphone p = lab.softphone(seat, autoAnswer, null);
        phones.add(p);
        return p;
    }

    private void loginReady(String agent, String seat) {
        agents.add(agent);
        assertThat(post("/api/agents/" + agent + "/login", "{\"seat\":\"" + seat + "\"}").statusCode()).isEqualTo(200);
        assertThat(post("/api/agents/" + agent + "/ready", "").statusCode()).isEqualTo(200);
    }

    private static CitizenCall citizen(String caller, int holdSeconds) {
        return new CitizenCall("12345", caller, Lab.playable(speech), 1, Duration.ofMillis(500),
                Duration.ofSeconds(holdSeconds));
    }

    private static JsonObject awaitEndedCall(String caller) throws Exception {
        JsonObject[] found = new JsonObject[1];
        awaitTrue(Duration.ofSeconds(60), () -> {
            JsonArray ids = get("/api/calls?limit=20").getJsonArray("calls");
            for (Object id : ids) {
                JsonObject call = get("/api/calls/" + id);
                JsonObject fields = call.getJsonObject("fields");
                if (caller.equals(fields.getString("callerNumber")) && "ended".equals(fields.getString("state"))) {
                    found[0] = call;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static List<String> types(JsonObject call) {
        return call.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("type")).toList();
    }

    private static List<JsonObject> steps(JsonObject call, String type) {
        return call.getJsonArray("timeline").stream().map(o -> (JsonObject) o)
                .filter(o -> type.equals(o.getString("type"))).map(o -> o.getJsonObject("data")).toList();
    }

    private static JsonObject step(JsonObject call, String type) {
        return steps(call, type).get(0);
    }

    /** Timestamps never go backwards along the timeline. */
    private static void assertOrdered(JsonObject call) {
        Instant previous = Instant.MIN;
        for (Object o : call.getJsonArray("timeline")) {
            Instant at = Instant.parse(((JsonObject) o).getString("at"));
            assertThat(at).as("timeline step %s", o).isAfterOrEqualTo(previous);
            previous = at;
        }
    }

    private static JsonObject agent(String id) {
        for (Object o : new JsonArray(send(HttpRequest.newBuilder(URI.create(base + "/api/agents")).GET()).body())) {
            JsonObject a = (JsonObject) o;
            if (id.equals(a.getString("agentId"))) {
                return a;
            }
        }
        return new JsonObject();
    }

    private static JsonObject get(String path) {
        return new JsonObject(send(HttpRequest.newBuilder(URI.create(base + path)).GET()).body());
    }

    private static HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Polls a condition against the live system (the system under test has its own clocks and processes). */
    private static void awaitTrue(Duration timeout, Check check) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Throwable last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception | AssertionError e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met within " + timeout, last);
    }
}
