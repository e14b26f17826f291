package hotline.config.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import hotline.config.HotlineConfig;
import hotline.config.HotlineConfigException;
import hotline.config.HotlineConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsteriskConfigRendererTest {

    @TempDir
    Path templates;

    @TempDir
    Path out;

    private final HotlineConfig cfg = HotlineConfigLoader.load(Map.of(), Map.of());

    @BeforeEach
    void commonTemplates() throws IOException {
        Files.createDirectories(templates.resolve("common"));
        Files.createDirectories(templates.resolve("pbx"));
        Files.createDirectories(templates.resolve("carrier"));
        write("common/asterisk.conf", "[directories]\nastetcdir => @INST_DIR@/etc\n; instance @INST@\n");
        write("common/manager.conf", "[general]\nport = @AMI_PORT@\nbindaddr = @HOST@\n[@AMI_USER@]\n"
                + "secret = @AMI_SECRET@\n");
        write("common/rtp.conf", "[general]\nrtpstart = @RTP_START@\nrtpend = @RTP_END@\n");
        write("common/pjsip.conf", "; common pjsip\nbind = @HOST@:@SIP_PORT@\ncontact = sip:@PEER_HOST@:@PEER_PORT@\n");
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(templates.resolve(name), content);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    @Test
    void shouldSubstitutePlaceholdersPerInstance() throws IOException {
        AsteriskConfigRenderer.Rendered r = AsteriskConfigRenderer.render(cfg, templates, out);

        Path pbxDir = out.toAbsolutePath().normalize().resolve("pbx");
        assertThat(r.pbxDir()).isEqualTo(pbxDir);
        assertThat(r.pbxEtc()).isEqualTo(pbxDir.resolve("etc"));
        assertThat(r.asteriskConf("pbx")).isEqualTo(pbxDir.resolve("etc/asterisk.conf"));
        assertThat(read(r.asteriskConf("pbx")))
                .isEqualTo("[directories]\nastetcdir => " + pbxDir + "/etc\n; instance pbx\n");
        assertThat(read(r.pbxEtc().resolve("manager.conf")))
                .isEqualTo("[general]\nport = 5038\nbindaddr = 127.0.0.1\n[hotline]\nsecret = lab-throwaway-secret\n");
        assertThat(read(r.pbxEtc().resolve("rtp.conf"))).isEqualTo("[general]\nrtpstart = 10000\nrtpend = 19998\n");
        assertThat(read(r.pbxEtc().resolve("pjsip.conf")))
                .isEqualTo("; common pjsip\nbind = 127.0.0.1:5060\ncontact = sip:127.0.0.1:5070\n");

        assertThat(read(r.asteriskConf("carrier"))).contains("astetcdir => " + r.carrierDir() + "/etc", "carrier");
        assertThat(read(r.carrierEtc().resolve("manager.conf"))).contains("port = 5039");
        assertThat(read(r.carrierEtc().resolve("rtp.conf"))).contains("rtpstart = 20000", "rtpend = 29998");
        assertThat(read(r.carrierEtc().resolve("pjsip.conf"))).contains("bind = 127.0.0.1:5070",
                "contact = sip:127.0.0.1:5060");
    }

    @Test
    void shouldCreateTheInstanceDirectories() {
        AsteriskConfigRenderer.Rendered r = AsteriskConfigRenderer.render(cfg, templates, out);

        for (Path dir : new Path[] {r.pbxDir(), r.carrierDir()}) {
            for (String sub : new String[] {"etc", "run", "log", "spool", "lib/moh"}) {
                assertThat(dir.resolve(sub)).isDirectory();
            }
        }
    }

    @Test
    void shouldRenderTheDialplanTimeoutsInWholeSeconds() throws IOException {
        write("pbx/extensions.conf", "AGI=@AGI_URL@\nRING=@RING_TIMEOUT_S@\nWAIT=@WAIT_MAX_S@\n"
                + "FALLBACK=@FALLBACK_TIMEOUT_S@\n");
        HotlineConfig custom = HotlineConfigLoader.load(Map.of("HOTLINE_AGI_PORT", "4600"),
                Map.of("hotline.routing.ringTimeout", Duration.ofMillis(1500), "hotline.routing.maxWait", "2m"));

        AsteriskConfigRenderer.Rendered r = AsteriskConfigRenderer.render(custom, templates, out);

        assertThat(read(r.pbxEtc().resolve("extensions.conf")))
                .isEqualTo("AGI=agi://127.0.0.1:4600/inbound\nRING=2\nWAIT=120\nFALLBACK=300\n");
    }

    @Test
    void shouldGenerateOneEndpointAorAndAuthPerSeat() throws IOException {
        HotlineConfig big = HotlineConfigLoader.load(Map.of("HOTLINE_SEATS", "600"), Map.of());

        AsteriskConfigRenderer.Rendered r = AsteriskConfigRenderer.render(big, templates, out);

        String seats = read(r.pbxEtc().resolve("pjsip_seats.conf"));
        assertThat(count(seats, "(seat-endpoint)")).isEqualTo(600);
        assertThat(count(seats, "(seat-aor)")).isEqualTo(600);
        assertThat(count(seats, "(seat-auth)")).isEqualTo(600);
        assertThat(count(seats, "[1001](seat-endpoint)")).isEqualTo(1);
        assertThat(count(seats, "[1600](seat-endpoint)")).isEqualTo(1);
        assertThat(seats).doesNotContain("[1000]", "[1601]");
        assertThat(seats).contains("[1600](seat-endpoint)\nauth = 1600\naors = 1600\ncallerid = \"Seat 1600\" <1600>\n"
                + "[1600](seat-aor)\n[1600](seat-auth)\nusername = 1600\npassword = agent1600\n\n");
        String members = read(r.pbxEtc().resolve("queue_fallback_members.conf"));
        assertThat(count(members, "member => PJSIP/")).isEqualTo(600);
        assertThat(members).contains("member => PJSIP/1001\n", "member => PJSIP/1600\n");
        assertThat(r.carrierEtc().resolve("pjsip_seats.conf")).doesNotExist();
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }

    @Test
    void shouldNameTheFileAndPlaceholderWhenAPlaceholderIsUnknown() throws IOException {
        write("pbx/extensions.conf", "[from-carrier]\nexten => 12345,1,Dial(PJSIP/${EXTEN}@carrier)\n"
                + "same => n,Set(X=@NO_SUCH_THING@)\n");

        HotlineConfigException e = catchThrowableOfType(HotlineConfigException.class,
                () -> AsteriskConfigRenderer.render(cfg, templates, out));

        assertThat(e.problems()).singleElement().asString()
                .startsWith(templates.resolve("pbx/extensions.conf") + ":3: unknown placeholder @NO_SUCH_THING@");
        assertThat(out.resolve("pbx")).doesNotExist();
    }

    @Test
    void shouldNameTheMissingInstanceTemplateFolder() throws IOException {
        Files.delete(templates.resolve("carrier"));

        assertThatThrownBy(() -> AsteriskConfigRenderer.render(cfg, templates, out))
                .isInstanceOf(HotlineConfigException.class)
                .hasMessageContaining(templates.resolve("carrier").toString());
    }

    @Test
    void shouldLetTheInstanceFileOverrideTheCommonFile() throws IOException {
        write("carrier/rtp.conf", "; carrier's own\nrtpstart = @RTP_START@\n");

        AsteriskConfigRenderer.Rendered r = AsteriskConfigRenderer.render(cfg, templates, out);

        assertThat(read(r.carrierEtc().resolve("rtp.conf"))).isEqualTo("; carrier's own\nrtpstart = 20000\n");
        assertThat(read(r.pbxEtc().resolve("rtp.conf"))).contains("rtpstart = 10000");
    }

    @Test
    void shouldReplaceTheWholeEtcDirectoryOnEachRender() throws IOException {
        AsteriskConfigRenderer.Rendered first = AsteriskConfigRenderer.render(cfg, templates, out);
        Files.writeString(first.pbxEtc().resolve("stale.conf"), "old");
        Files.writeString(first.pbxDir().resolve("log/messages"), "kept");

        AsteriskConfigRenderer.Rendered again = AsteriskConfigRenderer.render(cfg, templates, out);

        assertThat(again.pbxEtc().resolve("stale.conf")).doesNotExist();
        assertThat(again.pbxEtc().resolve("manager.conf")).exists();
        assertThat(again.pbxDir().resolve("log/messages")).hasContent("kept");
    }

    @Test
    void shouldSkipDotFilesAndSubfolders() throws IOException {
        write("pbx/.gitkeep", "");
        Files.createDirectories(templates.resolve("pbx/sounds"));

        AsteriskConfigRenderer.Rendered r = AsteriskConfigRenderer.render(cfg, templates, out);

        assertThat(r.pbxEtc().resolve(".gitkeep")).doesNotExist();
        assertThat(r.pbxEtc().resolve("sounds")).doesNotExist();
    }

    @Test
    void shouldRenderTheShippedAriFilesWithThePasswordKeptPrivate() throws IOException {
        HotlineConfig ari = HotlineConfigLoader.load(Map.of("HOTLINE_ARI_PORT", "18188", "HOTLINE_ARI_PASSWORD",
                "ari-pw"), Map.of());
        AsteriskConfigRenderer.Rendered r = AsteriskConfigRenderer.render(ari, Path.of(System.getProperty("hotline.home", "..")).resolve(
                "config/asterisk"),
                out);

        assertThat(read(r.pbxEtc().resolve("http.conf"))).contains("enabled = yes\nbindaddr = 127.0.0.1\n"
                + "bindport = 18188\n");
        assertThat(read(r.pbxEtc().resolve("ari.conf"))).contains("[hotline]\ntype = user\nread_only = no\n"
                + "password = ari-pw\npassword_format = plain");
        assertThat(read(r.pbxEtc().resolve("modules.conf"))).contains("load = res_ari.so", "load = app_stasis.so",
                "load = res_stasis_snoop.so", "load = res_ari_channels.so", "load = res_http_websocket.so");
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(r.pbxEtc().resolve("ari.conf"))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void shouldKeepFilesWithSecretsPrivate() throws IOException {
        AsteriskConfigRenderer.Rendered r = AsteriskConfigRenderer.render(cfg, templates, out);

        if (r.pbxEtc().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(r.pbxEtc().resolve("manager.conf"))))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(r.pbxEtc().resolve("pjsip_seats.conf")))).isEqualTo("rw-------");
        }
    }

    @Test
    void shouldRenderTheShippedTemplatesWithoutLeftoverPlaceholders() throws IOException {
        Path shipped = Path.of(System.getProperty("hotline.home", "..")).resolve("config/asterisk");

        AsteriskConfigRenderer.Rendered r = AsteriskConfigRenderer.render(cfg, shipped, out);

        for (Path etc : new Path[] {r.pbxEtc(), r.carrierEtc()}) {
            try (var files = Files.list(etc)) {
                for (Path file : files.toList()) {
                    assertThat(read(file)).as(file.toString()).doesNotContainPattern("@[A-Z_]+@");
                }
            }
        }
        assertThat(r.asteriskConf("pbx")).exists();
        assertThat(r.asteriskConf("carrier")).exists();
    }
}
