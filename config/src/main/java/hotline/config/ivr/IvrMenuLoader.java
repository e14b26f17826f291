package hotline.config.ivr;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import hotline.config.HotlineConfigException;
import hotline.routing.ivr.IvrMenu;
import hotline.routing.ivr.IvrNode;
import hotline.routing.ivr.IvrOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a menu file (HOCON, everything under {@code ivr { }}) into the engine's {@link IvrMenu} and the prompt texts,
 * validated once: every problem is reported, one line each, naming the key ({@code ivr.nodes.business.options.4.next:
 * node "lobby" does not exist}). The format and the default tree are in {@code docs/ivr.md}.
 *
 * <p>A {@code districts} node becomes a menu with one two-digit key per district of the gazetteer ({@code 01}, {@code
 * 02}, ... in the order given), setting {@code district} (the division code; attribute values stay ASCII, as they
 * travel in channel variables); its prompt
 * says the list where the node has an {@code itemPrompt} for the language.
 */
public final class IvrMenuLoader {

    /** The classpath resource of the built-in menu. */
    public static final String DEFAULT_RESOURCE = "ivr-menu.conf";

    /** Prompts the engine itself may ask for, beyond those the nodes name. */
    public static final List<String> ENGINE_PROMPTS = List.of("no-input", "invalid", "order-unknown", "order-number",
            "deadline", "status-after", "status-other", "goodbye");

    /**
     * Prompts the queue announcement plays ({@code server.ivr.QueueAnnouncementScript}). {@code ahead} and {@code wait}
     * are templates: their {@code {n}} becomes {@code ahead-0}..{@code ahead-20} (callers ahead) and {@code wait-1}..
     * {@code wait-30} (minutes).
     */
    public static final List<String> QUEUE_PROMPTS = List.of("ahead", "wait", "callback-offer", "callback-confirm");
    private static final Map<String, int[]> TEMPLATES = Map.of("ahead", new int[] {0, 20}, "wait", new int[] {1, 30});

    private static final Map<String, Set<String>> NODE_KEYS = Map.of(
            "announce", Set.of("type", "prompt", "next"),
            "menu", Set.of("type", "prompt", "maxDigits", "options"),
            "districts", Set.of("type", "prompt", "next", "options", "itemPrompt"),
            "orderStatus", Set.of("type", "prompt", "maxDigits", "set"),
            "toAgent", Set.of("type", "set"));
    private static final Set<String> OPTION_KEYS = Set.of("set", "next", "requires", "prompt");
    private static final Set<String> TOP_KEYS = Set.of("start", "defaultLanguage", "languages", "inputTimeout",
            "interDigit", "maxRetries", "nodes", "prompts");
    private static final String NAME = "[A-Za-z0-9_-]{1,48}";

    private IvrMenuLoader() {
    }

    /**
     * The menu and its prompts.
     *
     * @param menu    the validated tree
     * @param prompts the text of every prompt the tree and the engine use, in every language of the menu
     */
    public record LoadedMenu(IvrMenu menu, IvrPrompts prompts) {
    }

    /**
     * Loads a menu file.
     *
     * @param file      the file, or null for the built-in {@value #DEFAULT_RESOURCE}
     * @param districts the districts a {@code districts} node offers, in key order
     * @throws HotlineConfigException listing every problem, each line starting with the file's name
     */
    public static LoadedMenu load(Path file, List<IvrDistrict> districts) {
        String source = file == null ? DEFAULT_RESOURCE + " (built-in)" : file.toString();
        Config c;
        try {
            if (file == null) {
                c = ConfigFactory.parseResources(IvrMenuLoader.class.getClassLoader(), DEFAULT_RESOURCE,
                        ConfigParseOptions.defaults().setAllowMissing(false));
            } else {
                if (!Files.isRegularFile(file)) {
                    throw new HotlineConfigException(List.of("hotline.ivr.menu: " + file + " is not a readable file"));
                }
                c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            }
            c = c.resolve();
        } catch (ConfigException e) {
            throw new HotlineConfigException(List.of("ivr menu " + source + ": " + e.getMessage()), e);
        }
        Reader r = new Reader(c);
        LoadedMenu loaded = r.read(districts);
        if (!r.problems.isEmpty()) {
            throw new HotlineConfigException(r.problems.stream().map(p -> "ivr menu " + source + ": " + p).toList());
        }
        return loaded;
    }

    // A path element, quoted only where HOCON needs it (keys like "*" or "#").
    private static String seg(String name) {
        return name.matches("[A-Za-z0-9_-]+") ? name : ConfigUtil.quoteString(name);
    }

