package hotline.server.http;

import static hotline.server.http.JsonReplies.badRequest;
import static hotline.server.http.JsonReplies.error;
import static hotline.server.http.JsonReplies.json;

import hotline.config.OrdersConfig;
import hotline.orders.unit.UnitEntry;
import hotline.orders.unit.UnitMatch;
import hotline.server.orders.UnitDirectory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unit directory, so that every screen shows unit names instead of ids, and finds units by name.
 * <pre>
 * GET /api/units -> 200 {"units":[{"id":"balizhuang","name":"八里庄街道","kind":"street","district":"朝阳区",
 *                                  "displayName":"八里庄街道（朝阳区）"},
 *                                 {"id":"dept-environment","name":"北京市生态环境局","kind":"department",
 *                                  "displayName":"北京市生态环境局","aliases":["市生态环境局"]}, ...]}
 * GET /api/units/resolve?name=八里庄街道[&amp;district=海淀区]
 *                -> 200 {"query":"八里庄街道","match":"found"|"ambiguous"|"none","unit":{..}?,"candidates":[{..}]}
 * </pre>
 * Both answer 503 while the gazetteer loads (a second after startup) or if it cannot be read. {@code resolve} takes
 * an id, a name with the district in brackets of either width, a name with {@code district} apart, or a configured
 * alias ({@link hotline.orders.unit.UnitResolver}); an ambiguous plain name gives every candidate, never one.
 */
public final class UnitsApi {
    private static final Logger log = LoggerFactory.getLogger(UnitsApi.class);
    private static final Set<String> RESOLVE_PARAMS = Set.of("name", "district");
    private final Promise<UnitDirectory> loaded = Promise.promise();
    private volatile UnitDirectory directory;
    private String body;
    private String problem = "the unit directory is still loading";

    private UnitsApi() {
    }

    /** Adds the routes and loads the directory off the event loop (the gazetteer, ~0.3 s). */
    public static UnitsApi mount(Router router, Vertx vertx, OrdersConfig config) {
        UnitsApi api = new UnitsApi();
        router.get("/api/units").handler(ctx -> {
            if (api.body == null) {
                error(ctx, 503, "UNAVAILABLE", api.problem);
            } else {
                ctx.response().putHeader("cache-control", "private, max-age=300");
                json(ctx, 200, api.body);
            }
        });
        router.get("/api/units/resolve").handler(api::resolve);
        vertx.executeBlocking(() -> UnitDirectory.load(config))
                .onSuccess(d -> {
                    api.body = toJson(d).encode();
                    api.directory = d;
                    log.info("unit directory: {} units", d.units().size());
                    api.loaded.tryComplete(d);
                })
                .onFailure(err -> {
                    api.problem = "unit directory unavailable: " + err.getMessage();
                    log.error("unit directory unavailable (GET /api/units answers 503): {}", err.getMessage());
                    api.loaded.tryFail(err);
                });
        return api;
    }

    /** The directory, or null while it loads (or if it could not be loaded). */
    public UnitDirectory directory() {
        return directory;
    }

    /** Completes with the directory once loaded; fails if it cannot be. */
    public Future<UnitDirectory> loaded() {
        return loaded.future();
    }

    private void resolve(RoutingContext ctx) {
        UnitDirectory d = directory;
        if (d == null) {
            error(ctx, 503, "UNAVAILABLE", problem);
            return;
        }
        for (String p : ctx.queryParams().names()) {
            if (!RESOLVE_PARAMS.contains(p)) {
                badRequest(ctx, "unknown parameter " + p + " (expected name, district)");
                return;
            }
        }
        String name = ctx.queryParams().get("name");
        String district = ctx.queryParams().get("district");
        if (name == null || name.isBlank() || name.length() > 100) {
            badRequest(ctx, "name: expected a unit id or name of 1-100 characters, got "
                    + (name == null ? "nothing" : "\"" + name + "\""));
            return;
        }
        if (district != null && district.length() > 64) {
            badRequest(ctx, "district: expected a district name of at most 64 characters");
            return;
        }
        json(ctx, 200, toJson(name, d.resolver().resolve(name, district), d).encode());
    }

    /** The wire form of a resolution: {@code match}, {@code unit} when found, {@code candidates} (0..n). */
    public static JsonObject toJson(String query, UnitMatch match, UnitDirectory d) {
        JsonObject out = new JsonObject().put("query", query);
        List<UnitEntry> candidates;
        if (match instanceof UnitMatch.Found f) {
            candidates = List.of(f.unit());
            out.put("match", "found");
        } else if (match instanceof UnitMatch.Ambiguous a) {
            candidates = a.candidates();
            out.put("match", "ambiguous");
        } else {
            candidates = List.of();
            out.put("match", "none");
        }
        JsonArray list = new JsonArray();
        candidates.forEach(c -> list.add(unitJson(d.unit(c.id()))));
        if (match instanceof UnitMatch.Found) {
            out.put("unit", list.getJsonObject(0));
        }
        return out.put("candidates", list);
    }

    /** The wire form of {@code GET /api/units}. */
    public static JsonObject toJson(UnitDirectory directory) {
        JsonArray units = new JsonArray();
        for (UnitDirectory.Unit u : directory.units()) {
            units.add(unitJson(u));
        }
        return new JsonObject().put("units", units);
    }

    private static JsonObject unitJson(UnitDirectory.Unit u) {
        JsonObject o = new JsonObject().put("id", u.id()).put("name", u.name()).put("kind", u.kind());
        if (u.district() != null) {
            o.put("district", u.district());
        }
        o.put("displayName", u.displayName());
        if (!u.aliases().isEmpty()) {
            o.put("aliases", new JsonArray(u.aliases()));
        }
        return o;
    }
}
