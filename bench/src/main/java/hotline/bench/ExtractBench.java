package hotline.bench;

import hotline.config.OrdersConfig;
import hotline.orders.extract.DraftExtractor;
import hotline.orders.extract.Evaluation;
import hotline.orders.extract.Evaluation.FieldScore;
import hotline.orders.extract.Evaluation.Report;
import hotline.server.http.DraftsApi;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Accuracy of draft-order extraction on the labelled set {@code orders/src/test/resources/hotline/orders/eval/
 * drafts-eval.tsv} (or the TSV given as the first argument): per-field accuracy, every miss, and the extraction
 * time per transcript. Not a timed test: the figures are what this run measured.
 * Prints {@code extract rows=N name=0.xx ... overall=0.xx us_per_draft=…}.
 */
public final class ExtractBench {
    static final String SET = "orders/src/test/resources/hotline/orders/eval/drafts-eval.tsv";

    private ExtractBench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("hotline.home", "."));
        Path set = args.length > 0 ? Path.of(args[0]) : home.resolve(SET);
        String city = args.length > 1 ? args[1] : "110000";
        long t0 = System.nanoTime();
        DraftExtractor extractor = DraftsApi.createExtractor(new OrdersConfig(city, null));
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        Report report;
        try (Reader in = Files.newBufferedReader(set, StandardCharsets.UTF_8)) {
            report = Evaluation.run(extractor, in, set.toString());
        }
        for (Evaluation.Miss m : report.misses()) {
            System.out.printf(Locale.ROOT, "miss %-5s %-9s expected=%s got=%s%n", m.id(), m.field(), m.expected(),
                    m.actual());
        }
        StringBuilder line = new StringBuilder("extract rows=" + report.rows());
        for (FieldScore s : report.scores()) {
            System.out.printf(Locale.ROOT, "%-9s %3d/%-3d %.3f%n", s.field(), s.correct(), s.total(), s.accuracy());
            line.append(String.format(Locale.ROOT, " %s=%.3f", s.field(), s.accuracy()));
        }
        // time per draft: every transcript of the set, repeated, after a warm-up
        java.util.List<String> texts = Files.readAllLines(set, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith("#") && !l.startsWith("id\t") && !l.isBlank())
                .map(l -> l.split("\t", -1)[1]).toList();
        for (int i = 0; i < 20; i++) {
            texts.forEach(t -> extractor.extract(t, null));
        }
        int rounds = 50;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            texts.forEach(t -> extractor.extract(t, null));
        }
        double usPerDraft = (System.nanoTime() - start) / 1e3 / (rounds * (double) texts.size());
        line.append(String.format(Locale.ROOT, " overall=%.3f misses=%d gazetteer_load_ms=%d us_per_draft=%.1f",
                report.overall(), report.misses().size(), loadMs, usPerDraft));
        System.out.println(line);
    }
}