    private static final class Reader {
        final Config c;
        final List<String> problems = new ArrayList<>();
        // prompt name -> the key that uses it (for messages)
        final Map<String, String> used = new TreeMap<>();
        final Map<String, Map<String, String>> texts = new TreeMap<>();

        Reader(Config c) {
            this.c = c;
        }

        LoadedMenu read(List<IvrDistrict> districts) {
            if (!c.hasPath("ivr") || c.getValue("ivr").valueType() != ConfigValueType.OBJECT) {
                problems.add("ivr: missing, expected an object with keys " + new TreeSet<>(TOP_KEYS));
                return null;
            }
            unknownKeys("ivr", TOP_KEYS);
            String start = name("ivr.start");
            String defaultLanguage = name("ivr.defaultLanguage");
            List<String> languages = languages();
            Duration inputTimeout = duration("ivr.inputTimeout");
            Duration interDigit = duration("ivr.interDigit");
            int maxRetries = number("ivr.maxRetries", 0, 9);
            Map<String, IvrNode> nodes = new LinkedHashMap<>();
            if (object("ivr.nodes")) {
                for (String id : new TreeSet<>(c.getObject("ivr.nodes").keySet())) {
                    String key = "ivr.nodes." + seg(id);
                    if (!id.matches(NAME)) {
                        problems.add(key + ": node ids are 1 to 48 of A-Z a-z 0-9 _ -");
                    } else if (object(key)) {
                        node(id, key, districts, languages).ifPresent(n -> nodes.put(id, n));
                    }
                }
            }
            readTexts(languages);
            ENGINE_PROMPTS.forEach(p -> used.putIfAbsent(p, "the menu engine"));
            QUEUE_PROMPTS.forEach(p -> used.putIfAbsent(p, "the queue announcement"));
            TEMPLATES.forEach((name, range) -> {
                Map<String, String> byLang = texts.getOrDefault(name, Map.of());
                byLang.forEach((lang, text) -> {
                    if (!text.contains("{n}")) {
                        problems.add("ivr.prompts." + name + "." + lang + ": expected a text with {n} (the number)");
                        return;
                    }
                    for (int n = range[0]; n <= range[1]; n++) {
                        texts.computeIfAbsent(name + "-" + n, k -> new TreeMap<>())
                                .putIfAbsent(lang, text.replace("{n}", String.valueOf(n)));
                    }
                });
            });
            for (String lang : languages) {
                Map<String, String> generated = NumberWords.of(lang).orElse(Map.of());
                generated.forEach((name, text) -> texts.computeIfAbsent(name, k -> new TreeMap<>())
                        .putIfAbsent(lang, text));
                if (generated.isEmpty()) {
                    List.of("digit-", "month-", "day-", "hour-").forEach(p -> used.putIfAbsent(p + "1",
                            "order-status read-back (language " + lang + " has no built-in number words)"));
                }
            }
            used.forEach((prompt, user) -> {
                for (String lang : languages) {
                    if (!texts.containsKey(prompt) || !texts.get(prompt).containsKey(lang)) {
                        problems.add("ivr.prompts." + prompt + "." + lang + ": missing, " + user + " plays it");
                    }
                }
            });
            if (!problems.isEmpty()) {
                return null;
            }
            try {
                return new LoadedMenu(new IvrMenu(start, defaultLanguage, languages, inputTimeout, interDigit,
                        maxRetries, nodes), new IvrPrompts(texts));
            } catch (IllegalArgumentException e) {
                for (String p : e.getMessage().split("; ")) {
                    problems.add("ivr: " + p);
                }
                return null;
            }
        }

        Optional<IvrNode> node(String id, String key, List<IvrDistrict> districts, List<String> languages) {
            String type = string(key + ".type");
            if (type == null) {
                return Optional.empty();
            }
            Set<String> allowed = NODE_KEYS.get(type);
            if (allowed == null) {
                problems.add(key + ".type: expected one of " + new TreeSet<>(NODE_KEYS.keySet()) + ", got \"" + type
                        + "\"");
                return Optional.empty();
            }
            unknownKeys(key, allowed);
            int before = problems.size();
            IvrNode node = switch (type) {
                case "announce" -> new IvrNode.Announce(id, prompt(key), name(key + ".next"));
                case "menu" -> {
                    String prompt = prompt(key);
                    Map<String, IvrOption> options = options(key);
                    int longest = options.keySet().stream().mapToInt(String::length).max().orElse(1);
                    int maxDigits = c.hasPath(key + ".maxDigits") ? number(key + ".maxDigits", 1, 4) : longest;
                    yield problems.size() > before || options.isEmpty() ? null
                            : new IvrNode.Menu(id, prompt, maxDigits, options);
                }
                case "districts" -> districtsNode(id, key, districts, languages);
                case "orderStatus" -> new IvrNode.OrderStatus(id, prompt(key),
                        c.hasPath(key + ".maxDigits") ? number(key + ".maxDigits", 1, 32) : 20, set(key + ".set"));
                default -> new IvrNode.ToAgent(id, set(key + ".set"));
            };
            return problems.size() > before ? Optional.empty() : Optional.ofNullable(node);
        }

