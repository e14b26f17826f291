package hotline.server.reports;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The texts of the CSV and PDF exports, from the web UI's own i18n files ({@code web/i18n/zh.json},
 * {@code en.json}: the {@code report.*} and {@code category.*} keys), so the page and the files say the same.
 */
public final class ReportLabels {
    private final JsonObject texts;
    private final Map<String, String> unitNames;

    private ReportLabels(JsonObject texts, Map<String, String> unitNames) {
        this.texts = texts;
        this.unitNames = Map.copyOf(unitNames);
    }

    /** The labels of {@code lang} ({@code zh} or {@code en}) with the unit directory's names by id. */
    public static ReportLabels load(String lang, Map<String, String> unitNames) {
        String path = "web/i18n/" + ("en".equals(lang) ? "en" : "zh") + ".json";
        try (InputStream in = ReportLabels.class.getClassLoader().getResourceAsStream(path)) {
            Objects.requireNonNull(in, "classpath resource " + path);
            return new ReportLabels(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)), unitNames);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of {@code key}, or the key itself. */
    public String t(String key) {
        return texts.getString(key, key);
    }

    /** The category's name, or 未知类别(code) for a code the taxonomy does not have. */
    public String category(String code) {
        String name = texts.getString("category." + code);
        return name != null ? name : t("report.unknownCategory").replace("{code}", code);
    }

    /** The unit's name in the unit directory, or 未知单位(id) for an id not in it. */
    public String unit(String unitId) {
        String name = unitNames.get(unitId);
        return name != null ? name : t("unitpicker.unknown").replace("{id}", unitId);
    }
}
