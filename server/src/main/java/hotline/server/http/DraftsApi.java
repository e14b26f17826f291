package hotline.server.http;

import static hotline.server.http.JsonReplies.badRequest;
import static hotline.server.http.JsonReplies.json;

import hotline.config.OrdersConfig;
import hotline.orders.extract.DraftExtractor;
import hotline.orders.extract.DraftField;
import hotline.orders.extract.DraftOrder;
import hotline.orders.extract.ExtractionRules;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;

/**
 * Draft work orders from transcripts over HTTP (the online channel and the agent's desktop use the same extraction
 * as {@code ./hotline extract}).
 *
 * <pre>
 * POST /api/drafts   {"text":"...", "callerNumber":"13800138000"}   -> 200 draft (see {@link #toJson})
 * </pre>
 * Errors: 400 {@code {"error":"<what was wrong>","code":"BAD_REQUEST"}}. The extractor is pure and immutable, so
 * the handler runs it on the event loop: a transcript takes well under a millisecond.
 */
public final class DraftsApi {
    /** Longest transcript accepted over HTTP, in characters (the API's 16 KiB body holds ~5400 Chinese ones). */
    public static final int MAX_TEXT = 5000;
    private static final Set<String> FIELDS = Set.of("text", "callerNumber");

    private final DraftExtractor extractor;

    public DraftsApi(DraftExtractor extractor) {
        this.extractor = extractor;
    }

    /**
     * Builds the extractor the configuration asks for: the city's gazetteer and the packaged or configured rules.
     * Blocking (reads the gazetteer, ~0.3 s): call it off the event loop.
     *
     * @throws IllegalArgumentException naming the key when the city or the rules file is wrong
     */
    public static DraftExtractor createExtractor(OrdersConfig config) {
        return createExtractor(config, null);
    }

    /**
     * As {@link #createExtractor(OrdersConfig)} with the unit directory already loaded ({@code units}, its gazetteer
     * reused); null to load them here.
     */
    public static DraftExtractor createExtractor(OrdersConfig config, hotline.server.orders.UnitDirectory units) {
        ExtractionRules rules;
        if (config.rulesFile() == null) {
            rules = ExtractionRules.defaults();
        } else {
            try (Reader in = Files.newBufferedReader(config.rulesFile(), StandardCharsets.UTF_8)) {
                rules = ExtractionRules.parse(in, "hotline.orders.rules " + config.rulesFile());
            } catch (IOException e) {
                throw new UncheckedIOException("hotline.orders.rules: cannot read " + config.rulesFile() + ": "
                        + e.getMessage(), e);
            }
        }
        hotline.server.orders.UnitDirectory directory = units != null ? units
                : hotline.server.orders.UnitDirectory.load(config);
        // the same directory as GET /api/units (named units + the gazetteer's streets): drafts carry its unit ids
        return new DraftExtractor(directory.gazetteer(), rules, directory.resolver());
    }

    /** Adds {@code POST /api/drafts} to {@code router} (which must already parse bodies under /api). */
    public void mount(Router router) {
        router.post("/api/drafts").handler(this::draft);
    }

    /**
     * Adds {@code POST /api/drafts} answering 503 {@code DRAFTS_UNAVAILABLE} with {@code reason}: the server keeps
     * taking calls when the extractor cannot be built (broken rules file, missing gazetteer data).
     */
    public static void mountUnavailable(Router router, String reason) {
        router.post("/api/drafts").handler(ctx -> json(ctx, 503, new JsonObject()
                .put("error", "draft extraction unavailable: " + reason).put("code", "DRAFTS_UNAVAILABLE").encode()));
    }

    private void draft(RoutingContext ctx) {
        String body = ctx.body().asString();
        JsonObject request;
        try {
            request = new JsonObject(body == null ? "" : body);
        } catch (DecodeException | ClassCastException e) {
            badRequest(ctx, "body: expected a JSON object {\"text\": \"...\", \"callerNumber\": \"...\"}");
            return;
        }
        String problem = validate(request, MAX_TEXT);
        if (problem != null) {
            badRequest(ctx, problem);
            return;
        }
        DraftOrder draft = extractor.extract(request.getString("text"), request.getString("callerNumber"));
        json(ctx, 200, toJson(null, draft).encode());
    }

    /**
     * What is wrong with a draft request ({@code text} required, at most {@code maxText} characters;
     * {@code callerNumber} optional; nothing else), or {@code null} when it is fine.
     */
    public static String validate(JsonObject request, int maxText) {
        for (String field : request.fieldNames()) {
            if (!FIELDS.contains(field)) {
                return field + ": unknown field (allowed: callerNumber, text)";
            }
        }
        Object text = request.getValue("text");
        if (!(text instanceof String t)) {
            return "text: expected the transcript as a string, got " + (text == null ? "nothing" : text);
        }
        if (t.length() > maxText) {
            return "text: longer than " + maxText + " characters (" + t.length() + ")";
        }
        Object caller = request.getValue("callerNumber");
        if (caller != null && !(caller instanceof String c && c.matches("\\+?[0-9 -]{3,20}"))) {
            return "callerNumber: expected a phone number as a string of digits, got " + caller;
        }
        return null;
    }

    /**
     * The JSON of a draft: {@code id} (when given), each field's value ({@code null} when unknown), {@code confidence}
     * with each field's 0..1, {@code streetCandidates}, {@code notes} and {@code unitId}: the unit directory's id of
     * {@code unit} when it names exactly one unit (景山街道（东城区） -> 110101002), else null.
     */
    public static JsonObject toJson(String id, DraftOrder draft) {
        JsonObject out = new JsonObject();
        if (id != null) {
            out.put("id", id);
        }
        JsonObject confidence = new JsonObject();
        for (Map.Entry<String, DraftField> f : draft.fields().entrySet()) {
            out.put(f.getKey(), f.getValue().value());
            confidence.put(f.getKey(), f.getValue().confidence());
        }
        out.put("confidence", confidence);
        out.put("streetCandidates", new JsonArray(draft.streetCandidates()));
        out.put("notes", new JsonArray(draft.notes()));
        out.put("unitId", draft.unitId());
        return out;
    }
}
