package hotline.bench;

import hotline.server.HotlineServer;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Call set-up time on real Asterisk: the carrier's INVITE to 12345 until the agent's softphone rings.
 *
 * <p>Starts the test lab (Redis, pbx and carrier Asterisk, one baresip seat that auto-answers), the server
 * in-process and one ready agent, then places N calls one after another (default 20). For each call:
 * <ul>
 *   <li>t0 = the carrier's {@code Newchannel} event for its outgoing channel (Asterisk sends the INVITE right after
 *       creating it), Asterisk's own event timestamp;</li>
 *   <li>t1 = the {@code arrived} step of the call's timeline (the server registered the FastAGI request);</li>
 *   <li>t2 = the {@code ringing} step: the pbx's {@code Newstate Ringing} of the seat's channel (180 from the
 *       softphone), Asterisk's own event timestamp.</li>
 * </ul>
 * Both Asterisk instances and the server run on this machine, on one clock.
 * Prints {@code ring calls=N invite_to_ring_median_ms=… …}.
 */
public final class RingBench {

    private RingBench() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        if (calls < 1 || calls > 500) {
            throw new IllegalArgumentException("calls must be 1..500, got " + calls);
        }
        Path run = Files.createDirectories(Lab.home().resolve(".run/bench-ring"));
        List<Double> inviteToRing = new ArrayList<>();
        List<Double> inviteToAgi = new ArrayList<>();
        List<Double> agiToRing = new ArrayList<>();
        // set-up time without the front-door menu: the menu adds the caller's own time
        try (Lab lab = Lab.start(run, Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled", false));
             HotlineServer server = HotlineServer.start(lab.config(), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + server.httpPort();
            BenchHttp.await(Duration.ofSeconds(20), () -> BenchHttp.get(base + "/health").getBoolean("ami"));
            Softphone phone = lab.softphone("1001", true, null);
            BenchHttp.post(base + "/api/agents/bench/login", "{\"seat\":\"1001\"}");
            BenchHttp.post(base + "/api/agents/bench/ready", "");
            var c = lab.config().carrier();
            try (CarrierDialer carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(),
                    c.amiUser(), c.amiSecret(), Duration.ofSeconds(5)))) {
                for (int i = 0; i < calls; i++) {
                    String caller = String.valueOf(13700000000L + i);
                    Originated o = carrier.callAndWait(new CitizenCall("12345", caller, null, 1, Duration.ZERO,
                            Duration.ofMillis(300)), Duration.ofSeconds(30));
                    if (!o.success()) {
                        throw new IllegalStateException("call " + i + " failed: " + o.reason());
                    }
                    Instant t0 = carrier.channelCreatedAt(o.uniqueId()).orElseThrow(() ->
                            new IllegalStateException("no Newchannel seen for " + o.uniqueId()));
                    JsonObject call = awaitEnded(base, caller);
                    Instant t1 = stepAt(call, "arrived");
                    Instant t2 = stepAt(call, "ringing");
                    inviteToRing.add(ms(t0, t2));
                    inviteToAgi.add(ms(t0, t1));
                    agiToRing.add(ms(t1, t2));
                    System.out.printf(Locale.ROOT, "call %2d %s invite->ring %.1f ms (invite->agi %.1f, agi->ring %.1f)%n",
                            i + 1, call.getString("callId"), ms(t0, t2), ms(t0, t1), ms(t1, t2));
                    // the agent is back to READY once the call has ended; wait for it before the next call
                    BenchHttp.await(Duration.ofSeconds(10), () -> "READY".equals(
                            BenchHttp.getArray(base + "/api/agents").getJsonObject(0).getString("state")));
                }
            }
            phone.close();
        }
        System.out.printf(Locale.ROOT,
                "ring calls=%d invite_to_ring_median_ms=%.1f invite_to_ring_p90_ms=%.1f invite_to_ring_max_ms=%.1f"
                        + " invite_to_agi_median_ms=%.1f agi_to_ring_median_ms=%.1f%n",
                calls, percentile(inviteToRing, 50), percentile(inviteToRing, 90), percentile(inviteToRing, 100),
                percentile(inviteToAgi, 50), percentile(agiToRing, 50));
    }

    static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static double ms(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e6;
    }

    private static Instant stepAt(JsonObject call, String type) {
        for (Object o : call.getJsonArray("timeline")) {
            JsonObject step = (JsonObject) o;
            if (type.equals(step.getString("type"))) {
                return Instant.parse(step.getString("at"));
            }
        }
        throw new IllegalStateException("call " + call.getString("callId") + " has no " + type + " step: " + call);
    }

    private static JsonObject awaitEnded(String base, String caller) throws Exception {
        JsonObject[] found = new JsonObject[1];
        BenchHttp.await(Duration.ofSeconds(30), () -> {
            for (Object id : BenchHttp.get(base + "/api/calls?limit=5").getJsonArray("calls")) {
                JsonObject call = BenchHttp.get(base + "/api/calls/" + id);
                JsonObject f = call.getJsonObject("fields");
                if (caller.equals(f.getString("callerNumber")) && "ended".equals(f.getString("state"))) {
                    found[0] = call;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

}
