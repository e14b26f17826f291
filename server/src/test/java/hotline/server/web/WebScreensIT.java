package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.HotlineServer;
import hotline.server.asr.LiveTranscription;
import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The screens in a real headless Chromium (Debian's {@code chromium} through {@code /usr/bin/chromedriver}; Selenium
 * Manager is never asked for anything) against the real server on a real lab: Redis, the contact center's and the
 * carrier's Asterisk, a baresip seat. The users are the defaults file's lab demo users. Screenshots go to
 * {@code server/target/screenshots}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebScreensIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Lab lab;
    private static HotlineServer server;
    private static String base;
    private static CarrierDialer carrier;
    /** The lab supervisor's session, for the test's own API requests (the browser logs in by itself). */
    private static String cookie;
    private Browser browser;
    private WebDriver driver;

    @BeforeAll
    static void startLab() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-lab-web"));
        lab = Lab.start(run, Map.of("hotline.ivr.enabled", false, "hotline.asr.enabled", false,
                "hotline.acd.wrapUp", "120s"));
        server = HotlineServer.start(lab.config(), Clock.systemUTC());
        base = "http://127.0.0.1:" + server.httpPort();
        cookie = hotline.testkit.lab.LabLogin.cookie(base, hotline.testkit.lab.LabLogin.SUPERVISOR);
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
        for (String agent : new String[] {"demo", "bob"}) {
            post("/api/agents/" + agent + "/logout", "");
        }
    }

    @Test
    void shouldPopTheCallersNumberOnTheAgentDesktopAndSubmitTheOrder() throws Exception {
        Softphone phone = lab.softphone("1001", true, null);
        try {
            logIn("demo", "demo");
            waitFor().until(ExpectedConditions.urlContains("/agent.html"));
            waitFor().until(ExpectedConditions.textToBe(By.id("conn"), "实时连接"));
            driver.findElement(By.id("seat")).clear();
            driver.findElement(By.id("seat")).sendKeys("1001");
            driver.findElement(By.id("sign-in")).click();
            awaitState("NOT_READY");
            driver.findElement(By.id("ready")).click();
            awaitState("READY");

            String caller = "139" + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
            carrier.call(new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100), Duration.ofSeconds(10)));

            // the screen pop arrives over the WebSocket while the seat rings or talks
            waitFor().until(ExpectedConditions.textToBe(By.id("caller-number"), caller));
            awaitState("ON_CALL");
            String callId = driver.findElement(By.id("call-id")).getText();
            // ASR is off in this lab: the transcript and live-draft frames are published where LiveTranscription
            // publishes them, the agent's event-bus address behind /ws/agents/demo
            publish(new JsonObject().put("type", "final").put("callId", callId).put("agentId", "demo")
                    .put("speaker", "caller").put("text", "你好 我 姓 张 张 先生 我 住 在 朝阳 区 八里庄 街道 楼道 里 闻到"
                            + " 煤气 味 电话 幺 三 九 八 七 六 五 四 三 二 一"));
            waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("transcript"), "煤气"));
            driver.findElement(By.id("from-transcript")).click(); // the real extractor, POST /api/drafts
            waitFor().until(d -> "八里庄街道".equals(field("street").getDomProperty("value")));
            assertThat(field("callerName").getDomProperty("value")).isEqualTo("张先生");
            assertThat(field("category").getDomProperty("value")).isEqualTo("gas_power");
            publish(new JsonObject().put("type", "draft").put("callId", callId).put("agentId", "demo").put("seq", 1)
                    .put("summary", "楼道里闻到煤气味，请尽快处理").put("confidence", new JsonObject().put("summary", 0.9)));
            waitFor().until(d -> "楼道里闻到煤气味，请尽快处理".equals(field("summary").getDomProperty("value")));
            assertThat(driver.findElement(By.id("draft-live")).isDisplayed()).isTrue();
            screenshot("agent-desktop-on-call");

            // the citizen hangs up: after-call work, in which the agent finishes and submits the order
            awaitState("WRAP_UP");
            // the unit: the gas company instead of the draft's suggestion, picked by its short name
            By remove = By.cssSelector("#unitIds-picked .unit-chip button.x");
            while (!driver.findElements(remove).isEmpty()) {
                driver.findElement(remove).click();
            }
            driver.findElement(By.id("unitIds-search")).sendKeys("燃气集团", Keys.ENTER);
            waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#unitIds-picked .unit-chip"), "北京燃气集团"));
            driver.findElement(By.id("submit-order")).click();
            WebElement ok = driver.findElement(By.id("draft-ok"));
            waitFor().until(d -> {
                String error = d.findElement(By.id("draft-error")).getText();
                assertThat(error).as("the order form's error").isEmpty();
                return ok.getAttribute("data-order") != null;
            });
            assertThat(ok.getText()).startsWith("工单已提交：");
            screenshot("agent-desktop-order-submitted");
            String number = ok.getAttribute("data-order");
            assertThat(get("/api/orders/" + number)).contains("\"callId\":\"" + callId + "\"").contains("张先生")
                    .contains("八里庄街道").contains("gas_power").contains("dept-gas");

            driver.findElement(By.id("wrap-end")).click();
            awaitState("READY");
            driver.findElement(By.id("lang")).click();
            waitFor().until(ExpectedConditions.textToBe(By.id("state"), "Ready"));
            screenshot("agent-desktop-en");
        } finally {
            phone.close();
        }
    }

    @Test
    void shouldShowTheWallboardLiveWithAWaitingCallerAndRaiseAlerts() throws Exception {
        logIn("super", "super");
        waitFor().until(ExpectedConditions.urlContains("/wallboard.html"));
        By citizen = By.cssSelector("[data-queue='citizen']");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(citizen));
        long abandonedBefore = Long.parseLong(tile("citizen", "abandoned"));

        // an agent logs in elsewhere: the wallboard shows the row within a poll
        assertThat(post("/api/agents/bob/login", "{\"seat\":\"1002\"}")).isEqualTo(200);
        waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-agent='bob'] [data-state='NOT_READY']")));

        // nobody is ready: the caller waits past the queue's 15 s service-level target, then hangs up
        String caller = "139" + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
        carrier.call(new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100), Duration.ofSeconds(22)));
        waitFor().until(d -> "1".equals(tile("citizen", "waiting")));
        browser.waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-alert='wait-citizen']")));
        screenshot("wallboard-long-wait");
        browser.waitFor(Duration.ofSeconds(30)).until(d -> "0".equals(tile("citizen", "waiting"))
                && Long.parseLong(tile("citizen", "abandoned")) == abandonedBefore + 1);
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-alert='sl-citizen']")));
        screenshot("wallboard-abandoned");
    }

    private String tile(String queue, String key) {
        return driver.findElement(By.cssSelector("[data-queue='" + queue + "'] [data-k='" + key + "']")).getText();
    }

    private void logIn(String name, String password) {
        browser.openLogin(base);
        screenshot("login");
        browser.submitLogin(name, password);
    }

    private WebElement field(String name) {
        return driver.findElement(By.id("draft")).findElement(By.name(name));
    }

    private static void publish(JsonObject frame) {
        server.vertx().eventBus().publish(LiveTranscription.agentAddress("demo"), frame.encode());
    }

    private void awaitState(String state) {
        browser.waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(By.id("state"),
                "data-state", state));
    }

    private WebDriverWait waitFor() {
        return browser.waitFor();
    }

    private void screenshot(String name) {
        // the README's agent desktop is CallLanguageIT's (recognised words); this one's transcript is published
        browser.screenshot(name);
    }

    private static int post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Cookie", cookie).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private static String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
