package hotline.orders.extract.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigitPassTest {

    @Test
    void shouldReadTheMobileTheDigitsPassHeardBetweenOtherSpeech() {
        // what the digits pass heard of the public sample P02 (room 602, then the number), Vosk 0.3.45 small English
        assertThat(DigitPass.mobile("[unk] six zero two [unk] [unk] [unk] one three nine eight seven six five four"
                + " three two one")).isEqualTo("13987654321");
    }

    @Test
    void shouldTakeTheLastElevenDigitsOfALongerRunAndTheLastNumberSaid() {
        assertThat(DigitPass.mobile("three zero one one three five zero zero one one two two nine nine"))
                .isEqualTo("13500112299");
        assertThat(DigitPass.mobile("one three eight zero zero one three eight zero zero zero [unk] one eight six"
                + " two two three three four four five five")).isEqualTo("18622334455");
    }

    @Test
    void shouldReadChineseDigitsWithYaoAndLiang() {
        assertThat(DigitPass.mobile("[unk] 幺 三 八 零 零 幺 三 八 零 零 零")).isEqualTo("13800138000");
        assertThat(DigitPass.mobile("幺三八 两两 三三 四四 五五")).isEqualTo("13822334455");
    }

    @Test
    void shouldGiveNothingForTooFewDigitsOrNoMobile() {
        // P05 as heard: one digit of the number lost, so no reading is trusted
        assertThat(DigitPass.mobile("[unk] zero four [unk] one three seven five five six seven seven eight eight"))
                .isNull();
        assertThat(DigitPass.mobile("zero one zero six five four three two one nine eight")).isNull();
        assertThat(DigitPass.mobile("")).isNull();
        assertThat(DigitPass.mobile(null)).isNull();
        assertThat(DigitPass.mobile("[unk] [unk]")).isNull();
    }
}
