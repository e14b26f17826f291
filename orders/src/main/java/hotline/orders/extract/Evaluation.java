package hotline.orders.extract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Per-field accuracy of a {@link DraftExtractor} on a labelled set.
 *
 * <p>The set is tab-separated with a header line {@code id text name surname phone district street community
 * category urgency address}; lines starting with {@code #} are comments. A cell {@code -} means the field must be
 * empty, {@code *} that it is not labelled (not scored). Values compare case-insensitively; addresses also ignore
 * spaces and punctuation.
 */
public final class Evaluation {
    /** The scored fields, in report order. */
    public static final List<String> FIELDS = List.of("name", "surname", "phone", "district", "street", "community",
            "category", "urgency", "address");

    private Evaluation() {
    }

    /**
     * One field's score.
     *
     * @param field   the field
     * @param correct rows where the draft equals the label
     * @param total   rows labelled for this field
     */
    public record FieldScore(String field, int correct, int total) {
        /** correct / total, or 1 when nothing was labelled. */
        public double accuracy() {
            return total == 0 ? 1 : correct / (double) total;
        }
    }

    /**
     * One wrong field of one row.
     *
     * @param id       row id
     * @param field    the field
     * @param expected the label ({@code -}: empty)
     * @param actual   what the extractor gave ({@code -}: empty)
     */
    public record Miss(String id, String field, String expected, String actual) {
    }

    /**
     * The result of a run.
     *
     * @param rows   rows evaluated
     * @param scores per field, in {@link #FIELDS} order
     * @param misses every wrong field, in row order
     */
    public record Report(int rows, List<FieldScore> scores, List<Miss> misses) {
        public Report {
            scores = List.copyOf(scores);
            misses = List.copyOf(misses);
        }

        /** The score of one field. */
        public FieldScore score(String field) {
            return scores.stream().filter(s -> s.field().equals(field)).findFirst().orElseThrow();
        }

        /** Correct fields over labelled fields, all fields together. */
        public double overall() {
            int c = scores.stream().mapToInt(FieldScore::correct).sum();
            int t = scores.stream().mapToInt(FieldScore::total).sum();
            return t == 0 ? 1 : c / (double) t;
        }
    }

    /**
     * Runs the extractor over every row of {@code tsv}.
     *
     * @throws IllegalArgumentException naming the line when the set is malformed
     */
    public static Report run(DraftExtractor extractor, Reader tsv, String source) {
        Objects.requireNonNull(extractor, "extractor");
        Map<String, int[]> counts = new LinkedHashMap<>();
        FIELDS.forEach(f -> counts.put(f, new int[2]));
        List<Miss> misses = new ArrayList<>();
        int rows = 0;
        try (BufferedReader r = new BufferedReader(tsv)) {
            String line;
            int n = 0;
            List<String> header = null;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> cells = List.of(line.split("\t", -1));
                if (header == null) {
                    header = cells;
                    if (!header.containsAll(FIELDS) || !header.contains("id") || !header.contains("text")) {
                        throw new IllegalArgumentException(source + " line " + n + ": header must name id, text and "
                                + FIELDS);
                    }
                    continue;
                }
                if (cells.size() != header.size()) {
                    throw new IllegalArgumentException(source + " line " + n + ": expected " + header.size()
                            + " cells, got " + cells.size());
                }
                rows++;
                String id = cells.get(header.indexOf("id"));
                DraftOrder d = extractor.extract(cells.get(header.indexOf("text")), null);
                Map<String, DraftField> got = d.fields();
                for (String f : FIELDS) {
                    String expected = cells.get(header.indexOf(f)).strip();
                    if (expected.equals("*")) {
                        continue;
                    }
                    String actual = got.get(f).value();
                    int[] c = counts.get(f);
                    c[1]++;
                    if (same(f, expected.equals("-") ? null : expected, actual)) {
                        c[0]++;
                    } else {
                        misses.add(new Miss(id, f, expected, actual == null ? "-" : actual));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
        List<FieldScore> scores = new ArrayList<>();
        counts.forEach((f, c) -> scores.add(new FieldScore(f, c[0], c[1])));
        return new Report(rows, scores, misses);
    }

    private static boolean same(String field, String expected, String actual) {
        if (expected == null || actual == null) {
            return expected == null && actual == null;
        }
        if (field.equals("address")) {
            return squash(expected).equals(squash(actual));
        }
        return expected.strip().equalsIgnoreCase(actual.strip());
    }

    private static String squash(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[\\s\\p{Punct}，。、]", "");
    }
}
