package hotline.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.ReportsConfig;
import hotline.dispatch.report.ReportSource;
import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.rating.Rating;
import hotline.orders.report.CallFacts;
import hotline.orders.report.ReportBuilder;
import hotline.testkit.FakeClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/reports} over real Vert.x HTTP on loopback, with a fake source. */
class ReportsApiProtocolTest {
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    /** Wednesday 2 December 2026, 01:30 in Beijing (still 1 December in UTC). */
    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T17:30:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeReportSource source = new FakeReportSource();
    private Vertx vertx;
    private HttpServer server;

    /** Records the ranges asked for; fails when told to. */
    private static final class FakeReportSource implements ReportSource {
        final List<String> asked = new ArrayList<>();
        RuntimeException failure;

        @Override
        public Future<Long> calls(Instant from, Instant to, int max, Consumer<CallFacts> sink) {
            asked.add("calls " + from + " " + to + " " + max);
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            sink.accept(new CallFacts("c1", from.plusSeconds(60), from.plusSeconds(65), false, "citizen"));
            return Future.succeededFuture(1L);
        }

        @Override
        public Future<Long> orders(Instant from, Instant to, int max, Consumer<WorkOrder> sink) {
            asked.add("orders " + from + " " + to + " " + max);
            return Future.succeededFuture(0L);
        }
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        start(Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"));
    }

    private void start(Path font) throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        Router router = Router.router(vertx);
        new ReportsApi(vertx, source, new ReportBuilder(Rating.standard(), Duration.ofSeconds(15), Map.of(), 10,
                List.of()), BEIJING, new ReportsConfig(Map.of(), 10, 1000, font), Map.of(), clock).mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort()
                + "/api/reports" + query)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldReportTodayInTheHotlinesZoneByDefault() throws Exception {
        HttpResponse<String> r = get("");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/json; charset=utf-8");
        JsonObject j = new JsonObject(r.body());
        assertThat(j.getString("period")).isEqualTo("day");
        assertThat(j.getString("label")).isEqualTo("2026-12-02");
        assertThat(j.getJsonObject("calls").getLong("offered")).isEqualTo(1);
        assertThat(j.getJsonObject("calls").getJsonObject("serviceLevel").getInteger("basisPoints"))
                .isEqualTo(10_000);
        assertThat(j.getJsonArray("trend")).hasSize(24);
        assertThat(source.asked).containsExactly("calls 2026-12-01T16:00:00Z 2026-12-02T16:00:00Z 1000",
                "orders 2026-12-01T16:00:00Z 2026-12-02T16:00:00Z 1000");
    }

    @Test
    void shouldCoverTheIsoWeekAndTheMonth() throws Exception {
        assertThat(new JsonObject(get("?period=week&date=2026-12-03").body()).getString("start"))
                .isEqualTo("2026-11-30");
        JsonObject month = new JsonObject(get("?period=month&date=2026-02-14").body());
        assertThat(month.getString("label")).isEqualTo("2026-02");
        assertThat(month.getString("last")).isEqualTo("2026-02-28");
        assertThat(month.getJsonArray("trend")).hasSize(28);
    }

    @Test
    void shouldNameEveryBadParameter() throws Exception {
        assertThat(get("?period=year").body()).contains("period must be day, week or month, got year");
        assertThat(get("?date=2026-13-01").body()).contains("date must be YYYY-MM-DD, got 2026-13-01");
        assertThat(get("?date=1999-12-31").body()).contains("date must be in the years 2000..2999");
        assertThat(get("?format=xls").body()).contains("format must be json, csv or pdf, got xls");
        assertThat(get("?lang=fr").body()).contains("lang must be zh or en, got fr");
        assertThat(get("?colour=red").body()).contains("unknown parameter colour");
        assertThat(get("?district=%E7%81%AB%E6%98%9F%E5%8C%BA").body())
                .contains("district must be a district of the city's gazetteer (such as 朝阳区), got 火星区");
        assertThat(get("?period=day&period=week").body()).contains("parameter period given more than once");
        HttpResponse<String> r = get("?period=year");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("BAD_REQUEST");
        assertThat(source.asked).isEmpty();
    }

    @Test
    void shouldAnswer413WhenThePeriodHoldsTooMuchAnd503WhenTheStoreFails() throws Exception {
        source.failure = new ReportSource.TooManyRecords("calls", 2000, 1000);
        HttpResponse<String> big = get("?period=month");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(big.body()).getString("code")).isEqualTo("REPORT_TOO_LARGE");
        assertThat(big.body()).contains("2000 calls in the range, more than the report limit 1000");
        source.failure = new IllegalStateException("connection refused");
        HttpResponse<String> down = get("");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(down.body()).getString("code")).isEqualTo("REPORTS_UNAVAILABLE");
    }

    @Test
    void shouldServeCsvAndPdfAsAttachmentsAndRefusePdfWithoutTheFont() throws Exception {
        HttpResponse<String> csv = get("?format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-disposition"))
                .contains("attachment; filename=\"hotline-report-day-2026-12-02.csv\"");
        assertThat(csv.body()).startsWith("\uFEFF");
        HttpResponse<String> pdf = get("?format=pdf&lang=en");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("content-type")).contains("application/pdf");
        assertThat(pdf.body()).startsWith("%PDF-");

        start(Path.of("/nonexistent/font.ttc"));
        HttpResponse<String> refused = get("?format=pdf");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(refused.body()).getString("code")).isEqualTo("PDF_FONT_MISSING");
        assertThat(refused.body()).contains("hotline.reports.pdfFont: /nonexistent/font.ttc");
        assertThat(get("?format=csv").statusCode()).isEqualTo(200);
    }
}