        IvrNode districtsNode(String id, String key, List<IvrDistrict> districts, List<String> languages) {
            String prompt = prompt(key);
            String next = name(key + ".next");
            Map<String, IvrOption> options = new TreeMap<>();
            if (districts.isEmpty()) {
                problems.add(key + ": a districts node needs the gazetteer's districts, and none were loaded");
                return null;
            }
            if (districts.size() > 99) {
                problems.add(key + ": " + districts.size() + " districts do not fit two-digit keys");
                return null;
            }
            for (int i = 0; i < districts.size(); i++) {
                IvrDistrict d = districts.get(i);
                String k = String.format("%02d", i + 1);
                options.put(k, IvrOption.of(k, Map.of("district", d.code()), next));
            }
            if (c.hasPath(key + ".options")) {
                options(key).forEach((k, o) -> {
                    if (options.containsKey(k)) {
                        problems.add(key + ".options." + k + ": key is taken by district " + k);
                    }
                    options.put(k, o);
                });
            }
            if (c.hasPath(key + ".itemPrompt") && object(key + ".itemPrompt") && prompt != null) {
                Config items = c.getConfig(key + ".itemPrompt");
                for (String lang : new TreeSet<>(items.root().keySet())) {
                    String template = string(key + ".itemPrompt." + lang);
                    if (template == null || !template.contains("{name}")) {
                        problems.add(key + ".itemPrompt." + lang + ": expected a text with {name} (and {key})");
                        continue;
                    }
                    Map<String, String> words = NumberWords.of(lang).orElse(Map.of());
                    StringBuilder list = new StringBuilder();
                    for (int i = 0; i < districts.size(); i++) {
                        String k = String.format("%02d", i + 1);
                        String spoken = words.isEmpty() ? k
                                : words.get("digit-" + k.charAt(0)) + " " + words.get("digit-" + k.charAt(1));
                        list.append(template.replace("{name}", districts.get(i).name()).replace("{key}", spoken));
                    }
                    districtLists.put(prompt + "|" + lang, list.toString());
                }
            }
            return new IvrNode.Menu(id, prompt, 2, options);
        }

        final Map<String, String> districtLists = new TreeMap<>();

        Map<String, IvrOption> options(String key) {
            Map<String, IvrOption> options = new TreeMap<>();
            if (!object(key + ".options")) {
                return options;
            }
            for (String k : new TreeSet<>(c.getObject(key + ".options").keySet())) {
                String ok = key + ".options." + seg(k);
                if (!k.matches("[0-9*#]{1,4}")) {
                    problems.add(ok + ": keys are 1 to 4 of 0-9 * #");
                    continue;
                }
                if (!object(ok)) {
                    continue;
                }
                unknownKeys(ok, OPTION_KEYS);
                String next = name(ok + ".next");
                Map<String, String> set = c.hasPath(ok + ".set") ? set(ok + ".set") : Map.of();
                String requires = c.hasPath(ok + ".requires") ? name(ok + ".requires") : null;
                String prompt = null;
                if (c.hasPath(ok + ".prompt")) {
                    prompt = name(ok + ".prompt");
                    if (prompt != null) {
                        used.putIfAbsent(prompt, ok + ".prompt");
                    }
                }
                if (next != null) {
                    options.put(k, new IvrOption(k, set, next, requires, prompt));
                }
            }
            if (options.isEmpty() && !key.contains("districts")) {
                problems.add(key + ".options: expected at least one key");
            }
            return options;
        }

        Map<String, String> set(String key) {
            Map<String, String> set = new TreeMap<>();
            if (!c.hasPath(key)) {
                return set;
            }
            if (!object(key)) {
                return set;
            }
            for (Map.Entry<String, ConfigValue> e : c.getObject(key).entrySet()) {
                if (e.getValue().valueType() == ConfigValueType.OBJECT
                        || e.getValue().valueType() == ConfigValueType.LIST) {
                    problems.add(key + "." + e.getKey() + ": expected a text value");
                } else if (!e.getKey().matches("[A-Za-z][A-Za-z0-9_]{0,31}")) {
                    problems.add(key + "." + e.getKey() + ": attribute names are a letter then letters, digits, _");
                } else {
                    set.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
                }
            }
            return set;
        }

