package hotline.config.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import hotline.config.HotlineConfigException;
import hotline.routing.ivr.IvrAction;
import hotline.routing.ivr.IvrMenu;
import hotline.routing.ivr.IvrNode;
import hotline.routing.ivr.IvrSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IvrMenuLoaderTest {

    private static final List<IvrDistrict> DISTRICTS = List.of(new IvrDistrict("110101", "东城区"),
            new IvrDistrict("110102", "西城区"), new IvrDistrict("110105", "朝阳区"));

    @TempDir
    Path dir;

    @Test
    void shouldLoadTheBuiltInMenuWithADistrictKeyPerDistrict() {
        IvrMenuLoader.LoadedMenu loaded = IvrMenuLoader.load(null, DISTRICTS);
        IvrMenu menu = loaded.menu();

        assertThat(menu.start()).isEqualTo("welcome");
        assertThat(menu.languages()).containsExactly("zh", "en");
        assertThat(menu.maxRetries()).isEqualTo(2);
        IvrNode.Menu district = (IvrNode.Menu) menu.nodes().get("district");
        assertThat(district.maxDigits()).isEqualTo(2);
        assertThat(district.options()).containsOnlyKeys("0", "01", "02", "03");
        assertThat(district.options().get("03").set()).containsExactlyEntriesOf(java.util.Map.of("district", "110105"));
        assertThat(loaded.prompts().text("district-menu", "zh")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("请按两位编号选择问题所在的区").contains("东城区，零 一。").endsWith("朝阳区，零 三。"));
        assertThat(loaded.prompts().text("district-menu", "en")).hasValueSatisfying(t -> assertThat(t)
                .doesNotContain("东城区"));
    }

    @Test
    void shouldHaveEveryPromptTheEngineMayPlayInEveryLanguage() {
        IvrPrompts prompts = IvrMenuLoader.load(null, DISTRICTS).prompts();
        for (String lang : List.of("zh", "en")) {
            for (String name : IvrMenuLoader.ENGINE_PROMPTS) {
                assertThat(prompts.text(name, lang)).as(name + " in " + lang).isPresent();
            }
            for (int d = 0; d <= 9; d++) {
                assertThat(prompts.text("digit-" + d, lang)).isPresent();
            }
            assertThat(prompts.text("ahead-0", lang)).isPresent();
            assertThat(prompts.text("ahead-20", lang)).isPresent();
            assertThat(prompts.text("wait-30", lang)).isPresent();
            assertThat(prompts.text("callback-offer", lang)).isPresent();
            assertThat(prompts.text("month-12", lang)).isPresent();
            assertThat(prompts.text("day-31", lang)).isPresent();
            assertThat(prompts.text("hour-23", lang)).isPresent();
        }
        assertThat(prompts.text("month-12", "zh")).contains("十二月");
        assertThat(prompts.text("ahead-3", "zh")).contains("您前面还有3位来电。");
        assertThat(prompts.text("wait-7", "en")).contains("Your estimated wait is about 7 minutes.");
        assertThat(prompts.text("day-21", "zh")).contains("二十一日");
        assertThat(prompts.text("hour-17", "en")).contains("five o'clock in the afternoon");
    }

    @Test
    void shouldWalkTheBuiltInTreeLikeACaller() {
        IvrMenu menu = IvrMenuLoader.load(null, DISTRICTS).menu();
        Instant t = Instant.parse("2026-12-01T02:00:00Z");
        IvrSession s = IvrSession.start(menu, Set.of(), t);
        s.onInput("", t);
        s.onInput("2", t);
        s.onInput("1", t);
        IvrAction end = s.onInput("03", t);

        assertThat(end).isInstanceOf(IvrAction.Finish.class);
        assertThat(((IvrAction.Finish) end).attributes()).containsEntry("language", "en")
                .containsEntry("queue", "english").containsEntry("district", "110105");
    }

    @Test
    void shouldNameEveryProblemOfABrokenMenuFile() throws IOException {
        Path file = dir.resolve("menu.conf");
        Files.writeString(file, """
                ivr {
                  start = welcome
                  defaultLanguage = zh
                  languages = [zh]
                  inputTimeout = 5
                  interDigit = 3s
                  maxRetries = 12
                  colour = blue
                  nodes {
                    welcome { type = announce, prompt = welcome, next = lobby }
                    choose { type = menu, prompt = choose,
                             options { "1" { next = welcome, colour = red }, "x" { next = welcome } } }
                    odd { type = wizard }
                  }
                  prompts { welcome { zh = "你好" } }
                }
                """);

        HotlineConfigException e = catchThrowableOfType(HotlineConfigException.class,
                () -> IvrMenuLoader.load(file, DISTRICTS));

        assertThat(e.problems()).allSatisfy(p -> assertThat(p).startsWith("ivr menu " + file + ": "));
        assertThat(String.join("\n", e.problems()))
                .contains("ivr.colour: unknown key")
                .contains("ivr.inputTimeout: expected a duration with a unit such as 5s, got 5")
                .contains("ivr.maxRetries: expected a whole number 0..9, got 12")
                .contains("ivr.nodes.choose.options.1.colour: unknown key")
                .contains("ivr.nodes.choose.options.x: keys are 1 to 4 of 0-9 * #")
                .contains("ivr.nodes.odd.type: expected one of [announce, districts, menu, orderStatus, toAgent]")
                .contains("ivr.prompts.choose.zh: missing, ivr.nodes.choose.prompt plays it")
                .contains("ivr.prompts.goodbye.zh: missing, the menu engine plays it");
    }

    @Test
    void shouldReportANextNodeThatDoesNotExist() throws IOException {
        Path file = dir.resolve("menu.conf");
        String prompts = String.join("\n", java.util.stream.Stream.concat(IvrMenuLoader.ENGINE_PROMPTS.stream(),
                IvrMenuLoader.QUEUE_PROMPTS.stream()).map(p -> p + " { zh = \"x {n}\" }").toList());
        Files.writeString(file, """
                ivr {
                  start = welcome, defaultLanguage = zh, languages = [zh], inputTimeout = 5s, interDigit = 3s
                  maxRetries = 2
                  nodes { welcome { type = announce, prompt = welcome, next = lobby } }
                  prompts { welcome { zh = "你好" }
                """ + prompts + "\n} }\n");

        HotlineConfigException e = catchThrowableOfType(HotlineConfigException.class,
                () -> IvrMenuLoader.load(file, DISTRICTS));

        assertThat(e.problems()).containsExactly(
                "ivr menu " + file + ": ivr: node welcome: next node lobby does not exist");
    }

    @Test
    void shouldRefuseAMissingMenuFileNamingTheKey() {
        HotlineConfigException e = catchThrowableOfType(HotlineConfigException.class,
                () -> IvrMenuLoader.load(dir.resolve("nope.conf"), DISTRICTS));
        assertThat(e.problems()).containsExactly("hotline.ivr.menu: " + dir.resolve("nope.conf")
                + " is not a readable file");
    }

    @Test
    void shouldRefuseADistrictsNodeWithoutDistricts() {
        HotlineConfigException e = catchThrowableOfType(HotlineConfigException.class,
                () -> IvrMenuLoader.load(null, List.of()));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(
                "ivr.nodes.district: a districts node needs the gazetteer's districts"));
    }

    @Test
    void shouldKeepTimeoutsAsGiven() {
        IvrMenu menu = IvrMenuLoader.load(null, DISTRICTS).menu();
        assertThat(menu.inputTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(menu.interDigit()).isEqualTo(Duration.ofSeconds(3));
    }
}
