package hotline.orders.extract.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text as Vosk's Chinese models write it: words split by spaces, numbers as characters. */
class VoskChineseTextTest {

    @Test
    void shouldJoinChineseWordsAndTurnASpokenPhoneNumberIntoDigits() {
        assertThat(VoskChineseText.normalize("我的 电话 是 幺 三 八 零 零 幺 三 八 零 零 零"))
                .isEqualTo("我的电话是13800138000");
        assertThat(VoskChineseText.normalize("手机 号 是 幺三八 零零幺三 八零零零")).isEqualTo("手机号是13800138000");
        assertThat(VoskChineseText.normalize("电话 一 五 零 一 零 零 两 三 四 五 六")).isEqualTo("电话15010023456");
    }

    @Test
    void shouldWriteHouseNumbersInDigits() {
        assertThat(VoskChineseText.normalize("住 在 丰台 路 十八 号 三 号楼 二 单元 五零一 室"))
                .isEqualTo("住在丰台路18号3号楼2单元501室");
        assertThat(VoskChineseText.normalize("五 零 一 室 二十三 号 一百零五 号 十 层")).isEqualTo("501室23号105号10层");
    }

    @Test
    void shouldLeaveNumberWordsThatAreNotNumbersAlone() {
        assertThat(VoskChineseText.normalize("停水 两 天 了 一直 没 人 管 好 几 天")).isEqualTo("停水两天了一直没人管好几天");
        assertThat(VoskChineseText.normalize("我 姓 王 三 横 一 竖 的 王")).isEqualTo("我姓王三横一竖的王");
    }

    @Test
    void shouldLeaveTextWithoutChineseAsItIs() {
        assertThat(VoskChineseText.normalize("my number is one three eight  0 0 1 3"))
                .isEqualTo("my number is one three eight  0 0 1 3");
    }

    @Test
    void shouldKeepTheSpaceBetweenAsciiWords() {
        assertThat(VoskChineseText.normalize("我 住 Room 6 号")).isEqualTo("我住Room 6号");
    }
}
