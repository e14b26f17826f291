package hotline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsConfigTest {

    private static String problems(Path dir, String reports) throws IOException {
        Path file = dir.resolve("h.conf");
        Files.writeString(file, "hotline.reports {\n" + reports + "\n}\n");
        return catchThrowableOfType(HotlineConfigException.class,
                () -> HotlineConfigLoader.load(Map.of("HOTLINE_CONFIG", file.toString()), Map.of())).getMessage();
    }

    @Test
    void shouldLoadTheDocumentedDefaults() {
        ReportsConfig r = HotlineConfigLoader.load(Map.of(), Map.of()).reports();
        assertThat(r.unitNames()).containsEntry("balizhuang", "八里庄街道").containsEntry("dept-gas", "市燃气集团");
        assertThat(r.topProblems()).isEqualTo(10);
        assertThat(r.maxRecords()).isEqualTo(500_000);
        assertThat(r.pdfFont()).isEqualTo(Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"));
        assertThat(HotlineConfigLoader.load(Map.of("HOTLINE_REPORTS_PDF_FONT", "/opt/f.ttf"), Map.of()).reports()
                .pdfFont()).isEqualTo(Path.of("/opt/f.ttf"));
    }

    @Test
    void shouldNameEveryBadKey(@TempDir Path dir) throws IOException {
        assertThat(problems(dir, "units = [ { id = \"a b\", name = \"x\" } ]"))
                .contains("hotline.reports.units.0.id: expected a unit id");
        assertThat(problems(dir, "units = [ { id = \"a\", name = \"\" } ]"))
                .contains("hotline.reports.units.0.name: expected a name of 1-100 characters");
        assertThat(problems(dir, "units = [ { id = \"a\", name = \"x\" }, { id = \"a\", name = \"y\" } ]"))
                .contains("hotline.reports.units.1.id: unit a is named twice");
        assertThat(problems(dir, "units = [ { id = \"a\", name = \"x\", colour = 1 } ]"))
                .contains("hotline.reports.units.0.colour: unknown key");
        assertThat(problems(dir, "topProblems = 0")).contains("hotline.reports.topProblems");
        assertThat(problems(dir, "maxRecords = lots")).contains("hotline.reports.maxRecords");
        assertThat(problems(dir, "colour = 1")).contains("hotline.reports.colour: unknown key");
    }
}
