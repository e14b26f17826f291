package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import hotline.config.HotlineConfigLoader;
import hotline.server.HotlineServer;
import hotline.testkit.FakeClock;
import hotline.testkit.FreePorts;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Authentication and authorization of the real server's HTTP API and WebSockets on a real Redis (no Asterisk: the
 * server runs without AMI; menu and ASR off), with its own users file: agents {@code demo} and {@code ann}, the
 * supervisor {@code super}, unit handlers {@code bl} (unit {@code balizhuang}) and {@code gas} (unit
 * {@code dept-gas}); each password is the name with {@code -pw}. The server's clock is a fake one (session expiry).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AccessIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();
    private final FakeClock clock = new FakeClock(Instant.now());
    private LabRedis redis;
    private HotlineServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve(".run/it-access"));
        redis = LabRedis.start(run.resolve("redis"));
        StringBuilder users = new StringBuilder("hotline.web.users = [\n");
        for (String[] u : new String[][] {{"demo", "agent", null}, {"ann", "agent", null},
                {"super", "supervisor", null}, {"bl", "unit", "balizhuang"}, {"gas", "unit", "dept-gas"}}) {
            users.append("{ name = \"").append(u[0]).append("\", role = \"").append(u[1]).append("\", ")
                    .append(u[2] == null ? "" : "unit = \"" + u[2] + "\", ").append("passwordHash = \"")
                    .append(PasswordHash.hash((u[0] + "-pw").toCharArray(), 10_000)).append("\" }\n");
        }
        Path file = run.resolve("users.conf");
        Files.writeString(file, users.append("]\n").toString());
        Map<String, Object> overrides = new HashMap<>(Lab.testPorts());
        overrides.put("hotline.redis.uri", redis.uri());
        overrides.put("hotline.server.httpPort", FreePorts.tcp());
        overrides.put("hotline.agi.port", FreePorts.tcp());
        overrides.put("hotline.asr.enabled", false);
        overrides.put("hotline.ivr.enabled", false);
        server = HotlineServer.start(HotlineConfigLoader.load(Map.of("HOTLINE_CONFIG", file.toString()), overrides),
                clock);
        base = "http://127.0.0.1:" + server.httpPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void shouldAnswer401NamingWhatIsMissingOnEveryApiRouteAndWebSocketWithoutASession() throws Exception {
        for (String[] r : new String[][] {{"GET", "/api/agents"}, {"GET", "/api/queue"}, {"GET", "/api/figures"},
                {"GET", "/api/calls"}, {"GET", "/api/calls/x1"}, {"GET", "/api/calls/x1/transcript"},
                {"GET", "/api/calls/x1/draft"}, {"GET", "/api/asr"}, {"GET", "/api/ivr"}, {"POST", "/api/drafts"},
                {"POST", "/api/agents/demo/login"}, {"POST", "/api/supervisor/agents/demo/state"},
                {"POST", "/api/orders"}, {"GET", "/api/orders/20261201-000001"}, {"GET", "/api/callbacks"},
                {"GET", "/api/units/balizhuang/orders"}, {"GET", "/api/units/balizhuang/rates"},
                {"GET", "/api/ranking"}, {"GET", "/api/audit"}, {"GET", "/api/web/queues"},
                {"POST", "/api/orders/20261201-000001/units/balizhuang/accept"}, {"GET", "/api/nothing-here"}}) {
            HttpResponse<String> res = send(r[0], r[1], r[0].equals("POST") ? "{}" : null, null);
            assertThat(res.statusCode()).as(r[0] + " " + r[1]).isEqualTo(401);
            JsonObject body = new JsonObject(res.body());
            assertThat(body.getString("code")).isEqualTo("UNAUTHENTICATED");
            assertThat(body.getString("reason")).isEqualTo("missing");
            assertThat(body.getString("error")).contains("hotline_session", "POST /api/session");
        }
        for (String ws : List.of("/ws/agents/demo", "/ws/units/balizhuang", "/ws/desk", "/ws/figures")) {
            assertThat(handshake(ws, null)).as(ws).isEqualTo(401);
        }
        // what stays open: the login, the pages, the liveness probe
        assertThat(send("GET", "/", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/js/common.js", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/web/login-info", null, null).statusCode()).isEqualTo(200);

        String demo = login("demo");
        assertThat(send("GET", "/api/queue", null, demo).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofHours(8));
        HttpResponse<String> expired = send("GET", "/api/queue", null, demo);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(expired.body()).getString("reason")).isEqualTo("expired");
        assertThat(handshake("/ws/agents/demo", demo)).isEqualTo(401);
        assertThat(new JsonObject(send("GET", "/api/queue", null, "hotline_session=forged").body())
                .getString("reason")).isEqualTo("unknown");
    }

    @Test
    void shouldNeverLetAUnitHandlerReadOrActOnAnotherUnitsOrders() throws Exception {
        String desk = login("super");
        String own = submit(desk, "balizhuang", "13812345678", "路灯不亮");
        String foreign = submit(desk, "dept-gas", "13987654321", "燃气表漏气");
        String joint = submit(desk, "balizhuang\",\"dept-gas", "13700001111", "施工噪音和燃气味");
        String bl = login("bl");

        // the list: its own and the joint order, never the other unit's
        HttpResponse<String> list = send("GET", "/api/units/balizhuang/orders", null, bl);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(numbers(new JsonObject(list.body()).getJsonArray("orders"))).contains(own, joint)
                .doesNotContain(foreign);
        for (String path : List.of("/api/units/dept-gas/orders", "/api/units/dept-gas/rates",
                "/api/units/Balizhuang/orders", "/api/units/balizhuang/../dept-gas/orders",
                "/api/units/balizhuang/orders/../../dept-gas/orders", "/api/callbacks", "/api/ranking",
                "/api/calls", "/api/agents", "/api/audit", "/api/orders/" + foreign)) {
            assertThat(send("GET", path, null, bl).statusCode()).as("GET " + path).isEqualTo(403);
        }
        assertThat(send("GET", "/api/orders/" + own, null, bl).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/orders/" + joint, null, bl).statusCode()).isEqualTo(200);

        // actions: none on another unit's part, not even the other part of a joint order; no desk operations
        for (String action : List.of("accept", "reply", "return", "close", "redispatch")) {
            String body = switch (action) {
                case "reply" -> "{\"reply\":\"done\"}";
                case "return" -> "{\"reason\":\"not ours\"}";
                case "redispatch" -> "{\"toUnit\":\"balizhuang\"}";
                default -> "";
            };
            assertThat(send("POST", "/api/orders/" + foreign + "/units/dept-gas/" + action, body, bl).statusCode())
                    .as(action + " on another unit's order").isEqualTo(403);
            assertThat(send("POST", "/api/orders/" + joint + "/units/dept-gas/" + action, body, bl).statusCode())
                    .as(action + " on the other unit's part of a joint order").isEqualTo(403);
            assertThat(send("POST", "/api/orders/" + foreign + "/units/balizhuang/" + action, body, bl)
                    .statusCode()).as(action + " on another unit's order through its own unit id")
                    .isIn(403, 409);
        }
        assertThat(send("POST", "/api/orders/" + own + "/units/balizhuang/redispatch", "{\"toUnit\":\"dept-gas\"}",
                bl).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/orders/" + own + "/callback", "{\"resolved\":true,\"satisfied\":true}", bl)
                .statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/orders", "{}", bl).statusCode()).isEqualTo(403);
        // nothing happened to the other unit's parts
        JsonObject foreignNow = new JsonObject(send("GET", "/api/orders/" + foreign, null, desk).body());
        assertThat(foreignNow.getJsonArray("parts").getJsonObject(0).getString("state")).isEqualTo("DISPATCHED");
        JsonObject jointNow = new JsonObject(send("GET", "/api/orders/" + joint, null, desk).body());
        assertThat(jointNow.getJsonArray("parts").stream().map(p -> ((JsonObject) p).getString("state")))
                .containsOnly("DISPATCHED");
        // its own part it may act on
        assertThat(send("POST", "/api/orders/" + own + "/units/balizhuang/accept", "", bl).statusCode())
                .isEqualTo(200);

        // the feeds: another unit's and the desk's refuse the handshake; its own carries only its own orders
        assertThat(handshake("/ws/units/dept-gas", bl)).isEqualTo(403);
        assertThat(handshake("/ws/desk", bl)).isEqualTo(403);
        assertThat(handshake("/ws/agents/demo", bl)).isEqualTo(403);
        assertThat(handshake("/ws/figures", bl)).isEqualTo(403);
        try (Feed mine = new Feed("/ws/units/balizhuang", bl); Feed gas = new Feed("/ws/units/dept-gas",
                login("gas"))) {
            String gasOnly = submit(desk, "dept-gas", "13900002222", "燃气管道异味");
            String blOnly = submit(desk, "balizhuang", "13900003333", "井盖缺失");
            // each socket gets what its unit's stream holds (earlier orders first), until the newest
            List<String> gasSeen = until(gas, gasOnly);
            List<String> seen = until(mine, blOnly);
            assertThat(seen).contains(own, joint).doesNotContain(gasOnly, foreign);
            assertThat(gasSeen).contains(foreign, joint).doesNotContain(blOnly, own);
        }
    }

    @Test
    void shouldShowAUnitHandlerCallersNumbersMaskedAndTheDeskThemWhole() throws Exception {
        String desk = login("super");
        String agent = login("demo");
        String bl = login("bl");
        try (Feed unitFeed = new Feed("/ws/units/balizhuang", bl);
             Feed deskView = new Feed("/ws/units/balizhuang", desk)) {
            String number = submit(agent, "balizhuang", "13812345678", "请回电13812345678或010-65123456");

            JsonObject frame = unitFeed.nextOrder();
            assertThat(frame.getString("number")).isEqualTo(number);
            assertThat(frame.getString("phone")).isEqualTo("138****5678");
            assertThat(frame.getString("summary")).isEqualTo("请回电138****5678或010-****3456");
            assertThat(frame.encode()).doesNotContain("12345678", "65123456");
            JsonObject whole = deskView.nextOrder();
            assertThat(whole.getString("phone")).isEqualTo("13812345678");

            for (HttpResponse<String> r : List.of(send("GET", "/api/orders/" + number, null, bl),
                    send("GET", "/api/units/balizhuang/orders", null, bl),
                    send("POST", "/api/orders/" + number + "/units/balizhuang/accept", "", bl),
                    send("POST", "/api/orders/" + number + "/units/balizhuang/reply",
                            "{\"reply\":\"已致电13812345678\"}", bl))) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).contains("138****5678").doesNotContain("12345678", "65123456");
            }
            JsonObject forDesk = new JsonObject(send("GET", "/api/orders/" + number, null, desk).body());
            assertThat(forDesk.getString("phone")).isEqualTo("13812345678");
            assertThat(forDesk.getString("summary")).contains("13812345678", "010-65123456");
            assertThat(forDesk.getJsonArray("parts").getJsonObject(0).getString("note")).isEqualTo("已致电13812345678");
            assertThat(send("GET", "/api/orders/" + number, null, agent).body()).contains("\"phone\":\"13812345678\"");
        }
    }

    @Test
    void shouldKeepAnAgentToItselfAndOutOfSupervisorOperations() throws Exception {
        String demo = login("demo");
        String boss = login("super");

        assertThat(send("POST", "/api/agents/demo/login", "{\"seat\":\"1001\"}", demo).statusCode()).isEqualTo(200);
        for (String[] r : new String[][] {
                {"/api/supervisor/agents/demo/state", "{\"supervisorId\":\"demo\",\"state\":\"READY\"}"},
                {"/api/supervisor/agents/ann/skills", "{\"supervisorId\":\"demo\",\"skills\":{\"english\":3}}"},
                {"/api/supervisor/calls/c1/move", "{\"supervisorId\":\"demo\",\"queue\":\"citizen\"}"},
                {"/api/supervisor/calls/c1/assign", "{\"supervisorId\":\"demo\",\"agentId\":\"demo\"}"},
                {"/api/supervisor/calls/c1/priority", "{\"supervisorId\":\"demo\",\"priority\":\"URGENT\"}"},
                {"/api/agents/ann/login", "{\"seat\":\"1002\"}"}, {"/api/agents/ann/ready", ""},
                {"/api/agents/ann/logout", ""}, {"/api/agents/ann/outbound", "{\"number\":\"13800138000\"}"}}) {
            HttpResponse<String> res = send("POST", r[0], r[1], demo);
            assertThat(res.statusCode()).as("POST " + r[0]).isEqualTo(403);
            assertThat(new JsonObject(res.body()).getString("code")).isEqualTo("FORBIDDEN");
        }
        assertThat(send("GET", "/api/audit", null, demo).statusCode()).isEqualTo(403);
        assertThat(handshake("/ws/agents/ann", demo)).isEqualTo(403);
        assertThat(handshake("/ws/desk", demo)).isEqualTo(403);
        assertThat(handshake("/ws/units/balizhuang", demo)).isEqualTo(403);
        assertThat(handshake("/ws/agents/demo", demo)).isEqualTo(101);
        // a page of another origin (another port of this host too) cannot open it with the user's cookie
        Throwable crossSite = catchThrowable(() -> http.newWebSocketBuilder().header("Cookie", demo)
                .header("Origin", "http://127.0.0.1:9").buildAsync(URI.create(base.replace("http:", "ws:")
                        + "/ws/agents/demo"), new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS));
        assertThat(((WebSocketHandshakeException) crossSite.getCause()).getResponse().statusCode()).isEqualTo(403);
        // the supervisor may
        assertThat(send("POST", "/api/supervisor/agents/demo/state", "{\"supervisorId\":\"super\",\"state\":"
                + "\"READY\"}", boss).statusCode()).isEqualTo(200);
        assertThat(handshake("/ws/agents/ann", boss)).isEqualTo(101);
    }

    /** The order numbers a feed delivers, up to and including {@code last}. */
    private static List<String> until(Feed feed, String last) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        while (!seen.contains(last)) {
            seen.add(feed.nextOrder().getString("number"));
        }
        return seen;
    }

    @Test
    void shouldAuditWhoSawAndChangedWhatInRedisWithoutAPasswordOrToken() throws Exception {
        assertThat(send("POST", "/api/session", "{\"name\":\"bl\",\"password\":\"Not-The-Pw-42\"}", null)
                .statusCode()).isEqualTo(401);
        String desk = login("super");
        String bl = login("bl");
        String number = submit(desk, "balizhuang", "13812345678", "路灯不亮");
        assertThat(send("GET", "/api/orders/" + number, null, bl).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/units/dept-gas/orders", null, bl).statusCode()).isEqualTo(403);
        try (Feed feed = new Feed("/ws/units/balizhuang", bl)) {
            assertThat(feed.nextOrder().getString("number")).isEqualTo(number);
        }
        assertThat(send("GET", "/api/units/balizhuang/rates", null, bl).statusCode()).isEqualTo(200); // not audited
        assertThat(send("GET", "/api/audit", null, bl).statusCode()).isEqualTo(403);

        HttpResponse<String> page = send("GET", "/api/audit?limit=20", null, desk);
        assertThat(page.statusCode()).isEqualTo(200);
        List<String> lines = new JsonObject(page.body()).getJsonArray("entries").stream().map(o -> {
            JsonObject e = (JsonObject) o;
            return e.getString("user") + "/" + e.getString("role") + "/" + e.getString("unit") + " "
                    + e.getString("method") + " " + e.getString("path") + " " + e.getInteger("status");
        }).toList();
        // entries are appended without waiting (over the pooled Redis client): close ones may land in either order
        assertThat(lines).containsExactlyInAnyOrder(
                "bl/unit/balizhuang GET /api/audit 403",
                "bl/unit/balizhuang GET /ws/units/balizhuang 101",
                "bl/unit/balizhuang GET /api/units/dept-gas/orders 403",
                "bl/unit/balizhuang GET /api/orders/" + number + " 200",
                "super/supervisor/null POST /api/orders 201",
                "bl/unit/balizhuang POST /api/session 200",
                "super/supervisor/null POST /api/session 200",
                "bl/null/null POST /api/session 401");
        // the stream as stored: who, what, when; never the password, the session tokens or a hash
        String stored = String.valueOf(redis("XRANGE", "hotline:audit", "-", "+"));
        assertThat(stored).contains("/api/orders/" + number, "user, bl, role, unit, unit, balizhuang")
                .doesNotContain("Not-The-Pw-42", "bl-pw", "super-pw", "pbkdf2", token(desk), token(bl));
    }

    @Test
    void shouldRefuseBadOrderSubmissionsWith400NamingTheFieldAndWriteNothing() throws Exception {
        String desk = login("super");
        List<String> before = keys();
        String good = "{\"callerName\":\"王女士\",\"phone\":\"13812345678\",\"district\":\"朝阳区\","
                + "\"street\":\"八里庄街道\",\"community\":\"天伦北里\",\"category\":\"noise\","
                + "\"urgency\":\"24h\",\"summary\":\"路灯不亮\",\"unitIds\":[\"balizhuang\"],"
                + "\"channel\":\"phone\"}";
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("{\"callerName\":", "body");
        refused.put("[1,2]", "body");
        refused.put("\"text\"", "body");
        refused.put(good.replace("\"phone\":\"13812345678\"", "\"phone\":\"12\""), "phone");
        refused.put(good.replace("\"phone\":\"13812345678\"", "\"phone\":\"1381234567x\""), "phone");
        refused.put(good.replace("\"phone\":\"13812345678\"", "\"phone\":\"99999999999999\""), "phone");
        refused.put(good.replace("\"phone\":\"13812345678\"", "\"phone\":13812345678"), "phone");
        refused.put(good.replace("\"phone\":\"13812345678\",", ""), "phone");
        refused.put(good.replace("\"urgency\":\"24h\"", "\"urgency\":24"), "urgency");
        refused.put(good.replace("\"unitIds\":[\"balizhuang\"]", "\"unitIds\":\"balizhuang\""), "unitIds");
        refused.put(good.replace("\"summary\":\"路灯不亮\"", "\"summary\":{\"a\":1}"), "summary");
        refused.put(good.replace("\"channel\":\"phone\"", "\"channel\":\"phone\",\"admin\":true"), "admin");
        refused.put(good.replace("\"summary\":\"路灯不亮\"", "\"summary\":\"" + "长".repeat(2001) + "\""),
                "summary");
        for (Map.Entry<String, String> r : refused.entrySet()) {
            HttpResponse<String> res = send("POST", "/api/orders", r.getKey(), desk);
            assertThat(res.statusCode()).as(r.getKey()).isEqualTo(400);
            JsonObject body = new JsonObject(res.body());
            assertThat(body.getString("code")).isEqualTo("BAD_REQUEST");
            assertThat(body.getString("error")).as(r.getKey()).startsWith(r.getValue() + ":");
        }
        HttpResponse<String> huge = send("POST", "/api/orders", good.replace("路灯不亮", "x".repeat(20_000)), desk);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(huge.body()).getString("error")).contains("larger than 16384 bytes");
        // nothing written for any of them (the audit stream aside, which records the refusals)
        assertThat(keys()).isEqualTo(before);
        // and the same order, well formed, is taken and shown as given
        String injected = good.replace("路灯不亮", "<img src=x onerror=alert(1)> '; DROP TABLE orders; -- \\\" &amp;");
        HttpResponse<String> ok = send("POST", "/api/orders", injected, desk);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(new JsonObject(ok.body()).getString("summary"))
                .isEqualTo("<img src=x onerror=alert(1)> '; DROP TABLE orders; -- \" &amp;");
    }

    /** Every key in Redis but the audit stream, sorted. */
    private List<String> keys() throws IOException {
        @SuppressWarnings("unchecked")
        List<Object> all = (List<Object>) redis("KEYS", "*");
        return all.stream().map(String::valueOf).filter(k -> !k.equals("hotline:audit")).sorted().toList();
    }

    private static String token(String cookie) {
        return cookie.substring(cookie.indexOf('=') + 1);
    }

    /** One command to the lab Redis over RESP; the reply as strings, longs and lists. */
    private Object redis(String... command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", redis.port())) {
            OutputStream out = socket.getOutputStream();
            StringBuilder req = new StringBuilder("*" + command.length + "\r\n");
            for (String c : command) {
                req.append("$").append(c.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(c)
                        .append("\r\n");
            }
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply(new BufferedInputStream(socket.getInputStream()));
        }
    }

    private static Object reply(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+', '-' -> {
                return line;
            }
            case ':' -> {
                return Long.parseLong(line);
            }
            case '$' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n + 2);
                return new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(reply(in));
                }
                return items;
            }
            default -> throw new IOException("unexpected RESP type " + (char) type + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            b.append((char) c);
        }
        in.read(); // \n
        return b.toString();
    }

    private static List<String> numbers(JsonArray orders) {
        return orders.stream().map(o -> ((JsonObject) o).getString("number")).toList();
    }

    /** A unit's feed, collecting order frames. */
    private final class Feed implements WebSocket.Listener, AutoCloseable {
        final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket ws;

        Feed(String path, String cookie) throws Exception {
            ws = http.newWebSocketBuilder().header("Cookie", cookie)
                    .buildAsync(URI.create(base.replace("http:", "ws:") + path), this).get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        JsonObject nextOrder() throws InterruptedException {
            JsonObject f = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(f).as("a frame within " + WAIT).isNotNull();
            return f.getJsonObject("order");
        }

        @Override
        public void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    /** The status of a WebSocket handshake: 101 when it opened, else the refusal's status. */
    private int handshake(String path, String cookie) throws Exception {
        WebSocket.Builder b = http.newWebSocketBuilder();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        Throwable refused = catchThrowable(() -> b.buildAsync(URI.create(base.replace("http:", "ws:") + path),
                new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS).sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                .join());
        if (refused == null) {
            return 101;
        }
        assertThat(refused).hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }

    private String login(String name) throws Exception {
        HttpResponse<String> r = send("POST", "/api/session", new JsonObject().put("name", name)
                .put("password", name + "-pw").encode(), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String cookie = r.headers().firstValue("set-cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    /** Submits an order as {@code cookie} to {@code units} (one id, or ids joined by {@code ","} in quotes). */
    private String submit(String cookie, String units, String phone, String summary) throws Exception {
        String body = "{\"callerName\":\"王女士\",\"phone\":\"" + phone + "\",\"district\":\"朝阳区\",\"street\":"
                + "\"八里庄街道\",\"community\":\"天伦北里\",\"category\":\"noise\",\"urgency\":\"24h\",\"summary\":\""
                + summary + "\",\"unitIds\":[\"" + units + "\"],\"channel\":\"phone\"}";
        HttpResponse<String> r = send("POST", "/api/orders", body, cookie);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("number");
    }

    private HttpResponse<String> send(String method, String path, String body, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
