package hotline.bench;

import hotline.dispatch.calls.RedisCallStore;
import hotline.dispatch.calls.TimelineEntry;
import hotline.dispatch.orders.RedisOrderStore;
import hotline.dispatch.report.RedisReportSource;
import hotline.orders.gazetteer.Gazetteer;
import hotline.orders.gazetteer.Street;
import hotline.orders.lifecycle.Address;
import hotline.orders.lifecycle.Channel;
import hotline.orders.lifecycle.DeadlineSchedule;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.OrderNumber;
import hotline.orders.lifecycle.OrderRequest;
import hotline.orders.lifecycle.Transition;
import hotline.orders.lifecycle.UrgencyTier;
import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.rating.Rating;
import hotline.orders.report.Period;
import hotline.orders.report.Report;
import hotline.orders.report.ReportBuilder;
import hotline.orders.report.ReportWindow;
import hotline.server.reports.ReportCsv;
import hotline.server.reports.ReportJson;
import hotline.server.reports.ReportLabels;
import hotline.server.reports.ReportPdf;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./hotline bench reports [orders=20000] [calls=60000]}: one month's report over a Redis of its own holding
 * {@code orders} orders (through the real store's {@code create}) and {@code calls} call records (the real call
 * store) spread over the month. Times, best of three after one warm-up: reading (ZCOUNT, ZRANGEBYSCORE, pipelined
 * HMGET / HGET, each record counted as it arrives), making the report of the counts, and writing JSON, CSV and
 * PDF. Prints {@code reports key=value ...} last.
 */
public final class ReportsBench {
    private ReportsBench() {
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 60_000;
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        LocalDate first = LocalDate.of(2026, 11, 1);
        ReportWindow month = ReportWindow.of(Period.MONTH, first, zone);
        long span = Duration.between(month.from(), month.to()).toMillis();
        Gazetteer gazetteer = Gazetteer.load("110000");
        List<Street> streets = gazetteer.streets();
        List<String> categories = List.of("noise", "property", "parking", "garbage", "road", "heating", "gas_power");
        Vertx vertx = Vertx.vertx();
        try (LabRedis server = LabRedis.start(Lab.home().resolve(".run/bench-reports/redis"))) {
            Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri())
                    .setMaxPoolWaiting(100_000));
            RedisOrderStore store = new RedisOrderStore(redis, "units", 100_000);
            RedisCallStore callStore = new RedisCallStore(redis);
            Lifecycle lifecycle = new Lifecycle(new DeadlineSchedule() {
                @Override
                public Instant dueAt(UrgencyTier tier, Instant dispatchedAt) {
                    return dispatchedAt.plus(Duration.ofDays(1));
                }

                @Override
                public Optional<Instant> remindAt(UrgencyTier tier, Instant dispatchedAt) {
                    return Optional.empty();
                }
            });
            java.util.Random random = new java.util.Random(12345);
            long t0 = System.nanoTime();
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                Instant at = month.from().plusMillis((long) (random.nextDouble() * span));
                Street st = streets.get(random.nextInt(Math.min(streets.size(), 400)));
                String unit = "u" + st.code();
                OrderRequest req = new OrderRequest("市民", "138" + String.format("%08d", random.nextInt(1_000_000)),
                        new Address(st.district().name(), st.name(), ""), categories.get(random.nextInt(categories
                        .size())), UrgencyTier.HOURS_24, "bench", List.of(unit), "", Channel.PHONE);
                Transition.Applied t = lifecycle.submit(new OrderNumber(at.atZone(zone).toLocalDate(), i + 1), req,
                        List.of(), at);
                WorkOrder o = t.order();
                writes.add(store.create(o, t.events()));
                if (writes.size() >= 2000) {
                    Future.all(writes).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                    writes.clear();
                }
            }
            for (int i = 0; i < calls; i++) {
                Instant at = month.from().plusMillis((long) (random.nextDouble() * span));
                Map<String, String> fields = new HashMap<>(Map.of("arrivedAt", at.toString(), "queue", "citizen"));
                if (random.nextInt(10) < 9) {
                    fields.put("answeredAt", at.plusSeconds(random.nextInt(40)).toString());
                } else {
                    fields.put("abandoned", "true");
                }
                writes.add(callStore.append("b" + i, new TimelineEntry(1, "arrived", at, Map.of()), fields));
                if (writes.size() >= 2000) {
                    Future.all(writes).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                    writes.clear();
                }
            }
            Future.all(writes).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "loaded %d orders and %d calls in %.1f s%n", orders, calls,
                    (System.nanoTime() - t0) / 1e9);

            RedisReportSource source = new RedisReportSource(redis);
            ReportBuilder builder = new ReportBuilder(Rating.standard(), Duration.ofSeconds(15), Map.of(), 10,
                    streets);
            ReportLabels labels = ReportLabels.load("zh", Map.of());
            Path font = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE,
                Double.MAX_VALUE};
            long jsonBytes = 0;
            long pdfBytes = 0;
            for (int run = 0; run < 4; run++) {
                long a = System.nanoTime();
                ReportBuilder.Accumulator acc = builder.accumulate(month);
                long c = source.calls(month.from(), month.to(), 5_000_000, acc::call).toCompletionStage()
                        .toCompletableFuture().get(120, TimeUnit.SECONDS);
                long o = source.orders(month.from(), month.to(), 5_000_000, acc::order).toCompletionStage()
                        .toCompletableFuture().get(120, TimeUnit.SECONDS);
                long b = System.nanoTime();
                Report r = acc.report(month.to());
                long d = System.nanoTime();
                jsonBytes = ReportJson.toJson(r, Map.of(), Map.of()).encode().length();
                long e = System.nanoTime();
                ReportCsv.write(r, labels);
                long f = System.nanoTime();
                pdfBytes = ReportPdf.write(r, labels, font).length;
                long g = System.nanoTime();
                if (run > 0) { // the first is the warm-up
                    best[0] = Math.min(best[0], (b - a) / 1e6);
                    best[1] = Math.min(best[1], (d - b) / 1e6);
                    best[2] = Math.min(best[2], (e - d) / 1e6);
                    best[3] = Math.min(best[3], (f - e) / 1e6);
                    best[4] = Math.min(best[4], (g - f) / 1e6);
                }
                System.out.printf(Locale.ROOT, "run %d: read+count %.0f ms (%d calls, %d orders), report %.0f ms, json %.0f ms,"
                        + " csv %.0f ms, pdf %.0f ms%n", run, (b - a) / 1e6, c, o, (d - b) / 1e6,
                        (e - d) / 1e6, (f - e) / 1e6, (g - f) / 1e6);
            }
            System.out.printf(Locale.ROOT, "reports orders=%d calls=%d read_count_ms=%.0f report_ms=%.0f json_ms=%.0f"
                            + " csv_ms=%.0f pdf_ms=%.0f json_bytes=%d pdf_bytes=%d%n", orders, calls,
                    best[0], best[1], best[2], best[3], best[4], jsonBytes, pdfBytes);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
