package hotline.server;

import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.LabLogin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The server under test seen through its HTTP API, for integration tests against the live system: requests, the
 * calls' timelines, the menu's live view, and polling for a condition (the system has its own clocks and processes).
 * Every request carries the session cookie of the lab supervisor ({@link LabLogin#SUPERVISOR}, who may drive any
 * agent): the API needs a session.
 */
final class LiveApi {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    private String cookie;

    /**
     * The server at {@code base}, logged in to as the lab supervisor on the first request (the server may not be up
     * yet), and again after a 401 (a restarted server has forgotten its sessions).
     */
    LiveApi(String base) {
        this.base = base;
    }

    /** The session cookie ({@code Cookie} header value) the requests carry, for WebSockets. */
    synchronized String cookie() {
        if (cookie == null) {
            cookie = LabLogin.cookie(base, LabLogin.SUPERVISOR);
        }
        return cookie;
    }

    /** Every logged-in agent. */
    JsonArray agents() {
        return new JsonArray(send(HttpRequest.newBuilder(URI.create(base + "/api/agents")).GET()).body());
    }

    JsonObject get(String path) {
        return new JsonObject(send(HttpRequest.newBuilder(URI.create(base + path)).GET()).body());
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A logged-in agent as {@code GET /api/agents} lists it; empty when not logged in. */
    JsonObject agent(String agentId) {
        for (Object o : agents()) {
            JsonObject a = (JsonObject) o;
            if (agentId.equals(a.getString("agentId"))) {
                return a;
            }
        }
        return new JsonObject();
    }

    /** The newest call of this caller once its timeline has a step of {@code type}. */
    JsonObject awaitCall(String caller, String type) throws Exception {
        JsonObject[] found = new JsonObject[1];
        awaitTrue(Duration.ofSeconds(90), () -> {
            for (Object id : get("/api/calls?limit=20").getJsonArray("calls")) {
                JsonObject call = get("/api/calls/" + id);
                if (caller.equals(call.getJsonObject("fields").getString("callerNumber"))
                        && types(call).contains(type)) {
                    found[0] = call;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Waits until a caller's menu listens at {@code node}, then the carrier's citizen presses the keys. */
    void press(CarrierDialer carrier, Originated o, String node, String keys) throws Exception {
        awaitNode(node);
        carrier.sendDtmf(o.channel(), keys);
    }

    /** Waits until a caller in the menu is at {@code node} and the menu listens for keys. */
    void awaitNode(String node) throws Exception {
        awaitTrue(Duration.ofSeconds(30), () -> {
            for (Object a : get("/api/ivr").getJsonArray("active")) {
                JsonObject s = (JsonObject) a;
                if (node.equals(s.getString("node")) && s.getBoolean("listening")) {
                    return true;
                }
            }
            return false;
        });
    }

    /** A caller number no earlier run used, so that lookups by number find this run's call. */
    static String newCaller(String prefix) {
        return prefix + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
    }

    static List<String> types(JsonObject call) {
        return call.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("type")).toList();
    }

    /** The data of every step of {@code type}, in order. */
    static List<JsonObject> steps(JsonObject call, String type) {
        return call.getJsonArray("timeline").stream().map(o -> (JsonObject) o)
                .filter(o -> type.equals(o.getString("type"))).map(o -> o.getJsonObject("data")).toList();
    }

    /** Timestamps never go backwards along the timeline. */
    static void assertOrdered(JsonObject call) {
        Instant previous = Instant.MIN;
        for (Object o : call.getJsonArray("timeline")) {
            Instant at = Instant.parse(((JsonObject) o).getString("at"));
            if (at.isBefore(previous)) {
                throw new AssertionError("timeline step " + o + " is before the step before it (" + previous + ")");
            }
            previous = at;
        }
    }

    /** The data of the first step of {@code type}. */
    static JsonObject step(JsonObject call, String type) {
        return call.getJsonArray("timeline").stream().map(o -> (JsonObject) o)
                .filter(o -> type.equals(o.getString("type"))).findFirst().orElseThrow().getJsonObject("data");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            request.timeout(Duration.ofSeconds(10));
            HttpResponse<String> r = HTTP.send(request.copy().header("Cookie", cookie()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 401) {
                synchronized (this) {
                    cookie = null;
                }
                r = HTTP.send(request.header("Cookie", cookie()).build(), HttpResponse.BodyHandlers.ofString());
            }
            return r;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Polls a condition against the live system until it holds or {@code timeout} passes. */
    static void awaitTrue(Duration timeout, Check check) throws Exception {
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
