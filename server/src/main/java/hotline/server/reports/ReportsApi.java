package hotline.server.reports;

import static hotline.server.http.JsonReplies.badRequest;
import static hotline.server.http.JsonReplies.error;
import static hotline.server.http.JsonReplies.json;

import hotline.config.ReportsConfig;
import hotline.dispatch.report.ReportSource;
import hotline.orders.report.Period;
import hotline.orders.report.Report;
import hotline.orders.report.ReportBuilder;
import hotline.orders.report.ReportWindow;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/reports?period=day|week|month&date=YYYY-MM-DD[&format=json|csv|pdf][&lang=zh|en][&district=…]}: the
 * figures of the day, ISO week or month containing {@code date} (default today) in the hotline's zone, of the whole
 * city or of one district's orders ({@code district}, a name of the gazetteer; a district's leader always gets its
 * own district's, {@link hotline.server.web.Access.Decision.InDistrict}, and 403 for another). JSON by default;
 * {@code csv} is UTF-8 with a BOM, {@code pdf} embeds the CJK font of {@code hotline.reports.pdfFont} (503
 * {@code PDF_FONT_MISSING} naming it when the font is not there). 400 names a bad parameter; 413
 * {@code REPORT_TOO_LARGE} when the range holds more than {@code maxRecords} calls or orders; 503
 * {@code REPORTS_UNAVAILABLE} when Redis fails. Reads on the event loop (pipelined), builds the report and the files
 * on a worker.
 */
public final class ReportsApi {
    private static final Logger log = LoggerFactory.getLogger(ReportsApi.class);
    private static final Set<String> PARAMS = Set.of("period", "date", "format", "lang", "district");

    private final Vertx vertx;
    private final ReportSource source;
    private final ReportBuilder builder;
    private final ZoneId zone;
    private final ReportsConfig config;
    private final Map<String, String> districtCodes;
    private final Clock clock;

    /**
     * @param districtCodes the gazetteer's district code per district name (the map's polygons carry these codes)
     */
    public ReportsApi(Vertx vertx, ReportSource source, ReportBuilder builder, ZoneId zone, ReportsConfig config,
            Map<String, String> districtCodes, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.source = Objects.requireNonNull(source, "source");
        this.builder = Objects.requireNonNull(builder, "builder");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.config = Objects.requireNonNull(config, "config");
        this.districtCodes = Map.copyOf(districtCodes);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds the route to {@code router}. */
    public void mount(Router router) {
        router.get("/api/reports").handler(this::report);
    }

    private void report(RoutingContext ctx) {
        var params = ctx.queryParams();
        for (String name : params.names()) {
            if (!PARAMS.contains(name)) {
                badRequest(ctx, "unknown parameter " + name + " (expected period, date, format, lang, district)");
                return;
            }
            if (params.getAll(name).size() > 1) {
                badRequest(ctx, "parameter " + name + " given more than once");
                return;
            }
        }
        String periodText = params.get("period") == null ? "day" : params.get("period");
        var period = Period.parse(periodText);
        if (period.isEmpty()) {
            badRequest(ctx, "period must be day, week or month, got " + periodText);
            return;
        }
        LocalDate date;
        try {
            date = params.get("date") == null ? LocalDate.now(clock.withZone(zone)) : LocalDate.parse(params.get("date"));
        } catch (DateTimeParseException e) {
            badRequest(ctx, "date must be YYYY-MM-DD, got " + params.get("date"));
            return;
        }
        if (date.getYear() < 2000 || date.getYear() > 2999) {
            badRequest(ctx, "date must be in the years 2000..2999, got " + date);
            return;
        }
        String format = params.get("format") == null ? "json" : params.get("format");
        if (!List.of("json", "csv", "pdf").contains(format)) {
            badRequest(ctx, "format must be json, csv or pdf, got " + format);
            return;
        }
        String lang = params.get("lang") == null ? "zh" : params.get("lang");
        if (!lang.equals("zh") && !lang.equals("en")) {
            badRequest(ctx, "lang must be zh or en, got " + lang);
            return;
        }
        // a district's leader gets its district's report (Access.Decision.InDistrict) and no other; anyone else the
        // whole city's, or one district's when asked
        String scope = ctx.get(hotline.server.web.Access.DISTRICT_SCOPE);
        String asked = params.get("district");
        if (asked != null && !districtCodes.containsKey(asked)) {
            badRequest(ctx, "district must be a district of the city's gazetteer (such as 朝阳区), got " + asked);
            return;
        }
        if (scope != null && asked != null && !asked.equals(scope)) {
            error(ctx, 403, "FORBIDDEN", "district: a leader of " + scope + " reads that district's reports only");
            return;
        }
        String district = scope != null ? scope : asked;
        if (format.equals("pdf")) {
            try {
                ReportPdf.checkFont(config.pdfFont());
            } catch (ReportPdf.FontMissing e) {
                log.error("PDF report refused: {}", e.getMessage());
                error(ctx, 503, "PDF_FONT_MISSING", e.getMessage());
                return;
            }
        }
        ReportWindow window = ReportWindow.of(period.get(), date, zone);
        int max = config.maxRecords();
        // fed on this event loop as the batches arrive; read on a worker only after both feeds completed
        ReportBuilder.Accumulator acc = district == null ? builder.accumulate(window)
                : builder.accumulate(window, district);
        source.calls(window.from(), window.to(), max, acc::call)
            .compose(calls -> source.orders(window.from(), window.to(), max, acc::order))
            .compose(orders -> vertx.executeBlocking(() -> {
                Report r = acc.report(clock.instant());
                return switch (format) {
                    case "csv" -> Buffer.buffer(ReportCsv.write(r, ReportLabels.load(lang, config.unitNames()),
                            district));
                    case "pdf" -> Buffer.buffer(ReportPdf.write(r, ReportLabels.load(lang, config.unitNames()),
                            config.pdfFont(), district));
                    default -> Buffer.buffer(ReportJson.toJson(r, config.unitNames(), districtCodes)
                            .put("district", district).encode());
                };
            }, false))
            .onSuccess(body -> {
                String file = "hotline-report-" + window.period().code() + "-" + window.label()
                        + (district == null ? "" : "-" + districtCodes.getOrDefault(district, "district"));
                var response = ctx.response();
                switch (format) {
                    case "csv" -> response.putHeader("content-type", "text/csv; charset=utf-8")
                            .putHeader("content-disposition", "attachment; filename=\"" + file + ".csv\"");
                    case "pdf" -> response.putHeader("content-type", "application/pdf")
                            .putHeader("content-disposition", "attachment; filename=\"" + file + ".pdf\"");
                    default -> response.putHeader("content-type", "application/json; charset=utf-8");
                }
                response.putHeader("cache-control", "no-store").end(body);
            })
            .onFailure(err -> {
                if (err instanceof ReportSource.TooManyRecords) {
                    error(ctx, 413, "REPORT_TOO_LARGE", err.getMessage());
                } else if (err instanceof ReportPdf.FontMissing) {
                    log.error("PDF report failed: {}", err.getMessage());
                    error(ctx, 503, "PDF_FONT_MISSING", err.getMessage());
                } else {
                    log.warn("report {} {} failed: {}", window.period().code(), window.label(), err.toString());
                    error(ctx, 503, "REPORTS_UNAVAILABLE", "the report could not be read: " + err.getMessage());
                }
            });
    }
}
