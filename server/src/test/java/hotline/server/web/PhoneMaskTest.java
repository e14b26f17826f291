package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PhoneMaskTest {

    @Test
    void shouldKeepTheFirstThreeAndLastFourDigitsOfAMobileNumber() {
        assertThat(PhoneMask.mask("13812345678")).isEqualTo("138****5678");
        assertThat(PhoneMask.mask("138-1234-5678")).isEqualTo("138-****-5678");
        assertThat(PhoneMask.mask("+8613812345678")).isEqualTo("+86138****5678");
        assertThat(PhoneMask.mask("+86 138 1234 5678")).isEqualTo("+86 138 **** 5678");
        assertThat(PhoneMask.mask("008613812345678")).isEqualTo("0086138****5678");
    }

    @Test
    void shouldKeepTheAreaCodeAndLastFourDigitsOfALandline() {
        assertThat(PhoneMask.mask("01065123456")).isEqualTo("010****3456");
        assertThat(PhoneMask.mask("010-65123456")).isEqualTo("010-****3456");
        assertThat(PhoneMask.mask("02112345678")).isEqualTo("021****5678");
        assertThat(PhoneMask.mask("075512345678")).isEqualTo("0755****5678");
        assertThat(PhoneMask.mask("0571-8765432")).isEqualTo("0571-***5432");
        assertThat(PhoneMask.mask("65123456")).isEqualTo("****3456");
        assertThat(PhoneMask.mask("6512345")).isEqualTo("***2345");
    }

    @Test
    void shouldLeaveShortServiceNumbersAndNullAlone() {
        assertThat(PhoneMask.mask("12345")).isEqualTo("12345");
        assertThat(PhoneMask.mask("110")).isEqualTo("110");
        assertThat(PhoneMask.mask(null)).isNull();
        assertThat(PhoneMask.mask("")).isEmpty();
    }

    @Test
    void shouldMaskEveryDigitButTheEndsOfAnUnusualLongNumber() {
        assertThat(PhoneMask.mask("123456789012")).isEqualTo("123*****9012");
    }

    @Test
    void shouldMaskNumbersInsideFreeTextButNotOrderNumbersOrOtherFigures() {
        assertThat(PhoneMask.maskText("请回电13812345678或010-65123456，谢谢"))
                .isEqualTo("请回电138****5678或010-****3456，谢谢");
        assertThat(PhoneMask.maskText("我的电话是 138 1234 5678")).isEqualTo("我的电话是 138 **** 5678");
        assertThat(PhoneMask.maskText("工单20261201-000001，3号楼，12345热线，2026年"))
                .isEqualTo("工单20261201-000001，3号楼，12345热线，2026年");
        assertThat(PhoneMask.maskText(null)).isNull();
    }

    @Test
    void shouldMaskTheOrdersPhoneSummaryNotesAndHistoryWithoutTouchingTheOriginal() {
        JsonObject order = new JsonObject().put("number", "20261201-000001").put("phone", "13812345678")
                .put("summary", "回电13987654321").put("callerName", "王女士")
                .put("parts", new JsonArray().add(new JsonObject().put("unitId", "bl").put("note", "已联系13700001111")))
                .put("history", new JsonArray().add(new JsonObject().put("type", "REPLIED")
                        .put("detail", "致电13700001111")).add(new JsonObject().put("type", "CREATED")));

        JsonObject masked = PhoneMask.maskOrder(order);

        assertThat(masked.getString("phone")).isEqualTo("138****5678");
        assertThat(masked.getString("summary")).isEqualTo("回电139****4321");
        assertThat(masked.getJsonArray("parts").getJsonObject(0).getString("note")).isEqualTo("已联系137****1111");
        assertThat(masked.getJsonArray("history").getJsonObject(0).getString("detail")).isEqualTo("致电137****1111");
        assertThat(masked.getString("number")).isEqualTo("20261201-000001");
        assertThat(order.getString("phone")).isEqualTo("13812345678");
        assertThat(order.getString("summary")).isEqualTo("回电13987654321");
    }
}
