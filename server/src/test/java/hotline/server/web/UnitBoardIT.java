package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import hotline.config.HotlineConfigLoader;
import hotline.server.HotlineServer;
import hotline.testkit.FakeClock;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedis;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The unit board in a real headless Chromium (Debian's {@code chromium} through {@code /usr/bin/chromedriver})
 * against the real server on a real Redis, login required; no Asterisk (no calls here), menu and ASR off. The users
 * are the defaults file's lab demo users ({@code balizhuang} handles unit {@code balizhuang}). Screenshots go to
 * {@code server/target/screenshots}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UnitBoardIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String UNIT = "balizhuang";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();
    // the server's clock: first three hours back, so that one order was dispatched "3 h ago", then now
    private final FakeClock clock = new FakeClock(Instant.now().minus(Duration.ofHours(3)));
    private LabRedis redis;
    private HotlineServer server;
    private String base;
    private Browser browser;
    private WebDriver driver;

    @BeforeEach
    void start() throws Exception {
        redis = LabRedis.start(Lab.home().resolve(".run/it-unit-board/redis"));
        // the deadline check every second, so that the order overdue at start is escalated before the board opens
        Map<String, Object> overrides = new java.util.HashMap<>(Browser.redisOnlyServer(redis.uri()));
        overrides.put("hotline.dispatch.deadlines.checkInterval", "1s");
        server = HotlineServer.start(HotlineConfigLoader.load(Map.of(), overrides), clock);
        base = "http://127.0.0.1:" + server.httpPort();

        browser = Browser.start(1440, 900);
        driver = browser.driver();
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void shouldShowTheUnitsOrdersLiveWithDeadlinesAndCarryOneThroughAcceptAndReply() throws Exception {
        String desk = login("super", "super");
        String late = submit(desk, "2h", UNIT, "楼道里闻到煤气味");           // due 1 h ago: overdue
        String foreign = submit(desk, "24h", "dept-gas", "燃气表漏气");       // another unit's
        clock.set(Instant.now());

        browser.logIn(base, "balizhuang", "balizhuang");
        waitFor().until(ExpectedConditions.urlContains("/unit.html"));
        waitFor().until(ExpectedConditions.textToBe(By.id("conn"), "实时连接"));
        assertThat(driver.findElement(By.id("unit-name")).getText()).isEqualTo("八里庄街道");

        // the list from GET /api/units/balizhuang/orders: the 2 h order is overdue, red, and in the overdue list
        By lateDue = By.cssSelector("#orders tr[data-order='" + late + "'] [data-k='due']");
        waitFor().until(ExpectedConditions.attributeToBe(lateDue, "data-overdue", "true"));
        assertThat(driver.findElement(lateDue).getText()).contains("已超期 1:0");
        assertThat(driver.findElement(lateDue).getCssValue("color")).isEqualTo("rgba(200, 16, 46, 1)");
        assertThat(driver.findElements(By.cssSelector("#overdue li[data-order='" + late + "']"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("#orders tr[data-order='" + foreign + "']"))).isEmpty();

        // a new order for the unit arrives live over /ws/units/balizhuang, with 24 h counting down
        String fresh = submit(desk, "24h", UNIT, "施工噪音扰民，每晚22点后仍在施工");
        By incoming = By.cssSelector("#incoming li[data-order='" + fresh + "']");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(incoming));
        By freshRow = By.cssSelector("#orders tr[data-order='" + fresh + "']");
        assertThat(driver.findElement(freshRow).findElement(By.cssSelector("[data-k='due']")).getText())
                .contains("剩余 23:59:").doesNotContain("超期");
        assertThat(state(fresh)).isEqualTo("DISPATCHED");

        driver.findElement(incoming).click();
        waitFor().until(ExpectedConditions.textToBe(By.id("detail-number"), fresh));
        // the rates pane: two orders dispatched to the unit, none answered yet; only the overdue one counts (issue 17,
        // defect 6: the fresh order, within its deadline, does not lower the rate; it was 0 / 2 before)
        waitFor().until(ExpectedConditions.attributeToBe(By.id("rate-response"), "data-denominator", "1"));
        assertThat(text("#rate-response .value")).isEqualTo("0.0%");
        assertThat(text("#rate-response .sub")).startsWith("0 / 1");
        assertThat(text("#rate-satisfaction .value")).isEqualTo("—"); // no callback yet
        driver.findElement(By.id("accept")).click();
        waitFor().until(d -> "ACCEPTED".equals(state(fresh)));
        // accepted on time: the response rate moves at once
        waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#rate-response .value"), "50.0%"));
        assertThat(text("#rate-response .sub")).startsWith("1 / 2");
        driver.findElement(By.id("reply-text")).sendKeys("已联系施工方，22点后停止施工");
        driver.findElement(By.id("reply")).click();
        waitFor().until(d -> "REPLIED".equals(state(fresh)));
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-k='unit.deadline']"),
                "已答复，停止计时"));
        screenshot("unit-board");

        // the server agrees: the unit's part is replied, with the reply as its note
        JsonObject order = new JsonObject(get(desk, "/api/orders/" + fresh).body());
        JsonObject part = order.getJsonArray("parts").getJsonObject(0);
        assertThat(part.getString("unitId")).isEqualTo(UNIT);
        assertThat(part.getString("state")).isEqualTo("REPLIED");
        assertThat(part.getString("note")).isEqualTo("已联系施工方，22点后停止施工");

        // the overdue order is not ours: returned to the desk with a reason; the replied one is closed
        driver.findElement(By.cssSelector("#overdue li[data-order='" + late + "']")).click();
        waitFor().until(ExpectedConditions.textToBe(By.id("detail-number"), late));
        driver.findElement(By.id("return-reason")).sendKeys("燃气问题请转燃气集团");
        driver.findElement(By.id("return")).click();
        waitFor().until(d -> "RETURNED".equals(state(late)));
        waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#overdue li[data-order]"), 0));
        assertThat(driver.findElement(lateDue).getText()).contains("已退回，停止计时");
        driver.findElement(By.cssSelector("#orders tr[data-order='" + fresh + "']")).click();
        waitFor().until(ExpectedConditions.textToBe(By.id("detail-number"), fresh));
        driver.findElement(By.id("close")).click();
        waitFor().until(d -> "CLOSED".equals(state(fresh)));
        assertThat(new JsonObject(get(desk, "/api/orders/" + late).body()).getString("status")).isEqualTo("AT_DESK");
        assertThat(new JsonObject(get(desk, "/api/orders/" + fresh).body()).getString("status")).isEqualTo("CLOSED");

        // the citizen's callback (recorded at the desk) reaches the board live: resolved, not satisfied; the order comes
        // back to the unit as 重办 with a fresh 24 h deadline, which does not lower the response rate
        assertThat(post(desk, "/api/orders/" + fresh + "/callback", "{\"contact\":\"reached\",\"resolution\":"
                + "\"resolved\",\"satisfaction\":\"unsatisfied\",\"note\":\"晚上还有施工声\"}").statusCode())
                .isEqualTo(200);
        By verdict = By.cssSelector("#incoming li[data-order='" + fresh + "'][data-type='callback']");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(verdict, "回访结果：已解决 · 不满意"));
        By reopened = By.cssSelector("#incoming li[data-order='" + fresh + "'][data-type='reopened']");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(reopened, "重办：晚上还有施工声"));
        waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#orders tr[data-order='" + fresh + "'] .reopen-badge")));
        assertThat(state(fresh)).isEqualTo("DISPATCHED");
        waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#rate-resolution .value"), "100.0%"));
        assertThat(text("#rate-satisfaction .value")).isEqualTo("0.0%");
        // the late return was counted once, when it went overdue; the 重办 part is not due yet
        assertThat(text("#rate-response .value")).isEqualTo("50.0%");
        assertThat(text("#rate-response .sub")).startsWith("1 / 2");
        assertThat(text("#rate-rank")).isEqualTo("排名 第1名 / 共2个单位");
        assertThat(text("#rate-score")).isEqualTo("综合得分 50.0");
        JsonObject rates = new JsonObject(get(login("balizhuang", "balizhuang"), "/api/units/" + UNIT + "/rates").body());
        assertThat(rates.getInteger("rank")).isEqualTo(1);
        assertThat(rates.getInteger("rankedUnits")).isEqualTo(2);
        screenshot("unit-board-rates");

        driver.findElement(By.id("lang")).click();
        waitFor().until(ExpectedConditions.textToBe(By.id("conn"), "Live"));
        screenshot("unit-board-en");
    }

    @Test
    void shouldKeepAUnitHandlerToItsOwnUnit() throws Exception {
        String desk = login("super", "super");
        String own = submit(desk, "24h", UNIT, "路灯不亮");
        String foreign = submit(desk, "24h", "dept-gas", "燃气表漏气");
        String unit = login("balizhuang", "balizhuang");

        assertThat(get(unit, "/api/units/" + UNIT + "/orders").statusCode()).isEqualTo(200);
        assertThat(get(unit, "/api/orders/" + own).statusCode()).isEqualTo(200);
        assertThat(get(unit, "/api/orders/" + foreign).statusCode()).isEqualTo(403);
        assertThat(get(unit, "/api/units/dept-gas/orders").statusCode()).isEqualTo(403);
        assertThat(post(unit, "/api/orders/" + foreign + "/units/dept-gas/accept", "").statusCode()).isEqualTo(403);
        assertThat(post(unit, "/api/orders/" + own + "/units/" + UNIT + "/accept", "").statusCode()).isEqualTo(200);

        // the own feed opens; another unit's answers the handshake 403
        WebSocket ws = http.newWebSocketBuilder().header("Cookie", unit)
                .buildAsync(URI.create(base.replace("http:", "ws:") + "/ws/units/" + UNIT),
                        new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        Throwable refused = catchThrowable(() -> http.newWebSocketBuilder().header("Cookie", unit)
                .buildAsync(URI.create(base.replace("http:", "ws:") + "/ws/units/dept-gas"),
                        new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS));
        assertThat(refused).hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(403);
    }

    @Test
    void shouldShowMarkupInOrderTextAsTextAndTheCallersNumberMasked() throws Exception {
        String desk = login("super", "super");
        String summary = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script> '; DROP TABLE orders;--";
        String body = new JsonObject().put("callerName", "<b>王女士</b>").put("phone", "13812345678")
                .put("district", "朝阳区").put("street", "八里庄街道").put("community", "天伦北里").put("category", "noise")
                .put("urgency", "24h").put("summary", summary)
                .put("unitIds", new io.vertx.core.json.JsonArray().add(UNIT)).put("channel", "phone").encode();
        HttpResponse<String> r = post(desk, "/api/orders", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String number = new JsonObject(r.body()).getString("number");
        assertThat(new JsonObject(r.body()).getString("summary")).isEqualTo(summary); // stored as given
        clock.set(Instant.now());

        browser.logIn(base, "balizhuang", "balizhuang");
        waitFor().until(ExpectedConditions.urlContains("/unit.html"));
        By row = By.cssSelector("#orders tr[data-order='" + number + "']");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(row));
        driver.findElement(row).click();
        waitFor().until(ExpectedConditions.textToBe(By.id("detail-number"), number));

        // shown as the citizen's words, not run or rendered as markup
        assertThat(driver.findElement(By.cssSelector("#detail [data-k='unit.summary']")).getText()).isEqualTo(summary);
        assertThat(driver.findElement(By.cssSelector("#detail [data-k='unit.caller']")).getText())
                .isEqualTo("<b>王女士</b> 138****5678");
        assertThat(driver.findElements(By.cssSelector("#detail img, #detail script, #detail b, #orders img"))).isEmpty();
        assertThat(((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return window.__xss === undefined"))
                .isEqualTo(true);
        assertThat(driver.getPageSource()).doesNotContain("13812345678");
        screenshot("unit-board-markup-as-text");
    }

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    /** The unit's part's state in the order's row, read in one step (a re-render cannot make it stale). */
    private String state(String number) {
        return (String) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("const e = document"
                + ".querySelector(\"#orders tr[data-order='\" + arguments[0] + \"'] [data-k='state']\");"
                + " return e ? e.dataset.state : null;", number);
    }

    /** Logs in over HTTP; the session cookie as a {@code Cookie} header value. */
    private String login(String name, String password) {
        return hotline.testkit.lab.LabLogin.cookie(base, name, password);
    }

    private String submit(String cookie, String urgency, String unit, String summary) throws Exception {
        String body = new JsonObject().put("callerName", "王女士").put("phone", "13800138000").put("district", "朝阳区")
                .put("street", "八里庄街道").put("community", "天伦北里").put("category", "noise").put("urgency", urgency)
                .put("summary", summary).put("unitIds", new io.vertx.core.json.JsonArray().add(unit))
                .put("channel", "phone").encode();
        HttpResponse<String> r = post(cookie, "/api/orders", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("number");
    }

    private HttpResponse<String> post(String cookie, String path, String body) throws Exception {
        return Browser.post(base, cookie, path, body);
    }

    private HttpResponse<String> get(String cookie, String path) throws Exception {
        return Browser.get(base, cookie, path);
    }

    private WebDriverWait waitFor() {
        return browser.waitFor();
    }

    private void screenshot(String name) {
        browser.screenshot(name, name.equals("unit-board") ? "unit-board" : null); // the README's
    }
}
