package hotline.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * {@code hotline.reports}: the reports screen and its exports.
 *
 * @param unitNames   display name per unit id: not configured (the loader gives none); the server fills it from the
 *                    one unit directory ({@code hotline.orders.units} and the gazetteer's streets)
 * @param topProblems how many recurring problems a report lists
 * @param maxRecords  the most calls, and the most orders, one report reads
 * @param pdfFont     the CJK TrueType font (or collection) embedded in PDF reports; checked when a PDF is made
 */
public record ReportsConfig(Map<String, String> unitNames, int topProblems, int maxRecords, Path pdfFont) {
    public ReportsConfig {
        unitNames = Map.copyOf(unitNames);
        Objects.requireNonNull(pdfFont, "pdfFont");
        if (topProblems < 1 || maxRecords < 1) {
            throw new IllegalArgumentException("topProblems and maxRecords must be >= 1");
        }
    }

    /** The same settings with {@code names} as the unit names (the unit directory's). */
    public ReportsConfig withUnitNames(Map<String, String> names) {
        return new ReportsConfig(names, topProblems, maxRecords, pdfFont);
    }

    /** No unit names, 10 problems, 500000 records, Debian's WenQuanYi Micro Hei. */
    public static ReportsConfig defaults() {
        return new ReportsConfig(Map.of(), 10, 500_000, Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"));
    }
}