        void readTexts(List<String> languages) {
            if (!object("ivr.prompts")) {
                return;
            }
            for (String name : new TreeSet<>(c.getObject("ivr.prompts").keySet())) {
                String key = "ivr.prompts." + seg(name);
                if (!name.matches(NAME)) {
                    problems.add(key + ": prompt names are 1 to 48 of A-Z a-z 0-9 _ -");
                    continue;
                }
                if (!object(key)) {
                    continue;
                }
                for (String lang : new TreeSet<>(c.getObject(key).keySet())) {
                    if (!languages.contains(lang)) {
                        problems.add(key + "." + lang + ": language " + lang + " is not one of " + languages);
                        continue;
                    }
                    String text = string(key + "." + lang);
                    if (text != null && text.isBlank()) {
                        problems.add(key + "." + lang + ": empty text");
                    } else if (text != null) {
                        String list = districtLists.get(name + "|" + lang);
                        texts.computeIfAbsent(name, k -> new TreeMap<>()).put(lang, list == null ? text
                                : text + list);
                    }
                }
            }
        }

        List<String> languages() {
            try {
                List<String> langs = c.getStringList("ivr.languages");
                if (langs.isEmpty() || langs.stream().anyMatch(l -> !l.matches("[a-z]{2,3}"))) {
                    problems.add("ivr.languages: expected a list of 2- or 3-letter language codes, got " + langs);
                    return List.of();
                }
                return langs;
            } catch (ConfigException e) {
                problems.add("ivr.languages: expected a list of language codes such as [zh, en]: " + e.getMessage());
                return List.of();
            }
        }

        String prompt(String key) {
            String p = name(key + ".prompt");
            if (p != null) {
                used.putIfAbsent(p, key + ".prompt");
            }
            return p;
        }

        String name(String key) {
            String s = string(key);
            if (s != null && !s.matches(NAME)) {
                problems.add(key + ": expected a name of 1 to 48 of A-Z a-z 0-9 _ -, got \"" + s + "\"");
                return null;
            }
            return s;
        }

        String string(String key) {
            try {
                if (!c.hasPath(key)) {
                    problems.add(key + ": missing");
                    return null;
                }
                ConfigValue v = c.getValue(key);
                if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
                    problems.add(key + ": expected a text value, got " + v.valueType().name().toLowerCase());
                    return null;
                }
                return String.valueOf(v.unwrapped());
            } catch (ConfigException e) {
                problems.add(key + ": " + e.getMessage());
                return null;
            }
        }

        Duration duration(String key) {
            try {
                if (!c.hasPath(key)) {
                    problems.add(key + ": missing, expected a duration such as 5s");
                    return Duration.ofSeconds(1);
                }
                String raw = String.valueOf(c.getValue(key).unwrapped()).trim();
                if (raw.matches("[0-9.]+")) {
                    problems.add(key + ": expected a duration with a unit such as 5s, got " + raw);
                    return Duration.ofSeconds(1);
                }
                Duration d = c.getDuration(key);
                if (d.isNegative() || d.isZero()) {
                    problems.add(key + ": must be positive");
                    return Duration.ofSeconds(1);
                }
                return d;
            } catch (ConfigException e) {
                problems.add(key + ": expected a duration such as 5s: " + e.getMessage());
                return Duration.ofSeconds(1);
            }
        }

        int number(String key, int min, int max) {
            try {
                int n = c.getInt(key);
                if (n < min || n > max) {
                    problems.add(key + ": expected a whole number " + min + ".." + max + ", got " + n);
                    return min;
                }
                return n;
            } catch (ConfigException e) {
                problems.add(key + ": expected a whole number " + min + ".." + max + ": " + e.getMessage());
                return min;
            }
        }

        boolean object(String key) {
            if (!c.hasPath(key)) {
                problems.add(key + ": missing, expected an object");
                return false;
            }
            if (c.getValue(key).valueType() != ConfigValueType.OBJECT) {
                problems.add(key + ": expected an object");
                return false;
            }
            return true;
        }

        void unknownKeys(String key, Set<String> allowed) {
            for (String k : new TreeSet<>(c.getObject(key).keySet())) {
                if (!allowed.contains(k)) {
                    problems.add(key + "." + k + ": unknown key, expected one of " + new TreeSet<>(allowed));
                }
            }
        }
    }
}
