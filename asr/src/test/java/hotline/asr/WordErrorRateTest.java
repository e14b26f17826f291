package hotline.asr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordErrorRateTest {

    @Test
    void shouldCountSubstitutionsDeletionsAndInsertionsPerReferenceWord() {
        assertThat(WordErrorRate.of("the street light is broken", "the street light is broken")).isZero();
        assertThat(WordErrorRate.of("the street light is broken", "the three light is broken")).isEqualTo(0.2);
        assertThat(WordErrorRate.of("the street light is broken", "the street light broken")).isEqualTo(0.2);
        assertThat(WordErrorRate.of("the street light is broken", "the the street light is broken")).isEqualTo(0.2);
        assertThat(WordErrorRate.of("a b", "")).isEqualTo(1.0);
    }

    @Test
    void shouldIgnoreCasePunctuationAndApostrophes() {
        assertThat(WordErrorRate.of("Hello, the street-light is BROKEN.", "hello the street light is broken"))
                .isZero();
        assertThat(WordErrorRate.words("It's urgent!")).containsExactly("its", "urgent");
    }

    @Test
    void shouldTreatTwoEmptyTextsAsPerfect() {
        assertThat(WordErrorRate.of("", " ")).isZero();
        assertThat(WordErrorRate.of("", "noise")).isEqualTo(1.0);
    }
}
