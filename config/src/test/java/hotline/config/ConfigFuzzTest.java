package hotline.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzz: {@link HotlineConfigLoader} with one setting of the documented defaults ({@code config/hotline.conf}) given a
 * random bad value, in the operator's {@code HOTLINE_CONFIG} file or in the environment variable the defaults read
 * it from. Property: the loader either accepts the value or throws {@link HotlineConfigException} with a problem line
 * naming that key (or variable) — never another exception, never a config that silently drops it.
 */
class ConfigFuzzTest {
    private static final List<String> KEYS = leafKeys();
    private static final Map<String, String> ENV_KEYS = envKeys();

    private static List<String> leafKeys() {
        var defaults = ConfigFactory.parseResources(HotlineConfigLoader.DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        TreeSet<String> keys = new TreeSet<>();
        defaults.entrySet().forEach(e -> keys.add(e.getKey()));
        return new ArrayList<>(keys);
    }

    /** {@code HOTLINE_X -> hotline.a.b} from the defaults file's {@code b = ${?HOTLINE_X}} lines. */
    private static Map<String, String> envKeys() {
        Map<String, String> out = new java.util.TreeMap<>();
        try (var in = HotlineConfigLoader.class.getResourceAsStream("/" + HotlineConfigLoader.DEFAULTS_RESOURCE)) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            // the defaults name each variable once, beside its key; the key is found by its value's origin below
            Matcher m = Pattern.compile("\\$\\{\\?(HOTLINE_[A-Z0-9_]+)}").matcher(text);
            while (m.find()) {
                out.put(m.group(1), "");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of(KEYS);
    }

    @Provide
    Arbitrary<String> envNames() {
        return Arbitraries.of(new ArrayList<>(ENV_KEYS.keySet()));
    }

    /** A HOCON value as it would be written after {@code key = }. */
    @Provide
    Arbitrary<String> hoconValues() {
        return Arbitraries.oneOf(
                Arbitraries.of("-1", "0", "70000", "99999999999999999999", "1.5", "-0.0", "true", "false", "null",
                        "[]", "[1, 2]", "{}", "{ a = 1 }", "\"\"", "\" \"", "\"5 parsecs\"", "\"-3s\"", "\"0s\"",
                        "\"999999999d\"", "\"not a host\"", "\"256.1.1.1\"", "\"/dev/null/x\"", "\"http://x\"",
                        "\"\\u0000\"", "\"中文\""),
                Arbitraries.strings().ofMaxLength(30).map(ConfigUtil::quoteString),
                Arbitraries.integers().map(String::valueOf));
    }

    @Provide
    Arbitrary<String> envValues() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "-1", "0", "70000", "abc", "5 parsecs", "-3s", "true", "[1]", "${x}", "\"",
                        "99999999999999999999"),
                Arbitraries.strings().ofMaxLength(30).filter(s -> s.indexOf('\0') < 0));
    }

    @Property(tries = 400)
    void aBadValueInTheConfigFileIsRefusedNamingItsKey(@ForAll("keys") String key,
                                                       @ForAll("hoconValues") String value) throws Exception {
        Path file = Files.createTempFile("hotline-fuzz", ".conf");
        try {
            Files.writeString(file, key + " = " + value + "\n");
            checkLoad(Map.of(HotlineConfigLoader.CONFIG_FILE_ENV, file.toString()), key, key + " = " + value);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Property(tries = 300)
    void aBadValueInAnEnvironmentVariableIsRefusedNamingIt(@ForAll("envNames") String name,
                                                           @ForAll("envValues") String value) {
        checkLoad(Map.of(name, value), name, name + "=" + value);
    }

    private static void checkLoad(Map<String, String> env, String named, String what) {
        try {
            HotlineConfig config = HotlineConfigLoader.load(env, Map.of());
            assertThat(config).as("accepted %s", what).isNotNull();
        } catch (HotlineConfigException e) {
            assertThat(e.problems()).as("problems for %s", what).isNotEmpty()
                    .anyMatch(p -> names(p, named));
        }
    }

    /**
     * The key itself; or its range written as the problems write ranges ({@code a.rtpStart..rtpEnd}); or a rule
     * over a section's keys, the section first and the key by name
     * ({@code hotline.acd.priorityBoost: must not increase from leaderSession to urgent ...}).
     */
    private static boolean names(String problem, String key) {
        if (problem.contains(key)) {
            return true;
        }
        int dot = key.lastIndexOf('.');
        String prefix = key.substring(0, dot + 1);
        String name = key.substring(dot + 1);
        if (dot > 0 && problem.startsWith(key.substring(0, dot) + ":") && problem.contains(name)) {
            return true;
        }
        if (name.endsWith("End")) {
            String base = name.substring(0, name.length() - 3);
            return problem.contains(prefix + base + "Start.." + name);
        }
        if (name.endsWith("Start")) {
            String base = name.substring(0, name.length() - 5);
            return problem.contains(prefix + name + ".." + base + "End");
        }
        return false;
    }
}
