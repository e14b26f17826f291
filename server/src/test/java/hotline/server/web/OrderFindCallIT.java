package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.HotlineServer;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabLogin;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * "我的事办得怎么样了" during a real call: a citizen with an open order calls again through the carrier (real lab:
 * Redis, both Asterisks, an auto-answering baresip seat 1001); the agent (headless Chromium, {@code demo}) opens the
 * order from the screen pop's caller history and finds it by the caller's number, reads its unit, state and
 * deadline, urges it (催办) and adds the caller's new information (补充诉求); the unit's board ({@code balizhuang},
 * a second Chromium) shows the 催办 mark and count and the supplement live. Then the agent records a consultation
 * answered on the spot (直接答复): a closed order with no unit, found by search. The earlier order was submitted over
 * the API beforehand (as an earlier call's agent would have). Screenshots go to {@code server/target/screenshots}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OrderFindCallIT {
    private static Lab lab;
    private static HotlineServer server;
    private static String base;
    private static CarrierDialer carrier;
    private static String cookie;

    @BeforeAll
    static void startLab() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-lab-orderfind"));
        lab = Lab.start(run, Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled", false,
                "hotline.acd.wrapUp", "120s"));
        server = HotlineServer.start(lab.config(), Clock.systemUTC());
        base = "http://127.0.0.1:" + server.httpPort();
        cookie = LabLogin.cookie(base, LabLogin.SUPERVISOR);
        var c = lab.config().carrier();
        carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(), c.amiUser(), c.amiSecret(),
                Duration.ofSeconds(5)));
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

    @Test
    void shouldFindTheCallersOrderDuringTheCallUrgeItAndAddToItLiveOnTheUnitsBoard() throws Exception {
        String caller = "139" + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
        String order = submit(caller);
        try (Browser agent = Browser.start(1440, 1000); Browser board = Browser.start(1440, 900);
                Softphone seat = lab.softphone("1001", true, null)) {
            board.logIn(base, "balizhuang", "balizhuang");
            board.waitFor().until(ExpectedConditions.textToBe(By.id("conn"), "实时连接"));
            By row = By.cssSelector("#orders tr[data-order='" + order + "']");
            board.waitFor().until(ExpectedConditions.presenceOfElementLocated(row));
            assertThat(board.driver().findElements(By.cssSelector("#orders tr[data-order='" + order
                    + "'] [data-k='urges']"))).isEmpty();

            WebDriver d = agent.driver();
            agent.logIn(base, "demo", "demo");
            agent.waitFor().until(ExpectedConditions.textToBe(By.id("conn"), "实时连接"));
            d.findElement(By.id("seat")).clear();
            d.findElement(By.id("seat")).sendKeys("1001");
            d.findElement(By.id("sign-in")).click();
            agent.waitFor().until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", "NOT_READY"));
            d.findElement(By.id("ready")).click();
            agent.waitFor().until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", "READY"));

            // the citizen calls again; the screen pop lists the open order, which opens in the order view
            carrier.call(new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100), Duration.ofSeconds(90)));
            agent.waitFor().until(ExpectedConditions.textToBe(By.id("caller-number"), caller));
            agent.waitFor().until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", "ON_CALL"));
            By history = By.cssSelector("#caller-orders li[data-order='" + order + "']");
            agent.waitFor().until(ExpectedConditions.presenceOfElementLocated(history)).click();
            agent.waitFor().until(ExpectedConditions.textToBe(By.id("of-number"), order));

            // and the agent finds it by the caller's number too: its unit, state and deadline
            d.findElement(By.id("of-detail")).click();
            d.findElement(By.id("of-q")).sendKeys(caller);
            d.findElement(By.id("of-search")).click();
            agent.waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                    "#of-results li[data-order='" + order + "']")));
            agent.waitFor().until(ExpectedConditions.textToBe(By.id("of-number"), order));
            By part = By.cssSelector(".of-parts tr[data-unit='balizhuang']");
            assertThat(d.findElement(part).getText()).contains("八里庄街道").contains("待签收").contains("剩余 23:5");

            // 催办: the unit's board shows the mark and count live
            d.findElement(By.cssSelector("#of-urge input[name=note]")).sendKeys("市民来电询问进度，请尽快处理");
            d.findElement(By.id("of-urge-btn")).click();
            agent.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("of-ok"), "已催办"));
            assertThat(d.findElement(By.id("of-urges")).getText()).isEqualTo("催办 1 次");
            By urges = By.cssSelector("#orders tr[data-order='" + order + "'] [data-k='urges']");
            board.waitFor().until(ExpectedConditions.textToBe(urges, "催办 1"));
            board.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(
                    "#incoming li[data-order='" + order + "']:first-child"), "催办"));
            agent.screenshot("order-find-urged");
            board.screenshot("order-find-board-urged");

            // 补充诉求: the caller's new information goes onto the open order, live to the unit
            d.findElement(By.cssSelector("#of-supplement textarea")).sendKeys("补充：18号楼东侧第二盏也不亮");
            d.findElement(By.id("of-supplement-btn")).click();
            agent.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("of-ok"), "已补充诉求"));
            board.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(
                    "#incoming li[data-order='" + order + "']:first-child"), "补充诉求"));
            board.driver().findElement(row).click();
            board.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"),
                    "补充：18号楼东侧第二盏也不亮"));
            JsonObject stored = new JsonObject(Browser.get(base, cookie, "/api/orders/" + order).body());
            assertThat(stored.getInteger("version")).isGreaterThanOrEqualTo(3);
            assertThat(stored.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("type")))
                    .contains("URGED", "SUPPLEMENTED");
            assertThat(stored.getJsonArray("parts")).hasSize(1); // added to the order, not a new one

            // a consultation answered on the spot during the same call: closed, no unit, found by search
            var form = d.findElement(By.id("draft"));
            form.findElement(By.name("summary")).clear();
            form.findElement(By.name("summary")).sendKeys("咨询居住证办理需要哪些材料");
            assertThat(form.findElement(By.name("answer")).isDisplayed()).isFalse(); // only for a consultation
            new Select(form.findElement(By.name("category"))).selectByValue("consultation");
            new Select(form.findElement(By.name("requestType"))).selectByValue("consultation");
            agent.waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.name("answer")))
                    .sendKeys("携带身份证和租房合同到社区服务站办理");
            d.findElement(By.id("submit-order")).click();
            agent.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("draft-ok"), "工单已提交"));
            String consult = d.findElement(By.id("draft-ok")).getAttribute("data-order");
            d.findElement(By.id("of-q")).clear();
            d.findElement(By.id("of-q")).sendKeys("居住证");
            d.findElement(By.id("of-search")).click();
            agent.waitFor().until(ExpectedConditions.textToBe(By.id("of-number"), consult));
            assertThat(d.findElement(By.id("of-status")).getText()).isEqualTo("已办结");
            assertThat(d.findElement(By.id("of-no-unit")).isDisplayed()).isTrue();
            assertThat(d.findElement(By.id("of-answer")).getText()).contains("携带身份证和租房合同到社区服务站办理");
            agent.screenshot("order-find-consultation");
            JsonObject answered = new JsonObject(Browser.get(base, cookie, "/api/orders/" + consult).body());
            assertThat(answered.getString("status")).isEqualTo("CLOSED");
            assertThat(answered.getJsonArray("parts")).isEmpty();
            assertThat(answered.getString("requestType")).isEqualTo("consultation");
            assertThat(answered.getString("callId")).isNotBlank();
        }
    }

    private static String submit(String caller) throws Exception {
        String body = new JsonObject().put("callerName", "李先生").put("phone", caller).put("district", "朝阳区")
                .put("street", "八里庄街道").put("community", "天伦北里").put("category", "street_light")
                .put("urgency", "24h").put("summary", "天伦北里18号楼前路灯不亮")
                .put("unitIds", new JsonArray().add("balizhuang")).put("channel", "phone")
                .put("requestType", "complaint").encode();
        HttpResponse<String> r = Browser.post(base, cookie, "/api/orders", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("number");
    }
}
