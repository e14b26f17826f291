package hotline.server.reports;

import hotline.orders.rating.UnitRates;
import hotline.orders.report.Report;

/**
 * The CSV export: UTF-8 with a byte-order mark (so Excel reads the Chinese text), CRLF lines, RFC 4180 quoting; one
 * block per table, each under a title line, blocks separated by an empty line.
 */
public final class ReportCsv {
    private ReportCsv() {
    }

    /** The whole file, starting with U+FEFF. */
    public static String write(Report r, ReportLabels l) {
        return write(r, l, null);
    }

    /** The whole file of a report narrowed to {@code district} (null: the whole city), named in the title row. */
    public static String write(Report r, ReportLabels l, String district) {
        StringBuilder b = new StringBuilder("\uFEFF");
        var w = r.window();
        if (district == null) {
            row(b, l.t("report.title"), l.t("report.period." + w.period().code()), w.label(), w.start().toString(),
                    w.last().toString(), w.zone().getId());
        } else {
            row(b, l.t("report.title"), l.t("report.period." + w.period().code()), w.label(), w.start().toString(),
                    w.last().toString(), w.zone().getId(), district);
        }
        b.append("\r\n");
        var c = r.calls();
        row(b, l.t("report.calls"));
        row(b, l.t("report.offered"), l.t("report.answered"), l.t("report.abandoned"), l.t("report.answerRate"),
                l.t("report.serviceLevel"));
        row(b, c.offered(), c.answered(), c.abandoned(), ReportJson.percent(c.answerRate()),
                ReportJson.percent(c.serviceLevel()));
        b.append("\r\n");
        row(b, l.t("report.byCategory"), l.t("report.total") + " " + r.orders());
        row(b, l.t("report.category"), l.t("report.code"), l.t("report.orders"));
        r.byCategory().forEach(x -> row(b, l.category(x.key()), x.key(), x.count()));
        b.append("\r\n");
        row(b, l.t("report.byUnit"));
        row(b, l.t("report.unit"), l.t("report.unitId"), l.t("report.orders"));
        r.byUnit().forEach(x -> row(b, l.unit(x.key()), x.key(), x.count()));
        b.append("\r\n");
        row(b, l.t("report.ranking"));
        row(b, l.t("report.rank"), l.t("report.unit"), l.t("report.unitId"), l.t("report.response"),
                l.t("report.resolution"), l.t("report.satisfaction"), l.t("report.score"));
        for (UnitRates u : r.ranking()) {
            row(b, u.rank(), l.unit(u.unitId()), u.unitId(), ReportJson.percent(u.response()),
                    ReportJson.percent(u.resolution()), ReportJson.percent(u.satisfaction()),
                    u.score() / 100 + "." + (u.score() % 100) / 10);
        }
        b.append("\r\n");
        row(b, l.t("report.byStreet"));
        row(b, l.t("report.district"), l.t("report.street"), l.t("report.streetCode"), l.t("report.orders"));
        r.byStreet().forEach(s -> row(b, s.district(), s.street(), s.code(), s.count()));
        b.append("\r\n");
        row(b, l.t("report.trend"));
        row(b, l.t(r.window().period() == hotline.orders.report.Period.DAY ? "report.hour" : "report.date"),
                l.t("report.offered"), l.t("report.answered"), l.t("report.orders"));
        r.trend().forEach(t -> row(b, t.label(), t.offered(), t.answered(), t.orders()));
        b.append("\r\n");
        row(b, l.t("report.problems"));
        row(b, l.t("report.district"), l.t("report.street"), l.t("report.category"), l.t("report.orders"),
                l.t("report.repeatLinked"), l.t("report.numbers"));
        r.problems().forEach(p -> row(b, p.district(), p.street(), l.category(p.category()), p.orders(),
                p.repeatLinked(), String.join(" ", p.numbers())));
        return b.toString();
    }

    private static void row(StringBuilder b, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(cell(String.valueOf(cells[i])));
        }
        b.append("\r\n");
    }

    static String cell(String s) {
        // a leading = + - @ would make Excel evaluate the cell (CSV injection): quote it with a leading apostrophe
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?[0-9.]+%?") ? "'" + s : s;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
