package hotline.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.HotlineConfigLoader;
import hotline.dispatch.calls.RedisCallStore;
import hotline.dispatch.calls.TimelineEntry;
import hotline.server.HotlineServer;
import hotline.server.web.Browser;
import hotline.testkit.FakeClock;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reports screen in a real headless Chromium (Debian's {@code chromium} through {@code /usr/bin/chromedriver})
 * against the real server on a real Redis, login required; no Asterisk, menu and ASR off. The orders are submitted
 * and handled through the HTTP API; the day's calls are written with the server's own {@link RedisCallStore} (no
 * Asterisk here to make them). The server's clock stands at noon of today in Beijing, so everything falls on one
 * report day. Screenshots: {@code server/target/screenshots/reports*.png} and {@code docs/screens/reports.png}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReportsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private final LocalDate day = LocalDate.now(BEIJING);
    private final Instant noon = day.atTime(LocalTime.NOON).atZone(BEIJING).toInstant();
    private final FakeClock clock = new FakeClock(noon);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();
    private LabRedis redis;
    private HotlineServer server;
    private String base;
    private Browser browser;
    private WebDriver driver;
    private Vertx vertx;

    @BeforeEach
    void start() throws Exception {
        redis = LabRedis.start(Lab.home().resolve(".run/it-reports/redis"));
        server = HotlineServer.start(HotlineConfigLoader.load(Map.of(), Browser.redisOnlyServer(redis.uri())), clock);
        base = "http://127.0.0.1:" + server.httpPort();
        vertx = Vertx.vertx();

        browser = Browser.start(1440, 1400);
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
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void shouldShowTheDaysFiguresTheHeatMapAndExportCsvAndPdf() throws Exception {
        // the day's calls: answered in 5 s and 8 s (in the 15 s target), in 40 s (late), one abandoned
        Instant at = noon.minus(Duration.ofHours(1));
        call("r-1", at, at.plusSeconds(5), false);
        call("r-2", at.plusSeconds(60), at.plusSeconds(68), false);
        call("r-3", at.plusSeconds(120), at.plusSeconds(160), false);
        call("r-4", at.plusSeconds(180), null, true);
        call("r-0", at.minus(Duration.ofDays(1)), at.minus(Duration.ofDays(1)).plusSeconds(3), false); // yesterday

        String desk = login("super", "super");
        String first = submit(desk, "八里庄街道", "noise", "balizhuang", "13800138000", "夜间施工噪音");
        submit(desk, "八里庄街道", "noise", "balizhuang", "13900139000", "工地夜里打桩");
        submit(desk, "八里庄街道", "noise", "balizhuang", "13700137000", "施工噪音扰民");
        submit(desk, "双井街道", "road", "110105016", "13600136000", "路面塌陷");
        submit(desk, "八里庄街道", "gas_power", "dept-gas", "13500135000", "楼道里闻到煤气味");
        // balizhuang handles the first to the end: on time, resolved, satisfied
        assertThat(post(desk, "/api/orders/" + first + "/units/balizhuang/accept", "").statusCode()).isEqualTo(200);
        assertThat(post(desk, "/api/orders/" + first + "/units/balizhuang/reply", "{\"reply\":\"已停工\"}")
                .statusCode()).isEqualTo(200);
        assertThat(post(desk, "/api/orders/" + first + "/units/balizhuang/close", "").statusCode()).isEqualTo(200);
        assertThat(post(desk, "/api/orders/" + first + "/callback", "{\"resolved\":true,\"satisfied\":true}")
                .statusCode()).isEqualTo(200);

        // only the supervisor: an agent is refused
        assertThat(get(login("demo", "demo"), "/api/reports?period=day").statusCode()).isEqualTo(403);
        HttpResponse<String> bad = get(desk, "/api/reports?period=year");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("period must be day, week or month");

        browser.logIn(base, "super", "super");
        waitFor().until(ExpectedConditions.urlContains("/wallboard.html"));
        driver.get(base + "/reports.html?period=day&date=" + day);

        waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#kpi-orders .value"), "5"));
        assertThat(text("#report-label")).isEqualTo("日报 " + day);
        assertThat(text("#kpi-offered .value")).isEqualTo("4");
        assertThat(text("#kpi-answered .value")).isEqualTo("3");
        assertThat(text("#kpi-answer-rate .value")).isEqualTo("75.0%");
        assertThat(text("#kpi-service-level .value")).isEqualTo("50.0%"); // 2 in target / (3 answered + 1 abandoned)
        assertThat(text("#kpi-abandoned .value")).isEqualTo("1");
        // the ranking: balizhuang first, by its name in the unit directory (with its district), 100 % on all three;
        // every unit by name (the one directory), none by a raw id
        var firstRank = driver.findElements(By.cssSelector("#ranking tbody tr")).get(0);
        assertThat(firstRank.getText()).contains("八里庄街道（朝阳区）").contains("100.0%");
        assertThat(text("#ranking tbody")).contains("双井街道（朝阳区）").doesNotContain("110105016")
                .doesNotContain("dept-gas");
        assertThat(text("#chart-unit")).contains("北京燃气集团").doesNotContain("dept-gas");
        assertThat(driver.findElements(By.cssSelector("#ranking tbody tr"))).hasSize(3);
        // the recurring problem: three noise orders at 八里庄街道
        assertThat(driver.findElements(By.cssSelector("#problems tbody tr")).get(0).getText())
                .contains("朝阳区 八里庄街道").contains("噪音扰民").contains("3");
        assertThat(text("#chart-category")).contains("噪音扰民").contains("道路交通设施");
        // the trend by hour: the four calls in the 11 o'clock bar, the five orders at noon
        assertThat(driver.findElement(By.cssSelector("#chart-trend rect.calls[data-label='11']"))
                .getAttribute("data-offered")).isEqualTo("4");
        assertThat(driver.findElement(By.cssSelector("#chart-trend rect.orders[data-label='12']"))
                .getAttribute("data-orders")).isEqualTo("5");

        // the heat map: the street with the most orders has the full heat colour, its district is tinted
        By hottest = By.cssSelector("#map svg:not(.overview) circle.street[data-street='八里庄街道']");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(hottest));
        var dot = driver.findElement(hottest);
        assertThat(dot.getAttribute("fill")).isEqualTo("#c8102e");
        assertThat(dot.getAttribute("data-count")).isEqualTo("4");
        assertThat(dot.getAttribute("data-street-code")).startsWith("110105").hasSize(9);
        var cooler = driver.findElement(By.cssSelector("#map svg:not(.overview) circle.street[data-street='双井街道']"));
        assertThat(cooler.getAttribute("fill")).isEqualTo("#fde3e0");
        var chaoyang = driver.findElement(By.cssSelector("#map svg:not(.overview) path.district[data-district='110105']"));
        assertThat(chaoyang.getAttribute("data-count")).isEqualTo("5");
        assertThat(chaoyang.getAttribute("fill")).isNotEqualTo("#e9edf2");
        assertThat(driver.findElement(By.cssSelector("#map svg:not(.overview) path.district[data-district='110108']"))
                .getAttribute("fill")).isEqualTo("#e9edf2");
        assertThat(driver.findElements(By.cssSelector("#map svg:not(.overview) path.district"))).hasSize(16);
        screenshot("reports", true);

        // drill-down (issue 17): a unit of the ranking → its orders of the day; an order's number → the order
        driver.findElement(By.cssSelector("#ranking a.drill[data-unit='balizhuang']")).click();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("drill")));
        waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#drill-orders tr[data-order]"), 3));
        assertThat(text("#drill-title")).startsWith("工单明细：");
        String drilled = driver.findElements(By.cssSelector("#drill-orders a.order-link")).get(0).getText();
        driver.findElements(By.cssSelector("#drill-orders a.order-link")).get(0).click();
        waitFor().until(ExpectedConditions.attributeToBe(By.id("drill-detail"), "data-order", drilled));
        assertThat(text("#drill-detail")).startsWith(drilled + " · ").contains("朝阳区");
        // the recurring problem → its three noise orders; a street → its four orders
        driver.findElement(By.cssSelector("#problems a.drill")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("drill-title"), "噪音扰民"));
        waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#drill-orders tr[data-order]"), 3));
        driver.findElement(By.cssSelector("#streets a.drill[data-street='八里庄街道']")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("drill-title"), "朝阳区 八里庄街道"));
        waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#drill-orders tr[data-order]"), 4));
        screenshot("reports-drill-down", false);

        // the page's own export links, fetched with the browser's session
        String cookie = "hotline_session=" + driver.manage().getCookieNamed("hotline_session").getValue();
        String csvHref = driver.findElement(By.id("csv")).getAttribute("href");
        HttpResponse<byte[]> csv = getBytes(cookie, csvHref);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type")).contains("text/csv; charset=utf-8");
        assertThat(Arrays.copyOf(csv.body(), 3)).containsExactly(0xEF, 0xBB, 0xBF);
        List<String> lines = new String(csv.body(), StandardCharsets.UTF_8).substring(1).lines().toList();
        assertThat(lines).contains("呼入,接通,放弃,接通率,服务水平", "4,3,1,75.0%,50.0%", "噪音扰民,noise,3",
                "时段,呼入,接通,工单", "11,4,3,0", "12,0,0,5",
                "八里庄街道（朝阳区）,balizhuang,3", "双井街道（朝阳区）,110105016,1");
        assertThat(lines).anyMatch(l -> l.startsWith("朝阳区,八里庄街道,110105") && l.endsWith(",4"));
        // balizhuang responded to 1 of its 3 orders (the others wait), resolved and satisfied 1 of 1 callbacks
        assertThat(lines).contains("1,八里庄街道（朝阳区）,balizhuang,100.0%,100.0%,100.0%,100.0");

        String pdfHref = driver.findElement(By.id("pdf")).getAttribute("href");
        HttpResponse<byte[]> pdf = getBytes(cookie, pdfHref);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("content-type")).contains("application/pdf");
        Files.write(Lab.home().resolve("server/target/screenshots/reports.pdf"), pdf.body());
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("12345热线统计报表").contains("八里庄街道（朝阳区）").contains("北京燃气集团")
                    .doesNotContain("市燃气集团")
                    .contains("噪音扰民").contains("75.0%");
            // the trend and the map are in the PDF (ReportExportTest checks their drawing), with a page footer
            assertThat(text).contains("话务与工单趋势").contains("工单热力图").contains("第 1 页 / 共");
        }

        // a day with nothing: zeros, rates undefined, tables say so
        driver.get(base + "/reports.html?period=day&date=" + day.minusDays(40));
        waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#kpi-orders .value"), "0"));
        assertThat(text("#kpi-answer-rate .value")).isEqualTo("—");
        assertThat(text("#ranking tbody")).isEqualTo("无数据");
        assertThat(driver.findElements(By.cssSelector("#map svg:not(.overview) circle.street"))).isEmpty();
        screenshot("reports-empty", false);

        // the week's report holds the same day; English
        driver.get(base + "/reports.html?period=week&date=" + day);
        waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#kpi-orders .value"), "5"));
        driver.findElement(By.id("lang")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-label"), "Weekly"));
        screenshot("reports-week-en", false);
    }

    @Test
    void shouldShowADistrictsLeaderItsDistrictsReportOnly() throws Exception {
        String desk = login("super", "super");
        submit(desk, "八里庄街道", "noise", "balizhuang", "13800138000", "夜间施工噪音");
        submit(desk, "双井街道", "road", "110105016", "13600136000", "路面塌陷");
        submit(desk, "海淀区", "八里庄街道", "water", "dept-water", "13500135000", "停水三天"); // another district's
        String leader = login("leader", "leader"); // the defaults file's leader of 朝阳区

        // the API narrows the leader's report to 朝阳区: its orders, its streets, its units; another district is 403
        JsonObject own = new JsonObject(get(leader, "/api/reports?period=day").body());
        assertThat(own.getString("district")).isEqualTo("朝阳区");
        assertThat(own.getJsonObject("orders").getLong("total")).isEqualTo(2);
        assertThat(own.getJsonObject("orders").getJsonArray("byDistrict").encode()).contains("朝阳区")
                .doesNotContain("海淀区");
        assertThat(own.getJsonArray("ranking").encode()).contains("balizhuang").doesNotContain("dept-water");
        assertThat(own.getJsonObject("orders").getJsonArray("byStreet").size()).isEqualTo(2);
        HttpResponse<String> other = get(leader, "/api/reports?period=day&district=%E6%B5%B7%E6%B7%80%E5%8C%BA");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(get(leader, "/api/reports?period=day&district=%E6%9C%9D%E9%98%B3%E5%8C%BA").statusCode())
                .isEqualTo(200);
        HttpResponse<String> csv = get(leader, "/api/reports?period=day&format=csv");
        assertThat(csv.body()).contains("朝阳区").doesNotContain("停水三天").doesNotContain("市水务局");
        // the supervisor sees the city, or any one district
        assertThat(new JsonObject(get(desk, "/api/reports?period=day").body()).getJsonObject("orders")
                .getLong("total")).isEqualTo(3);
        JsonObject haidian = new JsonObject(get(desk, "/api/reports?period=day&district=%E6%B5%B7%E6%B7%80%E5%8C%BA")
                .body());
        assertThat(haidian.getJsonObject("orders").getLong("total")).isEqualTo(1);
        // the other roles without a district still get none
        assertThat(get(login("demo", "demo"), "/api/reports?period=day").statusCode()).isEqualTo(403);

        // the leader console's link opens the district's report
        browser.logIn(base, "leader", "leader");
        waitFor().until(ExpectedConditions.urlContains("/leader.html"));
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("to-reports")));
        driver.findElement(By.cssSelector("#to-reports button")).click();
        waitFor().until(ExpectedConditions.urlContains("/reports.html"));
        waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#kpi-orders .value"), "2"));
        assertThat(text("#report-scope")).startsWith("朝阳区");
        assertThat(driver.findElement(By.cssSelector("#map svg:not(.overview) path.district[data-district='110105']"))
                .getAttribute("data-count")).isEqualTo("2");
        assertThat(driver.findElements(By.cssSelector("#map svg:not(.overview) path.district[data-district='110108']"
                + "[data-count='1']"))).isEmpty();
        assertThat(text("#ranking tbody")).contains("八里庄街道").doesNotContain("市水务局");
        assertThat(driver.findElement(By.id("back")).getAttribute("href")).endsWith("/leader.html");
        screenshot("reports-leader", false);
    }

    private void call(String id, Instant arrived, Instant answered, boolean abandoned) throws Exception {
        RedisCallStore store = new RedisCallStore(Redis.createClient(vertx, redis.uri()));
        Map<String, String> fields = new HashMap<>(Map.of("callId", id, "state", "ended", "queue", "citizen",
                "arrivedAt", arrived.toString()));
        if (answered != null) {
            fields.put("answeredAt", answered.toString());
        }
        if (abandoned) {
            fields.put("abandoned", "true");
        }
        store.append(id, new TimelineEntry(1, "arrived", arrived, Map.of()), fields).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private String login(String name, String password) {
        return hotline.testkit.lab.LabLogin.cookie(base, name, password);
    }

    private String submit(String cookie, String street, String category, String unit, String phone, String summary)
            throws Exception {
        return submit(cookie, "朝阳区", street, category, unit, phone, summary);
    }

    private String submit(String cookie, String district, String street, String category, String unit, String phone,
            String summary) throws Exception {
        String body = new JsonObject().put("callerName", "市民").put("phone", phone).put("district", district)
                .put("street", street).put("community", "天伦北里").put("category", category).put("urgency", "24h")
                .put("summary", summary).put("unitIds", new JsonArray().add(unit)).put("channel", "phone").encode();
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

    private HttpResponse<byte[]> getBytes(String cookie, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private WebDriverWait waitFor() {
        return browser.waitFor();
    }

    private void screenshot(String name, boolean docs) {
        browser.screenshot(name, docs ? name : null);
    }
}
