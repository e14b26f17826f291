package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two contact-center boxes under one ACD, all real: the carrier calls 12345 on box a (the pbx); seats 1003-1004 are
 * on box b, a second Asterisk rendered from the same templates, joined to box a by an IAX2 trunk on loopback. The
 * server holds an AMI session to each box. A caller on box a offered a box-b seat is redirected into
 * {@code hotline-agents-b}, which dials {@code IAX2/b/<seat>}; box b rings the seat; the seat leg's events come from
 * box b's AMI. A box-a seat still takes box-a calls from the dialplan directly.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MultiBoxIT {
    private static LiveLab live;
    private static Lab lab;
    private static LiveApi api;
    private static Path speech;

    @BeforeAll
    static void startLab() throws Exception {
        Map<String, Object> overrides = new HashMap<>(Lab.secondBox("1003-1004"));
        int asrPorts = 51000 + Lab.portOffset();
        overrides.putAll(Map.of("hotline.routing.ringTimeout", "5s", "hotline.ivr.enabled", false,
                "hotline.asr.models.en", Lab.home().resolve("asr/target/vosk-model-en-us").toString(),
                "hotline.asr.rtp.portStart", asrPorts, "hotline.asr.rtp.portEnd", asrPorts + 49));
        live = LiveLab.start("it-multibox", overrides);
        lab = live.lab;
        api = live.api;
        speech = lab.speech("citizen-streetlight", "Hello. The street light outside number eighteen Fengtai Road"
                + " has been broken for a week. Please send someone to repair it.");
        // the server's AMI session to box b (the primary's is awaited by LiveLab)
        LiveApi.awaitTrue(Duration.ofSeconds(20), () -> lab.boxCli("b", "manager show connected").contains("hotline"));
        assertThat(lab.boxCli("a", "module show like iax")).contains("chan_iax2.so");
        LiveApi.awaitTrue(Duration.ofSeconds(90), () -> "ready".equals(api.get("/api/asr").getString("status")));
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void shouldAnswerACallerOnBoxAWithASeatRegisteredOnBoxBOverTheIaxTrunk() throws Exception {
        Softphone phone = lab.softphone("1003", true, null);
        assertThat(lab.boxCli("a", "pjsip show contacts")).doesNotContain("1003/sip:");
        try {
            loginReady("bea", "1003");
            String caller = LiveApi.newCaller("137");
            Originated o = live.carrier.callAndWait(citizen(caller), Duration.ofSeconds(30));
            assertThat(o.success()).isTrue();

            // while they talk: box b's seat leg is up and bridged to the trunk's leg from box a; on box a the caller is
            // bridged to the IAX2 leg to box b
            String[] seatLeg = awaitChannel("b", "PJSIP/1003-");
            assertThat(seatLeg[13]).as("box b's uniqueids carry its systemname").startsWith("b-");
            String[] bIn = awaitChannel("b", "IAX2/a-");
            assertThat(bIn[12]).as("seat leg and trunk leg share a bridge on box b").isEqualTo(seatLeg[12]);
            String[] trunk = awaitChannel("a", "IAX2/b-");
            String[] callerLeg = awaitChannel("a", "PJSIP/carrier-");
            assertThat(callerLeg[12]).as("caller and trunk leg share a bridge on box a").isEqualTo(trunk[12]);
            assertThat(callerLeg[13]).startsWith("a-");
            // each voice is forked on its own box: ChanSpy of the caller on box a, of the seat leg on box b
            assertThat(awaitChannel("a", "UnicastRTP/", false)[6]).startsWith(callerLeg[13] + ",");
            if (lab.config().asr().transcribeAgent()) {
                assertThat(awaitChannel("b", "UnicastRTP/", false)[6]).startsWith(seatLeg[13] + ",");
            }

            JsonObject call = api.awaitCall(caller, "ended");
            assertThat(LiveApi.types(call)).containsExactly("arrived", "queued", "offered", "ringing", "answered",
                    "ended");
            assertThat(LiveApi.step(call, "offered").getString("seat")).isEqualTo("1003");
            assertThat(LiveApi.step(call, "answered").getString("agentId")).isEqualTo("bea");
            assertThat(LiveApi.step(call, "ended").getString("endedBy")).isEqualTo("caller");
            assertThat(call.getJsonObject("fields").getString("uniqueId")).startsWith("a-");
            LiveApi.assertOrdered(call);
            String callId = call.getJsonObject("fields").getString("callId");
            LiveApi.awaitTrue(Duration.ofSeconds(30), () -> !api.get("/api/calls/" + callId + "/transcript")
                    .getJsonArray("utterances").isEmpty());
            assertThat(api.get("/api/asr").getLong("failedStreams")).isZero();
            // the citizen's words crossed the trunk: the seat on box b recorded them
            LiveApi.awaitTrue(Duration.ofSeconds(10), () -> phone.receivedRecordings().size() == 1
                    && Softphone.loudSeconds(phone.receivedRecordings().get(0), -40) > 2.0);
            LiveApi.awaitTrue(Duration.ofSeconds(10), () -> "READY".equals(api.agent("bea").getString("state")));
        } finally {
            logout("bea");
            phone.close();
        }
    }

    @Test
    void shouldStillRingABoxASeatFromBoxADirectly() throws Exception {
        Softphone phone = lab.softphone("1001", true, null);
        try {
            loginReady("abe", "1001");
            String caller = LiveApi.newCaller("137");
            Originated o = live.carrier.callAndWait(citizen(caller), Duration.ofSeconds(30));
            assertThat(o.success()).isTrue();
            String[] seatLeg = awaitChannel("a", "PJSIP/1001-");
            assertThat(seatLeg[13]).startsWith("a-");
            assertThat(lab.boxCli("a", "core show channels concise")).doesNotContain("IAX2/");
            JsonObject call = api.awaitCall(caller, "ended");
            assertThat(LiveApi.types(call)).containsExactly("arrived", "queued", "offered", "ringing", "answered",
                    "ended");
            assertThat(LiveApi.step(call, "answered").getString("seat")).isEqualTo("1001");
            LiveApi.awaitTrue(Duration.ofSeconds(10), () -> phone.receivedRecordings().size() == 1
                    && Softphone.loudSeconds(phone.receivedRecordings().get(0), -40) > 2.0);
        } finally {
            logout("abe");
            phone.close();
        }
    }

    @Test
    void shouldOfferTheNextSeatWhenTheSeatOnTheOtherBoxRingsUnanswered() throws Exception {
        Softphone silent = lab.softphone("1004", false, null); // on box b: rings, never answers
        Softphone local = lab.softphone("1002", true, null);
        try {
            loginReady("bo", "1004"); // idle longest: offered first
            loginReady("al", "1002");
            String caller = LiveApi.newCaller("137");
            Originated o = live.carrier.callAndWait(citizen(caller), Duration.ofSeconds(30));
            assertThat(o.success()).isTrue();
            JsonObject call = api.awaitCall(caller, "ended");
            // box a's Dial over the trunk gives up after the ring timeout (NOANSWER there, CANCEL on box b): one
            // requeue, then the box-a seat
            assertThat(LiveApi.types(call)).containsExactly("arrived", "queued", "offered", "ringing", "requeued",
                    "offered", "ringing", "answered", "ended");
            List<JsonObject> offers = LiveApi.steps(call, "offered");
            assertThat(offers.get(0).getString("seat")).isEqualTo("1004");
            assertThat(offers.get(1).getString("seat")).isEqualTo("1002");
            assertThat(LiveApi.step(call, "requeued").getString("reason")).isEqualTo("ring-no-answer");
            assertThat(api.agent("bo").getString("state")).isEqualTo("NOT_READY");
            LiveApi.assertOrdered(call);
        } finally {
            logout("bo");
            logout("al");
            silent.close();
            local.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The caller speaks after 3 s (a seat on the other box answers within that), then stays 3 s. */
    private static CitizenCall citizen(String caller) {
        return new CitizenCall("12345", caller, Lab.playable(speech), 1, Duration.ofSeconds(3),
                Duration.ofSeconds(3));
    }

    /**
     * Waits until box {@code box} has a channel named {@code prefix…} that is Up and in a bridge; its fields as
     * {@code core show channels concise} prints them (0 channel … 4 state … 12 bridge id, 13 uniqueid).
     */
    private static String[] awaitChannel(String box, String prefix) throws Exception {
        return awaitChannel(box, prefix, true);
    }

    /** As {@link #awaitChannel(String, String)}; {@code bridged = false} takes an Up channel outside any bridge. */
    private static String[] awaitChannel(String box, String prefix, boolean bridged) throws Exception {
        String[][] found = new String[1][];
        LiveApi.awaitTrue(Duration.ofSeconds(20), () -> {
            Optional<String[]> line = Arrays.stream(lab.boxCli(box, "core show channels concise").split("\n"))
                    .map(l -> l.split("!", -1)).filter(f -> f.length >= 14 && f[0].startsWith(prefix)
                            && f[4].equals("Up") && (!bridged || !f[12].isBlank())).findFirst();
            line.ifPresent(f -> found[0] = f);
            return line.isPresent();
        });
        return found[0];
    }

    private static void loginReady(String agent, String seat) {
        assertThat(api.post("/api/agents/" + agent + "/login", "{\"seat\":\"" + seat + "\"}").statusCode())
                .isEqualTo(200);
        assertThat(api.post("/api/agents/" + agent + "/ready", "").statusCode()).isEqualTo(200);
    }

    private static void logout(String agent) throws Exception {
        LiveApi.awaitTrue(Duration.ofSeconds(20), () -> {
            int status = api.post("/api/agents/" + agent + "/logout", "").statusCode();
            return status == 200 || status == 404;
        });
    }
}
