package hotline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebConfigTest {
    private static final String GOOD_HASH =
            "pbkdf2-sha256:210000:Pn402bPo31JOgk2BIfiu5w==:YSEkBZg1GfGOPbsw2OfAMjymWoF65kYXzNtZEAsWpoQ=";

    private static String problems(Path dir, String web) throws IOException {
        Path file = dir.resolve("h.conf");
        Files.writeString(file, "hotline.web {\n" + web + "\n}\n");
        return catchThrowableOfType(HotlineConfigException.class,
                () -> HotlineConfigLoader.load(Map.of("HOTLINE_CONFIG", file.toString()), Map.of())).getMessage();
    }

    @Test
    void shouldDefaultToLoginRequiredWithOneLabDemoUserPerRole() {
        WebConfig web = HotlineConfigLoader.load(Map.of(), Map.of()).web();

        assertThat(web.requireLogin()).isTrue();
        assertThat(web.sessionTtl()).isEqualTo(Duration.ofHours(8));
        assertThat(web.users()).extracting(WebConfig.User::name, WebConfig.User::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("demo", WebConfig.Role.AGENT),
                        org.assertj.core.groups.Tuple.tuple("super", WebConfig.Role.SUPERVISOR),
                        org.assertj.core.groups.Tuple.tuple("balizhuang", WebConfig.Role.UNIT),
                        org.assertj.core.groups.Tuple.tuple("leader", WebConfig.Role.LEADER),
                        org.assertj.core.groups.Tuple.tuple("dispatch", WebConfig.Role.DISPATCHER),
                        org.assertj.core.groups.Tuple.tuple("admin", WebConfig.Role.ADMIN));
        assertThat(web.users().get(2).unit()).isEqualTo("balizhuang");
        assertThat(web.users().get(0).unit()).isNull();
        assertThat(web.users().get(3).district()).isEqualTo("朝阳区");
        assertThat(web.users().get(1).district()).isNull();
        // the lab's demo users carry made-up lab names and work numbers for the screens
        assertThat(web.users().get(0).displayName()).isEqualTo("张丽");
        assertThat(web.users().get(0).workNumber()).isEqualTo("1024");
        assertThat(web.users().get(5).displayName()).isNull();
    }

    @Test
    void shouldNameABadDisplayNameOrWorkNumber(@TempDir Path dir) throws IOException {
        String message = problems(dir, "users = [\n"
                + "{ name = \"a\", role = \"agent\", displayName = \" \", passwordHash = \"" + GOOD_HASH + "\" }\n"
                + "{ name = \"b\", role = \"agent\", workNumber = \"10 24\", passwordHash = \"" + GOOD_HASH + "\" }\n]");
        assertThat(message).contains("hotline.web.users.0.displayName: expected the name the screens show")
                .contains("hotline.web.users.1.workNumber: expected 1-16 letters, digits or '-'");
    }

    @Test
    void shouldOpenTheApiOnlyWhenTheEnvironmentSaysSo() {
        assertThat(HotlineConfigLoader.load(Map.of("HOTLINE_WEB_REQUIRE_LOGIN", "false"), Map.of()).web()
                .requireLogin()).isFalse();
    }

    @Test
    void shouldReplaceTheUsersFromTheHotlineConfigFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("h.conf");
        Files.writeString(file, "hotline.web.users = [{ name = \"li.na\", role = \"supervisor\", passwordHash = \""
                + GOOD_HASH + "\" }]\n");

        WebConfig web = HotlineConfigLoader.load(Map.of("HOTLINE_CONFIG", file.toString()), Map.of()).web();

        assertThat(web.users()).containsExactly(new WebConfig.User("li.na", WebConfig.Role.SUPERVISOR, GOOD_HASH));
        assertThat(web.users().get(0).toString()).doesNotContain("210000").contains("***");
    }

    @Test
    void shouldNameEachBadUserKeyWithoutShowingTheHash(@TempDir Path dir) throws IOException {
        String message = problems(dir, "users = [\n"
                + "{ name = \"a b\", role = \"agent\", passwordHash = \"" + GOOD_HASH + "\" }\n"
                + "{ name = \"x\", role = \"janitor\", passwordHash = \"plain-password\" }\n"
                + "{ name = \"y\", role = \"agent\", passwordHash = \"pbkdf2-sha256:1000:"
                + "Pn402bPo31JOgk2BIfiu5w==:YSEkBZg1GfGOPbsw2OfAMjymWoF65kYXzNtZEAsWpoQ=\", colour = red }\n"
                + "{ role = \"agent\", passwordHash = \"" + GOOD_HASH + "\" }\n]");

        assertThat(message)
                .contains("hotline.web.users.0.name: expected 1-32 letters, digits, '.', '_' or '-', got \"a b\"")
                .contains("hotline.web.users.1.role: expected one of [agent, supervisor, unit, leader, dispatcher, admin], got \"janitor\"")
                .contains("hotline.web.users.1.passwordHash: expected \"pbkdf2-sha256:<iterations>:<base64 salt>:"
                        + "<base64 hash>\"")
                .contains("hotline.web.users.2.passwordHash: expected at least 10000 iterations, got 1000")
                .contains("hotline.web.users.2.colour: unknown key")
                .contains("hotline.web.users.3.name: missing")
                .doesNotContain("plain-password");
    }

    @Test
    void shouldRefuseADuplicateUserAndRequiredLoginWithoutUsers(@TempDir Path dir) throws IOException {
        String user = "{ name = \"a\", role = \"agent\", passwordHash = \"" + GOOD_HASH + "\" }";

        assertThat(problems(dir, "users = [" + user + "\n" + user + "]"))
                .contains("hotline.web.users.1.name: \"a\" is listed twice");
        assertThat(problems(dir, "requireLogin = true\nusers = []"))
                .contains("hotline.web.users: requireLogin is true but no user is configured");
    }

    @Test
    void shouldTieAUnitUserToExactlyOneValidUnit(@TempDir Path dir) throws IOException {
        String message = problems(dir, "users = [\n"
                + "{ name = \"u1\", role = \"unit\", passwordHash = \"" + GOOD_HASH + "\" }\n"
                + "{ name = \"u2\", role = \"unit\", unit = \"ba li\", passwordHash = \"" + GOOD_HASH + "\" }\n"
                + "{ name = \"a\", role = \"agent\", unit = \"balizhuang\", passwordHash = \"" + GOOD_HASH + "\" }\n"
                + "{ name = \"u3\", role = \"unit\", unit = 7, passwordHash = \"" + GOOD_HASH + "\" }\n]");

        assertThat(message)
                .contains("hotline.web.users.0.unit: missing: a user of role unit needs the id of the unit it handles")
                .contains("hotline.web.users.1.unit: expected a unit id of 1-64 letters, digits, '.', '_' or '-', "
                        + "got \"ba li\"")
                .contains("hotline.web.users.2.unit: only a user of role unit belongs to a unit, this one is agent")
                .contains("hotline.web.users.3.unit: expected a string, got");
    }

    @Test
    void shouldReadAUnitUsersUnit(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("h.conf");
        Files.writeString(file, "hotline.web.users = [{ name = \"bl\", role = \"unit\", unit = \"balizhuang\", "
                + "passwordHash = \"" + GOOD_HASH + "\" }]\n");

        WebConfig web = HotlineConfigLoader.load(Map.of("HOTLINE_CONFIG", file.toString()), Map.of()).web();

        assertThat(web.users()).containsExactly(new WebConfig.User("bl", WebConfig.Role.UNIT, GOOD_HASH,
                "balizhuang"));
    }

    @Test
    void shouldGiveALeaderTheDistrictItLeadsAndNoOtherRole(@TempDir Path dir) throws IOException {
        String message = problems(dir, "users = [\n"
                + "{ name = \"l1\", role = \"leader\", district = \"朝阳 区\", passwordHash = \"" + GOOD_HASH + "\" }\n"
                + "{ name = \"s1\", role = \"supervisor\", district = \"朝阳区\", passwordHash = \"" + GOOD_HASH + "\" }\n]");

        assertThat(message)
                .contains("hotline.web.users.0.district: expected a district's name as the gazetteer spells it "
                        + "(1-32 characters, no spaces or '/'), got \"朝阳 区\"")
                .contains("hotline.web.users.1.district: only a user of role leader leads a district, this one is "
                        + "supervisor");

        Path file = dir.resolve("l.conf");
        Files.writeString(file, "hotline.web.users = [{ name = \"cy\", role = \"leader\", district = \"朝阳区\", "
                + "passwordHash = \"" + GOOD_HASH + "\" }]\n");
        WebConfig web = HotlineConfigLoader.load(Map.of("HOTLINE_CONFIG", file.toString()), Map.of()).web();
        assertThat(web.users()).containsExactly(new WebConfig.User("cy", WebConfig.Role.LEADER, GOOD_HASH, null,
                "朝阳区"));
        assertThat(web.users().get(0).toString()).contains("district=朝阳区").doesNotContain(GOOD_HASH);
    }
}
