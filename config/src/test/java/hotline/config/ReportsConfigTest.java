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
        assertThat(r.unitNames()).as("units are named by the one unit directory, not here").isEmpty();
        assertThat(r.topProblems()).isEqualTo(10);
        assertThat(r.maxRecords()).isEqualTo(500_000);
        assertThat(r.pdfFont()).isEqualTo(Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"));
        assertThat(HotlineConfigLoader.load(Map.of("HOTLINE_REPORTS_PDF_FONT", "/opt/f.ttf"), Map.of()).reports()
                .pdfFont()).isEqualTo(Path.of("/opt/f.ttf"));
    }

    @Test
    void shouldNameEveryBadKey(@TempDir Path dir) throws IOException {
        assertThat(problems(dir, "units = [ { id = \"dept-gas\", name = \"市燃气集团\" } ]"))
                .contains("hotline.reports.units: no longer read: reports name units from the unit directory");
        assertThat(problems(dir, "topProblems = 0")).contains("hotline.reports.topProblems");
        assertThat(problems(dir, "maxRecords = lots")).contains("hotline.reports.maxRecords");
        assertThat(problems(dir, "colour = 1")).contains("hotline.reports.colour: unknown key");
    }
}
