package hotline.bench;

import hotline.config.OrdersConfig;
import hotline.orders.extract.DraftExtractor;
import hotline.orders.extract.Evaluation;
import hotline.orders.extract.Evaluation.FieldScore;
import hotline.orders.extract.Evaluation.Report;
import hotline.server.http.DraftsApi;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Accuracy of draft-order extraction on the labelled sets under {@code orders/src/test/resources/hotline/orders/eval/}
 ({@code drafts-eval.tsv}, {@code drafts-heldout.tsv}, {@code drafts-blind.tsv}, {@code drafts-blind2.tsv}, {@code drafts-blind3.tsv}, {@code drafts-vosk-en.tsv}: real
 * Vosk transcripts of the public audio samples, {@code drafts-en-tune.tsv} and {@code drafts-vosk-en-tune.tsv}: the
 * English tuning set typed and as Vosk heard it; or the TSV files given as
 * arguments): per-field accuracy of each set and of all together, every miss, and the extraction time per
 * transcript; for the two recogniser-text sets of English speech a {@code spoken-en set=public|tune …} line with the
 * fields the issue sets goals for. Not a timed test: the figures are what this run measured. Prints
 * {@code extract rows=N name=0.xxx ... overall=0.xxx <set>_overall=… us_per_draft=…}.
 */
public final class ExtractBench {
    static final List<String> SETS = List.of("orders/src/test/resources/hotline/orders/eval/drafts-eval.tsv",
            "orders/src/test/resources/hotline/orders/eval/drafts-heldout.tsv",
            "orders/src/test/resources/hotline/orders/eval/drafts-blind.tsv",
            "orders/src/test/resources/hotline/orders/eval/drafts-blind2.tsv",
            "orders/src/test/resources/hotline/orders/eval/drafts-blind3.tsv",
            "orders/src/test/resources/hotline/orders/eval/drafts-vosk-en.tsv",
            "orders/src/test/resources/hotline/orders/eval/drafts-en-tune.tsv",
            "orders/src/test/resources/hotline/orders/eval/drafts-vosk-en-tune.tsv");
    /** The recogniser-text sets of English speech: the public samples (reported on, never tuned on) and the tuning set. */
    static final java.util.Map<String, String> ENGLISH_SPOKEN = java.util.Map.of("vosk-en", "public",
            "vosk-en-tune", "tune");

    private ExtractBench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("hotline.home", "."));
        List<Path> sets = args.length > 0 ? Stream.of(args).map(Path::of).toList()
                : SETS.stream().map(home::resolve).toList();
        long t0 = System.nanoTime();
        DraftExtractor extractor = DraftsApi.createExtractor(new OrdersConfig("110000", null));
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        // one table: the sets' rows after one header
        StringBuilder all = new StringBuilder();
        List<String> texts = new ArrayList<>();
        boolean header = false;
        for (Path set : sets) {
            for (String l : Files.readAllLines(set, StandardCharsets.UTF_8)) {
                if (l.startsWith("#") || l.isBlank()) {
                    continue;
                }
                if (l.startsWith("id\t")) {
                    if (header) {
                        continue;
                    }
                    header = true;
                } else {
                    texts.add(l.split("\t", -1)[1]);
                }
                all.append(l).append('\n');
            }
        }
        Report report;
        try (Reader in = new StringReader(all.toString())) {
            report = Evaluation.run(extractor, in, sets.toString());
        }
        StringBuilder perSet = new StringBuilder();
        StringBuilder englishSpoken = new StringBuilder();
        for (Path set : sets) {
            Report r;
            try (Reader in = Files.newBufferedReader(set, StandardCharsets.UTF_8)) {
                r = Evaluation.run(extractor, in, set.toString());
            }
            String name = set.getFileName().toString().replaceFirst("^drafts-", "").replaceFirst("\\.tsv$", "");
            StringBuilder fields = new StringBuilder();
            r.scores().forEach(x -> fields.append(String.format(Locale.ROOT, " %s=%.3f", x.field(), x.accuracy())));
            System.out.printf(Locale.ROOT, "set %s rows=%d%s overall=%.3f%n", name, r.rows(), fields, r.overall());
            perSet.append(String.format(Locale.ROOT, " %s_overall=%.3f", name.replace('-', '_'), r.overall()));
            String spoken = ENGLISH_SPOKEN.get(name);
            if (spoken != null) {
                // English speech as the recogniser wrote it: the draft fields the issue sets goals for
                System.out.printf(Locale.ROOT, "spoken-en set=%s (%s, recogniser text) rows=%d phone=%.3f category=%.3f"
                                + " urgency=%.3f surname=%.3f%n", spoken, set.getFileName(), r.rows(),
                        r.score("phone").accuracy(), r.score("category").accuracy(), r.score("urgency").accuracy(),
                        r.score("surname").accuracy());
                for (String f : List.of("phone", "category", "urgency", "surname")) {
                    englishSpoken.append(String.format(Locale.ROOT, " en_%s_%s=%.3f", spoken, f,
                            r.score(f).accuracy()));
                }
            }
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
        // time per draft: every transcript of the sets, repeated, after a warm-up
        for (int i = 0; i < 20; i++) {
            texts.forEach(t -> extractor.extract(t, null));
        }
        int rounds = 50;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            texts.forEach(t -> extractor.extract(t, null));
        }
        double usPerDraft = (System.nanoTime() - start) / 1e3 / (rounds * (double) texts.size());
        line.append(String.format(Locale.ROOT, " overall=%.3f misses=%d", report.overall(), report.misses().size()))
                .append(perSet)
                .append(englishSpoken)
                .append(String.format(Locale.ROOT, " gazetteer_load_ms=%d us_per_draft=%.1f", loadMs, usPerDraft));
        System.out.println(line);
    }
}
