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
import org.apache.pdfbox.cos.COSName;
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
            headersAndFooters(doc, font, l, r, district);
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
    // from a light rose (1) to the brand red (max), as the screen's heat colour
    static float[] heat(long n, long max) {
        float f = max <= 1 ? 1f : (float) (n - 1) / (max - 1);
        return new float[] {(253 + (200 - 253) * f) / 255f, (227 + (16 - 227) * f) / 255f,
            (224 + (46 - 224) * f) / 255f};
    }

    /** A district of the city map: its name, its rings (lon, lat) and its centre. */
    record District(String name, List<double[][]> rings, double[] centre) {
    }

    /**
     * The city's districts from {@code web/geo/beijing.json} (the screen's map: npm echarts 4.9.0, compressed
     * GeoJSON, decoded as {@code reports.js} does), read once.
     */
    static final class CityMap {
        private static List<District> cached;

        static synchronized List<District> districts() {
            if (cached == null) {
                cached = load();
            }
            return cached;
        }

        private static List<District> load() {
            try (java.io.InputStream in = ReportPdf.class.getClassLoader().getResourceAsStream(
                    "web/geo/beijing.json")) {
                if (in == null) {
                    return List.of();
                }
                var json = new io.vertx.core.json.JsonObject(new String(in.readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8));
                boolean encoded = json.getBoolean("UTF8Encoding", false);
                double scale = json.getDouble("UTF8Scale", 1024.0);
                List<District> out = new ArrayList<>();
                for (Object o : json.getJsonArray("features")) {
                    var f = (io.vertx.core.json.JsonObject) o;
                    var g = f.getJsonObject("geometry");
                    List<double[][]> rings = new ArrayList<>();
                    var coords = g.getJsonArray("coordinates");
                    var offsets = g.getJsonArray("encodeOffsets");
                    boolean polygon = "Polygon".equals(g.getString("type"));
                    for (int i = 0; i < coords.size(); i++) {
                        if (polygon) {
                            rings.add(ring(coords.getValue(i), encoded ? offsets.getJsonArray(i) : null, scale));
                        } else {
                            var poly = coords.getJsonArray(i);
                            for (int j = 0; j < poly.size(); j++) {
                                rings.add(ring(poly.getValue(j), encoded ? offsets.getJsonArray(i).getJsonArray(j)
                                        : null, scale));
                            }
                        }
                    }
                    var props = f.getJsonObject("properties");
                    var cp = props.getJsonArray("cp");
                    double[] centre = cp == null ? rings.get(0)[0]
                            : new double[] {cp.getDouble(0), cp.getDouble(1)};
                    out.add(new District(props.getString("name"), rings, centre));
                }
                return List.copyOf(out);
            } catch (IOException | RuntimeException e) {
                return List.of(); // the map is left out; the tables still print
            }
        }

        private static double[][] ring(Object value, io.vertx.core.json.JsonArray offset, double scale) {
            if (offset == null) {
                var arr = (io.vertx.core.json.JsonArray) value;
                double[][] out = new double[arr.size()][];
                for (int i = 0; i < arr.size(); i++) {
                    out[i] = new double[] {arr.getJsonArray(i).getDouble(0), arr.getJsonArray(i).getDouble(1)};
                }
                return out;
            }
            String str = (String) value;
            double[][] out = new double[str.length() / 2][];
            int x = offset.getInteger(0);
            int yy = offset.getInteger(1);
            for (int i = 0; i + 1 < str.length(); i += 2) {
                int dx = str.charAt(i) - 64;
                int dy = str.charAt(i + 1) - 64;
                dx = (dx >> 1) ^ (-(dx & 1));
                dy = (dy >> 1) ^ (-(dy & 1));
                x += dx;
                yy += dy;
                out[i / 2] = new double[] {x / scale, yy / scale};
            }
            return out;
        }
    }

    // every page: the report's name above a rule, and 内部资料 · page i of n below one
    private static void headersAndFooters(PDDocument doc, PDFont font, ReportLabels l, Report r, String district)
            throws IOException {
        int n = doc.getNumberOfPages();
        float w = PDRectangle.A4.getWidth();
        float h = PDRectangle.A4.getHeight();
        for (int i = 0; i < n; i++) {
            try (PDPageContentStream c = new PDPageContentStream(doc, doc.getPage(i),
                    PDPageContentStream.AppendMode.APPEND, true, true)) {
                c.beginMarkedContent(COSName.getPDFName("PageHeader"));
                c.setNonStrokingColor(0.35f, 0.38f, 0.42f);
                c.beginText();
                c.setFont(font, 8);
                c.newLineAtOffset(MARGIN, h - 30);
                c.showText(l.t("report.pdf.header") + " · " + r.window().label()
                        + (district == null ? "" : " · " + district));
                c.endText();
                c.setStrokingColor(0.8f, 0.82f, 0.86f);
                c.moveTo(MARGIN, h - 34);
                c.lineTo(w - MARGIN, h - 34);
                c.moveTo(MARGIN, 34);
                c.lineTo(w - MARGIN, 34);
                c.stroke();
                c.beginText();
                c.setFont(font, 8);
                c.newLineAtOffset(MARGIN, 22);
                c.showText(l.t("report.pdf.classification"));
                c.endText();
                String page = l.t("report.pdf.page").replace("{i}", String.valueOf(i + 1))
                        .replace("{n}", String.valueOf(n));
                c.beginText();
                c.setFont(font, 8);
                c.newLineAtOffset(w - MARGIN - font.getStringWidth(page) / 1000 * 8, 22);
                c.showText(page);
                c.endText();
                c.endMarkedContent();
            }
        }
    }

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
            heading(l.t("report.trend"));
            trendChart(r.trend(), l);
            heading(l.t("report.heatmap"));
            heatMap(r);
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

        /**
         * The calls offered (grey) and answered (blue) per hour or day as bars, the orders created as a red line; in
         * the marked content {@code /TrendChart}.
         */
        private void trendChart(List<Report.Bucket> trend, ReportLabels l) throws IOException {
            float h = 130;
            need(h + 40);
            float top = y - 6;
            float bottom = top - h;
            float left = MARGIN + 28;
            float chartW = width - 28;
            long max = 1;
            for (Report.Bucket b : trend) {
                max = Math.max(max, Math.max(b.offered(), b.orders()));
            }
            out.beginMarkedContent(COSName.getPDFName("TrendChart"));
            out.setStrokingColor(0.8f, 0.82f, 0.86f);
            out.setLineWidth(0.5f);
            for (int i = 0; i <= 4; i++) {
                float gy = bottom + h * i / 4;
                out.moveTo(left, gy);
                out.lineTo(left + chartW, gy);
                out.stroke();
                show(MARGIN, gy - 3, 7, String.valueOf(Math.round(max * i / 4.0)));
            }
            int n = Math.max(1, trend.size());
            float slot = chartW / n;
            float bar = Math.max(1, slot * 0.35f);
            float[] ox = new float[n];
            float[] oy = new float[n];
            for (int i = 0; i < trend.size(); i++) {
                Report.Bucket b = trend.get(i);
                float x = left + slot * i + slot * 0.1f;
                out.setNonStrokingColor(0.75f, 0.78f, 0.82f);
                out.addRect(x, bottom, bar, h * b.offered() / max);
                out.fill();
                out.setNonStrokingColor(0.16f, 0.42f, 0.75f);
                out.addRect(x + bar, bottom, bar, h * b.answered() / max);
                out.fill();
                ox[i] = left + slot * i + slot / 2;
                oy[i] = bottom + h * b.orders() / max;
                if (n <= 31 && (n <= 12 || i % 2 == 0)) {
                    out.setNonStrokingColor(0.3f, 0.3f, 0.3f);
                    show(x, bottom - 9, 6, b.label());
                }
            }
            out.setStrokingColor(0.78f, 0.06f, 0.18f);
            out.setLineWidth(1.2f);
            for (int i = 0; i < trend.size(); i++) {
                if (i == 0) {
                    out.moveTo(ox[i], oy[i]);
                } else {
                    out.lineTo(ox[i], oy[i]);
                }
            }
            if (!trend.isEmpty()) {
                out.stroke();
            }
            out.setLineWidth(1);
            out.setNonStrokingColor(0f, 0f, 0f);
            // the legend
            float ly = bottom - 22;
            float lx = left;
            float[][] colours = {{0.75f, 0.78f, 0.82f}, {0.16f, 0.42f, 0.75f}, {0.78f, 0.06f, 0.18f}};
            String[] names = {l.t("report.offered"), l.t("report.answered"), l.t("report.orders")};
            for (int i = 0; i < 3; i++) {
                out.setNonStrokingColor(colours[i][0], colours[i][1], colours[i][2]);
                out.addRect(lx, ly, 8, 8);
                out.fill();
                out.setNonStrokingColor(0f, 0f, 0f);
                show(lx + 11, ly + 1, 8, names[i]);
                lx += 70;
            }
            out.endMarkedContent();
            y = ly - 8;
        }

        /**
         * The city's districts filled by their orders (light rose to red, grey without), each district's count at its
         * centre, and the streets with orders as dots on a ring around their district's centre (no package gives
         * street coordinates, as on the screen); in the marked content {@code /HeatMap}.
         */
        private void heatMap(Report r) throws IOException {
            List<District> districts = CityMap.districts();
            float h = 250;
            need(h + 20);
            float top = y - 6;
            if (districts.isEmpty()) {
                text(MARGIN, 9, "—");
                return;
            }
            double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
            for (District d : districts) {
                for (double[][] ring : d.rings()) {
                    for (double[] p : ring) {
                        minX = Math.min(minX, p[0]);
                        maxX = Math.max(maxX, p[0]);
                        minY = Math.min(minY, p[1]);
                        maxY = Math.max(maxY, p[1]);
                    }
                }
            }
            double k = Math.cos(Math.toRadians((minY + maxY) / 2)); // a degree of longitude is shorter
            double scale = Math.min(width / ((maxX - minX) * k), h / (maxY - minY));
            double x0 = MARGIN + (width - (maxX - minX) * k * scale) / 2;
            double fMinX = minX;
            double fMaxY = maxY;
            java.util.function.DoubleUnaryOperator px = lon -> x0 + (lon - fMinX) * k * scale;
            java.util.function.DoubleUnaryOperator py = lat -> top - (fMaxY - lat) * scale;
            java.util.Map<String, Long> byDistrict = new java.util.HashMap<>();
            r.byDistrict().forEach(c -> byDistrict.put(c.key(), c.count()));
            long max = 1;
            for (long v : byDistrict.values()) {
                max = Math.max(max, v);
            }
            out.beginMarkedContent(COSName.getPDFName("HeatMap"));
            out.setStrokingColor(1f, 1f, 1f);
            out.setLineWidth(0.6f);
            for (District d : districts) {
                long n = byDistrict.getOrDefault(d.name(), 0L);
                float[] c = n == 0 ? new float[] {0.91f, 0.93f, 0.95f} : heat(n, max);
                out.setNonStrokingColor(c[0], c[1], c[2]);
                for (double[][] ring : d.rings()) {
                    for (int i = 0; i < ring.length; i++) {
                        float x = (float) px.applyAsDouble(ring[i][0]);
                        float yy = (float) py.applyAsDouble(ring[i][1]);
                        if (i == 0) {
                            out.moveTo(x, yy);
                        } else {
                            out.lineTo(x, yy);
                        }
                    }
                    out.closePath();
                }
                out.fillAndStroke();
            }
            // streets with orders: dots around their district's centre, sized by count
            java.util.Map<String, List<Report.StreetCount>> streets = new java.util.LinkedHashMap<>();
            r.byStreet().forEach(st -> streets.computeIfAbsent(st.district(), x -> new ArrayList<>()).add(st));
            long smax = r.byStreet().stream().mapToLong(Report.StreetCount::count).max().orElse(1);
            for (District d : districts) {
                float cx = (float) px.applyAsDouble(d.centre()[0]);
                float cy = (float) py.applyAsDouble(d.centre()[1]);
                List<Report.StreetCount> list = streets.getOrDefault(d.name(), List.of());
                for (int i = 0; i < list.size(); i++) {
                    double a = 2 * Math.PI * i / list.size();
                    float sx = (float) (cx + 14 * Math.cos(a));
                    float sy = (float) (cy + 14 * Math.sin(a));
                    float rad = 1.5f + 3f * list.get(i).count() / smax;
                    out.setNonStrokingColor(0.55f, 0.02f, 0.12f);
                    circle(sx, sy, rad);
                    out.fill();
                }
                long n = byDistrict.getOrDefault(d.name(), 0L);
                if (n > 0) {
                    out.setNonStrokingColor(0f, 0f, 0f);
                    show(cx - 8, cy - 3, 7, d.name().replace("区", "") + " " + n);
                }
            }
            out.setNonStrokingColor(0f, 0f, 0f);
            out.setLineWidth(1);
            out.endMarkedContent();
            y = top - h - 6;
        }

        private void circle(float cx, float cy, float r) throws IOException {
            float c = r * 0.5523f; // four Bézier quarter circles
            out.moveTo(cx + r, cy);
            out.curveTo(cx + r, cy + c, cx + c, cy + r, cx, cy + r);
            out.curveTo(cx - c, cy + r, cx - r, cy + c, cx - r, cy);
            out.curveTo(cx - r, cy - c, cx - c, cy - r, cx, cy - r);
            out.curveTo(cx + c, cy - r, cx + r, cy - c, cx + r, cy);
            out.closePath();
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
