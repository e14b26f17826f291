package hotline.orders.extract;

import hotline.orders.extract.internal.Keyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configurable part of extraction: category taxonomy and keywords, responsible unit per category, urgency
 * rules, landline area code. Immutable. The defaults are the classpath resource {@value #DEFAULTS}; the file
 * format is described in its header.
 */
public final class ExtractionRules {
    /** The classpath resource with the default rules. */
    public static final String DEFAULTS = "hotline/orders/draft-rules.properties";
    /** The unit value meaning "the street/township of the address". */
    public static final String TERRITORIAL = "territorial";
    /** The urgency tiers, shortest first. */
    public static final List<String> TIERS = List.of("2h", "24h", "7d", "15d");
    /** The category given when no keyword matches. */
    public static final String OTHER = "other";

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern RULE_KEY = Pattern.compile("urgency\\.(\\d{1,6})\\.(tier|name|keywords|categories)");
    private static final Pattern CATEGORY_KEY = Pattern.compile("category\\.([a-z0-9_]+)\\.(keywords|unit)");

    private final List<String> categories;
    private final Map<String, List<Keyword>> keywords;
    private final Map<String, String> units;
    private final List<UrgencyRule> urgencyRules;
    private final Map<String, Keyword> parsedUrgencyKeywords;
    private final String defaultTier;
    private final String areaCode;

    /**
     * One urgency rule: matches when any keyword matches or the category is listed.
     *
     * @param tier       one of {@link #TIERS}
     * @param name       what the rule stands for, shown as the reason of the tier
     * @param keywords   keywords in the configured syntax
     * @param categories category codes that get this tier
     */
    public record UrgencyRule(String tier, String name, List<String> keywords, Set<String> categories) {
        public UrgencyRule {
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(name, "name");
            keywords = List.copyOf(keywords);
            categories = Set.copyOf(categories);
        }
    }

    private ExtractionRules(List<String> categories, Map<String, List<Keyword>> keywords, Map<String, String> units,
            List<UrgencyRule> urgencyRules, String defaultTier, String areaCode) {
        this.categories = List.copyOf(categories);
        this.keywords = keywords;
        this.units = Map.copyOf(units);
        this.urgencyRules = List.copyOf(urgencyRules);
        Map<String, Keyword> parsed = new LinkedHashMap<>();
        urgencyRules.forEach(r -> r.keywords().forEach(k -> parsed.putIfAbsent(k, Keyword.parse(k))));
        this.parsedUrgencyKeywords = Map.copyOf(parsed);
        this.defaultTier = defaultTier;
        this.areaCode = areaCode;
    }

    /** The default rules packaged with the orders module. */
    public static ExtractionRules defaults() {
        try (InputStream in = ExtractionRules.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + DEFAULTS);
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses rules in the format of {@value #DEFAULTS}.
     *
     * @param source name of what is read, for error messages
     * @throws IllegalArgumentException listing every problem, each naming the key
     */
    public static ExtractionRules parse(Reader in, String source) {
        Properties p = new Properties();
        try {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        String cats = p.getProperty("categories");
        List<String> categories = new ArrayList<>();
        if (cats == null || cats.isBlank()) {
            problems.add("categories: missing (comma-separated category codes)");
        } else {
            for (String c : cats.split(",")) {
                String code = c.strip();
                if (!CODE.matcher(code).matches()) {
                    problems.add("categories: '" + code + "' is not a code (lower-case letters, digits, '_')");
                } else if (categories.contains(code)) {
                    problems.add("categories: '" + code + "' listed twice");
                } else {
                    categories.add(code);
                }
            }
            if (!categories.contains(OTHER)) {
                problems.add("categories: must include '" + OTHER + "' (what matches no keyword)");
            }
        }
        Map<String, List<Keyword>> keywords = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        Map<Integer, Map<String, String>> rules = new TreeMap<>();
        for (String key : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
            String value = p.getProperty(key).strip();
            var cm = CATEGORY_KEY.matcher(key);
            var rm = RULE_KEY.matcher(key);
            if (cm.matches()) {
                String code = cm.group(1);
                if (!categories.contains(code)) {
                    problems.add(key + ": category '" + code + "' is not in categories");
                } else if (cm.group(2).equals("unit")) {
                    if (value.isEmpty()) {
                        problems.add(key + ": empty (territorial or a department name)");
                    }
                    units.put(code, value);
                } else {
                    keywords.put(code, keywords(key, value, problems));
                }
            } else if (rm.matches()) {
                rules.computeIfAbsent(Integer.parseInt(rm.group(1)), k -> new LinkedHashMap<>()).put(rm.group(2), value);
            } else if (!Set.of("categories", "urgency.default", "areaCode").contains(key)) {
                problems.add(key + ": unknown key");
            }
        }
        for (String code : categories) {
            if (!units.containsKey(code)) {
                problems.add("category." + code + ".unit: missing");
            }
            keywords.putIfAbsent(code, List.of());
        }
        List<UrgencyRule> urgency = new ArrayList<>();
        rules.forEach((n, r) -> {
            String prefix = "urgency." + n + ".";
            String tier = r.get("tier");
            if (tier == null || !TIERS.contains(tier)) {
                problems.add(prefix + "tier: expected one of " + TIERS + ", got " + tier);
                return;
            }
            List<String> kws = new ArrayList<>();
            if (r.containsKey("keywords")) {
                keywords(prefix + "keywords", r.get("keywords"), problems).forEach(k -> kws.add(k.text()));
            }
            List<String> cs = new ArrayList<>();
            if (r.containsKey("categories")) {
                for (String c : r.get("categories").split(",")) {
                    if (!categories.contains(c.strip())) {
                        problems.add(prefix + "categories: '" + c.strip() + "' is not in categories");
                    }
                    cs.add(c.strip());
                }
            }
            if (kws.isEmpty() && cs.isEmpty()) {
                problems.add(prefix + "keywords/categories: a rule needs at least one of them");
            }
            urgency.add(new UrgencyRule(tier, r.getOrDefault("name", prefix.substring(0, prefix.length() - 1)), kws,
                    Set.copyOf(cs)));
        });
        String defaultTier = p.getProperty("urgency.default", "7d").strip();
        if (!TIERS.contains(defaultTier)) {
            problems.add("urgency.default: expected one of " + TIERS + ", got " + defaultTier);
        }
        String areaCode = p.getProperty("areaCode", "").strip();
        if (!areaCode.isEmpty() && !areaCode.matches("0\\d{2,3}")) {
            problems.add("areaCode: expected 0 and 2-3 digits (010), got " + areaCode);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + String.join("; ", problems));
        }
        return new ExtractionRules(categories, Map.copyOf(keywords), units, urgency, defaultTier, areaCode);
    }

    private static List<Keyword> keywords(String key, String value, List<String> problems) {
        List<Keyword> out = new ArrayList<>();
        for (String k : value.split("\\|")) {
            if (k.isBlank()) {
                continue;
            }
            try {
                out.add(Keyword.parse(k));
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** Category codes in tie-break order; always contains {@link #OTHER}. */
    public List<String> categories() {
        return categories;
    }

    /** The keywords of one category, as configured. */
    public List<String> keywords(String category) {
        return keywords.getOrDefault(category, List.of()).stream().map(Keyword::text).toList();
    }

    List<Keyword> parsedKeywords(String category) {
        return keywords.getOrDefault(category, List.of());
    }

    Keyword parsedUrgencyKeyword(String keyword) {
        return parsedUrgencyKeywords.get(keyword);
    }

    /** {@link #TERRITORIAL} or a department's name. */
    public String unit(String category) {
        return units.get(category);
    }

    /** Urgency rules in the order they are tried. */
    public List<UrgencyRule> urgencyRules() {
        return urgencyRules;
    }

    /** The tier when no rule matches. */
    public String defaultTier() {
        return defaultTier;
    }

    /** Area code for 8-digit landlines, e.g. {@code 010}; empty when landlines must be said with one. */
    public String areaCode() {
        return areaCode;
    }
}
