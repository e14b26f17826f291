package hotline.server.web;

import hotline.config.WebConfig;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Logged-in sessions, in memory on this node: a random 256-bit token (base64url) per login, valid for a fixed time
 * after it. A restart logs everyone out. An expired session is remembered for one more session lifetime, so that a
 * request with it is told "expired" rather than "unknown". Confined to the hotline verticle's context: not
 * thread-safe.
 */
public final class Sessions {
    private final Map<String, Session> byToken = new HashMap<>();
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Sessions(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * A logged-in user's session; {@code unit} is a unit handler's unit, {@code district} a leader's district, null
     * for the other roles.
     */
    public record Session(String token, String user, WebConfig.Role role, String unit, String district,
            Instant expires) {
        @Override
        public String toString() { // the token is a credential: never in a log line
            return "Session[user=" + user + ", role=" + role.id() + (unit == null ? "" : ", unit=" + unit)
                    + (district == null ? "" : ", district=" + district) + ", expires=" + expires + "]";
        }
    }

    /** What a request's token is worth. */
    public sealed interface Lookup permits Lookup.Live, Lookup.Missing, Lookup.Expired, Lookup.Unknown {
        /** A live session. */
        record Live(Session session) implements Lookup {
        }

        /** The request carried no token. */
        record Missing() implements Lookup {
        }

        /** The token's session expired at {@code at}. */
        record Expired(Instant at) implements Lookup {
        }

        /** Not a token of this node: logged out, expired long ago, from before a restart, or made up. */
        record Unknown() implements Lookup {
        }
    }

    /** Opens a session for {@code user} of a role without a unit. */
    public Session open(String user, WebConfig.Role role) {
        return open(user, role, null, null);
    }

    /**
     * Opens a session for {@code user} (of {@code unit}, or null; leading {@code district}, or null); long-expired
     * ones are dropped on the way.
     */
    public Session open(String user, WebConfig.Role role, String unit, String district) {
        Instant now = clock.instant();
        byToken.values().removeIf(s -> !now.isBefore(s.expires().plus(ttl)));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        Session s = new Session(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), user, role,
                unit, district, now.plus(ttl));
        byToken.put(s.token(), s);
        return s;
    }

    /** What {@code token} (null when the request had none) is worth now. */
    public Lookup lookup(String token) {
        if (token == null || token.isEmpty()) {
            return new Lookup.Missing();
        }
        Session s = byToken.get(token);
        if (s == null) {
            return new Lookup.Unknown();
        }
        if (!clock.instant().isBefore(s.expires())) {
            return new Lookup.Expired(s.expires());
        }
        return new Lookup.Live(s);
    }

    /** The live session of {@code token}, or empty when unknown, null or expired. */
    public Optional<Session> find(String token) {
        return lookup(token) instanceof Lookup.Live l ? Optional.of(l.session()) : Optional.empty();
    }

    /** Ends the session of {@code token} (no-op when unknown). */
    public void close(String token) {
        if (token != null) {
            byToken.remove(token);
        }
    }

    /** How long a session lasts. */
    public Duration ttl() {
        return ttl;
    }
}
