package hotline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotlineConfigLoaderTest {

    private static HotlineConfig load(Map<String, String> env) {
        return HotlineConfigLoader.load(env, Map.of());
    }

    private static HotlineConfigException problems(Map<String, String> env, Map<String, ?> overrides) {
        return catchThrowableOfType(HotlineConfigException.class, () -> HotlineConfigLoader.load(env, overrides));
    }

    @Test
    void shouldLoadTheDocumentedDefaultsWhenNothingIsSet() {
        HotlineConfig cfg = load(Map.of());

        assertThat(cfg).isEqualTo(new HotlineConfig(
                new ServerConfig("127.0.0.1", 8080),
                new AsteriskConfig("127.0.0.1", 5038, "hotline", "lab-throwaway-secret", 5060, 10000, 19998,
                        "127.0.0.1", 5070, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(5),
                        8088, "hotline", "lab-throwaway-secret"),
                new AgiConfig("127.0.0.1", 4573, Duration.ofSeconds(2), 256),
                new SeatsConfig(20, 1001, "agent"),
                new RoutingConfig(Duration.ofSeconds(15), 1000, Duration.ofSeconds(600)),
                new FallbackConfig(Duration.ofSeconds(300)),
                new RedisConfig("redis://127.0.0.1:6379"),
                new CarrierConfig("127.0.0.1", 5070, 5039, "hotline", "lab-throwaway-secret", 20000, 29998),
                new IvrConfig(true, null, Path.of("config/ivr/recorded"), Duration.ofSeconds(30)),
                new OrdersConfig("110000", null, cfg.orders().units()),
                Path.of(".run"),
                cfg.dispatch(),
                cfg.acd(),
                new AsrConfig(true, AsrConfig.model("en", Path.of("asr/target/vosk-model-en-us")), "zh", true,
                        "127.0.0.1", 51000, 51999, 3, 0, 0.2, 0.5, 0, Duration.ofMillis(200), Duration.ofSeconds(10), true, "ari"),
                cfg.web(),
                cfg.reports()));
        assertThat(cfg.dispatch().zone()).isEqualTo(java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(cfg.dispatch().dayStart()).isEqualTo(java.time.LocalTime.of(9, 0));
        assertThat(cfg.dispatch().holidays()).contains(java.time.LocalDate.of(2026, 10, 1)).hasSize(33);
        assertThat(cfg.dispatch().makeUpWorkdays()).contains(java.time.LocalDate.of(2026, 10, 10));
        assertThat(cfg.dispatch().reminderWorkingDay()).isEqualTo(4);
        assertThat(cfg.dispatch().repeatWindow()).isEqualTo(Duration.ofDays(30));
        assertThat(cfg.dispatch().repeatLinks()).isEqualTo(20);
        assertThat(cfg.dispatch().callbackAttempts()).isEqualTo(3);
        assertThat(cfg.dispatch().callbackRetryAfter()).isEqualTo(Duration.ofHours(2));
        assertThat(cfg.dispatch().consumerGroup()).isEqualTo("units");
        assertThat(cfg.dispatch().claimIdle()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldTakeTheOrdersCityAndRulesFileFromTheEnvironment() {
        HotlineConfig cfg = load(Map.of("HOTLINE_ORDERS_CITY", "330100",
                "HOTLINE_ORDERS_RULES", "/etc/hotline/r.properties"));

        assertThat(cfg.orders().cityCode()).isEqualTo("330100");
        assertThat(cfg.orders().rulesFile()).isEqualTo(Path.of("/etc/hotline/r.properties"));
    }

    @Test
    void shouldReadTheNamedUnitsOfTheUnitDirectory() {
        HotlineConfig cfg = load(Map.of());

        assertThat(cfg.orders().units()).contains(new OrdersConfig.Unit("balizhuang", "八里庄街道", "110105015"),
                new OrdersConfig.Unit("dept-water", "市水务局"),
                new OrdersConfig.Unit("dept-gas", "北京燃气集团", null, java.util.List.of("燃气集团", "市燃气集团")));
    }

    @Test
    void shouldNameEachBadNamedUnit() {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> HotlineConfigLoader.load(Map.of(), Map.of(
                "hotline.orders.units", java.util.List.of(Map.of("id", "a b", "name", "甲"),
                        Map.of("id", "x", "name", ""), Map.of("id", "x", "name", "乙"), Map.of("id", "y", "nom", "丙"),
                        Map.of("id", "z", "name", "丁", "street", "1101"),
                        Map.of("id", "w", "name", "戊", "aliases", "市戊局")))));

        assertThat(t).isInstanceOf(HotlineConfigException.class).hasMessageContaining(
                "hotline.orders.units.0.id: expected a unit id of 1-64 letters, digits, '.', '_' or '-'")
                .hasMessageContaining("hotline.orders.units.1.name: expected the unit's name, 1-64 characters")
                .hasMessageContaining("hotline.orders.units.2.id: \"x\" is listed twice")
                .hasMessageContaining("hotline.orders.units.3.nom: unknown key (expected id, name, street, aliases)")
                .hasMessageContaining("hotline.orders.units.4.street: expected the street's 9-digit division code")
                .hasMessageContaining("hotline.orders.units.5.aliases: expected a list of names");
    }

    @Test
    void shouldRejectAnOrdersCityCodeThatIsNotSixDigits() {
        HotlineConfigException e = problems(Map.of("HOTLINE_ORDERS_CITY", "11000"), Map.of());

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("hotline.orders.cityCode:"));
    }

    @Test
    void shouldKeepARelativeRunDirRelative() {
        HotlineConfig cfg = load(Map.of("HOTLINE_RUN_DIR", "build/run"));

        assertThat(cfg.runDir()).isEqualTo(Path.of("build/run")).isRelative();
    }

    @Test
    void shouldTakeThePortFromTheEnvironmentWhenHotlineHttpPortIsSet() {
        HotlineConfig cfg = load(Map.of("HOTLINE_HTTP_PORT", "9090"));

        assertThat(cfg.server().httpPort()).isEqualTo(9090);
    }

    @Test
    void shouldApplyEveryDocumentedEnvironmentVariable() {
        HotlineConfig cfg = load(Map.ofEntries(
                Map.entry("HOTLINE_HTTP_HOST", "0.0.0.0"),
                Map.entry("HOTLINE_ASTERISK_HOST", "10.0.0.5"),
                Map.entry("HOTLINE_AMI_PORT", "6038"),
                Map.entry("HOTLINE_AMI_USER", "ops"),
                Map.entry("HOTLINE_AMI_SECRET", "s3cret"),
                Map.entry("HOTLINE_ARI_PORT", "8089"),
                Map.entry("HOTLINE_ARI_PASSWORD", "ari-s3cret"),
                Map.entry("HOTLINE_SIP_PORT", "5062"),
                Map.entry("HOTLINE_RTP_START", "30000"),
                Map.entry("HOTLINE_RTP_END", "31000"),
                Map.entry("HOTLINE_TRUNK_HOST", "192.0.2.7"),
                Map.entry("HOTLINE_TRUNK_PORT", "5080"),
                Map.entry("HOTLINE_AGI_PORT", "4574"),
                Map.entry("HOTLINE_SEATS", "600"),
                Map.entry("HOTLINE_SEAT_PASSWORD_PREFIX", "pw"),
                Map.entry("HOTLINE_RING_TIMEOUT", "20s"),
                Map.entry("HOTLINE_REDIS_URI", "redis://redis.local:6380"),
                Map.entry("HOTLINE_CARRIER_AMI_PORT", "5040"),
                Map.entry("HOTLINE_RUN_DIR", "/var/lib/hotline"),
                Map.entry("HOTLINE_AGI_POOL_SIZE", "600"),
                Map.entry("HOTLINE_IVR_ENABLED", "false"),
                Map.entry("HOTLINE_IVR_MENU", "/etc/hotline/menu.conf")));

        assertThat(cfg.server().host()).isEqualTo("0.0.0.0");
        assertThat(cfg.agi().poolSize()).isEqualTo(600);
        assertThat(cfg.ivr().enabled()).isFalse();
        assertThat(cfg.ivr().menu()).isEqualTo(Path.of("/etc/hotline/menu.conf"));
        assertThat(cfg.asterisk()).isEqualTo(new AsteriskConfig("10.0.0.5", 6038, "ops", "s3cret", 5062, 30000,
                31000, "192.0.2.7", 5080, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(5), 8089,
                "hotline", "ari-s3cret"));
        assertThat(cfg.agi().port()).isEqualTo(4574);
        assertThat(cfg.seats()).isEqualTo(new SeatsConfig(600, 1001, "pw"));
        assertThat(cfg.routing().ringTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(cfg.redis().uri()).isEqualTo("redis://redis.local:6380");
        assertThat(cfg.carrier().amiPort()).isEqualTo(5040);
        assertThat(cfg.runDir()).isEqualTo(Path.of("/var/lib/hotline"));
    }

    @Test
    void shouldNameTheKeyWhenAnEnvironmentVariableIsNotANumber() {
        HotlineConfigException e = problems(Map.of("HOTLINE_HTTP_PORT", "abc"), Map.of());

        assertThat(e.problems()).singleElement().asString()
                .startsWith("hotline.server.httpPort: expected a port number 1..65535, got \"abc\"")
                .contains("HOTLINE_HTTP_PORT");
    }

    @Test
    void shouldNameTheEnvironmentVariableOfARangeItTurnedAround() { // found by ConfigFuzzTest: HOTLINE_ASR_RTP_END=1
        HotlineConfigException e = problems(Map.of("HOTLINE_ASR_RTP_END", "1"), Map.of());

        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("hotline.asr.rtp.portStart: must not exceed hotline.asr.rtp.portEnd (51000 > 1)")
                .contains("HOTLINE_ASR_RTP_END"));
    }

    @Test
    void shouldNameTheIvrKeysWhenTheirValuesAreWrong() {
        HotlineConfigException e = problems(Map.of("HOTLINE_IVR_ENABLED", "maybe"),
                Map.of("hotline.ivr.recordedPrompts", "", "hotline.agi.poolSize", 2));

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "hotline.ivr.enabled: expected true or false, got \"maybe\" (from env var HOTLINE_IVR_ENABLED)"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "hotline.ivr.recordedPrompts: expected a directory path, got \"\""));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "hotline.agi.poolSize: expected a whole number 4..4096, got 2"));
    }

    @Test
    void shouldNameTheKeyWhenPortIsOutOfRange() {
        HotlineConfigException e = problems(Map.of(), Map.of("hotline.server.httpPort", 70000));

        assertThat(e.problems())
                .containsExactly("hotline.server.httpPort: expected a port number 1..65535, got 70000");
        assertThat(e).hasMessageContaining("hotline.server.httpPort: expected a port number 1..65535, got 70000");
    }

    @Test
    void shouldReportEveryProblemOnItsOwnLineWhenSeveralKeysAreBad() {
        HotlineConfigException e = problems(Map.of("HOTLINE_HTTP_PORT", "70000"),
                Map.of("hotline.seats.count", "many"));

        assertThat(e.problems()).containsExactly(
                "hotline.server.httpPort: expected a port number 1..65535, got 70000 (from env var HOTLINE_HTTP_PORT)",
                "hotline.seats.count: expected a whole number 1..999, got \"many\"");
        assertThat(e.getMessage().lines()).hasSize(3).first().isEqualTo("2 configuration problems:");
    }

    @Test
    void shouldSayMissingWhenARequiredKeyIsNull() {
        HotlineConfigException e = problems(Map.of(), nullValue("hotline.redis.uri"));

        assertThat(e.problems()).containsExactly("hotline.redis.uri: missing, expected a redis:// URI");
    }

    private static Map<String, Object> nullValue(String key) {
        Map<String, Object> map = new HashMap<>();
        map.put(key, null);
        return map;
    }

    @Test
    void shouldRejectAUriThatIsNotRedisWithoutShowingItsPassword() {
        HotlineConfigException e = problems(Map.of("HOTLINE_REDIS_URI", "http://user:hunter2@host"), Map.of());

        assertThat(e.problems()).singleElement().asString()
                .startsWith("hotline.redis.uri: expected a redis:// URI, got \"http://***@host\"")
                .doesNotContain("hunter2");
    }

    @Test
    void shouldNameTheKeyWhenADurationIsNotADuration() {
        HotlineConfigException e = problems(Map.of("HOTLINE_RING_TIMEOUT", "soon"), Map.of());

        assertThat(e.problems()).singleElement().asString()
                .startsWith("hotline.routing.ringTimeout: expected a positive duration such as 15s, got \"soon\"");
    }

    @Test
    void shouldRefuseADurationWithoutAUnitInsteadOfReadingMilliseconds() {
        HotlineConfigException e = problems(Map.of("HOTLINE_RING_TIMEOUT", "15"), Map.of());

        assertThat(e.problems()).singleElement().asString()
                .startsWith("hotline.routing.ringTimeout: expected a positive duration such as 15s, got \"15\"");
    }

    @Test
    void shouldRefuseAZeroDuration() {
        HotlineConfigException e = problems(Map.of(), Map.of("hotline.fallback.queueTimeout", "0s"));

        assertThat(e.problems()).containsExactly(
                "hotline.fallback.queueTimeout: expected a positive duration such as 300s, got \"0s\"");
    }

    @Test
    void shouldAcceptDurationOverrides() {
        HotlineConfig cfg = HotlineConfigLoader.load(Map.of(),
                Map.of("hotline.routing.maxWait", Duration.ofMinutes(2), "hotline.runDir", Path.of("x", "y")));

        assertThat(cfg.routing().maxWait()).isEqualTo(Duration.ofMinutes(2));
        assertThat(cfg.runDir()).isEqualTo(Path.of("x", "y"));
    }

    @Test
    void shouldRequireRtpStartBelowRtpEnd() {
        HotlineConfigException e = problems(Map.of("HOTLINE_RTP_END", "9000"), Map.of());

        assertThat(e.problems()).singleElement().asString()
                .startsWith("hotline.asterisk.rtpStart: must be below hotline.asterisk.rtpEnd (10000 >= 9000)")
                .contains("HOTLINE_RTP_END");
    }

    @Test
    void shouldRequireSeatsToStayFourDigits() {
        HotlineConfigException e = problems(Map.of("HOTLINE_SEATS", "50"), Map.of("hotline.seats.first", 9960));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("hotline.seats.count: seats 9960..10009 leave the 4-digit range 1000..9999");
    }

    @Test
    void shouldAllowTheLastSeatToBe9999() {
        HotlineConfig cfg = HotlineConfigLoader.load(Map.of("HOTLINE_SEATS", "999"),
                Map.of("hotline.seats.first", 9001));

        assertThat(cfg.seats().seatIds()).hasSize(999).last().isEqualTo("9999");
    }

    @Test
    void shouldNameTheForkChoicesWhenTheForkIsUnknown() {
        HotlineConfigException e = problems(Map.of("HOTLINE_ASR_FORK", "mixmonitor"), Map.of());

        assertThat(e.problems()).containsExactly("hotline.asr.fork: expected \"ari\" or \"chanspy\", got "
                + "\"mixmonitor\" (from env var HOTLINE_ASR_FORK)");
        assertThat(load(Map.of("HOTLINE_ASR_FORK", "chanspy")).asr().fork()).isEqualTo("chanspy");
    }

    @Test
    void shouldRefuseAnAriPortThatClashesWithAmi() {
        HotlineConfigException e = problems(Map.of("HOTLINE_ARI_PORT", "5038"), Map.of());

        assertThat(e.problems()).anyMatch(p -> p.startsWith("hotline.asterisk.ari.port: TCP port 5038"));
    }

    @Test
    void shouldRefuseEmptyHostsAccountsAndSecrets() {
        HotlineConfigException e = problems(
                Map.of("HOTLINE_ASTERISK_HOST", "", "HOTLINE_AMI_USER", "", "HOTLINE_AMI_SECRET", ""), Map.of());

        assertThat(e.problems()).containsExactly(
                "hotline.asterisk.host: expected a host name or IP address, got \"\" (from env var "
                        + "HOTLINE_ASTERISK_HOST)",
                "hotline.asterisk.amiUser: expected an account name of letters, digits, '.', '_' or '-', got \"\" "
                        + "(from env var HOTLINE_AMI_USER)",
                "hotline.asterisk.amiSecret: expected a non-empty secret without spaces or ';', got an empty value "
                        + "(from env var HOTLINE_AMI_SECRET)");
    }

    @Test
    void shouldNotShowASecretThatBreaksAsteriskSyntax() {
        HotlineConfigException e = problems(Map.of("HOTLINE_AMI_SECRET", "abc;def"), Map.of());

        assertThat(e.problems()).singleElement().asString()
                .startsWith("hotline.asterisk.amiSecret: expected a non-empty secret without spaces or ';'")
                .doesNotContain("abc");
    }

    @Test
    void shouldNameAnUnknownKeyAndSuggestTheKnownOne() {
        HotlineConfigException e = problems(Map.of(), Map.of("hotline.server.httpport", 9090));

        assertThat(e.problems()).containsExactly("hotline.server.httpport: unknown key (did you mean httpPort?)");
    }

    @Test
    void shouldNameAnUnknownSectionOnceNotEachKeyInIt() {
        HotlineConfigException e = problems(Map.of(),
                Map.of("hotline.servr.host", "x", "hotline.servr.httpPort", 1));

        assertThat(e.problems()).containsExactly("hotline.servr: unknown key (did you mean server?)");
    }

    @Test
    void shouldReportASectionThatIsNotAnObjectOnce() {
        HotlineConfigException e = problems(Map.of(), Map.of("hotline.server", 5));

        assertThat(e.problems())
                .containsExactly("hotline.server: expected an object with keys host, httpPort, got 5");
    }

    @Test
    void shouldReportPortsThatClashOnTheSameHost() {
        HotlineConfigException e = problems(Map.of("HOTLINE_SIP_PORT", "5070"), Map.of());

        assertThat(e.problems()).containsExactly("hotline.carrier.sipPort: UDP port 5070 on 127.0.0.1 clashes with "
                + "hotline.asterisk.sipPort (port 5070 on 127.0.0.1) (from env var HOTLINE_SIP_PORT)");
    }

    @Test
    void shouldReportOverlappingRtpRanges() {
        HotlineConfigException e = problems(Map.of("HOTLINE_RTP_END", "20010"), Map.of());

        assertThat(e.problems()).containsExactly("hotline.carrier.rtpStart..rtpEnd: UDP ports 20000..29998 on "
                + "127.0.0.1 clashes with hotline.asterisk.rtpStart..rtpEnd (ports 10000..20010 on 127.0.0.1)"
                + " (from env var HOTLINE_RTP_END)");
    }

    @Test
    void shouldAllowTheSamePortOnDifferentHosts() {
        HotlineConfig cfg = load(Map.of("HOTLINE_SIP_PORT", "5070", "HOTLINE_ASTERISK_HOST", "127.0.0.2"));

        assertThat(cfg.asterisk().sipPort()).isEqualTo(cfg.carrier().sipPort());
    }

    @Test
    void shouldLayerTheHotlineConfigFileOverTheDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("site.conf");
        Files.writeString(file, "hotline {\n  server.httpPort = 9000\n  seats { count = 600 }\n}\n");

        HotlineConfig cfg = load(Map.of("HOTLINE_CONFIG", file.toString()));

        assertThat(cfg.server().httpPort()).isEqualTo(9000);
        assertThat(cfg.server().host()).isEqualTo("127.0.0.1");
        assertThat(cfg.seats().count()).isEqualTo(600);
        assertThat(cfg.seats().first()).isEqualTo(1001);
    }

    @Test
    void shouldLetTheEnvironmentWinOverTheHotlineConfigFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("site.conf");
        Files.writeString(file, "hotline.server.httpPort = 9000\nhotline.seats.count = 600\n");

        HotlineConfig cfg = load(Map.of("HOTLINE_CONFIG", file.toString(), "HOTLINE_HTTP_PORT", "9090"));

        assertThat(cfg.server().httpPort()).isEqualTo(9090);
        assertThat(cfg.seats().count()).isEqualTo(600);
    }

    @Test
    void shouldLetOverridesWinOverEverything(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("site.conf");
        Files.writeString(file, "hotline.server.httpPort = 9000\n");

        HotlineConfig cfg = HotlineConfigLoader.load(
                Map.of("HOTLINE_CONFIG", file.toString(), "HOTLINE_HTTP_PORT", "9090"),
                Map.of("hotline.server.httpPort", 9191));

        assertThat(cfg.server().httpPort()).isEqualTo(9191);
    }

    @Test
    void shouldResolveSubstitutionsInTheFileAgainstTheGivenEnvironmentAndOtherKeys(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("site.conf");
        Files.writeString(file, "hotline.agi.host = ${hotline.asterisk.host}\n"
                + "hotline.redis.uri = ${?SITE_REDIS}\n");

        HotlineConfig cfg = load(Map.of("HOTLINE_CONFIG", file.toString(), "HOTLINE_ASTERISK_HOST", "10.1.2.3",
                "SITE_REDIS", "redis://cache:6379"));

        assertThat(cfg.agi().host()).isEqualTo("10.1.2.3");
        assertThat(cfg.redis().uri()).isEqualTo("redis://cache:6379");
    }

    @Test
    void shouldNameTheFileAndLineOfABadValueFromTheHotlineConfigFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("site.conf");
        Files.writeString(file, "hotline {\n  seats.count = 0\n  sever.host = x\n}\nserver.httpPort = 1\n");

        HotlineConfigException e = problems(Map.of("HOTLINE_CONFIG", file.toString()), Map.of());

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "server: unknown key, expected every key under hotline { } (from " + file + ":5)",
                "hotline.sever: unknown key (did you mean server?) (from " + file + ":3)",
                "hotline.seats.count: expected a whole number 1..999, got 0 (from " + file + ":2)");
    }

    @Test
    void shouldNameTheHotlineConfigFileWhenItCannotBeRead(@TempDir Path dir) {
        Path file = dir.resolve("absent.conf");

        HotlineConfigException e = problems(Map.of("HOTLINE_CONFIG", file.toString()), Map.of());

        assertThat(e.problems()).singleElement().asString().startsWith("HOTLINE_CONFIG: cannot read " + file);
    }

    @Test
    void shouldReportAnUnresolvedSubstitutionAsAProblem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("site.conf");
        Files.writeString(file, "hotline.redis.uri = ${SITE_REDIS}\n");

        HotlineConfigException e = problems(Map.of("HOTLINE_CONFIG", file.toString()), Map.of());

        assertThat(e.problems()).singleElement().asString().contains("SITE_REDIS");
    }

    @Test
    void shouldIgnoreTheProcessEnvironment(@TempDir Path dir) throws IOException {
        // PATH is set in every process environment; only the given map may feed substitutions.
        Path file = dir.resolve("site.conf");
        Files.writeString(file, "hotline.runDir = ${?PATH}\n");

        HotlineConfig cfg = load(Map.of("HOTLINE_CONFIG", file.toString()));

        assertThat(cfg.runDir()).isEqualTo(Path.of(".run"));
    }

    @Test
    void shouldPrintSecretsMasked() {
        HotlineConfig cfg = HotlineConfigLoader.load(
                Map.of("HOTLINE_AMI_SECRET", "topsecret", "HOTLINE_SEAT_PASSWORD_PREFIX", "seatpw",
                        "HOTLINE_REDIS_URI", "redis://:redispw@cache:6379/0"),
                Map.of("hotline.carrier.amiSecret", "carriersecret"));

        assertThat(cfg.toString())
                .doesNotContain("topsecret", "seatpw", "carriersecret", "redispw")
                .contains("amiSecret=***", "passwordPrefix=***", "redis://***@cache:6379/0");
        assertThat(cfg.asterisk().amiSecret()).isEqualTo("topsecret");
    }

    @Test
    void shouldNameTheKeyAndIndexOfABadHolidayAndRefuseAHolidayThatIsAlsoAMakeUpDay() {
        HotlineConfigException e = problems(Map.of(), Map.of(
                "hotline.dispatch.deadlines.holidays", java.util.List.of("2026-10-01", "2026-13-01"),
                "hotline.dispatch.deadlines.makeUpWorkdays", java.util.List.of("2026-10-01"),
                "hotline.dispatch.deadlines.dayStart", "18:00",
                "hotline.dispatch.deadlines.reminderWorkingDay", 9));

        assertThat(e.getMessage()).contains("hotline.dispatch.deadlines.holidays[1]: expected a date")
                .contains("hotline.dispatch.deadlines.reminderWorkingDay: expected a whole number 1..7, got 9")
                .contains("hotline.dispatch.deadlines.dayStart: must be before dayEnd")
                .contains("hotline.dispatch.deadlines.makeUpWorkdays: 2026-10-01 is also listed in holidays");
    }

    @Test
    void shouldTakeTheConsumerNameFromTheEnvironment() {
        assertThat(load(Map.of("HOTLINE_NODE_ID", "node-7")).dispatch().consumerName()).isEqualTo("node-7");
    }

    @Test
    void shouldReadTheAsrSectionFromTheEnvironment() {
        HotlineConfig cfg = load(Map.of("HOTLINE_ASR_ENABLED", "false", "HOTLINE_ASR_MODEL_ZH", "/opt/vosk/zh",
                "HOTLINE_ASR_DEFAULT_LANGUAGE", "en", "HOTLINE_ASR_RTP_START", "32000", "HOTLINE_ASR_RTP_END",
                "32099", "HOTLINE_ASR_MAX_STREAMS", "8"));

        assertThat(cfg.asr().enabled()).isFalse();
        assertThat(cfg.asr().models()).containsExactly(Map.entry("en", Path.of("asr/target/vosk-model-en-us")),
                Map.entry("zh", Path.of("/opt/vosk/zh")));
        assertThat(cfg.asr().defaultLanguage()).isEqualTo("en");
        assertThat(cfg.asr().rtpStart()).isEqualTo(32000);
        assertThat(cfg.asr().rtpEnd()).isEqualTo(32099);
        assertThat(cfg.asr().maxStreams()).isEqualTo(8);
    }

    @Test
    void shouldDefaultToTheEnglishTestModelOnlyAndChineseCallsForABeijingHall() {
        HotlineConfig cfg = load(Map.of());

        assertThat(cfg.asr().models()).containsExactly(Map.entry("en", Path.of("asr/target/vosk-model-en-us")));
        assertThat(cfg.asr().defaultLanguage()).isEqualTo("zh");
    }

    @Test
    void shouldTakeAModelForAnyLanguageTheOperatorNames() {
        HotlineConfig cfg = HotlineConfigLoader.load(Map.of(), Map.of("hotline.asr.models.yue", "/opt/vosk/yue",
                "hotline.asr.models.zh-cn", "/opt/vosk/cn"));

        assertThat(cfg.asr().models()).containsOnlyKeys("en", "yue", "zh-cn");
        assertThat(cfg.asr().models().get("yue")).isEqualTo(Path.of("/opt/vosk/yue"));
    }

    @Test
    void shouldRefuseTheOneModelKeysNamingWhatReplacesThem() {
        HotlineConfigException e = problems(Map.of("HOTLINE_ASR_MODEL_DIR", "/opt/vosk/zh", "HOTLINE_ASR_LANGUAGE",
                "zh-cn"), Map.of("hotline.asr.modelDir", "/opt/vosk/zh", "hotline.asr.language", "zh-cn"));

        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).startsWith("hotline.asr.modelDir: replaced by hotline.asr.models.<language>"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.asr.language: replaced by hotline.asr.models.<language>"))
                .anySatisfy(p -> assertThat(p).startsWith("env var HOTLINE_ASR_MODEL_DIR: replaced by"
                        + " HOTLINE_ASR_MODEL_<LANGUAGE>"))
                .anySatisfy(p -> assertThat(p).startsWith("env var HOTLINE_ASR_LANGUAGE: replaced by"
                        + " HOTLINE_ASR_DEFAULT_LANGUAGE"))
                .noneSatisfy(p -> assertThat(p).contains("unknown key"));
    }

    @Test
    void shouldNameEveryBadAsrValue() {
        HotlineConfigException e = problems(Map.of(), Map.of("hotline.asr.enabled", "yes",
                "hotline.asr.realTimeFactor", 0, "hotline.asr.cpuShare", 1.5, "hotline.asr.defaultLanguage", "en us",
                "hotline.asr.models.ZH", "/opt/vosk/zh", "hotline.asr.models.fr", "",
                "hotline.asr.rtp.portStart", 31000, "hotline.asr.rtp.portEnd", 30000));

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("hotline.asr.enabled: expected true or"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.asr.realTimeFactor: expected a number above 0"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.asr.cpuShare: expected a number above 0"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.asr.defaultLanguage: expected a language tag"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.asr.models.ZH: expected a language tag in lower"
                        + " case as the key"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.asr.models.fr: expected a directory path"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.asr.rtp.portStart: must not exceed hotline.asr.rtp.portEnd"));
    }

    @Test
    void shouldRefuseAnAsrPortRangeOverlappingTheAsteriskRtpRange() {
        HotlineConfigException e = problems(Map.of(), Map.of("hotline.asr.rtp.portStart", 19000,
                "hotline.asr.rtp.portEnd", 19100));

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("hotline.asr.rtp.portStart..portEnd: UDP")
                .contains("clashes with hotline.asterisk.rtpStart..rtpEnd"));
    }
}
