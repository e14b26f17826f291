package hotline.orders.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ExtractionRulesTest {

    @Test
    void shouldPackageTheIssuesTwentyOneCategoriesAndFourTiers() {
        ExtractionRules r = ExtractionRules.defaults();

        assertThat(r.categories()).containsExactly("property", "illegal_construction", "group_rental", "parking",
                "garbage", "street_light", "fire_safety", "heating", "water_drainage", "gas_power", "road", "greening",
                "noise", "street_vending", "traffic", "environment", "accessibility", "public_security", "enterprise",
                "consultation", "other");
        assertThat(r.urgencyRules()).extracting(ExtractionRules.UrgencyRule::tier).containsOnly("2h", "24h", "15d");
        assertThat(r.defaultTier()).isEqualTo("7d");
        assertThat(r.unit("street_light")).isEqualTo("市城市管理委员会");
        assertThat(r.unit("noise")).isEqualTo(ExtractionRules.TERRITORIAL);
        assertThat(r.areaCode()).isEqualTo("010");
    }

    @Test
    void shouldParseACustomTaxonomy() {
        ExtractionRules r = ExtractionRules.parse(new StringReader("""
                categories = pets, other
                category.pets.keywords = 狗^3|dog+bark
                category.pets.unit = territorial
                category.other.unit = 12345
                urgency.1.tier = 24h
                urgency.1.name = biting dog
                urgency.1.keywords = 咬人
                """), "test");

        assertThat(r.categories()).containsExactly("pets", "other");
        assertThat(r.keywords("pets")).containsExactly("狗^3", "dog+bark");
        assertThat(r.urgencyRules()).hasSize(1);
        assertThat(r.areaCode()).isEmpty();
    }

    @Test
    void shouldListEveryProblemNamingTheKey() {
        assertThatThrownBy(() -> ExtractionRules.parse(new StringReader("""
                categories = pets, Pets!
                category.pets.keywords = 狗^0
                category.cats.unit = territorial
                urgency.1.tier = 3h
                urgency.2.tier = 2h
                urgency.default = soon
                colour = blue
                """), "my-rules.properties"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("my-rules.properties: ")
                .hasMessageContaining("categories: 'Pets!' is not a code")
                .hasMessageContaining("categories: must include 'other'")
                .hasMessageContaining("category.pets.keywords: keyword '狗^0': weight after ^ must be 1..100")
                .hasMessageContaining("category.cats.unit: category 'cats' is not in categories")
                .hasMessageContaining("category.pets.unit: missing")
                .hasMessageContaining("urgency.1.tier: expected one of [2h, 24h, 7d, 15d], got 3h")
                .hasMessageContaining("urgency.2.keywords/categories: a rule needs at least one of them")
                .hasMessageContaining("urgency.default: expected one of")
                .hasMessageContaining("colour: unknown key");
    }
}
