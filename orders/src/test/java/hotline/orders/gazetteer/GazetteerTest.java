package hotline.orders.gazetteer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GazetteerTest {
    private static Gazetteer beijing;

    @BeforeAll
    static void load() {
        beijing = Gazetteer.load(Gazetteer.BEIJING);
    }

    @Test
    void shouldLoadBeijingsSixteenDistrictsWithTheirStreetsAndCommunitiesFromChinaDivision() {
        assertThat(beijing.districts()).hasSize(16);
        assertThat(beijing.districts()).extracting(District::name).contains("东城区", "朝阳区", "丰台区", "海淀区", "延庆区");
        assertThat(beijing.streets()).hasSizeGreaterThan(300);
        assertThat(beijing.streets()).allSatisfy(s -> assertThat(s.code()).startsWith(s.district().code()));
        assertThat(beijing.communities()).hasSizeGreaterThan(7000);
        assertThat(beijing.communities()).extracting(Community::name).contains("天伦北里社区", "多福巷社区");
    }

    @Test
    void shouldResolveACommunityNameAloneToItsStreetAndDistrict() {
        AddressResolution r = beijing.resolve("我家住在天伦北里，楼下路灯坏了");

        assertThat(r.community().name()).isEqualTo("天伦北里社区");
        assertThat(r.street().name()).isEqualTo("太平桥街道");
        assertThat(r.district().name()).isEqualTo("丰台区");
        assertThat(r.streetConfidence()).isGreaterThan(0.7);
    }

    @Test
    void shouldLeaveAnAmbiguousStreetUnresolvedWithBothCandidates() {
        AddressResolution r = beijing.resolve("八里庄街道这边路灯坏了");

        assertThat(r.ambiguous()).isTrue();
        assertThat(r.street()).isNull();
        assertThat(r.streetConfidence()).isZero();
        assertThat(r.district()).isNull();
        assertThat(r.streetCandidates()).extracting(Street::qualifiedName)
                .containsExactly("八里庄街道（朝阳区）", "八里庄街道（海淀区）");
    }

    @Test
    void shouldDecideAnAmbiguousStreetByTheDistrictSaid() {
        AddressResolution r = beijing.resolve("海淀 区 八里庄 街道");

        assertThat(r.street().code()).isEqualTo("110108005");
        assertThat(r.district().name()).isEqualTo("海淀区");
        assertThat(r.streetCandidates()).isEmpty();
    }

    @Test
    void shouldDecideAnAmbiguousStreetByTheCommunitySaid() {
        AddressResolution chaoyang = beijing.resolve("八里庄街道红庙北里");
        AddressResolution haidian = beijing.resolve("八里庄 恩济里 社区");

        assertThat(chaoyang.street().qualifiedName()).isEqualTo("八里庄街道（朝阳区）");
        assertThat(chaoyang.community().name()).isEqualTo("红庙北里社区");
        assertThat(haidian.street().qualifiedName()).isEqualTo("八里庄街道（海淀区）");
        assertThat(haidian.community().name()).isEqualTo("恩济里社区");
    }

    @Test
    void shouldMatchSpokenShortFormsAndIgnoreVoskSpaces() {
        assertThat(beijing.resolve("朝阳 南磨房 这边").street().name()).isEqualTo("南磨房地区");
        assertThat(beijing.resolve("通州 区 梨园 镇").street().name()).isEqualTo("梨园镇");
        assertThat(beijing.resolve("我在丰台").district().name()).isEqualTo("丰台区");
        assertThat(beijing.resolve("于家务乡").street().name()).isEqualTo("于家务回族乡");
    }

    @Test
    void shouldFindNothingInTextWithoutPlaceNames() {
        assertThat(beijing.resolve("the street light outside building 3 is broken")).isEqualTo(AddressResolution.NONE);
        assertThat(beijing.resolve("")).isEqualTo(AddressResolution.NONE);
    }

    @Test
    void shouldMaskPlaceNamesKeepingPositions() {
        String masked = beijing.maskPlaceNames("九棵树 街道 有 树 倒 了");

        assertThat(masked).isEqualTo("〓〓〓 〓〓 有 树 倒 了");
    }

    @Test
    void shouldLoadAnotherCityFromTheSameData() {
        Gazetteer one = Gazetteer.fromCsv("110105",
                new StringReader("code,name,cityCode,provinceCode\n110105,\"朝阳区\",1101,11\n110106,\"丰台区\",1101,11\n"),
                new StringReader("code,name,areaCode,provinceCode,cityCode\n110105015,\"八里庄街道\",110105,11,1101\n"
                        + "110106002,\"太平桥街道\",110106,11,1101\n"),
                new StringReader("code,name,streetCode,provinceCode,cityCode,areaCode\n"
                        + "110105015038,\"红庙北里社区居委会\",110105015,11,1101,110105\n"));

        assertThat(one.districts()).extracting(District::name).containsExactly("朝阳区");
        assertThat(one.streets()).extracting(Street::name).containsExactly("八里庄街道");
        assertThat(one.resolve("八里庄").street().name()).isEqualTo("八里庄街道");
        assertThat(one.communities()).extracting(Community::name).containsExactly("红庙北里社区");
    }

    @Test
    void shouldRefuseMalformedCityCodesAndFilesNamingTheProblem() {
        assertThatThrownBy(() -> Gazetteer.load("11")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 digits");
        assertThatThrownBy(() -> Gazetteer.load("990000")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no districts");
        assertThatThrownBy(() -> Gazetteer.fromCsv("110000", new StringReader("id,label\n"), new StringReader(""),
                new StringReader(""))).hasMessageContaining("areas.csv").hasMessageContaining("header");
        assertThatThrownBy(() -> Gazetteer.fromCsv("110000",
                new StringReader("code,name,cityCode,provinceCode\n110105,\"朝阳区\",1101\n"), new StringReader(""),
                new StringReader(""))).hasMessageContaining("areas.csv line 2");
    }
}
