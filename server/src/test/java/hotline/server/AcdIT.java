package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ACD end to end on real Asterisk: skills, priorities, ring-no-answer, a caller who hangs up while waiting or
 * ringing, and wrap-up, each checked on the call's timeline in Redis ({@code GET /api/calls/{id}}) and on the agents'
 * states ({@code GET /api/agents}).
 *
 * <p>Calls take the production path: the carrier's citizen dials 12345, the front-door menu (started at its business
 * node, so one key is enough) takes the choice by DTMF ({@code 2} enterprise service, {@code 0} an agent: the
 * default queue), the inbound FastAGI hands the call to the engine, seats are baresip softphones. One lab serves the
 * whole class; each test uses its own seats and caller numbers and leaves no call, queue entry or agent behind.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AcdIT {
    /** After-call work in this lab (short, so that the timer's end is seen within a test). */
    private static final Duration WRAP_UP = Duration.ofSeconds(6);
    /** The routing steps of a timeline (later work may add caller-side announcements between them). */
    private static final Set<String> ROUTING_STEPS = Set.of("arrived", "ivr", "queued", "offered", "ringing",
            "answered", "requeued", "widened", "moved", "abandoned", "ended", "fallback");
    private static LiveLab live;
    private static LiveApi api;
    private static CarrierDialer carrier;
    private final List<Softphone> phones = new ArrayList<>();
    private final List<String> agents = new ArrayList<>();
    private final List<Placed> placed = new ArrayList<>();
    private final Set<String> knownCalls = new HashSet<>();

    /** A citizen call: the server's call id and the carrier's channel (to hang up as the citizen). */
    private record Placed(String callId, String channel) {
    }

    @BeforeAll
    static void startLab() throws Exception {
        // the default menu, entered at the business line: "2" enterprise service, "0" an agent
        Path menu = Files.createDirectories(Lab.home().resolve("server/target/it-lab-acd")).resolve("acd-menu.conf");
        Files.writeString(menu, "include classpath(\"ivr-menu.conf\")\nivr { start = business }\n");
        live = LiveLab.start("it-lab-acd", Map.of("hotline.routing.ringTimeout", "4s", "hotline.ivr.menu",
                menu.toString(), "hotline.asr.enabled", false, "hotline.acd.wrapUp", WRAP_UP.toSeconds() + "s"));
        api = live.api;
        carrier = live.carrier;
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (live != null) {
            live.close();
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Placed p : placed) {
            carrier.hangup(p.channel()); // a channel already gone is refused by AMI, which is fine here
        }
        awaitTrue(Duration.ofSeconds(20), () -> get("/health").getInteger("activeCalls") == 0);
        for (String agent : agents) {
            awaitTrue(Duration.ofSeconds(20), () -> {
                int status = post("/api/agents/" + agent + "/logout", "").statusCode();
                return status == 200 || status == 404;
            });
        }
        phones.forEach(Softphone::close);
        assertThat(agentList()).as("every agent logged out after the test").isEmpty();
        assertThat(get("/api/queue").getJsonArray("waiting")).as("no call left waiting").isEmpty();
    }

    @Test
    void shouldOfferAnEnterpriseCallChosenInTheMenuOnlyToTheSkilledSeat() throws Exception {
        Softphone plain = phone("1001", true);
        phone("1002", true);
        login("uma", "1001", "{}");
        ready("uma");
        login("sam", "1002", "{\"enterprise\":4}");
        ready("sam"); // uma has been idle longer: only the skill makes sam the choice

        Placed first = call(newCaller(), "2");
        JsonObject call = awaitStep(first, "answered");
        assertThat(step(call, "ivr").getString("queue")).isEqualTo("enterprise");
        assertThat(call.getJsonObject("fields").getString("queue")).isEqualTo("enterprise");
        assertThat(step(call, "offered").getString("agentId")).isEqualTo("sam");
        assertThat(step(call, "answered").getString("seat")).isEqualTo("1002");

        // sam is busy: a second enterprise call waits although uma is ready, because she lacks the skill
        Placed second = call(newCaller(), "2");
        awaitStep(second, "queued");
        JsonObject waiting = get("/api/queue").getJsonArray("calls").getJsonObject(0);
        assertThat(waiting.getString("callId")).isEqualTo(second.callId());
        assertThat(waiting.getString("queue")).isEqualTo("enterprise");
        assertThat(agent("uma").getString("state")).isEqualTo("READY");
        assertThat(agent("uma").getString("callId")).isNull();
        assertThat(plain.receivedRecordings()).as("uma's phone never rang").isEmpty();

        // a citizen call (no business choice: the default queue) goes to uma at once
        Placed third = call(newCaller(), "0");
        JsonObject citizen = awaitStep(third, "answered");
        assertThat(citizen.getJsonObject("fields").getString("queue")).isEqualTo("citizen");
        assertThat(step(citizen, "offered").getString("agentId")).isEqualTo("uma");

        carrier.hangup(second.channel());
        assertThat(routing(awaitStep(second, "ended"))).containsExactly("arrived", "ivr", "queued", "abandoned",
                "ended");
        carrier.hangup(first.channel());
        JsonObject done = awaitStep(first, "ended");
        assertThat(routing(done)).containsExactly("arrived", "ivr", "queued", "offered", "ringing", "answered",
                "ended");
        assertOrdered(done);
        carrier.hangup(third.channel());
        awaitStep(third, "ended");
    }

    @Test
    void shouldOfferTheRepeatCallerFirstWhenAnAgentBecomesReady() throws Exception {
        phone("1003", true);
        login("pia", "1003", "{}"); // logged in not ready: calls wait
        String repeat = newCaller();
        String normal = newCaller();

        // the repeat caller's earlier call today: queued, then they hang up
        Placed earlier = call(repeat, "0");
        awaitStep(earlier, "queued");
        carrier.hangup(earlier.channel());
        awaitStep(earlier, "ended");

        Placed n = call(normal, "0");
        awaitStep(n, "queued");
        Placed r = call(repeat, "0"); // arrives after the normal call
        awaitStep(r, "queued");

        JsonArray queue = get("/api/queue").getJsonArray("calls");
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.getJsonObject(0).getString("callId")).isEqualTo(r.callId());
        assertThat(queue.getJsonObject(0).getString("priority")).isEqualTo("REPEAT_CALLER");
        assertThat(queue.getJsonObject(0).getInteger("position")).isEqualTo(1);
        assertThat(queue.getJsonObject(1).getString("callId")).isEqualTo(n.callId());
        assertThat(queue.getJsonObject(1).getString("priority")).isEqualTo("NORMAL");
        assertThat(queue.getJsonObject(1).getInteger("position")).isEqualTo(2);
        assertThat(callRecord(r).getJsonObject("fields").getString("priority")).isEqualTo("REPEAT_CALLER");
        assertThat(callRecord(n).getJsonObject("fields").getString("priority")).isEqualTo("NORMAL");

        ready("pia");
        JsonObject first = awaitStep(r, "answered");
        assertThat(step(first, "offered").getString("agentId")).isEqualTo("pia");
        assertThat(get("/api/queue").getJsonArray("waiting")).containsExactly(n.callId());
        assertThat(types(callRecord(n))).doesNotContain("offered");

        // the repeat caller is done; after pia's wrap-up the normal call is hers
        carrier.hangup(r.channel());
        JsonObject rEnded = awaitStep(r, "ended");
        JsonObject second = awaitStep(n, "answered");
        assertThat(step(second, "offered").getString("agentId")).isEqualTo("pia");
        assertThat(stepAt(second, "offered")).isAfter(stepAt(rEnded, "ended"));
        carrier.hangup(n.channel());
        assertThat(routing(awaitStep(n, "ended"))).containsExactly("arrived", "ivr", "queued", "offered", "ringing",
                "answered", "ended");
    }

    @Test
    void shouldSetAnAgentWhoDoesNotAnswerNotReadyAndOfferTheCallToTheNextSeat() throws Exception {
        Softphone silent = phone("1004", false); // rings, never answers
        phone("1005", true);
        login("rita", "1004", "{}");
        ready("rita");
        login("ned", "1005", "{}");
        ready("ned");

        Placed p = call(newCaller(), "0");
        JsonObject call = awaitStep(p, "answered");

        assertThat(routing(call)).containsExactly("arrived", "ivr", "queued", "offered", "ringing", "requeued",
                "offered", "ringing", "answered");
        List<JsonObject> offers = steps(call, "offered");
        assertThat(offers.get(0).getString("agentId")).isEqualTo("rita");
        assertThat(offers.get(1).getString("agentId")).isEqualTo("ned");
        assertThat(step(call, "requeued").getString("reason")).isEqualTo("ring-no-answer");
        assertThat(step(call, "answered").getString("agentId")).isEqualTo("ned");
        JsonObject rita = agent("rita");
        assertThat(rita.getString("state")).isEqualTo("NOT_READY");
        assertThat(rita.getString("reason")).isEqualTo("ring-no-answer");
        assertThat(rita.getString("callId")).isNull();
        assertThat(agent("ned").getString("state")).isEqualTo("ON_CALL");
        assertThat(agent("ned").getString("callId")).isEqualTo(p.callId());
        assertThat(silent.receivedRecordings()).isEmpty();

        carrier.hangup(p.channel());
        assertOrdered(awaitStep(p, "ended"));
        awaitTrue(Duration.ofSeconds(5), () -> "WRAP_UP".equals(agent("ned").getString("state")));
    }

    @Test
    void shouldLeaveNoQueueEntryAndNoReservedAgentWhenTheCallerHangsUpWhileWaitingOrRinging() throws Exception {
        long abandonedBefore = citizenFigures().getLong("abandoned");

        // nobody logged in: the caller waits on hold, then gives up
        Placed waiting = call(newCaller(), "0");
        awaitStep(waiting, "queued");
        assertThat(get("/api/queue").getJsonArray("waiting")).containsExactly(waiting.callId());
        carrier.hangup(waiting.channel());
        JsonObject gone = awaitStep(waiting, "ended");
        assertThat(routing(gone)).containsExactly("arrived", "ivr", "queued", "abandoned", "ended");
        assertThat(step(gone, "ended").getString("endedBy")).isEqualTo("caller");
        assertThat(gone.getJsonObject("fields").getString("abandoned")).isEqualTo("true");
        assertThat(get("/api/queue").getJsonArray("waiting")).isEmpty();

        // the seat rings (its phone does not answer), the caller gives up before the ring timeout
        phone("1006", false);
        login("vic", "1006", "{}");
        ready("vic");
        Placed ringing = call(newCaller(), "0");
        awaitStep(ringing, "ringing");
        assertThat(agent("vic").getString("state")).isEqualTo("RESERVED");
        assertThat(agent("vic").getString("callId")).isEqualTo(ringing.callId());
        carrier.hangup(ringing.channel());
        JsonObject rang = awaitStep(ringing, "ended");

        assertThat(routing(rang)).containsExactly("arrived", "ivr", "queued", "offered", "ringing", "abandoned",
                "ended");
        assertThat(step(rang, "ended").getString("endedBy")).isEqualTo("caller");
        JsonObject vic = agent("vic");
        assertThat(vic.getString("state")).as("vic is free again, not reserved").isEqualTo("READY");
        assertThat(vic.getString("callId")).isNull();
        assertThat(get("/api/queue").getJsonArray("waiting")).isEmpty();
        assertThat(citizenFigures().getLong("abandoned")).isEqualTo(abandonedBefore + 2);
    }

    @Test
    void shouldKeepTheAgentInWrapUpForTheConfiguredTimeUnlessEndedEarlyThenOfferTheNextCall() throws Exception {
        phone("1007", true);
        login("wes", "1007", "{}");
        ready("wes");

        Placed one = call(newCaller(), "0");
        assertThat(step(awaitStep(one, "answered"), "offered").getString("agentId")).isEqualTo("wes");
        carrier.hangup(one.channel());
        Instant oneEnded = stepAt(awaitStep(one, "ended"), "ended");
        awaitTrue(Duration.ofSeconds(5), () -> "WRAP_UP".equals(agent("wes").getString("state")));
        Instant ends = Instant.parse(agent("wes").getString("wrapUpEnds"));
        assertThat(Duration.between(oneEnded, ends)).isBetween(WRAP_UP.minusSeconds(1), WRAP_UP.plusSeconds(1));

        // extended once (+30 s), so that the next call surely arrives during wrap-up: it waits
        assertThat(post("/api/agents/wes/wrap-up/extend", "").statusCode()).isEqualTo(200);
        Instant extended = Instant.parse(agent("wes").getString("wrapUpEnds"));
        assertThat(extended).isAfter(ends.plusSeconds(20));
        Placed two = call(newCaller(), "0");
        awaitStep(two, "queued");
        assertThat(agent("wes").getString("state")).isEqualTo("WRAP_UP");
        assertThat(get("/api/queue").getJsonArray("waiting")).containsExactly(two.callId());

        Instant endedEarly = Instant.now();
        assertThat(post("/api/agents/wes/wrap-up/end", "").statusCode()).isEqualTo(200);
        JsonObject next = awaitStep(two, "answered");
        assertThat(step(next, "offered").getString("agentId")).isEqualTo("wes");
        assertThat(stepAt(next, "offered")).isAfterOrEqualTo(endedEarly.minusMillis(50));
        assertThat(stepAt(next, "offered")).isBefore(extended);

        // after the second call the timer ends wrap-up by itself
        carrier.hangup(two.channel());
        Instant twoEnded = stepAt(awaitStep(two, "ended"), "ended");
        awaitTrue(Duration.ofSeconds(5), () -> "WRAP_UP".equals(agent("wes").getString("state")));
        awaitTrue(WRAP_UP.plusSeconds(5), () -> "READY".equals(agent("wes").getString("state")));
        Instant readyAgain = Instant.parse(agent("wes").getString("stateSince"));
        assertThat(Duration.between(twoEnded, readyAgain)).isBetween(WRAP_UP.minusSeconds(1),
                WRAP_UP.plusSeconds(1));
        assertThat(agent("wes").getInteger("callsToday")).isEqualTo(2);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A citizen calls 12345 and, once the menu listens at its business node, presses {@code key}. They stay on the
     * line (90 s) until the test hangs up for them. Returns once the call reached the ACD.
     */
    private Placed call(String caller, String key) throws Exception {
        Originated o = carrier.callAndWait(new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100),
                Duration.ofSeconds(90)), Duration.ofSeconds(30));
        assertThat(o.success()).as("the menu answered the citizen").isTrue();
        api.press(carrier, o, "business", key);
        String[] id = new String[1];
        awaitTrue(Duration.ofSeconds(30), () -> {
            for (Object c : get("/api/calls?limit=20").getJsonArray("calls")) {
                String callId = (String) c;
                if (!knownCalls.contains(callId) && caller.equals(get("/api/calls/" + callId)
                        .getJsonObject("fields").getString("callerNumber"))) {
                    id[0] = callId;
                    return true;
                }
            }
            return false;
        });
        knownCalls.add(id[0]);
        Placed p = new Placed(id[0], o.channel());
        placed.add(p);
        return p;
    }

    /** The call's record once its timeline has a step of {@code type}. */
    private static JsonObject awaitStep(Placed p, String type) throws Exception {
        JsonObject[] found = new JsonObject[1];
        awaitTrue(Duration.ofSeconds(30), () -> {
            found[0] = callRecord(p);
            return types(found[0]).contains(type);
        });
        return found[0];
    }

    private static JsonObject callRecord(Placed p) {
        return get("/api/calls/" + p.callId());
    }

    private static String newCaller() {
        return LiveApi.newCaller("136");
    }

    private Softphone phone(String seat, boolean autoAnswer) throws Exception {
        Softphone p = live.lab.softphone(seat, autoAnswer, null);
        phones.add(p);
        return p;
    }

    private void login(String agent, String seat, String skills) {
        agents.add(agent);
        HttpResponse<String> r = post("/api/agents/" + agent + "/login", "{\"seat\":\"" + seat + "\",\"skills\":"
                + skills + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("state")).isEqualTo("NOT_READY");
    }

    private static void ready(String agent) {
        assertThat(post("/api/agents/" + agent + "/ready", "").statusCode()).isEqualTo(200);
    }

    private static JsonObject citizenFigures() {
        return get("/api/figures").getJsonArray("queues").stream().map(o -> (JsonObject) o)
                .filter(q -> "citizen".equals(q.getString("queue"))).findFirst().orElseThrow();
    }

    private static List<String> types(JsonObject call) {
        return LiveApi.types(call);
    }

    private static List<String> routing(JsonObject call) {
        return types(call).stream().filter(ROUTING_STEPS::contains).toList();
    }

    private static List<JsonObject> steps(JsonObject call, String type) {
        return LiveApi.steps(call, type);
    }

    private static JsonObject step(JsonObject call, String type) {
        return LiveApi.step(call, type);
    }

    private static Instant stepAt(JsonObject call, String type) {
        return call.getJsonArray("timeline").stream().map(o -> (JsonObject) o)
                .filter(o -> type.equals(o.getString("type"))).map(o -> Instant.parse(o.getString("at")))
                .findFirst().orElseThrow();
    }

    private static void assertOrdered(JsonObject call) {
        LiveApi.assertOrdered(call);
    }

    private static JsonArray agentList() {
        return api.agents();
    }

    private static JsonObject agent(String id) {
        return api.agent(id);
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
