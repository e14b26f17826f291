package hotline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.testkit.internal.AmiCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TranscriptsTest {

    private static final String REDIRECT_RAW = "ami_redirect_fork.pbx_ami_events.raw";
    private static final String BANNER_LINE = "Asterisk Call Manager/5.0.4\r\n";

    @Test
    void shouldSplitRawCaptureIntoPacketsWithoutTheBanner() {
        List<Map<String, String>> packets = Transcripts.amiPackets(REDIRECT_RAW);

        assertThat(packets).hasSize(112);
        assertThat(packets.get(0)).containsExactly(
                Map.entry("Response", "Success"),
                Map.entry("ActionID", "lab-25419-1"),
                Map.entry("Message", "Authentication accepted"));
        assertThat(packets.get(1)).containsEntry("Event", "FullyBooted").containsEntry("Status", "Fully Booted");
        assertThat(packets.subList(1, packets.size())).allSatisfy(p -> assertThat(p).containsKey("Event"));
        assertThat(packets.get(packets.size() - 1)).containsEntry("Event", "Hangup").containsEntry("Cause", "16");
    }

    @Test
    void shouldKeepHeaderOrderAndEmptyValues() {
        Map<String, String> newchannel = Transcripts.amiPackets(REDIRECT_RAW).stream()
                .filter(p -> "Newchannel".equals(p.get("Event")))
                .findFirst().orElseThrow();

        assertThat(newchannel.keySet()).containsExactly("Event", "Privilege", "Channel", "ChannelState",
                "ChannelStateDesc", "CallerIDNum", "CallerIDName", "ConnectedLineNum", "ConnectedLineName", "Language",
                "AccountCode", "Context", "Exten", "Priority", "Uniqueid", "Linkedid");
        assertThat(newchannel).containsEntry("AccountCode", "").containsEntry("CallerIDName", "Citizen 0");
    }

    @Test
    void shouldKeepColonSpaceInsideValues() {
        assertThat(Transcripts.amiPackets("agi_unreachable_fallback.pbx_ami_events.raw"))
                .anySatisfy(p -> assertThat(p).containsEntry("AppData", "LAB fallback: AGI unreachable"));
    }

    @Test
    void shouldJoinRepeatedHeadersWithNewline() {
        Map<String, String> callIdChange = Transcripts.amiPackets(REDIRECT_RAW).stream()
                .filter(p -> p.getOrDefault("State", "").startsWith("CallIDChange"))
                .findFirst().orElseThrow();

        assertThat(callIdChange).containsEntry("State", "CallIDChange\nCallIDChange").containsEntry("PriorCallID", "");
        // formatting writes the repeated lines together: replay the raw bytes where their position matters
        assertThat(AmiCodec.format(callIdChange)).contains("Type: StateChange\r\nState: CallIDChange\r\n"
                + "State: CallIDChange\r\nAppFile: channel_internal_api.c\r\n");
    }

    @Test
    void shouldLookUpHeadersCaseInsensitively() {
        Map<String, String> login = Transcripts.amiPackets(REDIRECT_RAW).get(0);

        assertThat(login.get("actionid")).isEqualTo("lab-25419-1");
        assertThat(login.get("RESPONSE")).isEqualTo("Success");
    }

    @Test
    void shouldSplitRawBytesFaithfullyIncludingTheStrayEmptyLine() {
        byte[] raw = Transcripts.raw(REDIRECT_RAW);
        List<byte[]> packets = Transcripts.rawPackets(REDIRECT_RAW);

        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        packets.forEach(joined::writeBytes);
        byte[] withoutBanner = Arrays.copyOfRange(raw, BANNER_LINE.length(), raw.length);
        assertThat(joined.toByteArray()).isEqualTo(withoutBanner);
        assertThat(packets).hasSize(112)
                .allSatisfy(p -> assertThat(new String(p, StandardCharsets.UTF_8)).endsWith("\r\n\r\n"));
        assertThat(packets).filteredOn(p -> new String(p, StandardCharsets.UTF_8).startsWith("\r\nEvent: VarSet\r\n"))
                .hasSize(1);
    }

    @Test
    void shouldCountPacketsOfEveryRawCapture() {
        assertThat(Transcripts.amiPackets("agi_exec_dial.pbx_ami_events.raw")).hasSize(98);
        assertThat(Transcripts.amiPackets("agi_route_dial.pbx_ami_events.raw")).hasSize(99);
        assertThat(Transcripts.amiPackets("agi_unreachable_fallback.pbx_ami_events.raw")).hasSize(82);
        assertThat(Transcripts.amiPackets("ami_bridge_agent_hangup.pbx_ami_events.raw")).hasSize(83);
    }

    @Test
    void shouldParseBothDirectionsOfTextCapture() {
        String control = "ami_bridge_agent_hangup.pbx_ami_control.txt";

        List<Map<String, String>> client = Transcripts.amiPacketsFromText(control, '>');
        List<Map<String, String>> server = Transcripts.amiPacketsFromText(control, '<');

        assertThat(client).extracting(p -> p.get("Action"))
                .containsExactly("Login", "Originate", "Originate", "CoreShowChannels", "Logoff");
        assertThat(client.get(2)).containsEntry("CallerID", "\"13900000000\" <13900000000>")
                .containsEntry("Data", "PJSIP/carrier-00000004");
        assertThat(server).extracting(p -> p.getOrDefault("Event", "Response: " + p.get("Response")))
                .containsExactly("Response: Success", "Response: Success", "Response: Success", "Response: Success",
                        "CoreShowChannel", "CoreShowChannel", "CoreShowChannel", "CoreShowChannelsComplete",
                        "Response: Goodbye");
        assertThat(server.get(5)).containsEntry("Application", "ChanSpy").containsEntry("AccountCode", "")
                .containsEntry("BridgeId", "");
    }

    @Test
    void shouldJoinRepeatedVariableHeadersOfTextCapture() {
        Map<String, String> originate = Transcripts.amiPacketsFromText("ami_redirect_fork.carrier_ami.txt", '>').get(1);

        assertThat(originate).containsEntry("Action", "Originate").containsEntry("Variable",
                "LAB_AUDIO=/tmp/lab1/audio/citizen\nLAB_HOLD=3.0\nLAB_REPEAT=1");
    }

    @Test
    void shouldParseAgiRequestHeadersAndExchanges() {
        AgiTranscript route = Transcripts.agi("agi_route_dial.agi_session.txt");

        assertThat(route.request()).hasSize(22);
        assertThat(route.request().keySet()).startsWith("agi_network", "agi_network_script", "agi_request")
                .endsWith("agi_accountcode", "agi_threadid");
        assertThat(route.request()).containsEntry("agi_request", "agi://127.0.0.1:4573/inbound")
                .containsEntry("agi_channel", "PJSIP/carrier-00000000")
                .containsEntry("agi_calleridname", "Citizen 0")
                .containsEntry("agi_accountcode", "");
        assertThat(route.exchanges()).containsExactly(
                new AgiTranscript.Exchange("VERBOSE \"agi_stub mode=route\" 1", List.of("200 result=1")),
                new AgiTranscript.Exchange("SET VARIABLE LAB_ROUTE PJSIP/1001", List.of("200 result=1")));
    }

    @Test
    void shouldAttachPushedHangupToTheCommandInFlight() {
        AgiTranscript dial = Transcripts.agi("agi_exec_dial.agi_session.txt");

        assertThat(dial.exchanges()).containsExactly(
                new AgiTranscript.Exchange("VERBOSE \"agi_stub mode=dial\" 1", List.of("200 result=1")),
                new AgiTranscript.Exchange("EXEC Dial PJSIP/1001,30", List.of("200 result=-1")),
                new AgiTranscript.Exchange("GET VARIABLE DIALSTATUS", List.of("HANGUP", "200 result=1 (ANSWER)")));
    }

    @Test
    void shouldRejectUnknownTranscriptAndDirection() {
        assertThatThrownBy(() -> Transcripts.raw("nope.raw")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/transcripts/nope.raw");
        assertThatThrownBy(() -> Transcripts.amiPacketsFromText("ami_redirect_fork.pbx_ami_control.txt", 'x'))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRoundTripPacketThroughFormatAndParse() {
        Map<String, String> packet = new LinkedHashMap<>();
        packet.put("Event", "Newexten");
        packet.put("AccountCode", "");
        packet.put("AppData", "LAB fallback: AGI unreachable");
        packet.put("Variable", "A=1\nB=2");
        String wire = AmiCodec.format(packet);

        assertThat(wire).isEqualTo("Event: Newexten\r\nAccountCode: \r\nAppData: LAB fallback: AGI unreachable\r\n"
                + "Variable: A=1\r\nVariable: B=2\r\n\r\n");
        assertThat(AmiCodec.parseRaw(wire.getBytes(StandardCharsets.UTF_8))).containsExactlyEntriesOf(packet);
    }
}
