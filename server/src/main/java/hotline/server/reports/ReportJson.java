package hotline.server.reports;

import hotline.orders.rating.Rate;
import hotline.orders.rating.UnitRates;
import hotline.orders.report.Report;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The JSON of {@code GET /api/reports} (documented in docs/web.md, "Reports"). */
public final class ReportJson {
    private ReportJson() {
    }

    /**
     * @param unitNames     display names by unit id (the unit directory's); an id not in it gets {@code "name": null}
     *                      (the page shows it as an unknown unit)
     * @param districtCodes the gazetteer's district code by name (the map's polygons carry these codes)
     */
    public static JsonObject toJson(Report r, Map<String, String> unitNames, Map<String, String> districtCodes) {
        var w = r.window();
        var c = r.calls();
        JsonObject calls = new JsonObject().put("offered", c.offered()).put("answered", c.answered())
                .put("abandoned", c.abandoned()).put("inTarget", c.inTarget())
                .put("answerRate", rate(c.answerRate())).put("serviceLevel", rate(c.serviceLevel()));
        JsonArray categories = new JsonArray();
        r.byCategory().forEach(x -> categories.add(new JsonObject().put("category", x.key()).put("count", x.count())));
        JsonArray units = new JsonArray();
        r.byUnit().forEach(x -> units.add(new JsonObject().put("unitId", x.key())
                .put("name", unitNames.get(x.key())).put("count", x.count())));
        JsonArray districts = new JsonArray();
        r.byDistrict().forEach(x -> districts.add(new JsonObject().put("district", x.key())
                .put("code", districtCodes.getOrDefault(x.key(), "")).put("count", x.count())));
        JsonArray streets = new JsonArray();
        r.byStreet().forEach(s -> streets.add(new JsonObject().put("code", s.code()).put("district", s.district())
                .put("districtCode", districtCodes.getOrDefault(s.district(), "")).put("street", s.street())
                .put("count", s.count())));
        JsonArray ranking = new JsonArray();
        for (UnitRates u : r.ranking()) {
            ranking.add(new JsonObject().put("rank", u.rank()).put("unitId", u.unitId())
                    .put("name", unitNames.get(u.unitId()))
                    .put("response", rate(u.response())).put("resolution", rate(u.resolution()))
                    .put("satisfaction", rate(u.satisfaction())).put("score", u.score()));
        }
        JsonArray problems = new JsonArray();
        r.problems().forEach(p -> problems.add(new JsonObject().put("district", p.district())
                .put("street", p.street()).put("category", p.category()).put("orders", p.orders())
                .put("repeatLinked", p.repeatLinked()).put("numbers", new JsonArray(p.numbers()))));
        JsonArray trend = new JsonArray();
        r.trend().forEach(b -> trend.add(new JsonObject().put("label", b.label()).put("offered", b.offered())
                .put("answered", b.answered()).put("orders", b.orders())));
        return new JsonObject()
                .put("period", w.period().code()).put("label", w.label()).put("start", w.start().toString())
                .put("last", w.last().toString()).put("zone", w.zone().getId())
                .put("from", w.from().toString()).put("to", w.to().toString())
                .put("generatedAt", r.generatedAt().toString())
                .put("calls", calls)
                .put("orders", new JsonObject().put("total", r.orders()).put("byCategory", categories)
                        .put("byUnit", units).put("byDistrict", districts).put("byStreet", streets)
                        .put("byRequestType", requestTypes(r)).put("answeredOnTheSpot", r.answeredOnTheSpot())
                        .put("urges", r.urges()))
                .put("ranking", ranking)
                .put("problems", problems)
                .put("trend", trend);
    }

    /** Orders per request type: {@code [{"type":"consultation","count":3}, ...]}. */
    private static JsonArray requestTypes(Report r) {
        JsonArray out = new JsonArray();
        r.byRequestType().forEach(x -> out.add(new JsonObject().put("type", x.key()).put("count", x.count())));
        return out;
    }

    /** {@code {"numerator","denominator","basisPoints"}}; basisPoints null when nothing was counted. */
    static JsonObject rate(Rate rate) {
        return new JsonObject().put("numerator", rate.numerator()).put("denominator", rate.denominator())
                .put("basisPoints", rate.defined() ? rate.basisPoints() : null);
    }

    /** "87.5%" or "—" when undefined. */
    static String percent(Rate rate) {
        if (!rate.defined()) {
            return "—";
        }
        int bp = rate.basisPoints();
        return bp / 100 + "." + (bp % 100) / 10 + "%";
    }
}
