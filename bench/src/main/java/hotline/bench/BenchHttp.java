package hotline.bench;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** The server under benchmark through its HTTP API, and polling for a condition of the live system. */
final class BenchHttp {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
