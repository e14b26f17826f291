package hotline.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.HotlineServer;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
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
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The report counts a real call: a citizen calls 12345 through the carrier's Asterisk, the contact center's Asterisk
 * rings the baresip seat 1001, which answers; the agent's order is submitted with the call's id. The day's report
 * (JSON) then holds the call as offered and answered, within the 15 s service-level target, and the order at its
 * street. Real Redis, both Asterisks, baresip (testkit {@link Lab}); menu and ASR off.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReportsLiveCallIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();
    private Lab lab;
    private HotlineServer server;
    private CarrierDialer carrier;
    private String base;

    @BeforeEach
    void start() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-lab-reports"));
        lab = Lab.start(run, Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled", false,
                "hotline.acd.wrapUp", "2s"));
        server = HotlineServer.start(lab.config(), Clock.systemUTC());
        base = "http://127.0.0.1:" + server.httpPort();
        var c = lab.config().carrier();
        carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(), c.amiUser(), c.amiSecret(),
                Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() throws Exception {
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

    @Test
    void shouldCountARealAnsweredCallAndItsOrderInTheDaysReport() throws Exception {
        try (Softphone phone = lab.softphone("1001", true, null)) {
            assertThat(post("/api/agents/demo/login", "{\"seat\":\"1001\"}").statusCode()).isEqualTo(200);
            await(() -> agent().getBoolean("registered", false));
            assertThat(post("/api/agents/demo/ready", "").statusCode()).isEqualTo(200);

            String caller = "139" + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
            carrier.call(new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100), Duration.ofSeconds(3)));
            await(() -> agent().getString("callId") != null);
            String callId = agent().getString("callId");
            // the citizen hangs up after a few seconds: the call ends with its answer recorded
            await(() -> "ended".equals(call(callId).getString("state")));
            JsonObject fields = call(callId);
            assertThat(fields.getString("answeredAt")).isNotNull();

            HttpResponse<String> submitted = post("/api/orders", new JsonObject().put("requestId", "rep-" + callId)
                    .put("callerName", "张先生").put("phone", caller).put("district", "朝阳区").put("street", "八里庄街道")
                    .put("community", "").put("category", "gas_power").put("urgency", "2h")
                    .put("summary", "楼道里闻到煤气味").put("unitIds", new JsonArray().add("balizhuang"))
                    .put("callId", callId).put("channel", "phone").encode());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);

            // the day the call arrived, in the hotline's zone
            String day = Instant.parse(fields.getString("arrivedAt")).atZone(ZoneId.of("Asia/Shanghai"))
                    .toLocalDate().toString();
            HttpResponse<String> r = get("/api/reports?period=day&date=" + day);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonObject report = new JsonObject(r.body());
            JsonObject calls = report.getJsonObject("calls");
            assertThat(calls.getLong("offered")).isEqualTo(1);
            assertThat(calls.getLong("answered")).isEqualTo(1);
            assertThat(calls.getLong("inTarget")).isEqualTo(1);
            assertThat(calls.getJsonObject("answerRate").getInteger("basisPoints")).isEqualTo(10_000);
            assertThat(report.getJsonObject("orders").getLong("total")).isEqualTo(1);
            JsonObject street = report.getJsonObject("orders").getJsonArray("byStreet").getJsonObject(0);
            assertThat(street.getString("street")).isEqualTo("八里庄街道");
            assertThat(street.getString("code")).startsWith("110105");
            assertThat(report.getJsonArray("ranking").getJsonObject(0).getString("name")).isEqualTo("八里庄街道（朝阳区）");
        } finally {
            post("/api/agents/demo/logout", "");
        }
    }

    private JsonObject agent() throws Exception {
        JsonArray agents = new JsonArray(get("/api/agents").body());
        for (int i = 0; i < agents.size(); i++) {
            if ("demo".equals(agents.getJsonObject(i).getString("agentId"))) {
                return agents.getJsonObject(i);
            }
        }
        return new JsonObject();
    }

    private JsonObject call(String callId) throws Exception {
        HttpResponse<String> r = get("/api/calls/" + callId);
        return r.statusCode() == 200 ? new JsonObject(r.body()).getJsonObject("fields", new JsonObject())
                : new JsonObject();
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    /** Polls the server's API until {@code check} holds (the state it reads is the server's, not a timer's). */
    private static void await(Check check) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not reached within " + WAIT);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private hotline.testkit.lab.LabLogin.Session session;

    /** The lab supervisor's session (the API needs one), taken on the first request. */
    private String cookie() {
        if (session == null) {
            session = new hotline.testkit.lab.LabLogin.Session(base, hotline.testkit.lab.LabLogin.SUPERVISOR);
        }
        return session.cookie();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT).header("Cookie", cookie())
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT).header("Cookie", cookie())
                .GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
