package hotline.bench;

import hotline.testkit.lab.LabLogin;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server under benchmark through its HTTP API, and polling for a condition of the live system. The API needs a
 * session: the first request to a server logs in there as the lab supervisor ({@link LabLogin#SUPERVISOR}, who may
 * drive any agent) and every request carries its cookie.
 */
final class BenchHttp {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Session cookie per server ({@code http://host:port}). */
    private static final Map<String, String> COOKIES = new ConcurrentHashMap<>();

    private BenchHttp() {
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Polls {@code check} every 20 ms until it holds; fails after {@code timeout}. */
    static void await(Duration timeout, Check check) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("condition not met within " + timeout);
    }

    static JsonObject get(String url) {
        return new JsonObject(send(HttpRequest.newBuilder(URI.create(url)).GET()).body());
    }

    static io.vertx.core.json.JsonArray getArray(String url) {
        return new io.vertx.core.json.JsonArray(send(HttpRequest.newBuilder(URI.create(url)).GET()).body());
    }

    /** POSTs and insists on 200. */
    static void post(String url, String body) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        }
    }

    /** The session cookie for the server of {@code url} (logging in there on first use). */
    static String cookie(String url) {
        URI u = URI.create(url);
        String base = u.getScheme().replace("ws", "http") + "://" + u.getAuthority();
        return COOKIES.computeIfAbsent(base, b -> LabLogin.cookie(b, LabLogin.SUPERVISOR));
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            HttpRequest r = b.timeout(Duration.ofSeconds(10)).build();
            if (r.uri().getPath().startsWith("/api/")) {
                r = HttpRequest.newBuilder(r, (k, v) -> true).header("Cookie", cookie(r.uri().toString())).build();
            }
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
