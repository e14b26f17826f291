package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.HotlineServer;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The leader-session console, the dispatch desk, the admin page and the wallboard's listen / whisper / barge in a
 * real headless Chromium (Debian's {@code chromium} through {@code /usr/bin/chromedriver}) against the real server on
 * a real lab: Redis, the pbx and carrier Asterisks, baresip seats (1001 the leader's or agent's, 1010 the
 * supervisor's), menu and ASR off. A leader session for 朝阳区 runs from an hour ago for three hours with leader seat
 * 1001. The users are the defaults file's lab demo users. Screenshots go to {@code server/target/screenshots}, the
 * README's to {@code docs/screens}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConsoleScreensIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SESSION = "cy-it";
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final Instant START = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    private static Lab lab;
    private static HotlineServer server;
    private static String base;
    private static CarrierDialer carrier;
    private Browser browser;
    private WebDriver driver;

    @BeforeAll
    static void startLab() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-lab-console"));
        lab = Lab.start(run, Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled", false,
                "hotline.acd.wrapUp", "120s",
                "hotline.acd.sessions", List.of(Map.of("id", SESSION, "district", "朝阳区",
                        "start", START.toString(), "end", START.plus(3, ChronoUnit.HOURS).toString(),
                        "leaderSeats", List.of("1001"), "assistantSeats", List.of("1003"), "queue", "citizen",
                        "othersAfter", "60s"))));
        server = HotlineServer.start(lab.config(), Clock.systemUTC());
        base = "http://127.0.0.1:" + server.httpPort();
        var c = lab.config().carrier();
        carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(), c.amiUser(), c.amiSecret(),
                Duration.ofSeconds(5)));
        awaitTrue(Duration.ofSeconds(20), () -> get("/health").contains("\"ami\":true"));
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (carrier != null) {
            carrier.close();
        }
        if (server != null) {
            server.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void startBrowser() throws Exception {
        browser = Browser.start(1440, 900);
        driver = browser.driver();
    }

    @AfterEach
    void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
        lab.pbxCli("channel request hangup all");
        for (String agent : new String[] {"leader", "demo", "bob", "carol"}) {
            post("/api/agents/" + agent + "/logout", "");
        }
    }

    @Test
    void shouldTakeASessionCallOnTheLeaderConsoleAndCallTheCitizenBack() throws Exception {
        driver.manage().window().setSize(new Dimension(1680, 1060));
        Softphone phone = lab.softphone("1001", true, null);
        try {
            logIn("leader", "leader");
            waitFor().until(ExpectedConditions.urlContains("/leader.html"));
            waitFor().until(ExpectedConditions.textToBe(By.id("conn"), "实时连接"));
            waitFor().until(ExpectedConditions.textToBe(By.id("figures-conn"), "数据实时"));
            waitFor().until(ExpectedConditions.textToBe(By.id("session-state"), "进行中"));
            assertThat(driver.findElement(By.id("session-pick")).getText()).contains("朝阳区");
            driver.findElement(By.id("seat")).clear();
            driver.findElement(By.id("seat")).sendKeys("1001");
            driver.findElement(By.id("sign-in")).click();
            awaitState("NOT_READY");

            // a citizen calls; the supervisor moves the call to the session (the menu is off in this lab): the
            // district's figures and its waiting list update live
            String caller = "139" + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
            String earlier = submit("7d", "street_light", "小区门口路灯不亮", caller);
            carrier.call(new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100), Duration.ofSeconds(90)));
            String[] callId = new String[1];
            awaitTrue(WAIT, () -> {
                JsonArray calls = new JsonObject(get("/api/queue")).getJsonArray("calls");
                callId[0] = calls.isEmpty() ? null : calls.getJsonObject(0).getString("callId");
                return callId[0] != null;
            });
            assertThat(post("/api/supervisor/calls/" + callId[0] + "/move",
                    "{\"supervisorId\":\"super\",\"queue\":\"session:" + SESSION + "\"}")).isEqualTo(200);
            waitFor().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#session-waiting tr[data-call='" + callId[0] + "']")));
            waitFor().until(ExpectedConditions.textToBe(By.id("fig-received"), "1"));
            assertThat(driver.findElement(By.id("fig-waiting")).getText()).isEqualTo("1");

            // the leader takes it: the seat rings and answers, the caller's number pops, answered by leaders + 1
            driver.findElement(By.id("ready")).click();
            waitFor().until(ExpectedConditions.textToBe(By.id("caller-number"), caller));
            awaitState("ON_CALL");
            waitFor().until(ExpectedConditions.textToBe(By.id("fig-leaders"), "1"));
            waitFor().until(ExpectedConditions.textToBe(By.id("fig-waiting"), "0"));

            // the screen pop and the assistant pane show the caller's earlier, still open order
            waitFor().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#caller-orders li[data-order='" + earlier + "'].open")));
            waitFor().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#assist-history li[data-order='" + earlier + "']")));
            // ASR is off in this lab: the transcript and the live draft are published where LiveTranscription does
            publish(new JsonObject().put("type", "final").put("callId", callId[0]).put("agentId", "leader")
                    .put("speaker", "caller").put("text", "领导 您好 我 姓 李 住 在 朝阳 区 八里庄 街道 小区 旁边 工地 每天 夜里"
                            + " 施工 噪音 太 大 了"));
            publish(new JsonObject().put("type", "draft").put("callId", callId[0]).put("agentId", "leader")
                    .put("seq", 1).put("name", "李女士").put("district", "朝阳区").put("street", "八里庄街道")
                    .put("category", "noise").put("urgency", "24h").put("summary", "小区旁工地夜间施工，噪音扰民，希望尽快处理")
                    .put("unit", "八里庄街道").put("confidence", new JsonObject().put("name", 0.92).put("district", 0.97)
                            .put("street", 0.95).put("category", 0.88).put("urgency", 0.55).put("summary", 0.9)
                            .put("unit", 0.9)));
            // the draft's suggested unit (a name, in the draft's district) becomes its id through the unit directory
            waitFor().until(d -> "balizhuang".equals(field("unitIds").getDomProperty("value")));
            waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#unitIds-picked .unit-chip"),
                    "八里庄街道（朝阳区）"));
            assertThat(field("category").getDomProperty("value")).isEqualTo("noise");
            assertThat(driver.findElement(By.id("assist-unit")).getText()).contains("八里庄街道");
            driver.findElement(By.id("submit-order")).click();
            WebElement ok = driver.findElement(By.id("draft-ok"));
            waitFor().until(d -> ok.getAttribute("data-order") != null);
            String number = ok.getAttribute("data-order");
            JsonObject order = new JsonObject(get("/api/orders/" + number));
            assertThat(order.getString("callId")).isEqualTo(callId[0]);

            // orders created + 1 over the figures socket, and the citizen is on the list to call back
            waitFor().until(ExpectedConditions.textToBe(By.id("fig-orders"), "1"));
            By row = By.cssSelector("#callbacks tr[data-order='" + number + "']");
            waitFor().until(ExpectedConditions.presenceOfElementLocated(row));
            assertThat(driver.findElement(row).getText()).contains("李女士").contains(caller).contains("八里庄街道")
                    .contains("噪音扰民");
            screenshot("leader-console", true);

            // the session is over for this citizen: the call ends, wrap-up, then the leader calls back from the list
            lab.pbxCli("channel request hangup all");
            awaitState("WRAP_UP");
            driver.findElement(By.id("wrap-end")).click();
            awaitState("READY");
            driver.findElement(row).findElement(By.cssSelector("button.call-back")).click();
            JsonObject[] outbound = new JsonObject[1];
            awaitTrue(Duration.ofSeconds(40), () -> {
                for (Object id : new JsonObject(get("/api/calls?limit=5")).getJsonArray("calls")) {
                    JsonObject call = new JsonObject(get("/api/calls/" + id));
                    if ("outbound".equals(call.getJsonObject("fields").getString("kind"))) {
                        outbound[0] = call;
                        return true;
                    }
                }
                return false;
            });
            assertThat(outbound[0].getJsonObject("fields").getString("orderId")).isEqualTo(number);
            assertThat(outbound[0].getJsonObject("fields").getString("callerNumber")).isEqualTo(caller);
            driver.findElement(By.id("lang")).click();
            waitFor().until(ExpectedConditions.textToBe(By.cssSelector("[data-i18n='leader.ordersCreated']"),
                    "Orders created"));
            screenshot("leader-console-en", false);
        } finally {
            phone.close();
        }
    }

    @Test
    void shouldListenToAnAgentsLiveCallFromTheSupervisorsSeatThroughChanSpy() throws Exception {
        Softphone agentPhone = lab.softphone("1001", true, null);
        Softphone supervisorPhone = lab.softphone("1010", true, null);
        try {
            assertThat(post("/api/agents/demo/login", "{\"seat\":\"1001\"}")).isEqualTo(200);
            assertThat(post("/api/agents/demo/ready", "")).isEqualTo(200);
            logIn("super", "super");
            waitFor().until(ExpectedConditions.urlContains("/wallboard.html"));
            waitFor().until(ExpectedConditions.textToBe(By.id("conn"), "实时"));
            // the floor plan: every seat of the hall, the agent's on its seat
            assertThat(driver.findElements(By.cssSelector("#floor .seat"))).hasSizeGreaterThanOrEqualTo(20);
            waitFor().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#floor [data-seat='1001'][data-agent='demo'] [data-state='READY']")));
            // by display name and work number (the lab's demo user 张丽, 1024), not by login id
            assertThat(driver.findElement(By.cssSelector("#floor [data-agent='demo'] .seat-agent")).getText())
                    .isEqualTo("张丽 · 1024");

            String caller = "138" + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
            carrier.call(new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100), Duration.ofSeconds(90)));
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector("[data-agent='demo'] button[data-spy='listen']")));
            driver.findElement(By.id("my-seat")).sendKeys("1010");
            // each mode in turn: the supervisor's seat answers and runs ChanSpy on the agent's seat channel with the
            // mode's options while the agent talks (the pbx's own view: core show channels concise, '!' separated:
            // channel!context!exten!priority!state!application!data!...); the supervisor hangs up before the next
            for (String[] mode : new String[][] {{"listen", "bqES", "监听"}, {"whisper", "bqwES", "密语"},
                    {"barge", "bqBES", "强插"}}) {
                driver.findElement(By.cssSelector("[data-agent='demo'] button[data-spy='" + mode[0] + "']")).click();
                waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("spy-status"),
                        mode[2] + " demo (1001)"));
                String[] spyChannel = new String[1];
                awaitTrue(WAIT, () -> {
                    spyChannel[0] = lab.pbxCli("core show channels concise").lines()
                            .filter(l -> l.startsWith("PJSIP/1010-") && l.contains("!Up!ChanSpy!PJSIP/1001-,"
                                    + mode[1] + "!")).map(l -> l.substring(0, l.indexOf('!'))).findFirst().orElse(null);
                    return spyChannel[0] != null;
                });
                assertThat(agentState("demo")).isEqualTo("ON_CALL");
                // the status follows the pbx: connected once the supervisor's seat answered, the mode marked
                By button = By.cssSelector("[data-agent='demo'] button[data-spy='" + mode[0] + "']");
                waitFor().until(ExpectedConditions.attributeToBe(By.id("spy-status"), "data-state", "connected"));
                assertThat(driver.findElement(By.id("spy-status")).getText())
                        .isEqualTo(mode[2] + " demo (1001) · 已接通，我的坐席 1010");
                assertThat(driver.findElement(button).getAttribute("class")).contains("on");
                if (!mode[0].equals("barge")) {
                    lab.pbxCli("channel request hangup " + spyChannel[0]);
                    awaitTrue(WAIT, () -> !lab.pbxCli("core show channels concise").contains(spyChannel[0] + "!"));
                    assertThat(agentState("demo")).isEqualTo("ON_CALL"); // the agent's call goes on
                    // the supervisor hung up: ended, the button no longer marked (issue 17 B6)
                    waitFor().until(ExpectedConditions.attributeToBe(By.id("spy-status"), "data-state", "ended"));
                    assertThat(driver.findElement(By.id("spy-status")).getText())
                            .isEqualTo(mode[2] + " demo (1001) · 已结束：已挂断");
                    assertThat(driver.findElement(button).getAttribute("class")).doesNotContain("on");
                }
            }
            // the spied call itself ends (the agent's seat hangs up) while the supervisor barges: the wallboard says so
            String agentChannel = lab.pbxCli("core show channels concise").lines()
                    .filter(l -> l.startsWith("PJSIP/1001-")).map(l -> l.substring(0, l.indexOf('!'))).findFirst()
                    .orElseThrow();
            lab.pbxCli("channel request hangup " + agentChannel);
            waitFor().until(ExpectedConditions.attributeToBe(By.id("spy-status"), "data-state", "ended"));
            assertThat(driver.findElement(By.id("spy-status")).getText()).isEqualTo("强插 demo (1001) · 已结束：通话已结束");
            awaitTrue(WAIT, () -> !lab.pbxCli("core show channels concise").contains("PJSIP/1010-"));
            screenshot("wallboard-spy-ended", false);
            assertThat(new JsonObject(get("/api/supervisor/spies?seat=1010")).getJsonArray("spies").getJsonObject(0)
                    .getString("endReason")).isEqualTo("call-ended");

            // meanwhile another agent is on a break and a second citizen waits past the 15 s target: the alert
            assertThat(post("/api/agents/bob/login", "{\"seat\":\"1002\"}")).isEqualTo(200);
            assertThat(post("/api/agents/bob/not-ready", "{\"reason\":\"meal\"}")).isEqualTo(200);
            String second = "137" + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
            carrier.call(new CitizenCall("12345", second, null, 1, Duration.ofMillis(100), Duration.ofSeconds(60)));
            waitFor().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#floor [data-agent='bob'] [data-state='NOT_READY']")));
            new WebDriverWait(driver, Duration.ofSeconds(40)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("[data-alert='wait-citizen']")));
            screenshot("wallboard", true);

            // supervisor actions on the waiting call and the agent (the ACD's audited operations)
            waitFor().until(ExpectedConditions.elementToBeClickable(By.id("op-urgent")));
            driver.findElement(By.id("op-urgent")).click();
            waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("waiting"), "紧急"));
            // bob forced ready from his meal break: the ACD offers him the waiting (urgent) call at once, his seat rings
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("op-agent"))).selectByValue("bob");
            driver.findElement(By.id("op-ready")).click();
            waitFor().until(ExpectedConditions.textToBe(By.id("op-status"), "就绪 bob ✓"));
            waitFor().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#floor [data-agent='bob'] [data-state='RESERVED']")));
            assertThat(agentState("bob")).isEqualTo("RESERVED");

            // today's totals from the real calls: two received, the first answered (issue 17: supervisor totals)
            waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#today [data-k='received']"), "2"));
            assertThat(driver.findElement(By.cssSelector("#today [data-k='answered']")).getText()).isEqualTo("1");
            assertThat(driver.findElement(By.cssSelector("#today [data-k='abandoned']")).getText()).isEqualTo("0");
            assertThat(driver.findElement(By.cssSelector("#today [data-k='occupancy']")).getText()).endsWith("%");
            // targets in words, never "3600s"
            assertThat(driver.findElement(By.id("queues")).getText()).doesNotContainPattern("[0-9]s\\)");

            // force logout asks first: one click only arms it, naming the agent and what they are doing
            assertThat(post("/api/agents/carol/login", "{\"seat\":\"1003\"}")).isEqualTo(200);
            waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#op-agent option[value='carol']")));
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("op-agent"))).selectByValue("carol");
            driver.findElement(By.id("op-logout")).click();
            waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("op-status"),
                    "确定强制签出 carol"));
            assertThat(driver.findElement(By.id("op-logout")).getText()).isEqualTo("确认签出");
            Thread.sleep(1000);
            assertThat(agentState("carol")).isEqualTo("NOT_READY");
            screenshot("wallboard-logout-confirm", false);
            driver.findElement(By.id("op-logout")).click();
            waitFor().until(ExpectedConditions.textToBe(By.id("op-status"), "强制签出 carol ✓"));
            awaitTrue(WAIT, () -> agentState("carol").equals("LOGGED_OUT"));

            // the hall's large screen: big tiles filling 1920x1080, the controls folded away
            driver.manage().window().setSize(new Dimension(1920, 1080));
            driver.get(base + "/wallboard.html?big=1");
            waitFor().until(ExpectedConditions.textToBe(By.id("conn"), "实时"));
            assertThat(driver.findElement(By.tagName("body")).getAttribute("class")).contains("big");
            assertThat(driver.findElement(By.id("op-logout")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.cssSelector("#today [data-k='received']")).getSize().getHeight())
                    .isGreaterThan(60);
            screenshot("wallboard-big", true);
        } finally {
            supervisorPhone.close();
            agentPhone.close();
        }
    }

    @Test
    void shouldRedispatchAReturnedOrderToAnotherUnitAndAJointUnitOnTheDispatchDesk() throws Exception {
        driver.manage().window().setSize(new Dimension(1600, 1000));
        String earlier = submit("24h", "garbage", "小区垃圾桶满溢多日无人清运");
        post("/api/orders/" + earlier + "/units/balizhuang/return", "{\"reason\":\"该小区属物业管理范围，非街道职责\"}");
        logIn("dispatch", "dispatch");
        waitFor().until(ExpectedConditions.urlContains("/dispatch.html"));
        waitFor().until(ExpectedConditions.textToBe(By.id("conn"), "实时连接"));
        waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#desk-orders tr[data-order='" + earlier + "']")));

        // a unit returns an order: it arrives live over /ws/desk with the unit's name and its reason
        String number = submit("2h", "water_drainage", "路面井盖破损积水，行人车辆通行危险");
        assertThat(post("/api/orders/" + number + "/units/balizhuang/return",
                "{\"reason\":\"井盖属水务部门管理，请改派\"}")).isEqualTo(200);
        By row = By.cssSelector("#desk-orders tr[data-order='" + number + "']");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(row));
        waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#desk-feed li[data-order='" + number + "']")));
        waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#desk-orders tr[data-order='" + number
                + "'] [data-k='unit']"), "八里庄街道（朝阳区）"));
        assertThat(driver.findElement(row).findElement(By.cssSelector("[data-k='reason']")).getText())
                .isEqualTo("井盖属水务部门管理，请改派");

        // re-dispatch to the water authority by name, with the transport commission jointly
        driver.findElement(row).click();
        waitFor().until(ExpectedConditions.textToBe(By.id("detail-number"), number));
        driver.findElement(By.id("to-unit-search")).sendKeys("市水务局");
        driver.findElement(By.id("joint-units-search")).sendKeys("市交通委员会");
        driver.findElement(By.id("dir-filter")).sendKeys("水务");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#directory tr[data-unit='dept-water']")));
        screenshot("dispatch-desk-console", false); // the README's is UnitPickerIT's
        driver.findElement(By.id("redispatch")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("desk-ok"), "市水务局"));
        assertThat(driver.findElement(By.id("desk-error")).getText()).isEmpty();
        JsonObject order = new JsonObject(get("/api/orders/" + number));
        assertThat(order.getJsonArray("parts").stream().map(p -> ((JsonObject) p).getString("unitId") + ":"
                + ((JsonObject) p).getString("state")))
                .containsExactly("balizhuang:REASSIGNED", "dept-water:DISPATCHED", "dept-transport:DISPATCHED");
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(row));
        assertThat(driver.findElement(By.id("d-units")).getText()).contains("市水务局 · 待签收")
                .contains("市交通委员会 · 待签收");
        assertThat(new JsonObject(get("/api/desk/orders")).getJsonArray("orders").stream()
                .map(o -> ((JsonObject) o).getString("number"))).contains(earlier).doesNotContain(number);

        driver.findElement(By.id("lang")).click();
        waitFor().until(ExpectedConditions.textToBe(By.cssSelector("h1[data-i18n='desk.title']"), "Dispatch desk"));
        screenshot("dispatch-desk-en", false);
    }

    @Test
    void shouldShowTheAdminTheUsersWithTheirRolesAndNoHashes() throws Exception {
        logIn("admin", "admin");
        waitFor().until(ExpectedConditions.urlContains("/admin.html"));
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#users tr[data-user='leader']")));
        assertThat(driver.findElement(By.id("users")).getText()).contains("坐席").contains("班长").contains("领导")
                .contains("派单员").contains("承办单位").contains("管理员").contains("八里庄街道")
                .doesNotContain("pbkdf2");
        screenshot("admin", false);
    }

    private static String agentState(String agentId) throws Exception {
        return new JsonArray(get("/api/agents")).stream().map(a -> (JsonObject) a)
                .filter(a -> agentId.equals(a.getString("agentId"))).map(a -> a.getString("state")).findFirst()
                .orElse("LOGGED_OUT");
    }

    private String submit(String urgency, String category, String summary) throws Exception {
        return submit(urgency, category, summary, "13700001111");
    }

    private static void publish(JsonObject frame) {
        server.vertx().eventBus().publish(hotline.server.asr.LiveTranscription.agentAddress(frame.getString("agentId")),
                frame.encode());
    }

    private WebElement field(String name) {
        return driver.findElement(By.id("draft")).findElement(By.name(name));
    }

    private String submit(String urgency, String category, String summary, String phone) throws Exception {
        String body = new JsonObject().put("callerName", "赵先生").put("phone", phone).put("district", "朝阳区")
                .put("street", "八里庄街道").put("community", "红庙北里").put("category", category)
                .put("urgency", urgency).put("summary", summary).put("unitIds", new JsonArray().add("balizhuang"))
                .put("channel", "phone").encode();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/orders"))
                .header("Cookie", apiCookie()).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("number");
    }

    private void logIn(String name, String password) {
        browser.logIn(base, name, password);
    }

    private void awaitState(String state) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(By.id("state"),
                "data-state", state));
    }

    private WebDriverWait waitFor() {
        return browser.waitFor();
    }

    /** Saves the screenshot to target/screenshots, and to docs/screens for the README when {@code readme}. */
    private void screenshot(String name, boolean readme) {
        browser.screenshot(name, readme ? name : null);
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Duration timeout, Check check) throws Exception {
        // polls a condition of the running system (no browser involved): 100 ms apart until the deadline
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static hotline.testkit.lab.LabLogin.Session api;

    /** The lab supervisor's session for the test's own API calls (the API needs one). */
    private static synchronized String apiCookie() {
        if (api == null) {
            api = new hotline.testkit.lab.LabLogin.Session(base, hotline.testkit.lab.LabLogin.SUPERVISOR);
        }
        return api.cookie();
    }

    private static int post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", apiCookie())
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private static String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", apiCookie())
                .timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
