package hotline.orders.extract;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.orders.gazetteer.Gazetteer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drafts from text as Vosk's Chinese models write it (docs/asr.md): spaced words, numbers as characters. */
class VoskChineseDraftTest {
    private static DraftExtractor extractor;

    @BeforeAll
    static void load() {
        extractor = new DraftExtractor(Gazetteer.load(Gazetteer.BEIJING), ExtractionRules.defaults());
    }

    @Test
    void shouldReadTheHouseNumberAndThePhoneNumberAsDigits() {
        DraftOrder d = extractor.extract("我 姓 张 住 在 丰台 区 丰台 路 十八 号 三 号楼 二 单元 五零一 室 楼道 里 有 煤气 味"
                + " 很 急 电话 幺三九 幺二三四 五六七八", null);

        assertThat(d.address().value()).isEqualTo("丰台区丰台路18号3号楼2单元501室");
        assertThat(d.phone().value()).isEqualTo("13912345678");
        assertThat(d.district().value()).isEqualTo("丰台区");
        assertThat(d.category().value()).isEqualTo("gas_power");
        assertThat(d.urgency().value()).isEqualTo("2h");
        assertThat(d.surname().value()).isEqualTo("张");
    }

    @Test
    void shouldFillTheDraftFromTheTestRecognisersScript() {
        DraftOrder d = extractor.extract("喂 你好 我 姓 王 我 住 在 朝阳 区 八里庄 街道 我们 楼 下 的 路灯 坏 了 好 几 天 晚上"
                + " 特别 黑 我的 电话 是 幺 三 八 零 零 幺 三 八 零 零 零", null);

        assertThat(d.phone().value()).isEqualTo("13800138000");
        assertThat(d.district().value()).isEqualTo("朝阳区");
        assertThat(d.street().value()).isEqualTo("八里庄街道");
        assertThat(d.category().value()).isEqualTo("street_light");
        assertThat(d.surname().value()).isEqualTo("王");
    }
}
