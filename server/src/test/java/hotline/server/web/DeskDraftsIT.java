package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.HotlineServer;
import hotline.server.asr.LiveTranscription;
import hotline.server.asr.RedisTranscriptStore;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabLogin;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 17's defects 1 and 2 walked as the agent does, in headless Chromium against the real server on a real lab
 * (Redis, the pbx, the carrier placing the citizens' calls, an auto-answering baresip seat 1001; ASR off: the
 * caller's finals and the live drafts are injected where live transcription would write and publish them).
 *
 * <p>Defect 1: call 1 is answered, the agent types part of the draft, reloads the page mid-call (typed draft and
 * transcript come back, the live draft still fills the untyped fields), hangs up with 挂断, lets wrap-up end without
 * submitting; call 2 pops: call 1's draft is in 未提交工单, reopened and submitted with call 1's id; call 2's is
 * dismissed with a reason. Defect 2: an order submitted during the call is not rewritten by a late live draft, and an
 * edited form submitted again amends the order (its new version has the edit, the unit board shows it live).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeskDraftsIT {
    private static Lab lab;
    private static HotlineServer server;
    private static String base;
    private static CarrierDialer carrier;
    private static String cookie;
    private static RedisTranscriptStore transcripts;
    private Browser browser;
    private WebDriver driver;

    @BeforeAll
    static void startLab() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-lab-desk-drafts"));
        lab = Lab.start(run, Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled", false,
                "hotline.acd.wrapUp", "8s"));
        server = HotlineServer.start(lab.config(), Clock.systemUTC());
        base = "http://127.0.0.1:" + server.httpPort();
        cookie = LabLogin.cookie(base, LabLogin.SUPERVISOR);
        transcripts = new RedisTranscriptStore(Redis.createClient(server.vertx(),
                new RedisOptions().setConnectionString(lab.config().redis().uri())));
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

    @AfterEach
    void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
        Browser.post(base, cookie, "/api/agents/demo/logout", "");
    }

    @Test
    void shouldKeepAnUnsubmittedDraftThroughAReloadAndTheNextCallAndLetTheAgentSubmitOrDismissIt() throws Exception {
        browser = Browser.start(1440, 900);
        driver = browser.driver();
        try (Softphone phone = lab.softphone("1001", true, null)) {
            signInReady();
            String caller1 = caller();
            carrier.call(new CitizenCall("12345", caller1, null, 1, Duration.ofMillis(100), Duration.ofSeconds(120)));
            String call1 = awaitCall(caller1);

            // the caller's first final (stored and published as live transcription does), and the agent types
            JsonObject fin = new JsonObject().put("type", "final").put("callId", call1).put("agentId", "demo")
                    .put("speaker", "caller").put("text", "天伦 北里 十八 号 楼 东侧 的 路灯 不 亮 了").put("startMs", 1200)
                    .put("endMs", 4800);
            transcripts.append(call1, fin).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            publish(fin);
            browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "路灯"));
            fill("callerName", "王女士");
            fill("summary", "天伦北里18号楼东侧路灯不亮");
            browser.waitFor().until(d -> "天伦北里18号楼东侧路灯不亮".equals(storedDraft(call1).getJsonObject("draft",
                    new JsonObject()).getString("summary")));

            // a reload mid-call: the typed draft and the transcript so far come back from the server
            driver.navigate().refresh();
            browser.waitFor().until(ExpectedConditions.textToBe(By.id("conn"), "实时连接"));
            awaitState("ON_CALL");
            browser.waitFor().until(d -> "王女士".equals(field("callerName").getDomProperty("value")));
            assertThat(field("summary").getDomProperty("value")).isEqualTo("天伦北里18号楼东侧路灯不亮");
            browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "路灯"));
            // the live draft still fills what the agent has not typed, and leaves the typed name alone
            publish(new JsonObject().put("type", "draft").put("callId", call1).put("agentId", "demo").put("seq", 1)
                    .put("name", "张先生").put("district", "朝阳区").put("street", "八里庄街道")
                    .put("confidence", new JsonObject().put("name", 0.9).put("street", 0.8).put("community", 0.0)));
            browser.waitFor().until(d -> "八里庄街道".equals(field("street").getDomProperty("value")));
            assertThat(field("callerName").getDomProperty("value")).isEqualTo("王女士");
            assertThat(conf("name")).isEmpty();        // typed by the agent: no confidence
            assertThat(conf("street")).isEqualTo("80%");
            assertThat(conf("community")).isEmpty();   // empty field: no 0 % noise
            browser.screenshot("desk-drafts-after-reload");

            // 挂断 ends the call through the pbx; wrap-up says the order is not submitted, then ends by itself
            driver.findElement(By.id("hangup")).click();
            awaitState("WRAP_UP");
            assertThat(driver.findElement(By.id("wrap-unsubmitted")).isDisplayed()).isTrue();
            browser.waitFor().until(d -> timeline(call1).contains("ended"));
            browser.screenshot("desk-drafts-wrapup-unsubmitted");
            awaitState("READY");

            // call 2 pops: call 1's draft is not wiped, it waits in 未提交工单
            String caller2 = caller();
            carrier.call(new CitizenCall("12345", caller2, null, 1, Duration.ofMillis(100), Duration.ofSeconds(120)));
            String call2 = awaitCall(caller2);
            browser.waitFor().until(d -> "".equals(field("callerName").getDomProperty("value")));
            By item1 = By.cssSelector("#unsubmitted li[data-call='" + call1 + "']");
            browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(item1, caller1));
            assertThat(driver.findElement(item1).getText()).contains("天伦北里18号楼东侧路灯不亮");
            browser.screenshot("desk-drafts-unsubmitted-list", "agent-desktop-unsubmitted");

            // reopened and submitted with call 1's id, while call 2 is still on the line
            driver.findElement(item1).findElement(By.cssSelector("button[data-act='open']")).click();
            browser.waitFor().until(d -> "王女士".equals(field("callerName").getDomProperty("value")));
            assertThat(driver.findElement(By.id("draft-for")).isDisplayed()).isTrue();
            assertThat(field("phone").getDomProperty("value")).isEqualTo(caller1);
            new Select(field("category")).selectByValue("street_light");
            pickUnit("balizhuang");
            driver.findElement(By.id("submit-order")).click();
            browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("draft-ok"), "工单已提交"));
            String number = driver.findElement(By.id("draft-ok")).getAttribute("data-order");
            JsonObject order = new JsonObject(Browser.get(base, cookie, "/api/orders/" + number).body());
            assertThat(order.getString("callId")).isEqualTo(call1);
            assertThat(order.getString("callerName")).isEqualTo("王女士");
            assertThat(order.getString("summary")).isEqualTo("天伦北里18号楼东侧路灯不亮");
            assertThat(order.getString("street")).isEqualTo("八里庄街道");
            browser.waitFor().until(ExpectedConditions.invisibilityOfElementLocated(item1));
            assertThat(storedDraft(call1).getString("state")).isEqualTo("submitted");

            // back to call 2; hung up; its draft is dismissed with a reason (answered on the call)
            driver.findElement(By.id("draft-back")).click();
            browser.waitFor().until(d -> caller2.equals(field("phone").getDomProperty("value")));
            driver.findElement(By.id("hangup")).click();
            awaitState("WRAP_UP");
            awaitState("READY");
            assertThat(timeline(call2)).contains("ended");
            // a ready agent's form still holds call 2; the list shows it once another call pops or the page reloads
            driver.navigate().refresh();
            By item2 = By.cssSelector("#unsubmitted li[data-call='" + call2 + "']");
            browser.waitFor().until(ExpectedConditions.presenceOfElementLocated(item2));
            assertThat(supervisorDrafts()).contains(call2).doesNotContain(call1);
            driver.findElement(item2).findElement(By.cssSelector("button[data-act='dismiss']")).click();
            browser.waitFor().until(ExpectedConditions.textToBe(By.id("unsubmitted-error"), "请填写无需工单的原因"));
            driver.findElement(item2).findElement(By.tagName("input")).sendKeys("咨询已当场答复");
            driver.findElement(item2).findElement(By.cssSelector("button[data-act='dismiss']")).click();
            browser.waitFor().until(ExpectedConditions.invisibilityOfElementLocated(item2));
            JsonObject dismissed = storedDraft(call2);
            assertThat(dismissed.getString("state")).isEqualTo("dismissed");
            assertThat(dismissed.getString("reason")).isEqualTo("咨询已当场答复");
            assertThat(supervisorDrafts()).doesNotContain(call2);

            // the English switch switches the header's role and the transfer list too (B8)
            driver.findElement(By.id("lang")).click();
            browser.waitFor().until(ExpectedConditions.textToBe(By.id("user"), "demo · agent"));
            assertThat(driver.findElement(By.id("unsubmitted-card")).getText()).containsIgnoringCase("Unsubmitted orders")
                    .contains("No unsubmitted orders");
            // (the pop, and the select in it, is hidden between calls: read the options' text, not what shows)
            browser.waitFor().until(d -> new Select(d.findElement(By.id("transfer-target"))).getOptions().stream()
                    .map(o -> o.getDomProperty("textContent")).anyMatch(t -> t.startsWith("Transfer to")));
            assertThat(new Select(driver.findElement(By.id("transfer-target"))).getOptions().stream()
                    .map(o -> o.getDomProperty("textContent"))).noneMatch(t -> t.matches(".*[\\u4e00-\\u9fff].*"));
            driver.findElement(By.id("lang")).click(); // back to Chinese for the next test
            browser.waitFor().until(ExpectedConditions.textToBe(By.id("user"), "demo · 坐席"));
        }
    }

    @Test
    void shouldKeepTheSubmittedFormAgainstALateDraftAndAmendTheOrderWhenSubmittedAgain() throws Exception {
        browser = Browser.start(1440, 900);
        driver = browser.driver();
        try (Softphone phone = lab.softphone("1001", true, null); Browser unitBoard = Browser.start(1366, 768)) {
            unitBoard.logIn(base, "balizhuang", "balizhuang");
            unitBoard.waitFor().until(ExpectedConditions.urlContains("/unit.html"));
            signInReady();
            String caller = caller();
            carrier.call(new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100), Duration.ofSeconds(120)));
            String callId = awaitCall(caller);

            // a refused submit marks the fields in Chinese, not one English paragraph
            fill("summary", "小区南门积水严重");
            driver.findElement(By.id("submit-order")).click();
            browser.waitFor().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#draft label.invalid .field-error[data-field='category']")));
            assertThat(driver.findElement(By.cssSelector(".field-error[data-field='category']")).getText())
                    .isEqualTo("请选择类别");
            assertThat(driver.findElement(By.id("draft-error")).getText()).doesNotContain("expected");
            browser.screenshot("desk-drafts-field-errors");

            fill("callerName", "李先生");
            fill("community", "天伦北里");
            new Select(field("category")).selectByValue("water_drainage");
            pickUnit("balizhuang");
            driver.findElement(By.id("submit-order")).click();
            browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("draft-ok"), "工单已提交"));
            String number = driver.findElement(By.id("draft-ok")).getAttribute("data-order");
            assertThat(driver.findElement(By.id("submit-order")).getText()).isEqualTo("修改工单");
            By row = By.cssSelector("#orders tr[data-order='" + number + "']");
            unitBoard.waitFor().until(ExpectedConditions.presenceOfElementLocated(row));

            // the late live draft (after the caller spoke again) changes nothing on the submitted form
            publish(new JsonObject().put("type", "draft").put("callId", callId).put("agentId", "demo").put("seq", 9)
                    .put("name", "张先生").put("phone", "13800138000").put("summary", "积水")
                    .put("confidence", new JsonObject().put("name", 0.0).put("phone", 0.0).put("summary", 0.7)));
            Thread.sleep(1500);
            assertThat(field("callerName").getDomProperty("value")).isEqualTo("李先生");
            assertThat(field("phone").getDomProperty("value")).isEqualTo(caller);
            assertThat(field("summary").getDomProperty("value")).isEqualTo("小区南门积水严重");
            assertThat(driver.findElements(By.cssSelector("#draft [data-conf]")).stream().map(WebElement::getText))
                    .allMatch(String::isEmpty);

            // edit + submit: the order's next version has the edit, who made it, and reaches the unit live
            field("summary").sendKeys("（补充：已积水两天）");
            driver.findElement(By.id("submit-order")).click();
            browser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("draft-ok"), "工单已修改"));
            JsonObject order = new JsonObject(Browser.get(base, cookie, "/api/orders/" + number).body());
            assertThat(order.getString("summary")).isEqualTo("小区南门积水严重（补充：已积水两天）");
            JsonArray history = order.getJsonArray("history");
            JsonObject amended = history.getJsonObject(history.size() - 1);
            assertThat(amended.getString("type")).isEqualTo("AMENDED");
            assertThat(amended.getString("detail")).isEqualTo("by=demo;fields=summary");
            browser.screenshot("desk-drafts-amended");
            By incoming = By.cssSelector("#incoming li[data-order='" + number + "']");
            unitBoard.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(incoming, "工单已修改"));
            unitBoard.driver().findElement(incoming).click();
            unitBoard.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"),
                    "（补充：已积水两天）"));
            unitBoard.screenshot("desk-drafts-unit-board-amended");

            // pressing submit again with nothing changed says so, and no new version is made
            driver.findElement(By.id("submit-order")).click();
            browser.waitFor().until(ExpectedConditions.textToBe(By.id("draft-error"), "工单内容没有变化，无需修改"));
            driver.findElement(By.id("hangup")).click();
            awaitState("WRAP_UP");
            browser.waitFor().until(d -> timeline(callId).contains("ended"));
            assertThat(driver.findElement(By.id("wrap-unsubmitted")).isDisplayed()).isFalse();
        }
    }

    private void signInReady() {
        browser.logIn(base, "demo", "demo");
        browser.waitFor().until(ExpectedConditions.textToBe(By.id("conn"), "实时连接"));
        driver.findElement(By.id("seat")).clear();
        driver.findElement(By.id("seat")).sendKeys("1001");
        driver.findElement(By.id("sign-in")).click();
        awaitState("NOT_READY");
        driver.findElement(By.id("ready")).click();
        awaitState("READY");
    }

    private String awaitCall(String caller) {
        browser.waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(By.id("caller-number"), caller));
        awaitState("ON_CALL");
        return driver.findElement(By.id("call-id")).getText();
    }

    private static String caller() {
        return "139" + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
    }

    private WebElement field(String name) {
        return driver.findElement(By.id("draft")).findElement(By.name(name));
    }

    private String conf(String key) {
        return driver.findElement(By.cssSelector("#draft [data-conf='" + key + "']")).getText();
    }

    /** The unit picker (js/unitpicker.js): its chips cleared, the unit typed by id and taken with Enter. */
    private void pickUnit(String id) {
        By remove = By.cssSelector("#unitIds-picked .unit-chip button.x");
        while (!driver.findElements(remove).isEmpty()) {
            driver.findElement(remove).click();
        }
        driver.findElement(By.id("unitIds-search")).sendKeys(id, org.openqa.selenium.Keys.ENTER);
        browser.waitFor().until(d -> id.equals(field("unitIds").getDomProperty("value")));
    }

    private void fill(String name, String value) {
        WebElement e = field(name);
        e.clear();
        e.sendKeys(value);
    }

    private void awaitState(String state) {
        browser.waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(By.id("state"),
                "data-state", state));
    }

    private static void publish(JsonObject frame) {
        server.vertx().eventBus().publish(LiveTranscription.agentAddress("demo"), frame.encode());
    }

    private static JsonObject storedDraft(String callId) {
        try {
            HttpResponse<String> r = Browser.get(base, cookie, "/api/agents/demo/drafts/" + callId);
            return r.statusCode() == 200 ? new JsonObject(r.body()) : new JsonObject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String supervisorDrafts() throws Exception {
        return Browser.get(base, cookie, "/api/supervisor/drafts").body();
    }

    private static String timeline(String callId) {
        try {
            return Browser.get(base, cookie, "/api/calls/" + callId).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
