package hotline.config.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.HotlineConfig;
import hotline.config.HotlineConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped templates rendered for one box and for two boxes joined by the IAX2 trunk. */
class MultiBoxRenderTest {
    private static final Path SHIPPED = Path.of(System.getProperty("hotline.home", "..")).resolve("config/asterisk");

    @TempDir
    Path out;

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void shouldRenderOneBoxWithoutIaxOrSystemname() throws IOException {
        HotlineConfig cfg = HotlineConfigLoader.load(Map.of(), Map.of());
        var r = AsteriskConfigRenderer.render(cfg, SHIPPED, out);
        assertThat(AsteriskConfigRenderer.renderBoxes(cfg, SHIPPED, out)).isEmpty();
        assertThat(read(r.pbxEtc().resolve("asterisk.conf"))).doesNotContain("systemname =");
        assertThat(read(r.pbxEtc().resolve("modules.conf"))).doesNotContain("load = chan_iax2.so");
        assertThat(r.pbxEtc().resolve("iax.conf")).doesNotExist();
        assertThat(read(r.pbxEtc().resolve("extensions_boxes.conf"))).doesNotContain("[");
        assertThat(read(r.pbxEtc().resolve("pjsip_seats.conf"))).contains("[1001](seat-endpoint)")
                .contains("[1020](seat-endpoint)");
        assertThat(read(r.carrierEtc().resolve("modules.conf"))).doesNotContain("load = chan_iax2.so");
    }

    @Test
    void shouldSplitTheSeatsAndJoinTheBoxesWithAnIaxTrunk() throws IOException {
        HotlineConfig cfg = HotlineConfigLoader.load(Map.of(), Map.of("hotline.boxes.iaxPort", 34569,
                "hotline.boxes.others", List.of(Map.of("id", "b", "host", "127.0.0.1", "amiPort", 35041,
                        "sipPort", 35061, "iaxPort", 34570, "rtpStart", 30000, "rtpEnd", 30098,
                        "seats", "1011-1020"))));
        var r = AsteriskConfigRenderer.render(cfg, SHIPPED, out);
        Map<String, Path> boxes = AsteriskConfigRenderer.renderBoxes(cfg, SHIPPED, out);
        assertThat(boxes).containsOnlyKeys("b");
        Path a = r.pbxEtc();
        Path b = boxes.get("b").resolve("etc");

        assertThat(read(a.resolve("asterisk.conf"))).contains("systemname = a ");
        assertThat(read(b.resolve("asterisk.conf"))).contains("systemname = b ")
                .contains("astetcdir => " + boxes.get("b") + "/etc");
        assertThat(read(a.resolve("modules.conf"))).contains("\nload = chan_iax2.so");
        assertThat(read(b.resolve("modules.conf"))).contains("\nload = chan_iax2.so");
        assertThat(read(r.carrierEtc().resolve("modules.conf"))).doesNotContain("load = chan_iax2.so");
        // ARI (the audio fork) on the primary box only: the others fork with ChanSpy
        assertThat(read(a.resolve("modules.conf"))).contains("\nload = res_ari.so", "\nload = res_stasis_snoop.so");
        assertThat(read(a.resolve("http.conf"))).contains("enabled = yes\nbindaddr = 127.0.0.1\nbindport = 8088");
        assertThat(read(b.resolve("modules.conf"))).doesNotContain("res_ari");
        assertThat(read(b.resolve("http.conf"))).contains("enabled = no");
        assertThat(read(r.carrierEtc().resolve("modules.conf"))).doesNotContain("res_ari");
        assertThat(read(r.carrierEtc().resolve("http.conf"))).contains("enabled = no");
        // ARI (the audio fork) on the primary box only: the others fork with ChanSpy
        assertThat(read(a.resolve("modules.conf"))).contains("\nload = res_ari.so", "\nload = res_stasis_snoop.so");
        assertThat(read(a.resolve("http.conf"))).contains("enabled = yes\nbindaddr = 127.0.0.1\nbindport = 8088");
        assertThat(read(b.resolve("modules.conf"))).doesNotContain("res_ari");
        assertThat(read(b.resolve("http.conf"))).contains("enabled = no");
        assertThat(read(r.carrierEtc().resolve("modules.conf"))).doesNotContain("res_ari");
        assertThat(read(r.carrierEtc().resolve("http.conf"))).contains("enabled = no");

        assertThat(read(a.resolve("pjsip_seats.conf"))).contains("[1010](seat-endpoint)")
                .doesNotContain("[1011](seat-endpoint)");
        assertThat(read(b.resolve("pjsip_seats.conf"))).contains("[1011](seat-endpoint)")
                .contains("[1020](seat-endpoint)").doesNotContain("[1010](seat-endpoint)");
        assertThat(read(b.resolve("pjsip.conf"))).contains("bind = 127.0.0.1:35061");
        assertThat(read(b.resolve("manager.conf"))).contains("port = 35041");
        assertThat(read(b.resolve("rtp.conf"))).contains("30000").contains("30098");

        assertThat(read(a.resolve("iax.conf"))).contains("bindport = 34569").contains("[b]\ntype = friend\n"
                + "host = 127.0.0.1\nport = 34570\nusername = a\nsecret = lab-throwaway-trunk\nauth = md5\n"
                + "context = from-boxes");
        assertThat(read(b.resolve("iax.conf"))).contains("bindport = 34570").contains("[a]\ntype = friend\n"
                + "host = 127.0.0.1\nport = 34569\nusername = b\n");
        assertThat(read(a.resolve("extensions_boxes.conf"))).contains("[hotline-agents-b]")
                .contains("Dial(IAX2/b/${EXTEN},${HOTLINE_RING_TIMEOUT},m(default))")
                .doesNotContain("[hotline-agents-a]").contains("[from-boxes]");
        assertThat(read(b.resolve("extensions_boxes.conf"))).contains("[hotline-agents-a]")
                .contains("Dial(IAX2/a/${EXTEN},");
        assertThat(read(a.resolve("extensions.conf"))).contains("#include extensions_boxes.conf");
        for (Path etc : List.of(a, b)) {
            try (var files = Files.list(etc)) {
                for (Path f : files.toList()) {
                    assertThat(read(f)).as(f.toString()).doesNotContainPattern("@[A-Z_]+@");
                }
            }
        }
    }
}
