package hotline.server.web;

import hotline.config.WebConfig;
import java.util.List;

/**
 * Which requests a role may make, checked when {@code hotline.web.requireLogin} is on. A pure function of role, user,
 * unit, method and path. A supervisor may do everything; an agent may act only on itself ({@code /api/agents/<me>/...},
 * {@code /ws/agents/<me>}), read the other agents' states and the queue, look up calls, extract drafts and submit
 * orders, but no supervisor operation. A unit handler sees and acts on its own unit's orders only: its order list and
 * rates ({@code /api/units/<unit>/...}), its feed ({@code /ws/units/<unit>}), accept / reply / return / close on its
 * part ({@code POST /api/orders/<n>/units/<unit>/...}) and {@code GET /api/orders/<n>} of an order dispatched to it
 * (which only the order store can tell: {@link Decision.IfOrderOfUnit}). New roles get their rules here.
 */
public final class Access {
    private static final List<String> UNIT_ACTIONS = List.of("accept", "reply", "return", "close");

    private Access() {
    }

    /** The verdict on one request. */
    public sealed interface Decision permits Decision.Allowed, Decision.Denied, Decision.IfOrderOfUnit {
        /** The request may go on. */
        record Allowed() implements Decision {
        }

        /** The request is refused (403). */
        record Denied() implements Decision {
        }

        /** Allowed only if order {@code number} has a part for {@code unitId} (any state); refused otherwise. */
        record IfOrderOfUnit(String number, String unitId) implements Decision {
        }
    }

    private static final Decision ALLOWED = new Decision.Allowed();
    private static final Decision DENIED = new Decision.Denied();

    /**
     * The verdict for {@code method path} by {@code user} of {@code role}; {@code unit} is the user's unit (null
     * unless the role is {@link WebConfig.Role#UNIT}).
     */
    public static Decision decide(WebConfig.Role role, String user, String unit, String method, String path) {
        return switch (role) {
            case SUPERVISOR -> ALLOWED;
            case AGENT -> agent(user, path) ? ALLOWED : DENIED;
            case UNIT -> unit == null ? DENIED : unit(unit, method, path);
        };
    }

    /** Whether a role without a unit may make the request outright (a unit handler never without its unit). */
    public static boolean allowed(WebConfig.Role role, String user, String method, String path) {
        return decide(role, user, null, method, path) instanceof Decision.Allowed;
    }

    private static boolean agent(String user, String path) {
        if (path.startsWith("/api/supervisor/") || path.equals("/api/supervisor") || path.equals("/api/audit")) {
            return false; // the audit log is the supervisors'
        }
        if (path.startsWith("/ws/agents/")) {
            return path.equals("/ws/agents/" + user);
        }
        if (path.startsWith("/api/agents/")) {
            return path.startsWith("/api/agents/" + user + "/");
        }
        if (path.startsWith("/ws/")) {
            return false; // unit and desk feeds belong to other roles
        }
        return true;
    }

    private static Decision unit(String unit, String method, String path) {
        // segments of "/api/units/u/orders": ["", "api", "units", "u", "orders"]; an empty segment never matches
        String[] s = path.split("/", -1);
        if (s.length < 3 || !s[0].isEmpty()) {
            return DENIED;
        }
        boolean get = method.equals("GET");
        if (get && s.length == 4 && s[1].equals("ws") && s[2].equals("units")) {
            return s[3].equals(unit) ? ALLOWED : DENIED;
        }
        if (get && s.length == 5 && s[1].equals("api") && s[2].equals("units") && s[3].equals(unit)
                && (s[4].equals("orders") || s[4].equals("rates"))) {
            return ALLOWED;
        }
        if (get && s.length == 4 && s[1].equals("api") && s[2].equals("orders") && !s[3].isEmpty()) {
            return new Decision.IfOrderOfUnit(s[3], unit);
        }
        if (method.equals("POST") && s.length == 7 && s[1].equals("api") && s[2].equals("orders")
                && !s[3].isEmpty() && s[4].equals("units") && s[5].equals(unit) && UNIT_ACTIONS.contains(s[6])) {
            return ALLOWED;
        }
        return DENIED;
    }
}
