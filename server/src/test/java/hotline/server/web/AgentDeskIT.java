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
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agent desktop's hold, transfer and callback tasks in a real headless Chromium against the real server on a
 * real lab (Redis, both Asterisks, two auto-answering baresip seats): a citizen calls, the agent (browser, seat
 * 1001) answers, holds (the caller's channel runs MusicOnHold in {@code hotline-hold}, as the pbx's own channel list
 * says), resumes (the caller's channel bridges the held seat leg again), transfers to a ready colleague (seat 1002,
 * logged in through the API) whose softphone answers; then a closed order's follow-up callback appears among the
 * agent's tasks, is claimed, dialled from the seat and its result recorded. Screenshots go to
 * {@code server/target/screenshots} and {@code docs/screens/agent-desktop-hold.png}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AgentDeskIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Lab lab;
    private static HotlineServer server;
    private static String base;
    private static CarrierDialer carrier;
    private static String cookie;

    @BeforeAll
    static void startLab() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-lab-desk"));
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
    void shouldHoldResumeTransferToAColleagueAndWorkACallbackTask() throws Exception {
        String order = closedOrder();
        Path profile = Files.createTempDirectory("hotline-chromium-");
        WebDriver driver = browser(profile);
        try (Softphone mine = lab.softphone("1001", true, null); Softphone colleague = lab.softphone("1002", true,
                null)) {
            driver.get(base + "/");
            waitFor(driver).until(ExpectedConditions.textToBe(By.id("login-submit"), "登录"));
            driver.findElement(By.id("name")).sendKeys("demo");
            driver.findElement(By.id("password")).sendKeys("demo");
            driver.findElement(By.id("login-submit")).click();
            waitFor(driver).until(ExpectedConditions.textToBe(By.id("conn"), "实时连接"));
            driver.findElement(By.id("seat")).clear();
            driver.findElement(By.id("seat")).sendKeys("1001");
            driver.findElement(By.id("sign-in")).click();
            awaitState(driver, "NOT_READY");
            driver.findElement(By.id("ready")).click();
            awaitState(driver, "READY");
            assertThat(post("/api/agents/bob/login", "{\"seat\":\"1002\"}").statusCode()).isEqualTo(200);

            String caller = "139" + String.format("%08d", (System.nanoTime() / 1000) % 100_000_000L);
            carrier.call(new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100), Duration.ofSeconds(75)));
            waitFor(driver).until(ExpectedConditions.textToBe(By.id("caller-number"), caller));
            awaitState(driver, "ON_CALL");
            String callId = driver.findElement(By.id("call-id")).getText();

            // hold: the caller hears music in [hotline-hold], the seat leg waits; the call is not over
            waitFor(driver).until(ExpectedConditions.elementToBeClickable(By.id("hold"))).click();
            waitFor(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("held-badge")));
            String callerChannel = callField(callId, "channel");
            waitFor(driver).until(d -> channel(callerChannel).startsWith(callerChannel + "!hotline-hold!s!")
                    && channel(callerChannel).contains("!MusicOnHold!"));
            assertThat(agent("demo")).containsEntry("state", "ON_CALL").containsEntry("held", true);
            assertThat(figuresAgent("demo").getBoolean("held")).isTrue();
            screenshot(driver, "agent-desktop-on-hold");

            // resume: the caller's channel bridges the held seat leg again
            driver.findElement(By.id("hold")).click();
            waitFor(driver).until(ExpectedConditions.invisibilityOfElementLocated(By.id("held-badge")));
            waitFor(driver).until(d -> channel(callerChannel).contains("!hotline-hold!resume!")
                    && channel(callerChannel).contains("!Bridge!"));
            assertThat(agent("demo")).containsEntry("held", false);

            // transfer to a colleague who is ready: seat 1002 rings and answers, the agent goes to wrap-up
            assertThat(post("/api/agents/bob/ready", "").statusCode()).isEqualTo(200);
            driver.findElement(By.id("transfer-target")).click(); // focus reloads the ready colleagues
            waitFor(driver).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#transfer-target option[value='agent:bob']")));
            new Select(driver.findElement(By.id("transfer-target"))).selectByValue("agent:bob");
            driver.findElement(By.id("transfer")).click();
            awaitState(driver, "WRAP_UP");
            waitFor(driver).until(d -> "ON_CALL".equals(agent("bob").get("state")));
            assertThat(agent("bob")).containsEntry("callId", callId);
            List<String> steps = timeline(callId);
            assertThat(steps).containsSubsequence("answered", "held", "resumed", "transferred", "offered",
                    "answered");
            assertThat(steps).doesNotContain("ended", "abandoned");

            // the follow-up callback of a closed order: claim it, call now from the seat, record the result
            driver.findElement(By.id("wrap-end")).click();
            awaitState(driver, "READY");
            By task = By.cssSelector("#callback-tasks li[data-order='" + order + "']");
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(task));
            click(driver, task, "claim");
            waitFor(driver).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#callback-tasks li.mine[data-order='" + order + "']")));
            screenshot(driver, "agent-desktop-callbacks");
            click(driver, task, "call");
            waitFor(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("callback-tasks-ok"),
                    order));
            waitFor(driver).until(d -> !"READY".equals(agent("demo").get("state")));
            JsonObject outbound = recentCalls().stream().map(o -> (JsonObject) o)
                    .filter(c -> order.equals(c.getString("orderId"))).findFirst().orElse(null);
            assertThat(outbound).as("the callback's outbound call").isNotNull();
            // nothing is pre-ticked (issue 17): the agent chooses reached, resolved, satisfied
            for (String[] pick : new String[][] {{"contact", "reached"}, {"resolution", "resolved"},
                    {"satisfaction", "satisfied"}}) {
                driver.findElement(By.cssSelector("input[name='cb-" + pick[0] + "-" + order + "'][value='" + pick[1]
                        + "']")).click();
            }
            click(driver, task, "result");
            waitFor(driver).until(ExpectedConditions.invisibilityOfElementLocated(task));
            JsonObject callback = new JsonObject(get("/api/orders/" + order)).getJsonObject("callback");
            assertThat(callback.getString("recordedAt")).isNotNull();
            assertThat(callback.getBoolean("resolved")).isTrue();
        } finally {
            driver.quit();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // An order through its whole life at a unit (submitted, accepted, replied, closed): its callback is pending.
    private static String closedOrder() throws Exception {
        HttpResponse<String> created = post("/api/orders", "{\"callerName\":\"李先生\",\"phone\":\"13800138000\","
                + "\"district\":\"朝阳区\",\"street\":\"八里庄街道\",\"community\":\"天伦北里\",\"category\":\"noise\","
                + "\"urgency\":\"7d\",\"summary\":\"小区夜间施工噪音，已协调停工\",\"unitIds\":[\"balizhuang\"],"
                + "\"channel\":\"phone\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String number = new JsonObject(created.body()).getString("number");
        String unit = "/api/orders/" + number + "/units/balizhuang/";
        assertThat(post(unit + "accept", "").statusCode()).isEqualTo(200);
        assertThat(post(unit + "reply", "{\"reply\":\"已协调施工方夜间停工\"}").statusCode()).isEqualTo(200);
        assertThat(post(unit + "close", "").statusCode()).isEqualTo(200);
        return number;
    }

    // The pbx's own line for a channel: "core show channels concise" gives Channel!Context!Exten!Prio!State!App!...
    private static String channel(String name) {
        try {
            for (String line : lab.pbxCli("core show channels concise").split("\n")) {
                if (line.startsWith(name + "!")) {
                    return line.trim();
                }
            }
            return "";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> agent(String agentId) {
        try {
            for (Object o : new JsonArray(get("/api/agents"))) {
                JsonObject a = (JsonObject) o;
                if (agentId.equals(a.getString("agentId"))) {
                    return a.getMap();
                }
            }
            return Map.of("state", "LOGGED_OUT");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject figuresAgent(String agentId) throws Exception {
        for (Object o : new JsonObject(get("/api/figures")).getJsonArray("agents")) {
            if (agentId.equals(((JsonObject) o).getString("agentId"))) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("no figures for " + agentId);
    }

    private static String callField(String callId, String field) throws Exception {
        return new JsonObject(get("/api/calls/" + callId)).getJsonObject("fields").getString(field);
    }

    private static List<String> timeline(String callId) throws Exception {
        return new JsonObject(get("/api/calls/" + callId)).getJsonArray("timeline").stream()
                .map(o -> ((JsonObject) o).getString("type")).toList();
    }

    // GET /api/calls lists the latest call ids; each record's fields from GET /api/calls/<id>
    private static JsonArray recentCalls() throws Exception {
        JsonArray out = new JsonArray();
        for (Object id : new JsonObject(get("/api/calls?limit=20")).getJsonArray("calls")) {
            out.add(new JsonObject(get("/api/calls/" + id)).getJsonObject("fields"));
        }
        return out;
    }

    private static WebDriver browser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                "--window-size=1440,1000", "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    // the task list is re-rendered when it changes (a claim, the 15 s reload): find the button afresh until it clicks
    private static void click(WebDriver driver, By task, String action) {
        waitFor(driver).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            var button = d.findElement(task).findElement(By.cssSelector("button[data-act='" + action + "']"));
            if (!button.isEnabled()) {
                return false;
            }
            button.click();
            return true;
        });
    }

    private static void awaitState(WebDriver driver, String state) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(By.id("state"),
                "data-state", state));
    }

    private static WebDriverWait waitFor(WebDriver driver) {
        return new WebDriverWait(driver, WAIT);
    }

    private static void screenshot(WebDriver driver, String name) {
        try {
            Path shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath();
            Path dir = Files.createDirectories(Lab.home().resolve("server/target/screenshots"));
            Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            if (name.equals("agent-desktop-on-hold")) { // the README's
                Files.copy(shot, Files.createDirectories(Lab.home().resolve("docs/screens")).resolve(
                        "agent-desktop-hold.png"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Cookie", cookie).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
