package hotline.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallLanguageTest {

    @Test
    void shouldTakeTheMenuChoiceThenTheQueuesLanguageThenTheDefault() {
        assertThat(CallLanguage.of("en", "zh", "zh")).isEqualTo("en");
        assertThat(CallLanguage.of(null, "en", "zh")).isEqualTo("en");
        assertThat(CallLanguage.of(" ", null, "zh")).isEqualTo("zh");
        assertThat(CallLanguage.of("ZH_CN", null, "en")).isEqualTo("zh-cn");
    }

    @Test
    void shouldRefuseNoDefault() {
        assertThatThrownBy(() -> CallLanguage.of("en", null, " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("defaultLanguage");
    }

    @Test
    void shouldPickTheExactModelThenThePrimarySubtagsThenARegionalOne() {
        assertThat(CallLanguage.model("zh", Set.of("zh", "en"))).contains("zh");
        assertThat(CallLanguage.model("zh-cn", Set.of("zh", "en"))).contains("zh");
        assertThat(CallLanguage.model("en", List.of("en-us", "en-gb"))).contains("en-gb");
        assertThat(CallLanguage.model("EN", Set.of("en"))).contains("en");
    }

    @Test
    void shouldFindNoModelForALanguageWithoutOneRatherThanAnotherLanguages() {
        assertThat(CallLanguage.model("zh", Set.of("en"))).isEmpty();
        assertThat(CallLanguage.model("zh", Set.of())).isEmpty();
        assertThat(CallLanguage.model("yue", Set.of("zh"))).isEmpty();
    }
}
