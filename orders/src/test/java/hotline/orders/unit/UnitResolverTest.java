package hotline.orders.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnitResolverTest {
    private static final UnitEntry BALIZHUANG_CY = new UnitEntry("balizhuang", "八里庄街道", "朝阳区", List.of());
    private static final UnitEntry BALIZHUANG_HD = new UnitEntry("110108005", "八里庄街道", "海淀区", List.of());
    private static final UnitEntry JINGSHAN = new UnitEntry("110101002", "景山街道", "东城区", List.of());
    private static final UnitEntry ENV = new UnitEntry("dept-environment", "北京市生态环境局", null,
            List.of("市生态环境局", "生态环境局"));
    private static final UnitEntry GAS = new UnitEntry("dept-gas", "北京燃气集团", null, List.of("燃气集团", "市燃气集团"));
    private static final UnitResolver UNITS = new UnitResolver(List.of(BALIZHUANG_CY, ENV, GAS, JINGSHAN,
            BALIZHUANG_HD));

    @Test
    void shouldFindAUnitByItsExactId() {
        assertThat(UNITS.resolve("110108005", null)).isEqualTo(new UnitMatch.Found(BALIZHUANG_HD));
        assertThat(UNITS.resolve(" balizhuang ", null)).isEqualTo(new UnitMatch.Found(BALIZHUANG_CY));
        assertThat(UNITS.resolve("ＢＡＬＩＺＨＵＡＮＧ", null)).isEqualTo(new UnitMatch.Found(BALIZHUANG_CY));
    }

    @Test
    void shouldFindAStreetByNameWithItsDistrictInFullOrHalfWidthBrackets() {
        assertThat(UNITS.resolve("景山街道（东城区）", null)).isEqualTo(new UnitMatch.Found(JINGSHAN));
        assertThat(UNITS.resolve("景山街道(东城区)", null)).isEqualTo(new UnitMatch.Found(JINGSHAN));
        assertThat(UNITS.resolve("八里庄街道(海淀区)", null)).isEqualTo(new UnitMatch.Found(BALIZHUANG_HD));
        assertThat(UNITS.resolve("八里庄街道 （ 朝阳区 ）", null)).isEqualTo(new UnitMatch.Found(BALIZHUANG_CY));
        assertThat(UNITS.resolve("八里庄街道（海淀）", null)).isEqualTo(new UnitMatch.Found(BALIZHUANG_HD));
    }

    @Test
    void shouldFindAStreetByNameAndDistrictGivenApart() {
        assertThat(UNITS.resolve("八里庄街道", "海淀区")).isEqualTo(new UnitMatch.Found(BALIZHUANG_HD));
        assertThat(UNITS.resolve("八里庄街道", "朝阳")).isEqualTo(new UnitMatch.Found(BALIZHUANG_CY));
        assertThat(UNITS.resolve("景山街道", "海淀区")).isEqualTo(new UnitMatch.NotFound("景山街道"));
    }

    @Test
    void shouldFindAUniquePlainNameAndADepartmentWhateverTheDistrict() {
        assertThat(UNITS.resolve("景山街道", null)).isEqualTo(new UnitMatch.Found(JINGSHAN));
        assertThat(UNITS.resolve("北京市生态环境局", "朝阳区")).isEqualTo(new UnitMatch.Found(ENV));
    }

    @Test
    void shouldFindADepartmentByAConfiguredShortName() {
        assertThat(UNITS.resolve("市生态环境局", null)).isEqualTo(new UnitMatch.Found(ENV));
        assertThat(UNITS.resolve("燃气集团", null)).isEqualTo(new UnitMatch.Found(GAS));
        assertThat(UNITS.resolve("市燃气集团", null)).isEqualTo(new UnitMatch.Found(GAS));
    }

    @Test
    void shouldGiveTheCandidatesOfAnAmbiguousPlainNameInsteadOfPickingOne() {
        assertThat(UNITS.resolve("八里庄街道", null))
                .isEqualTo(new UnitMatch.Ambiguous(List.of(BALIZHUANG_CY, BALIZHUANG_HD)));
        assertThat(UNITS.resolve("八里庄街道", "")).isInstanceOf(UnitMatch.Ambiguous.class);
    }

    @Test
    void shouldNotFindATypoOrBlank() {
        assertThat(UNITS.resolve("balizhaung", null)).isEqualTo(new UnitMatch.NotFound("balizhaung"));
        assertThat(UNITS.resolve("八里庄", null)).isEqualTo(new UnitMatch.NotFound("八里庄"));
        assertThat(UNITS.resolve(" ", null)).isInstanceOf(UnitMatch.NotFound.class);
        assertThat(UNITS.resolve(null, null)).isInstanceOf(UnitMatch.NotFound.class);
    }

    @Test
    void shouldShowAStreetWithItsDistrict() {
        assertThat(BALIZHUANG_HD.displayName()).isEqualTo("八里庄街道（海淀区）");
        assertThat(ENV.displayName()).isEqualTo("北京市生态环境局");
    }

    @Test
    void shouldRefuseADirectoryWithAnIdTwice() {
        assertThatThrownBy(() -> new UnitResolver(List.of(JINGSHAN, JINGSHAN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("110101002");
    }
}
