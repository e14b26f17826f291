package hotline.server.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.config.OrdersConfig;
import hotline.orders.gazetteer.Gazetteer;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitDirectoryTest {
    private static final Gazetteer CHAOYANG = Gazetteer.fromCsv("110000",
            new StringReader("code,name,cityCode,provinceCode\n110105,\"朝阳区\",1101,11\n110106,\"丰台区\",1101,11\n"),
            new StringReader("code,name,areaCode,provinceCode,cityCode\n110105015,\"八里庄街道\",110105,11,1101\n"
                    + "110106002,\"太平桥街道\",110106,11,1101\n"),
            new StringReader("code,name,streetCode,provinceCode,cityCode,areaCode\n"));

    @Test
    void shouldNameNamedUnitsFirstThenEveryStreetByItsDivisionCode() {
        UnitDirectory d = UnitDirectory.of(List.of(new OrdersConfig.Unit("balizhuang", "八里庄街道"),
                new OrdersConfig.Unit("dept-water", "市水务局")), CHAOYANG);

        assertThat(d.units()).containsExactly(
                new UnitDirectory.Unit("balizhuang", "八里庄街道", "street", "朝阳区"),
                new UnitDirectory.Unit("dept-water", "市水务局", "department", null),
                new UnitDirectory.Unit("110106002", "太平桥街道", "street", "丰台区"));
    }

    @Test
    void shouldTakeAStreetByItsCodeWhereItsNameIsNotUnique() {
        Gazetteer twoBalizhuang = Gazetteer.fromCsv("110000",
                new StringReader("code,name,cityCode,provinceCode\n110105,\"朝阳区\",1101,11\n110108,\"海淀区\",1101,11\n"),
                new StringReader("code,name,areaCode,provinceCode,cityCode\n110105015,\"八里庄街道\",110105,11,1101\n"
                        + "110108004,\"八里庄街道\",110108,11,1101\n"),
                new StringReader("code,name,streetCode,provinceCode,cityCode,areaCode\n"));

        assertThat(UnitDirectory.of(List.of(new OrdersConfig.Unit("balizhuang", "八里庄街道", "110105015")),
                twoBalizhuang).units()).containsExactly(
                        new UnitDirectory.Unit("balizhuang", "八里庄街道", "street", "朝阳区"),
                        new UnitDirectory.Unit("110108004", "八里庄街道", "street", "海淀区"));
        // without the code the name is ambiguous: a unit of its own
        assertThat(UnitDirectory.of(List.of(new OrdersConfig.Unit("balizhuang", "八里庄街道")), twoBalizhuang)
                .units().get(0).kind()).isEqualTo("department");
        assertThatThrownBy(() -> UnitDirectory.of(List.of(new OrdersConfig.Unit("x", "某街道", "110199999")),
                twoBalizhuang)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("110199999");
    }

    @Test
    void shouldListEveryStreetWithoutNamedUnits() {
        assertThat(UnitDirectory.of(List.of(), CHAOYANG).units()).extracting(UnitDirectory.Unit::id)
                .containsExactly("110105015", "110106002");
    }
}
