package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.HotlineConfigLoader;
import hotline.server.HotlineServer;
import hotline.testkit.FakeClock;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dispatch desk's list of every open order, its filters and 改派 of any open part, in two real headless
 * Chromiums (the dispatcher {@code dispatch} and the unit handler {@code balizhuang}) against the real server on a
 * real Redis, login required; no Asterisk (no calls here). The orders are submitted over the API by the supervisor
 * (as the agent desktop would), the server's clock starting three hours back so that one of them is overdue.
 * Screenshots go to {@code server/target/screenshots}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OrderDeskIT {
    private final FakeClock clock = new FakeClock(Instant.now().minus(Duration.ofHours(3)));
    private LabRedis redis;
    private HotlineServer server;
    private String base;
    private Browser desk;
    private Browser board;

    @BeforeEach
    void start() throws Exception {
        redis = LabRedis.start(Lab.home().resolve(".run/it-order-desk/redis"));
        server = HotlineServer.start(HotlineConfigLoader.load(Map.of(), Browser.redisOnlyServer(redis.uri())), clock);
        base = "http://127.0.0.1:" + server.httpPort();
        desk = Browser.start(1440, 1000);
        board = Browser.start(1440, 900);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {desk, board, server, redis}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void shouldListEveryOpenOrderByDeadlineFilterOverdueOnesAndReassignOneToAnotherUnitsBoard() throws Exception {
        String cookie = hotline.testkit.lab.LabLogin.cookie(base, "super", "super");
        String late = submit(cookie, "2h", "dept-city", "朝阳区", "路边井盖缺失");      // due 1 h ago: overdue
        String open = submit(cookie, "7d", "dept-water", "海淀区", "小区停水三天");
        String done = submit(cookie, "24h", "dept-greening", "朝阳区", "树枝遮挡路灯");
        assertThat(Browser.post(base, cookie, "/api/orders/" + done + "/units/dept-greening/accept", "").statusCode())
                .isEqualTo(200);
        Browser.post(base, cookie, "/api/orders/" + done + "/units/dept-greening/reply", "{\"reply\":\"已修剪\"}");
        Browser.post(base, cookie, "/api/orders/" + done + "/units/dept-greening/close", "");
        clock.set(Instant.now());

        board.logIn(base, "balizhuang", "balizhuang");
        board.waitFor().until(ExpectedConditions.textToBe(By.id("conn"), "实时连接"));
        desk.logIn(base, "dispatch", "dispatch");
        desk.waitFor().until(ExpectedConditions.urlContains("/dispatch.html"));

        // the desk opens on every open order (not only returned ones), the most urgent deadline first
        By rows = By.cssSelector("#of-results li[data-order]");
        desk.waitFor().until(ExpectedConditions.numberOfElementsToBe(rows, 2));
        assertThat(desk.driver().findElements(rows)).extracting(e -> e.getAttribute("data-order"))
                .containsExactly(late, open);
        assertThat(desk.driver().findElement(By.cssSelector("#of-results li[data-order='" + late + "']"))
                .getText()).contains("已超期 1:0");

        // filters: overdue only, then by district
        desk.driver().findElement(By.cssSelector("#of-form input[name=overdue]")).click();
        desk.driver().findElement(By.id("of-search")).click();
        desk.waitFor().until(ExpectedConditions.numberOfElementsToBe(rows, 1));
        assertThat(desk.driver().findElement(rows).getAttribute("data-order")).isEqualTo(late);
        desk.driver().findElement(By.cssSelector("#of-form input[name=overdue]")).click();
        new Select(desk.driver().findElement(By.cssSelector("#of-form select[name=status]"))).selectByValue("");
        desk.driver().findElement(By.cssSelector("#of-form input[name=district]")).sendKeys("朝阳区");
        desk.driver().findElement(By.id("of-search")).click();
        desk.waitFor().until(d -> d.findElements(rows).size() == 2 && d.findElements(
                By.cssSelector("#of-results li[data-order='" + done + "']")).size() == 1);
        desk.driver().findElement(By.cssSelector("#of-form input[name=district]")).clear();
        new Select(desk.driver().findElement(By.cssSelector("#of-form select[name=status]"))).selectByValue("open");
        desk.driver().findElement(By.id("of-search")).click();
        desk.waitFor().until(ExpectedConditions.numberOfElementsToBe(rows, 2));

        // the overdue order, accepted by nobody, is reassigned (not returned first) to 八里庄街道
        desk.driver().findElement(By.cssSelector("#of-results li[data-order='" + late + "']")).click();
        desk.waitFor().until(ExpectedConditions.textToBe(By.id("of-number"), late));
        By reassign = By.cssSelector("form.of-reassign[data-unit='dept-city']");
        desk.driver().findElement(reassign).findElement(By.name("toUnit")).sendKeys("balizhuang");
        desk.screenshot("order-desk-open-orders");
        desk.driver().findElement(reassign).findElement(By.cssSelector("button")).click();
        desk.waitFor().until(ExpectedConditions.alertIsPresent()).accept();
        desk.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("of-ok"), "已改派"));

        // it lands on the other unit's board live, with a fresh deadline
        By row = By.cssSelector("#orders tr[data-order='" + late + "']");
        board.waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "#incoming li[data-order='" + late + "']")));
        assertThat(board.driver().findElement(row).findElement(By.cssSelector("[data-k='due']")).getText())
                .contains("剩余 1:59:");
        board.screenshot("order-desk-reassigned-on-board");
        JsonObject order = new JsonObject(Browser.get(base, cookie, "/api/orders/" + late).body());
        JsonArray parts = order.getJsonArray("parts");
        assertThat(parts.getJsonObject(0).getString("state")).isEqualTo("REASSIGNED");
        assertThat(parts.getJsonObject(1).getString("unitId")).isEqualTo("balizhuang");
        assertThat(parts.getJsonObject(1).getString("state")).isEqualTo("DISPATCHED");

        // a dispatcher may search; a unit handler only its own unit's orders, callers' numbers masked
        String unit = hotline.testkit.lab.LabLogin.cookie(base, "balizhuang", "balizhuang");
        assertThat(Browser.get(base, unit, "/api/search/orders?q=" + open).statusCode()).isEqualTo(403);
        HttpResponse<String> own = Browser.get(base, unit, "/api/units/balizhuang/search?q=" + late);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains(late).doesNotContain("13800138000");
        assertThat(new JsonObject(Browser.get(base, unit, "/api/units/balizhuang/search?q=" + open).body())
                .getInteger("total")).isZero();
    }

    private String submit(String cookie, String urgency, String unit, String district, String summary)
            throws Exception {
        String body = new JsonObject().put("callerName", "王女士").put("phone", "13800138000").put("district", district)
                .put("street", "").put("community", "").put("category", "other").put("urgency", urgency)
                .put("summary", summary).put("unitIds", new JsonArray().add(unit)).put("channel", "phone")
                .put("requestType", "complaint").encode();
        HttpResponse<String> r = Browser.post(base, cookie, "/api/orders", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("number");
    }
}
