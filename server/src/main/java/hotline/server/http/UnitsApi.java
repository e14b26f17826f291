package hotline.server.http;

import static hotline.server.http.JsonReplies.error;
import static hotline.server.http.JsonReplies.json;

import hotline.config.OrdersConfig;
import hotline.orders.gazetteer.Gazetteer;
import hotline.server.orders.UnitDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unit directory, so that every screen shows unit names instead of ids.
 * <pre>
 * GET /api/units -> 200 {"units":[{"id":"balizhuang","name":"八里庄街道","kind":"street","district":"朝阳区"},
 *                                 {"id":"dept-water","name":"市水务局","kind":"department"}, ...]}
 *                 | 503 while the gazetteer loads (a second after startup) or if it cannot be read
 * </pre>
 */
public final class UnitsApi {
    private static final Logger log = LoggerFactory.getLogger(UnitsApi.class);
    private String body;
    private String problem = "the unit directory is still loading";

    private UnitsApi() {
    }

    /** Adds the route and loads the directory off the event loop (the gazetteer, ~0.3 s). */
    public static void mount(Router router, Vertx vertx, OrdersConfig config) {
        UnitsApi api = new UnitsApi();
        router.get("/api/units").handler(ctx -> {
            if (api.body == null) {
                error(ctx, 503, "UNAVAILABLE", api.problem);
            } else {
                ctx.response().putHeader("cache-control", "private, max-age=300");
                json(ctx, 200, api.body);
            }
        });
        vertx.executeBlocking(() -> toJson(UnitDirectory.of(config.units(), Gazetteer.load(config.cityCode()))))
                .onSuccess(json -> {
                    api.body = json.encode();
                    log.info("unit directory: {} units", json.getJsonArray("units").size());
                })
                .onFailure(err -> {
                    api.problem = "unit directory unavailable: " + err.getMessage();
                    log.error("unit directory unavailable (GET /api/units answers 503): {}", err.getMessage());
                });
    }

    /** The wire form of {@code GET /api/units}. */
    public static JsonObject toJson(UnitDirectory directory) {
        JsonArray units = new JsonArray();
        for (UnitDirectory.Unit u : directory.units()) {
            JsonObject o = new JsonObject().put("id", u.id()).put("name", u.name()).put("kind", u.kind());
            if (u.district() != null) {
                o.put("district", u.district());
            }
            units.add(o);
        }
        return new JsonObject().put("units", units);
    }
}
