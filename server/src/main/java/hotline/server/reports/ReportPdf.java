package hotline.server.reports;

import hotline.orders.rating.UnitRates;
import hotline.orders.report.Report;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The PDF export (A4, PDFBox), its Chinese text set in the configured CJK font, embedded as a subset. Blocking:
 * call it off the event loop.
 */
public final class ReportPdf {
    private static final float MARGIN = 48;
    private static final float LINE = 15;

    /** The configured font is missing or unreadable. */
    public static final class FontMissing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FontMissing(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ReportPdf() {
    }

    /** Whether {@code font} exists and is a readable file: what the API checks before it makes a PDF. */
    public static void checkFont(Path font) {
        if (!Files.isRegularFile(font) || !Files.isReadable(font)) {
            throw new FontMissing("hotline.reports.pdfFont: " + font + " is not a readable font file (Debian: "
                    + "apt-get install fonts-wqy-microhei, or run scripts/install-deps.sh)", null);
        }
    }

    /** The report as PDF bytes. */
    public static byte[] write(Report r, ReportLabels l, Path fontFile) {
        return write(r, l, fontFile, null);
    }

    /** The report narrowed to {@code district} (null: the whole city) as PDF bytes, the district in the title. */
    public static byte[] write(Report r, ReportLabels l, Path fontFile, String district) {
        checkFont(fontFile);
        List<AutoCloseable> open = new ArrayList<>();
        try (PDDocument doc = new PDDocument()) {
            PDFont font = loadFont(doc, fontFile, open);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(l.t("report.title") + " " + r.window().label() + (district == null ? "" : " " + district));
            info.setCreator("12345 hotline");
            new Writer(doc, font).report(r, l, district);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new FontMissing("hotline.reports.pdfFont: " + fontFile + " could not be used: " + e.getMessage(),
                    e);
        } finally {
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception e) {
                    // the document is written; a failing close of the font file changes nothing in it
                }
            }
        }
    }

    private static PDFont loadFont(PDDocument doc, Path file, List<AutoCloseable> open) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".ttc")) {
            // a collection (wqy-microhei.ttc holds the proportional and the mono face): take the first. The
            // collection must stay open until the document is saved (the subset is made then).
            TrueTypeCollection ttc = new TrueTypeCollection(file.toFile());
            open.add(ttc);
            TrueTypeFont[] first = new TrueTypeFont[1];
            ttc.processAllFonts(f -> {
                if (first[0] == null) {
                    first[0] = f;
                }
            });
            if (first[0] == null) {
                throw new IOException("no font in the collection");
            }
            return PDType0Font.load(doc, first[0], true);
        }
        return PDType0Font.load(doc, file.toFile());
    }

    /** Lays out lines and simple tables top to bottom, starting a new page when one is full. */
    private static final class Writer {
        private final PDDocument doc;
        private final PDFont font;
        private PDPageContentStream out;
        private float y;
        private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN;

        Writer(PDDocument doc, PDFont font) {
            this.doc = doc;
            this.font = font;
        }

        void report(Report r, ReportLabels l, String district) throws IOException {
            newPage();
            var w = r.window();
            text(MARGIN, 18, l.t("report.title") + " · " + l.t("report.period." + w.period().code()) + " "
                    + w.label() + (district == null ? "" : " · " + district));
            y -= 8;
            text(MARGIN, 9, w.start() + " – " + w.last() + " (" + w.zone().getId() + ")   "
                    + l.t("report.generatedAt") + " " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                    .format(r.generatedAt().atZone(w.zone())));
            y -= 10;
            var c = r.calls();
            heading(l.t("report.calls"));
            table(new float[] {1, 1, 1, 1, 1}, List.of(
                    List.of(l.t("report.offered"), l.t("report.answered"), l.t("report.abandoned"),
                            l.t("report.answerRate"), l.t("report.serviceLevel")),
                    List.of(String.valueOf(c.offered()), String.valueOf(c.answered()), String.valueOf(c.abandoned()),
                            ReportJson.percent(c.answerRate()), ReportJson.percent(c.serviceLevel()))));
            heading(l.t("report.byCategory") + " (" + l.t("report.total") + " " + r.orders() + ")");
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of(l.t("report.category"), l.t("report.code"), l.t("report.orders")));
            r.byCategory().forEach(x -> rows.add(List.of(l.category(x.key()), x.key(), String.valueOf(x.count()))));
            table(new float[] {2, 2, 1}, rows);
            heading(l.t("report.ranking"));
            rows.clear();
            rows.add(List.of(l.t("report.rank"), l.t("report.unit"), l.t("report.orders"), l.t("report.response"),
                    l.t("report.resolution"), l.t("report.satisfaction"), l.t("report.score")));
            for (UnitRates u : r.ranking()) {
                long orders = r.byUnit().stream().filter(x -> x.key().equals(u.unitId())).mapToLong(
                        Report.Count::count).sum();
                rows.add(List.of(String.valueOf(u.rank()), l.unit(u.unitId()), String.valueOf(orders),
                        ReportJson.percent(u.response()), ReportJson.percent(u.resolution()),
                        ReportJson.percent(u.satisfaction()), u.score() / 100 + "." + (u.score() % 100) / 10));
            }
            table(new float[] {0.6f, 2.4f, 0.8f, 1, 1, 1, 0.8f}, rows);
            heading(l.t("report.byStreet"));
            rows.clear();
            rows.add(List.of(l.t("report.district"), l.t("report.street"), l.t("report.streetCode"),
                    l.t("report.orders")));
            r.byStreet().forEach(s -> rows.add(List.of(s.district(), s.street(), s.code(),
                    String.valueOf(s.count()))));
            table(new float[] {1.2f, 1.6f, 1.6f, 0.6f}, rows);
            heading(l.t("report.problems"));
            rows.clear();
            rows.add(List.of(l.t("report.place"), l.t("report.category"), l.t("report.orders"),
                    l.t("report.repeatLinked")));
            r.problems().forEach(p -> rows.add(List.of(p.district() + " " + p.street(), l.category(p.category()),
                    String.valueOf(p.orders()), String.valueOf(p.repeatLinked()))));
            table(new float[] {2.4f, 1.6f, 0.6f, 0.8f}, rows);
            out.close();
        }

        private void newPage() throws IOException {
            if (out != null) {
                out.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            out = new PDPageContentStream(doc, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        private void need(float height) throws IOException {
            if (y - height < MARGIN) {
                newPage();
            }
        }

        private void heading(String s) throws IOException {
            need(LINE * 3);
            y -= 10;
            text(MARGIN, 12, s);
            y -= 4;
        }

        private void text(float x, float size, String s) throws IOException {
            need(size + 4);
            y -= size + 2;
            show(x, y, size, s);
        }

        private void show(float x, float baseline, float size, String s) throws IOException {
            out.beginText();
            out.setFont(font, size);
            out.newLineAtOffset(x, baseline);
            out.showText(fit(s, size, Float.MAX_VALUE));
            out.endText();
        }

        private void table(float[] weights, List<List<String>> rows) throws IOException {
            float total = 0;
            for (float w : weights) {
                total += w;
            }
            for (int i = 0; i < rows.size(); i++) {
                need(LINE);
                y -= LINE;
                if (i == 0) {
                    out.setNonStrokingColor(0.92f, 0.94f, 0.97f);
                    out.addRect(MARGIN, y - 4, width, LINE);
                    out.fill();
                    out.setNonStrokingColor(0f, 0f, 0f);
                }
                float x = MARGIN + 4;
                for (int j = 0; j < weights.length; j++) {
                    float colWidth = width * weights[j] / total;
                    String cell = j < rows.get(i).size() ? rows.get(i).get(j) : "";
                    out.beginText();
                    out.setFont(font, 9);
                    out.newLineAtOffset(x, y);
                    out.showText(fit(cell, 9, colWidth - 6));
                    out.endText();
                    x += colWidth;
                }
                out.setStrokingColor(0.85f, 0.87f, 0.9f);
                out.moveTo(MARGIN, y - 4);
                out.lineTo(MARGIN + width, y - 4);
                out.stroke();
            }
            if (rows.size() == 1) {
                need(LINE);
                y -= LINE;
                show(MARGIN + 4, y, 9, "—");
            }
        }

        /** The text, cut with an ellipsis to fit {@code max} points; characters the font lacks become '?'. */
        private String fit(String s, float size, float max) throws IOException {
            StringBuilder b = new StringBuilder();
            float used = 0;
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                String ch = new String(Character.toChars(cp));
                float w;
                try {
                    w = font.getStringWidth(ch) / 1000 * size;
                } catch (IllegalArgumentException e) {
                    ch = "?";
                    w = font.getStringWidth(ch) / 1000 * size;
                }
                if (used + w > max) {
                    return b.append('…').toString();
                }
                b.append(ch);
                used += w;
                i += Character.charCount(cp);
            }
            return b.toString();
        }
    }
}
