package hotline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FakeAgiClientTest {

    @Test
    void shouldSplitCommandWordsLikeAsteriskParseArgs() {
        assertThat(FakeAgiClient.words("SET VARIABLE \"HOTLINE_CALL_ID\" \"c1\"")).containsExactly("SET", "VARIABLE",
                "HOTLINE_CALL_ID", "C1");
        assertThat(FakeAgiClient.words("EXEC \"Dial\" \"PJSIP/1001,30\"")).containsExactly("EXEC", "DIAL",
                "PJSIP/1001,30");
        assertThat(FakeAgiClient.words("VERBOSE \"agi_stub mode=route\" 1")).containsExactly("VERBOSE",
                "AGI_STUB MODE=ROUTE", "1");
        assertThat(FakeAgiClient.words("SET VARIABLE X \"say \\\"hi\\\"\"")).containsExactly("SET", "VARIABLE", "X",
                "SAY \"HI\"");
        assertThat(FakeAgiClient.words("SET VARIABLE X \"\"")).containsExactly("SET", "VARIABLE", "X", "");
    }

    @Test
    void shouldRejectNegativeHangupAfterAndMultilineHeader() {
        FakeAgiClient client = FakeAgiClient.fromTranscript("agi_route_dial.agi_session.txt");

        assertThatThrownBy(() -> client.hangupAfter(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.withHeader("agi_channel", "a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.reply("  ", "200 result=1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldOverrideHeaderInPlace() {
        FakeAgiClient client = FakeAgiClient.fromTranscript("agi_route_dial.agi_session.txt")
                .withHeader("agi_channel", "PJSIP/carrier-00000042")
                .withHeader("agi_hotline", "extra");

        assertThat(client.request().keySet()).startsWith("agi_network", "agi_network_script", "agi_request",
                "agi_channel").endsWith("agi_threadid", "agi_hotline");
        assertThat(client.request()).containsEntry("agi_channel", "PJSIP/carrier-00000042");
    }
}
