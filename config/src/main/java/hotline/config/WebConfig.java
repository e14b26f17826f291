package hotline.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The web UI and its login ({@code hotline.web}).
 *
 * @param requireLogin every {@code /api/*} route and WebSocket needs a logged-in session (the default); false opens
 *                     the API to anyone who reaches the port
 * @param sessionTtl   how long a session lasts after login
 * @param users        the users who may log in, unique names
 */
public record WebConfig(boolean requireLogin, Duration sessionTtl, List<User> users) {

    public WebConfig {
        Objects.requireNonNull(sessionTtl, "sessionTtl");
        users = List.copyOf(users);
    }

    /**
     * No users, login required, 8 h sessions: what a configuration without {@code hotline.web} means (nobody can use
     * the API: closed, not open, by default).
     */
    public static WebConfig defaults() {
        return new WebConfig(true, Duration.ofHours(8), List.of());
    }

    /**
     * What a user may see and do; each role's permissions are the server's access rules.
     */
    public enum Role {
        AGENT, SUPERVISOR,
        /** A street/township's or department's order handler: sees and acts on its own unit's orders only. */
        UNIT,
        /** A district leader in a leader session: an agent on its own seat who also sees the session's figures. */
        LEADER,
        /** The dispatch desk: returned orders, re-dispatch and joint dispatch, the unit directory. */
        DISPATCHER,
        /** Everything a supervisor may do, and the users list. */
        ADMIN;

        /** The configuration's spelling: {@code agent}, {@code supervisor}, {@code unit}, {@code leader}, .... */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One user. {@link #toString()} hides the hash.
     *
     * @param name         login name; for an agent also the ACD agent id
     * @param role         what the user may do
     * @param passwordHash {@code pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>}
     * @param unit         the unit id a {@link Role#UNIT} user handles; null for every other role
     * @param district     the district a {@link Role#LEADER} leads (its name as the gazetteer spells it, e.g.
     *                     {@code 朝阳区}): the leader's reports are that district's; null for a leader without one and
     *                     for every other role
     * @param displayName  the name the screens show for the user (the wallboard's floor plan: 张丽), or null (the
     *                     login name is shown)
     * @param workNumber   the user's work number (工号, e.g. {@code 1024}), shown beside the name, or null
     */
    public record User(String name, Role role, String passwordHash, String unit, String district, String displayName,
                       String workNumber) {
        public User {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(passwordHash, "passwordHash");
            if ((role == Role.UNIT) != (unit != null)) {
                throw new IllegalArgumentException("unit: required for role unit only, got " + unit + " for "
                        + role.id());
            }
            if (district != null && role != Role.LEADER) {
                throw new IllegalArgumentException("district: for role leader only, got " + district + " for "
                        + role.id());
            }
        }

        /** A user without a display name or work number. */
        public User(String name, Role role, String passwordHash, String unit, String district) {
            this(name, role, passwordHash, unit, district, null, null);
        }

        /** A user without a district (every role but a district's leader). */
        public User(String name, Role role, String passwordHash, String unit) {
            this(name, role, passwordHash, unit, null);
        }

        /** A user of a role without a unit (agent, supervisor). */
        public User(String name, Role role, String passwordHash) {
            this(name, role, passwordHash, null);
        }

        @Override
        public String toString() {
            return "User[name=" + name + ", role=" + role.id() + (unit == null ? "" : ", unit=" + unit)
                    + (district == null ? "" : ", district=" + district) + ", passwordHash=***]";
        }
    }
}
