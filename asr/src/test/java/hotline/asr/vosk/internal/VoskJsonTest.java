package hotline.asr.vosk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VoskJsonTest {

    @Test
    void shouldReadAFinalResultWithWordTimings() {
        // as Vosk 0.3.45 prints it with setWords(true)
        Object v = VoskJson.parse("{\n  \"result\" : [{\n      \"conf\" : 1.000000,\n      \"end\" : 1.020000,\n"
                + "      \"start\" : 0.600000,\n      \"word\" : \"hello\"\n    }],\n  \"text\" : \"hello\"\n}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(m.get("text")).isEqualTo("hello");
        Map<?, ?> word = (Map<?, ?>) ((List<?>) m.get("result")).get(0);
        assertThat(word.get("start")).isEqualTo(0.6);
        assertThat(word.get("end")).isEqualTo(1.02);
        assertThat(word.get("word")).isEqualTo("hello");
    }

    @Test
    void shouldReadPartialsEscapesAndLiterals() {
        assertThat(VoskJson.parse("{\"partial\" : \"\"}")).isEqualTo(Map.of("partial", ""));
        assertThat(VoskJson.parse("[\"a\\\"b\\u4e2d\", true, false, null, -1.5e2]"))
                .isEqualTo(java.util.Arrays.asList("a\"b\u4e2d", true, false, null, -150.0));
    }

    @Test
    void shouldRejectMalformedInput() {
        assertThatThrownBy(() -> VoskJson.parse("{\"text\": ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VoskJson.parse("{} x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> VoskJson.parse("{\"a\" 1}")).hasMessageContaining("expected ':'");
    }
}
