package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
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
    private static LiveLab live;
    private static Lab lab;
    private static LiveApi api;
    private static Path speech;
    private static CarrierDialer carrier;
    private final List<Softphone> phones = new ArrayList<>();
    private final List<String> agents = new ArrayList<>();

    @BeforeAll
    static void startLab() throws Exception {
        // the skeleton path without the front-door menu (IvrIT covers the menu)
        live = LiveLab.start("it-lab", Map.of("hotline.routing.ringTimeout", "4s", "hotline.ivr.enabled", false,
                "hotline.asr.enabled", false));
        lab = live.lab;
        api = live.api;
        carrier = live.carrier;
        speech = lab.speech("citizen-streetlight", "Hello. The street light outside number eighteen Fengtai Road"
                + " has been broken for a week. Please send someone to repair it.");
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (live != null) {
            live.close();
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
        assertThat(api.agents()).as("every agent logged out after the test").isEmpty();
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
        return LiveApi.newCaller("139");
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
        return api.awaitCall(caller, "ended");
    }

    private static List<String> types(JsonObject call) {
        return LiveApi.types(call);
    }

    private static List<JsonObject> steps(JsonObject call, String type) {
        return LiveApi.steps(call, type);
    }

    private static JsonObject step(JsonObject call, String type) {
        return LiveApi.step(call, type);
    }

    private static void assertOrdered(JsonObject call) {
        LiveApi.assertOrdered(call);
    }

    private static JsonObject agent(String id) {
        return api.agent(id);
    }

    private static JsonObject get(String path) {
        return api.get(path);
    }

    private static java.net.http.HttpResponse<String> post(String path, String body) {
        return api.post(path, body);
    }

    private static void awaitTrue(Duration timeout, LiveApi.Check check) throws Exception {
        LiveApi.awaitTrue(timeout, check);
    }
}
