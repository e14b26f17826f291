package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.HotlineConfigLoader;
import hotline.server.HotlineServer;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The unit picker of the one unit directory, in a real headless Chromium against the real server on Redis (no
 * Asterisk: ASR is off, so the caller's words are published as a transcript final where live transcription does; the
 * draft is the server's own extraction of them): the agent's unit field fills from the draft's street suggestion
 * (景山街道（东城区）) and the order reaches that street's unit board; a typo is refused and never shown as valid; the
 * dispatcher re-dispatches an order returned by 八里庄街道（朝阳区） by typing 八里庄街道, is asked which one, picks
 * 海淀区's, and it lands on that unit's board, not back; sending it back to the unit that returned it asks first.
 * Users: each password is the name with {@code -pw}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class UnitPickerIT {
    private static final String JINGSHAN = "110101002";
    private static final String BALIZHUANG_HAIDIAN = "110108005";
    private LabRedis redis;
    private HotlineServer server;
    private String base;
    private Browser browser;
    private WebDriver driver;

    @BeforeEach
    void start() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve(".run/it-unit-picker"));
        redis = LabRedis.start(run.resolve("redis"));
        StringBuilder users = new StringBuilder("hotline.web.users = [\n");
        for (String[] u : new String[][] {{"demo", "agent", null}, {"super", "supervisor", null},
                {"dispatch", "dispatcher", null}, {"bl", "unit", "balizhuang"}, {"hdbl", "unit", BALIZHUANG_HAIDIAN},
                {"jingshan", "unit", JINGSHAN}}) {
            users.append("{ name = \"").append(u[0]).append("\", role = \"").append(u[1]).append("\", ")
                    .append(u[2] == null ? "" : "unit = \"" + u[2] + "\", ").append("passwordHash = \"")
                    .append(PasswordHash.hash((u[0] + "-pw").toCharArray(), 10_000)).append("\" }\n");
        }
        Path file = run.resolve("users.conf");
        Files.writeString(file, users.append("]\n").toString());
        server = HotlineServer.start(HotlineConfigLoader.load(Map.of("HOTLINE_CONFIG", file.toString()),
                Browser.redisOnlyServer(redis.uri())), Clock.systemUTC());
        base = "http://127.0.0.1:" + server.httpPort();
        browser = Browser.start(1440, 1000);
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
    void shouldFillTheUnitFromTheDraftsStreetAndRefuseATypo() throws Exception {
        browser.logIn(base, "demo", "demo-pw");
        browser.waitFor().until(ExpectedConditions.urlContains("/agent.html"));
        browser.waitFor().until(ExpectedConditions.textToBe(By.id("conn"), "实时连接"));

        // a typo of an id: refused in red, no unit picked, nothing shown as valid
        WebElement search = driver.findElement(By.id("unitIds-search"));
        search.sendKeys("balizhaung", Keys.TAB);
        browser.waitFor().until(ExpectedConditions.textToBe(By.id("unitIds-problem"), "单位名录中没有：balizhaung"));
        assertThat(driver.findElements(By.cssSelector("#unitIds-picked .unit-chip"))).isEmpty();
        assertThat(field("unitIds").getDomProperty("value")).isEmpty();
        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);

        // the caller's words (a transcript final: ASR is off here) become the server's draft; its street suggestion
        // 景山街道（东城区） fills the unit field with that street's unit
        publish(new JsonObject().put("type", "final").put("callId", "it-units-1").put("agentId", "demo")
                .put("speaker", "caller").put("text", "我姓王，东城区景山街道有人占道经营，摊贩把路口堵住了，电话13800138000"));
        browser.waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#transcript .utt.caller")));
        driver.findElement(By.id("from-transcript")).click();
        browser.waitFor().until(d -> JINGSHAN.equals(field("unitIds").getDomProperty("value")));
        browser.waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#unitIds-picked .unit-chip"),
                "景山街道（东城区）"));
        assertThat(driver.findElement(By.id("unit-hint")).getText()).isEqualTo("景山街道（东城区）");
        browser.screenshot("unit-picker-agent");
        driver.findElement(By.id("submit-order")).click();
        WebElement ok = driver.findElement(By.id("draft-ok"));
        browser.waitFor().until(d -> ok.getAttribute("data-order") != null);
        String number = ok.getAttribute("data-order");

        // the order is on 景山街道's unit board
        logOut();
        browser.logIn(base, "jingshan", "jingshan-pw");
        browser.waitFor().until(ExpectedConditions.urlContains("/unit.html"));
        browser.waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#orders tr[data-order='" + number + "']")));
    }

    @Test
    void shouldAskWhichOneForAnAmbiguousNameAndRedispatchToTheOnePicked() throws Exception {
        String desk = login("super");
        String unit = login("bl");
        String number = submit(desk, "小区外墙广告牌松动");
        assertThat(Browser.post(base, unit, "/api/orders/" + number + "/units/balizhuang/return",
                "{\"reason\":\"地址属于八里庄街道（海淀区），请改派\"}").statusCode()).isEqualTo(200);

        browser.logIn(base, "dispatch", "dispatch-pw");
        browser.waitFor().until(ExpectedConditions.urlContains("/dispatch.html"));
        By row = By.cssSelector("#desk-orders tr[data-order='" + number + "']");
        browser.waitFor().until(ExpectedConditions.presenceOfElementLocated(row));
        browser.waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#desk-orders tr[data-order='" + number
                + "'] [data-k='unit']"), "八里庄街道（朝阳区）"));
        click(row);
        browser.waitFor().until(ExpectedConditions.textToBe(By.id("detail-number"), number));

        // the plain name fits two streets: the desk asks which one, with their districts, and sends nothing
        driver.findElement(By.id("to-unit-search")).sendKeys("八里庄街道");
        driver.findElement(By.id("joint-units-search")).sendKeys("市生态环境局"); // a short name: 北京市生态环境局
        driver.findElement(By.id("redispatch")).click();
        By haidian = By.cssSelector("#to-unit-choose button[data-unit='" + BALIZHUANG_HAIDIAN + "']");
        browser.waitFor().until(ExpectedConditions.elementToBeClickable(haidian));
        assertThat(driver.findElement(By.id("to-unit-choose")).getText()).contains("八里庄街道（朝阳区）")
                .contains("八里庄街道（海淀区）");
        browser.waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#joint-units-picked .unit-chip"),
                "北京市生态环境局"));
        assertThat(order(desk, number).getString("status")).isEqualTo("AT_DESK");
        browser.screenshot("dispatch-desk", "dispatch-desk");

        // 海淀区's is picked: the order goes there (and jointly to the department), not back to 朝阳区's
        driver.findElement(haidian).click();
        browser.waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#to-unit-picked .unit-chip"),
                "八里庄街道（海淀区）"));
        driver.findElement(By.id("redispatch")).click();
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("desk-ok"),
                "八里庄街道（海淀区）"));
        assertThat(driver.findElement(By.id("desk-ok")).getText()).contains("北京市生态环境局");
        assertThat(parts(order(desk, number))).containsExactly("balizhuang:REASSIGNED",
                BALIZHUANG_HAIDIAN + ":DISPATCHED", "dept-environment:DISPATCHED");
        // the parts and the history say which 八里庄街道 (the detail re-renders live: read it once it settled)
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("d-units"),
                "八里庄街道（海淀区） · 待签收"));
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("d-units"),
                "八里庄街道（朝阳区） · "));
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("d-history"),
                "→ 八里庄街道（海淀区）"));
        // 主办/协办: the re-dispatched part leads as the returned one did, the joint unit assists
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("d-units"),
                "主办 八里庄街道（海淀区）"));
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("d-units"),
                "协办 北京市生态环境局"));
        browser.screenshot("unit-picker-dispatch-done");

        // a joint unit dispatched as the lead: it leads, the former lead assists
        driver.findElement(By.id("joint-units-search")).sendKeys("市城管委", Keys.ENTER); // the alias of 市城市管理委员会
        browser.waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#joint-units-picked .unit-chip"),
                "市城市管理委员会"));
        driver.findElement(By.id("joint-lead")).click();
        driver.findElement(By.id("add-joint")).click();
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("desk-ok"), "市城市管理委员会"));
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("d-units"),
                "主办 市城市管理委员会"));
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("d-units"),
                "协办 八里庄街道（海淀区）"));
        assertThat(order(desk, number).getJsonArray("parts").stream().map(p -> (JsonObject) p)
                .filter(p -> p.getBoolean("lead")).map(p -> p.getString("unitId")).toList())
                .containsExactly("dept-city");

        // sending an order back to the unit that just returned it asks first
        String second = submit(desk, "楼道堆放杂物");
        Browser.post(base, unit, "/api/orders/" + second + "/units/balizhuang/return", "{\"reason\":\"不归本街道\"}");
        By secondRow = By.cssSelector("#desk-orders tr[data-order='" + second + "']");
        browser.waitFor().until(ExpectedConditions.presenceOfElementLocated(secondRow));
        click(secondRow);
        browser.waitFor().until(ExpectedConditions.textToBe(By.id("detail-number"), second));
        driver.findElement(By.id("to-unit-search")).sendKeys("八里庄街道(朝阳区)"); // half-width brackets
        driver.findElement(By.id("redispatch")).click();
        browser.waitFor().until(ExpectedConditions.elementToBeClickable(By.id("confirm-back")));
        assertThat(driver.findElement(By.id("desk-error")).getText()).contains("八里庄街道（朝阳区） 刚退回此工单");
        assertThat(order(desk, second).getString("status")).isEqualTo("AT_DESK");
        driver.findElement(By.id("confirm-back")).click();
        browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("desk-ok"),
                "八里庄街道（朝阳区）"));

        // 海淀区's unit board has the first order; 朝阳区's does not have it open any more
        logOut();
        browser.logIn(base, "hdbl", "hdbl-pw");
        browser.waitFor().until(ExpectedConditions.urlContains("/unit.html"));
        browser.waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#orders tr[data-order='" + number + "']")));
    }

    /** Clicks what {@code by} finds, again if the live list re-rendered it in between. */
    private void click(By by) {
        browser.waitFor().until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private WebElement field(String name) {
        return driver.findElement(By.id("draft")).findElement(By.name(name));
    }

    private void logOut() {
        driver.findElement(By.id("logout")).click();
        browser.waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("login-submit")));
    }

    private void publish(JsonObject frame) {
        server.vertx().eventBus().publish(hotline.server.asr.LiveTranscription.agentAddress(frame.getString("agentId")),
                frame.encode());
    }

    private String login(String name) throws Exception {
        HttpResponse<String> r = Browser.post(base, "", "/api/session", new JsonObject().put("name", name)
                .put("password", name + "-pw").encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String cookie = r.headers().firstValue("set-cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private String submit(String cookie, String summary) throws Exception {
        String body = new JsonObject().put("callerName", "赵先生").put("phone", "13700001111").put("district", "朝阳区")
                .put("street", "八里庄街道").put("community", "红庙北里").put("category", "property").put("urgency", "24h")
                .put("summary", summary).put("unitIds", new JsonArray().add("balizhuang")).put("channel", "phone")
                .encode();
        HttpResponse<String> r = Browser.post(base, cookie, "/api/orders", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("number");
    }

    private JsonObject order(String cookie, String number) throws Exception {
        return new JsonObject(Browser.get(base, cookie, "/api/orders/" + number).body());
    }

    private static List<String> parts(JsonObject order) {
        return order.getJsonArray("parts").stream().map(p -> ((JsonObject) p).getString("unitId") + ":"
                + ((JsonObject) p).getString("state")).toList();
    }
}
