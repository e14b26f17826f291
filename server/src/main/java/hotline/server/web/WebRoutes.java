package hotline.server.web;

import static hotline.server.http.JsonReplies.error;
import static hotline.server.http.JsonReplies.json;

import hotline.config.AcdConfig;
import hotline.config.WebConfig;
import hotline.dispatch.calls.CallStore;
import hotline.server.call.CallController;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI: the pages (classpath {@code web/}, served at {@code /}), login and sessions, the access guard in front
 * of every {@code /api/*} and {@code /ws/*} route, and the agent desktop's state frames ({@link AgentEvents}).
 * <pre>
 * POST   /api/session  {"name":"demo","password":".."} -> 200 {"user","role","unit"?,"expires"} + HttpOnly cookie
 *                                                        | 401 ("unit" for a unit handler only)
 * GET    /api/session                                  -> 200 {"user","role","unit"?,"expires"} | 401
 * DELETE /api/session                                  -> 204, cookie cleared
 * GET    /api/web/login-info                           -> 200 {"labDemoUsers":true|false} (open: the login page asks)
 * GET    /api/web/queues                               -> 200 [{"queue","serviceLevelTargetSeconds",
 *                                                        "serviceLevelPercent","maxWaitSeconds"}] (session needed)
 * GET    /api/web/sessions                             -> 200 [{"id","district","start","end","leaderSeats",
 *                                                        "assistantSeats","queue"}] leader sessions (session needed)
 * GET    /api/web/users                                -> 200 [{"name","role","unit"?}] (admin only, never a hash)
 * GET    /api/audit?limit=100                          -> 200 {"entries":[{"at","user","role","unit","method","path",
 *                                                        "status"}...]} newest first (supervisors; see AuditLog)
 * </pre>
 * With {@code hotline.web.requireLogin} every other {@code /api/*} and {@code /ws/*} request needs a session
 * (401 {@code UNAUTHENTICATED}) and a role that allows it ({@link Access}; 403 {@code FORBIDDEN}); without it they
 * stay open (the lab). Handlers run on the hotline verticle's context.
 */
public final class WebRoutes {
    private static final Logger log = LoggerFactory.getLogger(WebRoutes.class);
    /** The session cookie's name. */
    public static final String COOKIE = "hotline_session";
    private static final String SESSION_KEY = "hotline.session";
    private static final java.util.regex.Pattern USER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final String LOOKUP_KEY = "hotline.sessionLookup";

    private final Vertx vertx;
    private final WebConfig config;
    private final AcdConfig acd;
    private final Sessions sessions;
    private final Map<String, WebConfig.User> users = new HashMap<>();
    private final AgentEvents events;
    private final OrderUnits orderUnits;
    private final AuditLog audit;
    private final Clock clock;
    /** Failed logins per name and per client address (a hall behind one NAT address shares the second). */
    private final LoginThrottle byName;
    private final LoginThrottle byAddress;
    /** After this many failed logins for one name within {@link #THROTTLE_WINDOW}, that name waits. */
    public static final int MAX_FAILURES_PER_NAME = 10;
    /** After this many failed logins from one address within {@link #THROTTLE_WINDOW}, that address waits. */
    public static final int MAX_FAILURES_PER_ADDRESS = 100;
    /** The window failed logins are counted in. */
    public static final java.time.Duration THROTTLE_WINDOW = java.time.Duration.ofMinutes(15);

    /**
     * The units an order is (or was) dispatched to, for the unit handler's {@code GET /api/orders/<n>}: empty when
     * there is no such order; a failed future when the store cannot tell.
     */
    @FunctionalInterface
    public interface OrderUnits {
        io.vertx.core.Future<Optional<java.util.Set<String>>> unitsOf(String number);
    }
    /** Checked for an unknown name, so that it costs as much as a wrong password (the result is ignored). */
    private static final String DUMMY_HASH =
            "pbkdf2-sha256:210000:x/86weyqovaRmvEHrwNUtw==:uYNFmV6hBC7YxHLPVBOjn2AP5cIblWjuMsxHqcy9uHg=";
    /** The defaults file's lab demo users' hashes: while one is configured the login page shows the demo hint. */
    private static final java.util.Set<String> LAB_DEMO_HASHES = java.util.Set.of(
            "pbkdf2-sha256:210000:Pn402bPo31JOgk2BIfiu5w==:YSEkBZg1GfGOPbsw2OfAMjymWoF65kYXzNtZEAsWpoQ=", DUMMY_HASH);

    private WebRoutes(Vertx vertx, WebConfig config, AcdConfig acd, CallController controller, CallStore store,
                      Clock clock, OrderUnits orderUnits, AuditLog audit) {
        this.vertx = vertx;
        this.audit = audit;
        this.clock = clock;
        this.orderUnits = orderUnits;
        this.config = config;
        this.acd = acd;
        this.sessions = new Sessions(config.sessionTtl(), clock);
        this.byName = new LoginThrottle(MAX_FAILURES_PER_NAME, THROTTLE_WINDOW, 10_000, clock);
        this.byAddress = new LoginThrottle(MAX_FAILURES_PER_ADDRESS, THROTTLE_WINDOW, 10_000, clock);
        config.users().forEach(u -> users.put(u.name(), u));
        this.events = controller == null ? null : new AgentEvents(vertx, controller, store);
    }

    /**
     * Adds the guard (ordered before every route), the session routes and the static pages (after the API routes,
     * before the catch-all 404), and starts the agent frames. Call on the hotline verticle's context.
     */
    public static WebRoutes mount(Router router, Vertx vertx, WebConfig config, AcdConfig acd,
                                  CallController controller, CallStore store, Clock clock) {
        return mount(router, vertx, config, acd, controller, store, clock,
                n -> io.vertx.core.Future.failedFuture("no order store wired"));
    }

    /**
     * As {@link #mount(Router, Vertx, WebConfig, AcdConfig, CallController, CallStore, Clock)}, with orders (and no
     * audit log).
     */
    public static WebRoutes mount(Router router, Vertx vertx, WebConfig config, AcdConfig acd,
                                  CallController controller, CallStore store, Clock clock, OrderUnits orderUnits) {
        return mount(router, vertx, config, acd, controller, store, clock, orderUnits, AuditLog.NONE);
    }

    /** As above, recording who saw and changed what in {@code audit} (readable at {@code GET /api/audit}). */
    public static WebRoutes mount(Router router, Vertx vertx, WebConfig config, AcdConfig acd,
                                  CallController controller, CallStore store, Clock clock, OrderUnits orderUnits,
                                  AuditLog audit) {
        WebRoutes w = new WebRoutes(vertx, config, acd, controller, store, clock, orderUnits, audit);
        w.mountAuth(router);
        router.get("/api/web/queues").handler(ctx -> w.withSession(ctx, s -> json(ctx, 200, w.queues())));
        router.get("/api/web/sessions").handler(ctx -> w.withSession(ctx, s -> {
            JsonArray list = new JsonArray();
            // configured and scheduled on a screen (SessionsApi), as the ACD has them
            java.util.Set<String> configured = new java.util.HashSet<>();
            acd.sessions().forEach(x -> configured.add(x.id()));
            controller.sessions().forEach(x -> list.add(hotline.server.http.SessionsApi.toJson(x)
                    .put("source", hotline.server.http.SessionsApi.source(x, configured))));
            json(ctx, 200, list);
        }));
        // the users' display names and work numbers (hotline.web.users displayName, workNumber), for the screens
        router.get("/api/web/people").handler(ctx -> w.withSession(ctx, s -> {
            JsonObject people = new JsonObject();
            config.users().stream().filter(u -> u.displayName() != null || u.workNumber() != null)
                    .forEach(u -> people.put(u.name(), new JsonObject().put("displayName", u.displayName())
                            .put("workNumber", u.workNumber())));
            json(ctx, 200, people);
        }));
        router.get("/api/web/users").handler(ctx -> w.withSession(ctx, s -> {
            if (s.role() != WebConfig.Role.ADMIN) {
                forbidden(ctx, s, ctx.normalizedPath());
                return;
            }
            JsonArray list = new JsonArray();
            config.users().forEach(u -> list.add(new JsonObject().put("name", u.name()).put("role", u.role().id())
                    .put("unit", u.unit())));
            json(ctx, 200, list);
        }));
        PageIncludes.mount(router, vertx, "agent.html", "leader.html"); // the shared desktop pane
        router.route("/*").handler(StaticHandler.create("web").setIndexPage("index.html")
                .setDefaultContentEncoding("UTF-8"));
        w.events.start();
        if (config.requireLogin()) {
            log.info("web UI at / ({} users); every /api and /ws request needs a session", config.users().size());
        } else {
            log.warn("web UI at / ({} users); hotline.web.requireLogin is false: the API and WebSockets are OPEN to "
                    + "anyone who reaches the port", config.users().size());
        }
        return w;
    }

    /**
     * Only the login and the guard (no pages, no agent frames): for a router that serves part of the API, such as a
     * benchmark's. Call on the context that serves the router.
     */
    public static WebRoutes mountAuth(Router router, Vertx vertx, WebConfig config, Clock clock,
                                      OrderUnits orderUnits, AuditLog audit) {
        WebRoutes w = new WebRoutes(vertx, config, null, null, null, clock, orderUnits, audit);
        w.mountAuth(router);
        return w;
    }

    private void mountAuth(Router router) {
        router.route().order(-1000).handler(this::guard);
        router.post("/api/session").handler(this::login);
        router.get("/api/session").handler(ctx -> withSession(ctx, s -> json(ctx, 200, sessionJson(s))));
        router.delete("/api/session").handler(this::logout);
        router.get("/api/audit").handler(ctx -> withSession(ctx, s -> auditLog(ctx, s)));
        router.get("/api/web/login-info").handler(ctx -> json(ctx, 200, new JsonObject()
                .put("labDemoUsers", config.users().stream()
                        .anyMatch(u -> LAB_DEMO_HASHES.contains(u.passwordHash())))));
    }

    /** Stops the agent frames. */
    public void stop() {
        if (events != null) {
            events.stop();
        }
    }

    private void guard(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        Sessions.Lookup lookup = sessions.lookup(cookie == null ? null : cookie.getValue());
        Optional<Sessions.Session> session = lookup instanceof Sessions.Lookup.Live l ? Optional.of(l.session())
                : Optional.empty();
        session.ifPresent(s -> ctx.put(SESSION_KEY, s));
        ctx.put(LOOKUP_KEY, lookup);
        if (session.isPresent() && session.get().role() == WebConfig.Role.UNIT) {
            ctx.put(PhoneMask.CONTEXT_KEY, true); // a unit sees callers' numbers masked
        }
        String path = ctx.normalizedPath();
        boolean guarded = path.startsWith("/api/") || path.startsWith("/ws/");
        boolean login = path.equals("/api/session") || path.equals("/api/web/login-info");
        String crossOrigin = guarded ? crossOrigin(ctx, path) : null;
        if (crossOrigin != null) {
            log.warn("web request refused: {} {} from Origin {}", ctx.request().method(), path, crossOrigin);
            error(ctx, 403, "FORBIDDEN", "cross-origin request refused: Origin " + crossOrigin
                    + " is not this server");
            return;
        }
        boolean audited = guarded && !login && (session.isPresent() || !config.requireLogin());
        if (audited) {
            auditOnEnd(ctx, session.orElse(null), path);
        }
        if (!guarded || login || !config.requireLogin()) {
            if (guarded && session.isPresent() && Access.decide(session.get().role(), session.get().user(),
                    session.get().unit(), session.get().district(), ctx.request().method().name(), path)
                    instanceof Access.Decision.InDistrict in) {
                ctx.put(Access.DISTRICT_SCOPE, in.district()); // a leader's reports stay its district's
            }
            if (audited) {
                auditFeed(ctx, session.orElse(null), path);
            }
            ctx.next();
        } else if (session.isEmpty()) {
            unauthenticated(ctx, lookup);
        } else {
            Sessions.Session s = session.get();
            Access.Decision d = Access.decide(s.role(), s.user(), s.unit(), s.district(),
                    ctx.request().method().name(), path);
            if (d instanceof Access.Decision.Allowed) {
                auditFeed(ctx, s, path);
                ctx.next();
            } else if (d instanceof Access.Decision.InDistrict in) {
                ctx.put(Access.DISTRICT_SCOPE, in.district());
                ctx.next();
            } else if (d instanceof Access.Decision.IfOrderOfUnit o) {
                orderOfUnit(ctx, s, o);
            } else {
                forbidden(ctx, s, path);
            }
        }
    }

    /**
     * Records the request when it is worth it ({@link AuditLog#recorded}) or refused (403), once answered (a live
     * feed the guard lets through: {@link #auditFeed}).
     */
    private void auditOnEnd(RoutingContext ctx, Sessions.Session s, String path) {
        String method = ctx.request().method().name();
        boolean worth = AuditLog.recorded(method, path) && !path.startsWith("/ws/"); // feeds: auditFeed
        ctx.addEndHandler(ar -> {
            int status = ctx.response().getStatusCode();
            if (worth || status == 403) {
                audit.record(entry(s, method, path, status));
            }
        });
    }

    /** A live feed let through: recorded as 101 now (an upgraded socket never ends the router's response). */
    private void auditFeed(RoutingContext ctx, Sessions.Session s, String path) {
        String method = ctx.request().method().name();
        if (path.startsWith("/ws/") && AuditLog.recorded(method, path)) {
            audit.record(entry(s, method, path, 101));
        }
    }

    private AuditLog.Entry entry(Sessions.Session s, String method, String path, int status) {
        return new AuditLog.Entry(clock.instant(), s == null ? null : s.user(), s == null ? null : s.role().id(),
                s == null ? null : s.unit(), method, path, status);
    }

    private void auditLog(RoutingContext ctx, Sessions.Session s) {
        if (!Access.allowed(s.role(), s.user(), "GET", "/api/audit")) {
            forbidden(ctx, s, "/api/audit"); // also when requireLogin is off: the audit log is the supervisors'
            return;
        }
        String param = ctx.queryParams().get("limit");
        int limit;
        try {
            limit = param == null ? 100 : Integer.parseInt(param);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 1000) {
            error(ctx, 400, "BAD_REQUEST", "limit: expected a whole number 1..1000, got " + param);
            return;
        }
        audit.recent(limit).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, 503, "STORE_UNAVAILABLE", "audit log unavailable: " + ar.cause().getMessage());
            } else {
                JsonArray entries = new JsonArray();
                ar.result().forEach(e -> entries.add(e.toJson()));
                json(ctx, 200, new JsonObject().put("entries", entries));
            }
        });
    }

    private void orderOfUnit(RoutingContext ctx, Sessions.Session s, Access.Decision.IfOrderOfUnit o) {
        ctx.request().pause(); // the lookup is asynchronous: hold the request until the verdict
        orderUnits.unitsOf(o.number()).onComplete(ar -> {
            ctx.request().resume();
            if (ar.failed()) {
                log.error("web access check for user={} orderId={} failed: {}", s.user(), o.number(),
                        ar.cause().getMessage());
                error(ctx, 503, "STORE_UNAVAILABLE", "order store unavailable: " + ar.cause().getMessage());
            } else if (ar.result().isEmpty() || ar.result().get().contains(o.unitId())) {
                ctx.next(); // no such order: the API's own 404; an order of the unit: allowed
            } else {
                forbidden(ctx, s, ctx.normalizedPath());
            }
        });
    }

    /**
     * The request's {@code Origin} when a browser sent a change or a WebSocket handshake from another origin (another
     * site, or another port of this host, which {@code SameSite} cookies do not tell apart), else null. Requests
     * without {@code Origin} (scripts, tests) and reads pass. The origin must match {@code Host} (or
     * {@code X-Forwarded-Host} behind a proxy).
     */
    static String crossOrigin(RoutingContext ctx, String path) {
        String method = ctx.request().method().name();
        boolean change = !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        String origin = ctx.request().getHeader("Origin");
        if (origin == null || !(change || path.startsWith("/ws/"))) {
            return null;
        }
        String authority;
        try {
            java.net.URI u = java.net.URI.create(origin.trim());
            int port = u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
            authority = u.getHost() == null ? null : u.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            authority = null;
        }
        if (authority == null) {
            return origin; // "null" (a sandboxed page, a file) or garbage
        }
        for (String host : new String[] {ctx.request().getHeader("X-Forwarded-Host"), ctx.request().getHeader("Host")}) {
            if (host != null) {
                String h = host.trim().toLowerCase(java.util.Locale.ROOT);
                String withPort = h.matches(".*:[0-9]+$") ? h : h + (ctx.request().isSSL() ? ":443" : ":80");
                if (withPort.equals(authority)) {
                    return null;
                }
            }
        }
        return origin;
    }

    /** 401 naming what is wrong with the request's session: none sent, expired, or not known here. */
    private void unauthenticated(RoutingContext ctx, Sessions.Lookup lookup) {
        String how = "log in (POST /api/session {\"name\",\"password\"}) and send its cookie " + COOKIE;
        String reason;
        String message;
        if (lookup instanceof Sessions.Lookup.Expired e) {
            reason = "expired";
            message = "session expired at " + e.at() + " (sessions last " + sessions.ttl() + "): " + how;
        } else if (lookup instanceof Sessions.Lookup.Unknown) {
            reason = "unknown";
            message = "session not known: logged out, expired, or from before a server restart: " + how;
        } else {
            reason = "missing";
            message = "no session: cookie " + COOKIE + " missing: " + how;
        }
        json(ctx, 401, new JsonObject().put("error", message).put("code", "UNAUTHENTICATED").put("reason", reason));
    }

    private static void forbidden(RoutingContext ctx, Sessions.Session s, String path) {
        error(ctx, 403, "FORBIDDEN", "role " + s.role().id() + (s.unit() == null ? "" : " of unit " + s.unit())
                + " may not " + ctx.request().method() + " " + path);
    }

    private void login(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            error(ctx, 400, "BAD_REQUEST", "body: expected a JSON object {\"name\":..,\"password\":..}");
            return;
        }
        if (body == null || !(body.getValue("name") instanceof String name)
                || !(body.getValue("password") instanceof String password)) {
            error(ctx, 400, "BAD_REQUEST", "body: expected {\"name\":<string>,\"password\":<string>}");
            return;
        }
        String nameKey = "name:" + (name.length() > 64 ? name.substring(0, 64) : name);
        String addressKey = "address:" + (ctx.request().remoteAddress() == null ? "?"
                : ctx.request().remoteAddress().hostAddress());
        Optional<java.time.Instant> until = byName.blockedUntil(nameKey).or(() -> byAddress.blockedUntil(addressKey));
        String shown = USER_NAME.matcher(name).matches() ? name : null;
        if (until.isPresent()) {
            log.warn("web login refused for user={} from {}: too many failed logins, until {}",
                    shown == null ? "(not a user name)" : shown, addressKey.substring(8), until.get());
            audit.record(new AuditLog.Entry(clock.instant(), shown, null, null, "POST", "/api/session", 429));
            ctx.response().putHeader("Retry-After", String.valueOf(Math.max(1,
                    java.time.Duration.between(clock.instant(), until.get()).toSeconds())));
            error(ctx, 429, "TOO_MANY_ATTEMPTS", "too many failed logins for this name or address: try again after "
                    + until.get());
            return;
        }
        WebConfig.User user = users.get(name);
        String stored = user == null ? DUMMY_HASH : user.passwordHash();
        // unordered: logins at a shift change must not queue behind each other on the context's one worker lane
        vertx.executeBlocking(() -> PasswordHash.verify(password.toCharArray(), stored), false).onComplete(ar -> {
            if (ar.failed() || !ar.result() || user == null) {
                // a name that is no valid user name may be a password typed into the wrong field: never kept
                byName.failed(nameKey);
                byAddress.failed(addressKey);
                log.info("web login refused for user={}", shown == null ? "(not a user name)" : shown);
                audit.record(new AuditLog.Entry(clock.instant(), shown, null, null, "POST", "/api/session", 401));
                error(ctx, 401, "UNAUTHENTICATED", "wrong name or password");
                return;
            }
            byName.succeeded(nameKey);
            Sessions.Session s = sessions.open(user.name(), user.role(), user.unit(), user.district());
            ctx.response().addCookie(Cookie.cookie(COOKIE, s.token()).setPath("/").setHttpOnly(true)
                    .setSecure(ctx.request().isSSL()).setSameSite(CookieSameSite.STRICT)
                    .setMaxAge(sessions.ttl().toSeconds()));
            log.info("web login user={} role={}{}", user.name(), user.role().id(),
                    user.unit() == null ? "" : " unitId=" + user.unit());
            audit.record(entry(s, "POST", "/api/session", 200));
            json(ctx, 200, sessionJson(s));
        });
    }

    private void logout(RoutingContext ctx) {
        Sessions.Session s = ctx.get(SESSION_KEY);
        if (s != null) {
            sessions.close(s.token());
            log.info("web logout user={}", s.user());
            audit.record(entry(s, "DELETE", "/api/session", 204));
        }
        ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true).setMaxAge(0));
        ctx.response().setStatusCode(204).end();
    }

    /** The request's signed-in user, or null (no session: {@code hotline.web.requireLogin} is off). */
    public static String user(RoutingContext ctx) {
        Sessions.Session s = ctx.get(SESSION_KEY);
        return s == null ? null : s.user();
    }

    private void withSession(RoutingContext ctx, java.util.function.Consumer<Sessions.Session> then) {
        Sessions.Session s = ctx.get(SESSION_KEY);
        if (s == null) {
            Sessions.Lookup lookup = ctx.get(LOOKUP_KEY);
            unauthenticated(ctx, lookup == null ? new Sessions.Lookup.Missing() : lookup);
        } else {
            then.accept(s);
        }
    }

    private JsonArray queues() {
        JsonArray out = new JsonArray();
        for (AcdConfig.Queue q : acd.queues()) {
            out.add(new JsonObject().put("queue", q.id())
                    .put("serviceLevelTargetSeconds", q.serviceLevelTarget().toSeconds())
                    .put("serviceLevelPercent", q.serviceLevelPercent())
                    .put("maxWaitSeconds", q.maxWait().toSeconds()));
        }
        return out;
    }

    private static JsonObject sessionJson(Sessions.Session s) {
        JsonObject o = new JsonObject().put("user", s.user()).put("role", s.role().id());
        if (s.unit() != null) {
            o.put("unit", s.unit());
        }
        if (s.district() != null) {
            o.put("district", s.district());
        }
        return o.put("expires", s.expires().toString());
    }
}
