package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.ivr.IvrSetup;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The front-door menu on real Asterisk: the carrier's citizen presses keys with {@code SendDTMF} while the menu's
 * generated prompts play; the call reaches the seat with the choices as attributes. Silence and wrong keys end at an
 * agent too.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IvrIT {
    private static LiveLab live;
    private static Lab lab;
    private static LiveApi api;
    private static CarrierDialer carrier;

    @BeforeAll
    static void startLab() throws Exception {
        // short waits for keys so that the silent caller's three tries take seconds, not a quarter minute
        live = LiveLab.start("it-lab-ivr", Map.of("hotline.ivr.menu", LiveLab.quickMenu("it-lab-ivr").toString(),
                "hotline.asr.enabled", false));
        lab = live.lab;
        api = live.api;
        carrier = live.carrier;
        lab.softphone("1001", true, null);
        // English for the English speakers' queue (skill english >= 5)
        assertThat(post("/api/agents/ivy/login", "{\"seat\":\"1001\",\"skills\":{\"english\":5}}").statusCode())
                .isEqualTo(200);
        assertThat(post("/api/agents/ivy/ready", "").statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void shouldWalkLanguageBusinessLineAndDistrictByDtmfAndReachTheSeatWithThoseChoices() throws Exception {
        String caller = newCaller();
        Originated o = carrier.callAndWait(silentCitizen(caller, 40), Duration.ofSeconds(30));
        assertThat(o.success()).isTrue();
        // key 05: the gazetteer's fifth district
        String fifth = IvrSetup.districts(lab.config().orders().cityCode()).get(4).code();

        press(o, "language", "2");   // English
        press(o, "business-en", "1");   // citizen request or complaint, in English
        press(o, "district", "05");
        JsonObject call = awaitCall(caller, "answered");

        JsonObject ivr = step(call, "ivr");
        assertThat(ivr.getString("language")).isEqualTo("en");
        assertThat(ivr.getString("line")).isEqualTo("citizen");
        assertThat(ivr.getString("queue")).isEqualTo("english");
        assertThat(call.getJsonObject("fields").getString("queue")).as("the ACD queue it waited in")
                .isEqualTo("english");
        assertThat(ivr.getString("district")).isEqualTo(fifth);
        assertThat(ivr.getString("ivrPath")).isEqualTo("welcome>language>business-en>district");
        assertThat(ivr.getString("ivrReason")).isEqualTo("menu");
        assertThat(call.getJsonObject("fields").getString("ivr.district")).isEqualTo(fifth);
        assertThat(types(call)).startsWith("arrived", "ivr", "queued", "offered");
        carrier.hangup(o.channel());
        awaitCall(caller, "ended");
    }

    @Test
    void shouldSendASilentCallerToAnAgentAfterTwoRetries() throws Exception {
        String caller = newCaller();
        Originated o = carrier.callAndWait(silentCitizen(caller, 90), Duration.ofSeconds(30));
        assertThat(o.success()).isTrue();

        JsonObject call = awaitCall(caller, "answered");

        JsonObject ivr = step(call, "ivr");
        assertThat(ivr.getString("ivrReason")).isEqualTo("no-input");
        assertThat(ivr.getString("language")).isEqualTo("zh");
        assertThat(ivr.getString("ivrPath")).isEqualTo("welcome>language");
        carrier.hangup(o.channel());
        awaitCall(caller, "ended");
    }

    @Test
    void shouldSendACallerWhoKeepsPressingWrongKeysToAnAgent() throws Exception {
        String caller = newCaller();
        Originated o = carrier.callAndWait(silentCitizen(caller, 90), Duration.ofSeconds(30));
        assertThat(o.success()).isTrue();

        press(o, "language", "1");
        // three wrong keys two seconds apart: each interrupts the replayed menu ("w" is half a second)
        press(o, "business", "9wwww9wwww9");
        JsonObject call = awaitCall(caller, "answered");

        assertThat(step(call, "ivr").getString("ivrReason")).isEqualTo("invalid-input");
        assertThat(step(call, "ivr").getString("language")).isEqualTo("zh");
        carrier.hangup(o.channel());
        awaitCall(caller, "ended");
    }

    @Test
    void shouldReadBackAKnownOrdersStatusAndEndTheCallAsServedWithoutAnAgent() throws Exception {
        String caller = newCaller();
        HttpResponse<String> created = post("/api/orders", new JsonObject().put("requestId", "ivr-it-" + caller)
                .put("callerName", "王女士").put("phone", caller).put("district", "朝阳区").put("street", "八里庄街道")
                .put("category", "noise").put("urgency", "24h").put("summary", "夜间施工噪音")
                .put("unitIds", new io.vertx.core.json.JsonArray().add("balizhuang")).put("channel", "phone").encode());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String number = new JsonObject(created.body()).getString("number");
        long servedBefore = get("/api/ivr").getJsonObject("stats").getLong("selfServed");
        long callsBefore = get("/api/calls?limit=1000").getJsonArray("calls").size();

        Originated o = carrier.callAndWait(silentCitizen(caller, 60), Duration.ofSeconds(30));
        press(o, "language", "1");
        press(o, "business", "3");
        press(o, "status", number.replace("-", "") + "#");

        // read back (number, status, deadline), then the caller says nothing: served, goodbye, the pbx hangs up
        awaitTrue(Duration.ofSeconds(90), () -> get("/api/ivr").getJsonObject("stats").getLong("selfServed")
                == servedBefore + 1);
        assertThat(get("/api/calls?limit=1000").getJsonArray("calls").size()).as("no call reached the ACD")
                .isEqualTo(callsBefore);
    }

    @Test
    void shouldCountACallerWhoHangsUpInTheMenuAndLeaveNothingBehind() throws Exception {
        String caller = newCaller();
        Originated o = carrier.callAndWait(silentCitizen(caller, 60), Duration.ofSeconds(30));
        long hungUpBefore = get("/api/ivr").getJsonObject("stats").getLong("hungUp");
        awaitNode(o, "language");

        carrier.hangup(o.channel());

        awaitTrue(Duration.ofSeconds(10), () -> get("/api/ivr").getJsonObject("stats").getLong("hungUp")
                == hungUpBefore + 1);
        awaitTrue(Duration.ofSeconds(10), () -> get("/api/ivr").getJsonArray("active").isEmpty());
        assertThat(get("/api/queue").getJsonArray("waiting")).isEmpty();
        assertThat(get("/api/ivr").getJsonObject("stats").getJsonObject("nodes").getJsonObject("language")
                .getLong("hangups")).isPositive();
    }

    // ------------------------------------------------------------------ helpers

    private static void press(Originated o, String node, String keys) throws Exception {
        api.press(carrier, o, node, keys);
    }

    private static void awaitNode(Originated o, String node) throws Exception {
        api.awaitNode(node);
    }

    private static CitizenCall silentCitizen(String caller, int holdSeconds) {
        return new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100), Duration.ofSeconds(holdSeconds));
    }

    private static String newCaller() {
        return LiveApi.newCaller("137");
    }

    private static JsonObject awaitCall(String caller, String type) throws Exception {
        return api.awaitCall(caller, type);
    }

    private static java.util.List<String> types(JsonObject call) {
        return LiveApi.types(call);
    }

    private static JsonObject step(JsonObject call, String type) {
        return LiveApi.step(call, type);
    }

    private static JsonObject get(String path) {
        return api.get(path);
    }

    private static HttpResponse<String> post(String path, String body) {
        return api.post(path, body);
    }

    private static void awaitTrue(Duration timeout, LiveApi.Check check) throws Exception {
        LiveApi.awaitTrue(timeout, check);
    }
}
