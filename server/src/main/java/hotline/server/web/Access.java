package hotline.server.web;

import hotline.config.WebConfig;
import java.util.Arrays;
import java.util.List;

/**
 * Which requests a role may make, checked when {@code hotline.web.requireLogin} is on. A pure function of role, user,
 * unit, method and path. A supervisor may do everything; an agent may act only on itself ({@code /api/agents/<me>/...},
 * {@code /ws/agents/<me>}), read the other agents' states and the queue, look up calls, extract drafts and submit
 * orders, but no supervisor operation. A unit handler sees and acts on its own unit's orders only: its order list and
 * rates and its own search ({@code /api/units/<unit>/orders|rates|search}), its feed ({@code /ws/units/<unit>}), accept / reply / return / close on its
 * part ({@code POST /api/orders/<n>/units/<unit>/...}) and {@code GET /api/orders/<n>} of an order dispatched to it
 * (which only the order store can tell: {@link Decision.IfOrderOfUnit}). A leader is an agent on its own seat who
 * also reads the figures feed ({@code /ws/figures}: its session's district figures) and, when it leads a district,
 * that district's reports ({@code GET /api/reports}: {@link Decision.InDistrict}, the reports API narrows the report
 * to the district's orders and its units). A dispatcher works the dispatch
 * desk: its feed ({@code /ws/desk}) and list ({@code /api/desk/orders}), any order and the order search
 * ({@code /api/search/orders}), 催办 and 补充诉求, re-dispatch, reassignment of any open part and joint dispatch,
 * the units' lists, rates and the ranking; nothing of the ACD. An admin may do everything, including the users list
 * ({@code /api/web/users}), which is the one thing a supervisor may not. Every role reads the unit directory
 * ({@code GET /api/units}) and resolves names in it ({@code GET /api/units/resolve}).
 */
public final class Access {
    private static final List<String> UNIT_ACTIONS = List.of("accept", "reply", "return", "close");
    private static final String USERS = "/api/web/users";
    private static final String DIRECTORY = "/api/units";

    private Access() {
    }

    /** The verdict on one request. */
    public sealed interface Decision
            permits Decision.Allowed, Decision.Denied, Decision.IfOrderOfUnit, Decision.InDistrict {
        /** The request may go on. */
        record Allowed() implements Decision {
        }

        /** The request is refused (403). */
        record Denied() implements Decision {
        }

        /** Allowed only if order {@code number} has a part for {@code unitId} (any state); refused otherwise. */
        record IfOrderOfUnit(String number, String unitId) implements Decision {
        }

        /**
         * Allowed, narrowed to {@code district}: the route answers with that district's data only (the guard hands
         * the district on to it under {@link Access#DISTRICT_SCOPE}).
         */
        record InDistrict(String district) implements Decision {
        }
    }

    /** The routing-context key under which the guard hands an {@link Decision.InDistrict} district to the route. */
    public static final String DISTRICT_SCOPE = "hotline.access.district";

    private static final Decision ALLOWED = new Decision.Allowed();
    private static final Decision DENIED = new Decision.Denied();

    /**
     * The verdict for {@code method path} by {@code user} of {@code role}; {@code unit} is the user's unit (null
     * unless the role is {@link WebConfig.Role#UNIT}).
     */
    public static Decision decide(WebConfig.Role role, String user, String unit, String method, String path) {
        return decide(role, user, unit, null, method, path);
    }

    /**
     * As {@link #decide(WebConfig.Role, String, String, String, String)} for a user who may also lead
     * {@code district} (a {@link WebConfig.Role#LEADER}'s district, null when it leads none).
     */
    public static Decision decide(WebConfig.Role role, String user, String unit, String district, String method,
            String path) {
        if (role == WebConfig.Role.LEADER && method.equals("GET") && path.equals("/api/reports")) {
            return district == null ? DENIED : new Decision.InDistrict(district);
        }
        if (method.equals("GET") && (path.equals(DIRECTORY) || path.equals(DIRECTORY + "/resolve"))
                && role != WebConfig.Role.ADMIN) {
            return ALLOWED;
        }
        return switch (role) {
            case ADMIN -> ALLOWED;
            case SUPERVISOR -> path.equals(USERS) ? DENIED : ALLOWED;
            case AGENT -> agent(user, path) ? ALLOWED : DENIED;
            case LEADER -> (method.equals("GET") && path.equals("/ws/figures")) || agent(user, path) ? ALLOWED : DENIED;
            case DISPATCHER -> dispatcher(method, path) ? ALLOWED : DENIED;
            case UNIT -> unit == null ? DENIED : unit(unit, method, path);
        };
    }

    /** Whether a role without a unit may make the request outright (a unit handler never without its unit). */
    public static boolean allowed(WebConfig.Role role, String user, String method, String path) {
        return decide(role, user, null, method, path) instanceof Decision.Allowed;
    }

    private static boolean agent(String user, String path) {
        if (path.startsWith("/api/supervisor/") || path.equals("/api/supervisor") || path.equals(USERS)
                || path.equals("/api/audit")) {
            return false; // the audit log is the supervisors'
        }
        if (path.equals("/api/reports") || path.startsWith("/api/reports/")) {
            return false; // reports are the supervisor's
        }
        if (path.equals("/api/desk") || path.startsWith("/api/desk/") || unitPartPath(path)) {
            return false; // a unit's part (its actions, re-dispatch, joint dispatch) and the desk are not the seats'
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

    /** {@code /api/orders/<n>/units} and below. */
    private static boolean unitPartPath(String path) {
        String[] s = path.split("/", -1);
        return s.length >= 5 && s[1].equals("api") && s[2].equals("orders") && s[4].equals("units");
    }

    private static boolean dispatcher(String method, String path) {
        String[] s = path.split("/", -1);
        if (s.length < 3 || !s[0].isEmpty() || Arrays.asList(s).subList(1, s.length).contains("")) {
            return false;
        }
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        if (s[1].equals("ws")) {
            return get && path.equals("/ws/desk");
        }
        if (!s[1].equals("api")) {
            return false;
        }
        return switch (s[2]) {
            case "desk" -> get && s.length == 4 && s[3].equals("orders");
            case "ranking" -> get && s.length == 3;
            // GET /api/search/orders: find any order (查询工单)
            case "search" -> get && s.length == 4 && s[3].equals("orders");
            // GET /api/units/<u>/orders|rates
            case "units" -> get && s.length == 5 && (s[4].equals("orders") || s[4].equals("rates"));
            // GET /api/orders/<n>; POST /api/orders/<n>/units (joint dispatch), /api/orders/<n>/units/<u>/redispatch
            // POST /api/orders/<n>/urge|supplement (催办, 补充诉求), /api/orders/<n>/units/<u>/reassign (any open part)
            case "orders" -> (get && s.length == 4) || (post && s.length == 5 && s[4].equals("units"))
                    || (post && s.length == 5 && (s[4].equals("urge") || s[4].equals("supplement")))
                    || (post && s.length == 7 && s[4].equals("units")
                        && (s[6].equals("redispatch") || s[6].equals("reassign")));
            default -> false;
        };
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
                && (s[4].equals("orders") || s[4].equals("rates") || s[4].equals("search"))) {
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
