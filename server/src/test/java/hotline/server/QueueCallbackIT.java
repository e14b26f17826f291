package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * While a caller waits with no agent free, the queue announcement tells their place; once the ACD offers a callback
 * (the queue's maxWait passed) the caller presses 1 with {@code SendDTMF}, is hung up after the confirmation, and when
 * an agent becomes ready the callback rings the agent's softphone first and then calls the citizen through the
 * carrier; then the agent calls the citizen about an order from the seat the same way. All real: both Asterisks,
 * baresip, Redis.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class QueueCallbackIT {
    private static LiveLab live;
    private static LiveApi api;
    private static CarrierDialer carrier;
    private static Lab lab;

    @BeforeAll
    static void startLab() throws Exception {
        live = LiveLab.start("it-lab-callback", Map.of("hotline.ivr.menu",
                LiveLab.quickMenu("it-lab-callback").toString(), "hotline.asr.enabled", false,
                "hotline.ivr.announceEvery", "3s",
                "hotline.acd.queues", List.of(
                        Map.of("id", "citizen", "strategy", "longest-idle", "skills", Map.of(),
                                "serviceLevelTarget", "15s", "serviceLevelPercent", 80, "maxWait", "4s",
                                "maxLength", 200),
                        Map.of("id", "callbacks", "strategy", "least-calls-today", "skills", Map.of(),
                                "serviceLevelTarget", "3600s", "serviceLevelPercent", 80, "maxWait", "24h",
                                "maxLength", 1000))));
        api = live.api;
        carrier = live.carrier;
        lab = live.lab;
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void shouldTakeACallbackWithOneAndCallTheCitizenBackWhenAnAgentIsReady() throws Exception {
        String caller = LiveApi.newCaller("136");
        Originated o = carrier.callAndWait(new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100),
                Duration.ofSeconds(60)), Duration.ofSeconds(30));
        assertThat(o.success()).isTrue();
        api.press(carrier, o, "language", "1");
        api.press(carrier, o, "business", "0"); // straight to an agent; none is logged in: the caller waits

        JsonObject waiting = api.awaitCall(caller, "callback-offered");
        assertThat(LiveApi.types(waiting)).startsWith("arrived", "ivr", "queued");
        // the offer is announced at once; 1 is taken anywhere in it (three tries, two seconds apart)
        carrier.sendDtmf(o.channel(), "ww1wwww1wwww1");
        JsonObject ended = api.awaitCall(caller, "ended");
        assertThat(LiveApi.step(ended, "callback-scheduled").getString("number")).isEqualTo(caller);
        assertThat(LiveApi.step(ended, "ended").getString("endedBy")).isEqualTo("callback");
        String taskId = LiveApi.step(ended, "callback-scheduled").getString("taskId");

        lab.softphone("1001", true, null);
        assertThat(api.post("/api/agents/cara/login", "{\"seat\":\"1001\"}").statusCode()).isEqualTo(200);
        assertThat(api.post("/api/agents/cara/ready", "").statusCode()).isEqualTo(200);

        LiveApi.awaitTrue(Duration.ofSeconds(40), () -> LiveApi.types(api.get("/api/calls/" + taskId))
                .contains("answered"));
        JsonObject task = api.get("/api/calls/" + taskId);
        assertThat(task.getJsonObject("fields").getString("kind")).isEqualTo("callback");
        assertThat(task.getJsonObject("fields").getString("callerNumber")).isEqualTo(caller);
        assertThat(LiveApi.step(task, "offered").getString("agentId")).isEqualTo("cara");
        LiveApi.awaitTrue(Duration.ofSeconds(10), () -> lab.pbxCli("core show channels concise").contains(
                "hotline-callback"));

        lab.pbxCli("channel request hangup all");
        LiveApi.awaitTrue(Duration.ofSeconds(20), () -> LiveApi.types(api.get("/api/calls/" + taskId))
                .contains("ended"));
        LiveApi.awaitTrue(Duration.ofSeconds(20), () -> "READY".equals(api.agent("cara").getString("state")));

        // the agent calls the citizen about an order from the seat (a leader's callback): the seat rings first
        assertThat(api.post("/api/agents/cara/outbound", "{\"number\":\"" + caller
                + "\",\"orderId\":\"20261201-000017\"}").statusCode()).isEqualTo(200);
        JsonObject[] outbound = new JsonObject[1];
        LiveApi.awaitTrue(Duration.ofSeconds(40), () -> {
            for (Object id : api.get("/api/calls?limit=5").getJsonArray("calls")) {
                JsonObject call = api.get("/api/calls/" + id);
                if ("outbound".equals(call.getJsonObject("fields").getString("kind"))
                        && LiveApi.types(call).contains("answered")) {
                    outbound[0] = call;
                    return true;
                }
            }
            return false;
        });
        assertThat(outbound[0].getJsonObject("fields").getString("orderId")).isEqualTo("20261201-000017");
        assertThat(outbound[0].getJsonObject("fields").getString("callerNumber")).isEqualTo(caller);
        lab.pbxCli("channel request hangup all");
        LiveApi.awaitTrue(Duration.ofSeconds(20), () -> "READY".equals(api.agent("cara").getString("state")));
    }
}
