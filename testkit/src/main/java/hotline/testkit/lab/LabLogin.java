package hotline.testkit.lab;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Logs a test or benchmark in to a running hotline server as one of the defaults file's lab demo users
 * ({@code config/hotline.conf}: {@code demo} agent, {@code super} supervisor, {@code balizhuang} unit handler, each
 * with its name as password: LAB THROWAWAY credentials) and gives the session cookie to send with every API request
 * and WebSocket handshake.
 */
public final class LabLogin {
    /** The lab's supervisor: may use every route (tests that drive many agents log in as it). */
    public static final String SUPERVISOR = "super";
    /** The lab's demo agent. */
    public static final String AGENT = "demo";
    /** The lab's unit handler of unit {@code balizhuang}. */
    public static final String UNIT = "balizhuang";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private LabLogin() {
    }

    /**
     * {@code POST base/api/session} as lab user {@code name} (password = name); the {@code Cookie} header value
     * ({@code hotline_session=...}).
     *
     * @throws IllegalStateException when the server refuses or cannot be reached
     */
    public static String cookie(String base, String name) {
        return cookie(base, name, name);
    }

    /** As {@link #cookie(String, String)} with an explicit password. */
    public static String cookie(String base, String name, String password) {
        String body = "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}";
        HttpResponse<String> r;
        try {
            r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/session")).timeout(Duration.ofSeconds(20))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("login as " + name + " at " + base + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("login as " + name + " interrupted", e);
        }
        String setCookie = r.headers().firstValue("set-cookie").orElse(null);
        if (r.statusCode() != 200 || setCookie == null) {
            throw new IllegalStateException("login as " + name + " at " + base + " refused: " + r.statusCode() + " "
                    + r.body());
        }
        return setCookie.substring(0, setCookie.indexOf(';') < 0 ? setCookie.length() : setCookie.indexOf(';'));
    }

    /**
     * A lab user's session on one server, logged in on first use (the server may not be up yet when this is made)
     * and again after {@link #forget()} (a restarted server has forgotten its sessions).
     */
    public static final class Session {
        private final String base;
        private final String name;
        private String cookie;

        public Session(String base, String name) {
            this.base = base;
            this.name = name;
        }

        /** The {@code Cookie} header value, logging in when there is none yet. */
        public synchronized String cookie() {
            if (cookie == null) {
                cookie = LabLogin.cookie(base, name);
            }
            return cookie;
        }

        /** Drops the cookie: the next {@link #cookie()} logs in again. */
        public synchronized void forget() {
            cookie = null;
        }
    }
}
