package hotline.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.orders.rating.Rate;
import hotline.orders.rating.UnitRates;
import hotline.orders.report.Period;
import hotline.orders.report.Report;
import hotline.orders.report.ReportWindow;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class ReportExportTest {
    private static final Path FONT = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    private static final Map<String, String> NAMES = Map.of("balizhuang", "八里庄街道");

    private static Report report() {
        ReportWindow w = ReportWindow.of(Period.DAY, LocalDate.of(2026, 12, 1), ZoneId.of("Asia/Shanghai"));
        Rate half = new Rate(1, 2);
        return new Report(w, Instant.parse("2026-12-01T04:00:00Z"),
                new Report.CallFigures(4, 3, 1, 2, new Rate(3, 4), new Rate(2, 4)), 2,
                List.of(new Report.Count("noise", 2)), List.of(new Report.Count("balizhuang", 2)),
                List.of(new Report.Count("朝阳区", 2)),
                List.of(new Report.StreetCount("110105015", "朝阳区", "八里庄街道", 2)),
                List.of(new UnitRates("balizhuang", half, new Rate(0, 0), new Rate(1, 1), 5000, 1)),
                List.of(new Report.RecurringProblem("朝阳区", "八里庄街道", "noise", 2, 1,
                        List.of("20261201-000002", "20261201-000001"))),
                List.of(new Report.Bucket("10", 4, 3, 2)));
    }

    @Test
    void shouldWriteCsvWithBomCrlfAndChineseLabels() {
        String csv = ReportCsv.write(report(), ReportLabels.load("zh", NAMES));
        assertThat(csv).startsWith("\uFEFF12345热线统计报表,日报,2026-12-01,");
        assertThat(csv).contains("\r\n4,3,1,75.0%,50.0%\r\n", "\r\n噪音扰民,noise,2\r\n", "\r\n八里庄街道,balizhuang,2\r\n",
                "\r\n1,八里庄街道,balizhuang,50.0%,—,100.0%,50.0\r\n", "\r\n朝阳区,八里庄街道,110105015,2\r\n",
                "\r\n朝阳区,八里庄街道,噪音扰民,2,1,20261201-000002 20261201-000001\r\n");
        assertThat(ReportCsv.write(report(), ReportLabels.load("en", NAMES))).contains("Noise,noise,2");
    }

    @Test
    void shouldQuoteCellsAndDefuseFormulas() {
        assertThat(ReportCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReportCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReportCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(ReportCsv.cell("-12.5%")).isEqualTo("-12.5%");
    }

    /** The operators of the first page between {@code /<tag> BMC} and its EMC, by name and count. */
    private static Map<String, Integer> drawn(PDDocument doc, int page, String tag) throws Exception {
        Map<String, Integer> ops = new java.util.HashMap<>();
        var parser = new org.apache.pdfbox.pdfparser.PDFStreamParser(doc.getPage(page));
        Object previous = null;
        boolean inside = false;
        for (Object token = parser.parseNextToken(); token != null; token = parser.parseNextToken()) {
            if (token instanceof org.apache.pdfbox.contentstream.operator.Operator op) {
                if (op.getName().equals("BMC") && previous instanceof org.apache.pdfbox.cos.COSName n
                        && n.getName().equals(tag)) {
                    inside = true;
                } else if (op.getName().equals("EMC")) {
                    inside = false;
                } else if (inside) {
                    ops.merge(op.getName(), 1, Integer::sum);
                }
            }
            previous = token;
        }
        return ops;
    }

    @Test
    void shouldDrawTheTrendChartTheHeatMapAndAPageHeaderAndFooterInThePdf() throws Exception {
        List<Report.Bucket> hours = new java.util.ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add(new Report.Bucket(String.valueOf(h), h % 5, h % 4, h % 3));
        }
        Report r = report();
        Report day = new Report(r.window(), r.generatedAt(), r.calls(), r.orders(), r.byCategory(), r.byUnit(),
                r.byDistrict(), r.byStreet(), r.ranking(), r.problems(), hours);
        byte[] pdf = ReportPdf.write(day, ReportLabels.load("zh", NAMES), FONT);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            // the trend: two bars per hour (48 rectangles filled), the orders' line, the legend
            Map<String, Integer> chart = drawn(doc, 0, "TrendChart");
            assertThat(chart.getOrDefault("re", 0)).isGreaterThanOrEqualTo(48 + 3);
            assertThat(chart.getOrDefault("l", 0)).isGreaterThanOrEqualTo(23);
            // the map: every district of the city drawn as filled outlines (thousands of segments), the street dots
            Map<String, Integer> map = drawn(doc, 0, "HeatMap");
            assertThat(map.getOrDefault("B", 0)).isGreaterThanOrEqualTo(16); // fill and stroke, one per district
            assertThat(map.getOrDefault("l", 0)).isGreaterThan(500);
            assertThat(map.getOrDefault("c", 0)).isEqualTo(4); // one street with orders: a dot of four curves
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("12345 市民服务热线 · 统计报表 · 2026-12-01").contains("内部资料 · 注意保存")
                    .contains("第 1 页 / 共 " + doc.getNumberOfPages() + " 页").contains("话务与工单趋势").contains("朝阳 2");
            for (int i = 0; i < doc.getNumberOfPages(); i++) {
                assertThat(drawn(doc, i, "PageHeader")).as("page " + (i + 1)).containsKey("Tj");
            }
        }
    }

    @Test
    void shouldWriteAPdfWhoseTextHasTheChineseUnitName() throws Exception {
        byte[] pdf = ReportPdf.write(report(), ReportLabels.load("zh", NAMES), FONT);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("12345热线统计报表").contains("八里庄街道").contains("噪音扰民").contains("75.0%");
        }
    }

    @Test
    void shouldNameTheKeyWhenTheFontIsMissing() {
        assertThatThrownBy(() -> ReportPdf.write(report(), ReportLabels.load("zh", NAMES), Path.of("/nope/f.ttc")))
                .isInstanceOf(ReportPdf.FontMissing.class)
                .hasMessageContaining("hotline.reports.pdfFont: /nope/f.ttc is not a readable font file")
                .hasMessageContaining("fonts-wqy-microhei");
    }
}
