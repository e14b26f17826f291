package hotline.orders.extract.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnglishSpeechTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // digits that came out as number words, next to digit words
        "my number one five seventy six eight|my number one five 7 six eight",
        "one five zero ninety two three|one five zero 9 two three",
        "one three eighty|one three 8 0",
        "one thirteen eight|one 1 3 eight",
        "six fifty three|six 5 three",
        // numbers said as numbers stay what they are
        "twenty five heping street building seven|twenty five heping street building seven",
        "broken for two weeks after eleven o'clock|broken for two weeks after eleven o'clock",
        "at seventy one fuxing road|at seventy one fuxing road",
    })
    void shouldReadNumberWordsInsideDigitRunsAsDigits(String text, String expected) {
        assertThat(EnglishSpeech.digitWords(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "my name is lee way from the second floor|Li",
        "this is do when the sewer is overflowing|Du",
        "hi my name is dangly lot is leaking|Tang",
        "my name is kinda land phone|Qin",
        "hello i'm waiting on from building ten|Wei",
        "my name is li wei|Li",
    })
    void shouldTakeASurnameTheRecogniserWroteAsAnEnglishWord(String text, String surname) {
        assertThat(EnglishSpeech.soundAlikeSurname(text)).isNotNull();
        assertThat(EnglishSpeech.soundAlikeSurname(text)[0]).isEqualTo(surname);
    }

    @Test
    void shouldNotMakeSurnamesOfOrdinaryWords() {
        assertThat(EnglishSpeech.soundAlikeSurname("this is urgent please come")).isNull();
        assertThat(EnglishSpeech.soundAlikeSurname("i am calling about the street light")).isNull();
        assertThat(EnglishSpeech.soundAlikeSurname("my name is italian")).isNull();
        assertThat(EnglishSpeech.soundAlikeSurname("the street light is broken")).isNull();
    }
}
