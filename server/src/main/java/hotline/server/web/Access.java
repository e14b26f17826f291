package hotline.server.web;

import hotline.config.WebConfig;

/**
 * Which requests a role may make, checked when {@code hotline.web.requireLogin} is on. A pure function of role, user,
 * method and path. A supervisor may do everything; an agent may act only on itself ({@code /api/agents/<me>/...},
 * {@code /ws/agents/<me>}), read the other agents' states and the queue, look up calls, extract drafts and submit
 * orders, but no supervisor operation. New roles get their rules here.
 */
public final class Access {
    private Access() {
    }

    public static boolean allowed(WebConfig.Role role, String user, String method, String path) {
        return switch (role) {
            case SUPERVISOR -> true;
            case AGENT -> agent(user, method, path);
        };
    }

    private static boolean agent(String user, String method, String path) {
        if (path.startsWith("/api/supervisor/") || path.equals("/api/supervisor")) {
            return false;
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
}
