package hotline.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportLabelsTest {
    private final ReportLabels zh = ReportLabels.load("zh", Map.of("dept-gas", "北京燃气集团",
            "110108005", "八里庄街道（海淀区）"));

    @Test
    void shouldNameUnitsFromTheDirectoryAndMarkAnIdNotInIt() {
        assertThat(zh.unit("dept-gas")).isEqualTo("北京燃气集团");
        assertThat(zh.unit("110108005")).isEqualTo("八里庄街道（海淀区）");
        assertThat(zh.unit("balizhaung")).isEqualTo("未知单位(balizhaung)");
        assertThat(ReportLabels.load("en", Map.of()).unit("x")).isEqualTo("Unknown unit (x)");
    }

    @Test
    void shouldShowAnUnknownCategoryCodeAsUnknownNotRaw() {
        assertThat(zh.category("noise")).isEqualTo("噪音扰民");
        assertThat(zh.category("gas")).isEqualTo("未知类别(gas)");
        assertThat(ReportLabels.load("en", Map.of()).category("gas")).isEqualTo("Unknown category (gas)");
    }
}
