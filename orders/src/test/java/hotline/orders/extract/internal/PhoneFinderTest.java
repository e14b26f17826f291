package hotline.orders.extract.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PhoneFinderTest {
    private static String find(String text) {
        return PhoneFinder.find(TextNormalizer.compact(text), "010").number();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "电话是13812345678|13812345678",
        "电话 幺 三 八 幺 二 三 四 五 六 七 八|13812345678",
        "手机一三九八七六五四三二一|13987654321",
        "号码 幺八六 两两三三 四四五五|18622334455",
        "电话 幺 三 八 零 零 幺 三 八 洞 洞 洞|13800138000",
        "电话１３８１２３４５６７８|13812345678",
        "my number is 138 1234 5678.|13812345678",
        "call me at 1 3 8, 1 2 3 4, 5 6 7 8.|13812345678",
        "my number is one three eight one two three four five six seven eight|13812345678",
        "phone one eight six double two three three four four five five|18622334455",
        "number one three eight oh oh one three eight triple zero|13800138000",
        "座机 010-65128888|01065128888",
        "座机号码是 六 五 幺 二 三 四 五 六|01065123456",
        "my landline is 6512 3456|01065123456",
        "+86 138 1234 5678|13812345678",
        "my phone is one eight six to two three three four four five five|18622334455",
        "my phone is one free three four four five five six six seven seven|13344556677",
        "call me back at one eight nine one one to do three three four four|18911223344",
        "my name is got hoping to one seven seven eight eight nine nine zero zero one one|17788990011",
        "number one three nine eight seven six five four three two one for a week|13987654321",
        "电话 幺 三 八 嗯 幺 二 三 四 呃 五 六 七 八|13812345678",
        "my number is one three eight uh one two three four um five six seven eight|13812345678",
        // a look-alike at the edge of a run counts when that makes a valid mobile (Vosk: one -> when, three -> free)
        "call me back at when three six two four six eight zero one three five|13624680135",
        "my number is one five one seven three seven three one two two free|15173731223",
        // four -> or, six -> thick inside a run
        "phone one three six or seven two zero zero one one five|13647200115",
        "selling one three thick to zero two zero eight one eight one|13620208181",
    })
    void shouldReadSpokenAndWrittenNumbers(String text, String expected) {
        assertThat(find(text)).isEqualTo(expected);
    }

    @Test
    void shouldNotTakeVoskLookAlikesOutsideADigitRun() {
        assertThat(PhoneFinder.runs(TextNormalizer.compact("i want to go for a walk"))).isEmpty();
        assertThat(PhoneFinder.runs(TextNormalizer.compact("free for one two three four five")))
                .extracting(PhoneFinder.Run::digits).containsExactly("12345");
    }

    @Test
    void shouldPreferTheNumberAfterACueWordOverOtherDigitRuns() {
        assertThat(find("房间 号 是 一二三四五六七八 我的电话是 幺三五 零零幺幺 二二九九")).isEqualTo("13500112299");
    }

    @Test
    void shouldNotTakeAddressNumbersOrShortRunsForAPhone() {
        assertThat(find("I live at 18 Fengtai Road, building 3, room 6 0 2")).isNull();
        assertThat(find("三号楼二单元五零二")).isNull();
        assertThat(find("我打了12345好几次")).isNull();
    }

    @Test
    void shouldReportAnInvalidNumberHeardAfterACue() {
        PhoneFinder.Phone p = PhoneFinder.find(TextNormalizer.compact("电话 幺 三 八 幺 二 三 四 五 六 七"), "010");

        assertThat(p.number()).isNull();
        assertThat(p.problem()).contains("10 digits").contains("1381234567");
    }

    @Test
    void shouldCutAMobileRunIntoTheNextWord() {
        // "一直" starts with the digit word 一
        PhoneFinder.Phone p = PhoneFinder.find(TextNormalizer.compact("电话一三八一二三四五六七八一直打不通"), "010");

        assertThat(p.number()).isEqualTo("13812345678");
        assertThat(p.confidence()).isLessThan(0.8);
    }

    @Test
    void shouldRefuseEightDigitLandlinesWithoutAnAreaCodeConfigured() {
        assertThat(PhoneFinder.find("电话65123456", "").number()).isNull();
    }
}
