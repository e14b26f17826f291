package hotline.config.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads typed values out of a resolved Typesafe {@link Config}, one key at a time, and collects every problem as one
 * line naming the full key, what was expected and what was found, instead of throwing on the first.
 *
 * <p>Each getter returns {@code null} (or {@code 0}) after recording a problem; the caller builds records only when
 * {@link #problems()} is empty. No Typesafe exception escapes a getter. Not thread-safe: one reader per load.
 */
public final class ConfigReader {

    /** Env-var values are given this origin description prefix, so messages can name the variable. */
    public static final String ENV_ORIGIN_PREFIX = "env var ";

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]+");
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern UNITLESS = Pattern.compile("\\s*[+-]?[0-9.]+\\s*");

    private final Config config;
    private final Config defaults;
    private final List<String> problems = new ArrayList<>();
    private final List<String> malformed = new ArrayList<>();
    /** Objects whose keys are the user's (a map, e.g. one model per language): {@link #checkKeys} skips inside. */
    private final java.util.Set<String> open = new java.util.HashSet<>();
    /** Keys that were replaced: full path to what replaces them, told instead of "unknown key". */
    private final java.util.Map<String, String> moved = new java.util.HashMap<>();

    /**
     * @param config   the resolved configuration to read
     * @param defaults the resolved defaults alone: the schema for {@link #checkKeys(String)} and the source of the
     *                 examples in duration messages
     */
    public ConfigReader(Config config, Config defaults) {
        this.config = config;
        this.defaults = defaults;
    }

    /** The problems recorded so far, in the order found. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Where {@code path}'s value came from, as {@link #from} words it; empty when unset or from the defaults. */
    public String origin(String path) {
        try {
            return config.hasPath(path) ? from(config.getValue(path).origin()) : "";
        } catch (com.typesafe.config.ConfigException e) {
            return "";
        }
    }

    /** Records a problem found by the caller (a cross-key check). */
    public void problem(String line) {
        problems.add(line);
    }

    /** The object at {@code path} is a map with keys of the user's choosing: {@link #checkKeys} accepts any. */
    public void openObject(String path) {
        open.add(path);
    }

    /** {@code path} was replaced: {@link #checkKeys} reports it as {@code "<path>: replaced by <by>"}. */
    public void moved(String path, String by) {
        moved.put(path, by);
    }

    /**
     * Reports every key under {@code rootPath} that the defaults do not have ({@code hotline.server.httpport:
     * unknown key}), and every key that the defaults hold as an object but is something else here. Keys below a
     * malformed object are not reported again by the getters.
     */
    public void checkKeys(String rootPath) {
        ConfigObject schema = defaults.getObject(rootPath);
        ConfigValue actual = config.hasPathOrNull(rootPath) ? config.getValue(rootPath) : null;
        walk(List.of(rootPath), schema, actual);
    }

    private void walk(List<String> path, ConfigObject schema, ConfigValue actual) {
        String key = ConfigUtil.joinPath(path);
        if (actual == null || actual.valueType() != ConfigValueType.OBJECT) {
            malformed.add(key);
            problems.add(key + ": expected an object with keys " + String.join(", ", new TreeSet<>(schema.keySet()))
                    + ", got " + (actual == null ? "nothing" : describe(actual)));
            return;
        }
        ConfigObject object = (ConfigObject) actual;
        if (open.contains(key)) {
            return;
        }
        for (String name : new TreeSet<>(object.keySet())) {
            List<String> child = append(path, name);
            ConfigValue known = schema.get(name);
            if (known == null && moved.containsKey(ConfigUtil.joinPath(child))) {
                problems.add(ConfigUtil.joinPath(child) + ": replaced by " + moved.get(ConfigUtil.joinPath(child))
                        + from(object.get(name).origin()));
            } else if (known == null) {
                problems.add(ConfigUtil.joinPath(child) + ": unknown key" + suggestion(name, schema.keySet())
                        + from(object.get(name).origin()));
            } else if (known.valueType() == ConfigValueType.OBJECT) {
                walk(child, (ConfigObject) known, object.get(name));
            }
        }
    }

    private static List<String> append(List<String> path, String name) {
        List<String> child = new ArrayList<>(path);
        child.add(name);
        return child;
    }

    private static String suggestion(String name, Iterable<String> known) {
        for (String candidate : known) {
            if (candidate.equalsIgnoreCase(name) || distance(candidate, name) <= 2) {
                return " (did you mean " + candidate + "?)";
            }
        }
        return "";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** A host name or IP address to bind to or connect to. */
    public String host(String path) {
        String expected = "a host name or IP address";
        ConfigValue value = scalar(path, expected);
        if (value == null) {
            return null;
        }
        String text = text(value);
        if (!HOST.matcher(text).matches()) {
            problems.add(path + ": expected " + expected + ", got " + describe(value));
            return null;
        }
        return text;
    }

    /** An account name (it becomes an Asterisk config section name, so no spaces or brackets). */
    public String account(String path) {
        String expected = "an account name of letters, digits, '.', '_' or '-'";
        ConfigValue value = scalar(path, expected);
        if (value == null) {
            return null;
        }
        String text = text(value);
        if (!ACCOUNT.matcher(text).matches()) {
            problems.add(path + ": expected " + expected + ", got " + describe(value));
            return null;
        }
        return text;
    }

    /**
     * A secret: not empty, no whitespace, control characters or {@code ;} (which starts a comment in Asterisk
     * config files). Messages never show the value.
     */
    public String secret(String path) {
        String expected = "a non-empty secret without spaces or ';'";
        ConfigValue value = scalar(path, expected);
        if (value == null) {
            return null;
        }
        String text = text(value);
        String found = null;
        if (text.isEmpty()) {
            found = "an empty value";
        } else if (text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == ';')) {
            found = "a value with spaces, control characters or ';'";
        }
        if (found != null) {
            problems.add(path + ": expected " + expected + ", got " + found + from(value.origin()));
            return null;
        }
        return text;
    }

    /** A TCP or UDP port, 1..65535. */
    public int port(String path) {
        return wholeNumber(path, "a port number", 1, 65535);
    }

    /**
     * A whole number within {@code min..max}, given as a number or as a string of digits (as environment variables
     * are).
     *
     * @param what e.g. "a whole number", "a port number"
     */
    public int wholeNumber(String path, String what, int min, int max) {
        String expected = what + " " + min + ".." + max;
        ConfigValue value = scalar(path, expected);
        if (value == null) {
            return 0;
        }
        Long number = wholeNumber(value);
        if (number == null) {
            problems.add(path + ": expected " + expected + ", got " + describe(value));
            return 0;
        }
        if (number < min || number > max) {
            problems.add(path + ": expected " + expected + ", got " + number + from(value.origin()));
            return 0;
        }
        return number.intValue();
    }

    private static Long wholeNumber(ConfigValue value) {
        Object raw = value.unwrapped();
        String text;
        if (value.valueType() == ConfigValueType.NUMBER) {
            text = raw.toString();
        } else if (value.valueType() == ConfigValueType.STRING) {
            text = ((String) raw).trim();
        } else {
            return null;
        }
        try {
            BigDecimal decimal = new BigDecimal(text);
            return decimal.stripTrailingZeros().scale() <= 0 ? decimal.longValueExact() : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * A positive duration with a unit ({@code 200ms}, {@code 15s}, {@code 5m}). A bare number is refused: from an
     * environment variable, {@code 15} would otherwise silently mean 15 milliseconds.
     */
    public Duration positiveDuration(String path) {
        String expected = "a positive duration such as " + example(path, "15s");
        ConfigValue value = scalar(path, expected);
        if (value == null) {
            return null;
        }
        Duration duration = null;
        if (value.valueType() == ConfigValueType.STRING && !UNITLESS.matcher((String) value.unwrapped()).matches()) {
            try {
                duration = config.getDuration(path);
            } catch (ConfigException e) {
                duration = null;
            }
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            problems.add(path + ": expected " + expected + ", got " + describe(value));
            return null;
        }
        return duration;
    }

    /** A duration with a unit that may be zero ({@code 0s} switches a timer off). */
    public Duration nonNegativeDuration(String path) {
        String expected = "a duration such as " + example(path, "30s") + " (0s for none)";
        ConfigValue value = scalar(path, expected);
        if (value == null) {
            return null;
        }
        Duration duration = null;
        if (value.valueType() == ConfigValueType.STRING && !UNITLESS.matcher((String) value.unwrapped()).matches()) {
            try {
                duration = config.getDuration(path);
            } catch (ConfigException e) {
                duration = null;
            }
        }
        if (duration == null || duration.isNegative()) {
            problems.add(path + ": expected " + expected + ", got " + describe(value));
            return null;
        }
        return duration;
    }

    private String example(String path, String fallback) {
        try {
            ConfigValue value = defaults.getValue(path);
            return value.valueType() == ConfigValueType.STRING ? (String) value.unwrapped() : fallback;
        } catch (ConfigException e) {
            return fallback;
        }
    }

    /** A {@code redis://} or {@code rediss://} URI with a host. A password in it is masked in messages. */
    public String redisUri(String path) {
        String expected = "a redis:// URI";
        ConfigValue value = scalar(path, expected);
        if (value == null) {
            return null;
        }
        String text = text(value).trim();
        String scheme = text.toLowerCase(Locale.ROOT);
        boolean valid = scheme.startsWith("redis://") || scheme.startsWith("rediss://");
        if (valid) {
            try {
                valid = new URI(text).getHost() != null;
            } catch (URISyntaxException e) {
                valid = false;
            }
        }
        if (!valid) {
            problems.add(path + ": expected " + expected + ", got "
                    + ConfigUtil.quoteString(Secrets.maskUserInfo(text)) + from(value.origin()));
            return null;
        }
        return text;
    }

    /** {@code true} or {@code false} (also as the strings an environment variable gives). */
    public boolean bool(String path) {
        String expected = "true or false";
        ConfigValue value = scalar(path, expected);
        if (value == null) {
            return false;
        }
        String text = text(value).trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        problems.add(path + ": expected " + expected + ", got " + describe(value));
        return false;
    }

    /** A decimal number with {@code min < value <= max}; returns NaN after recording a problem. */
    public double decimal(String path, double min, double max) {
        String expected = "a number above " + min + " and at most " + max;
        ConfigValue value = scalar(path, expected);
        if (value == null) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(text(value).trim());
            if (d > min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(path + ": expected " + expected + ", got " + describe(value));
        return Double.NaN;
    }

    /** A language tag such as {@code en-us} or {@code zh-cn}: letters, digits, '-' and '_'. */
    public String language(String path) {
        String expected = "a language tag such as en-us or zh-cn";
        ConfigValue value = scalar(path, expected);
        if (value == null) {
            return null;
        }
        String text = text(value).trim();
        if (!text.matches("[A-Za-z0-9_-]{2,20}")) {
            problems.add(path + ": expected " + expected + ", got " + describe(value));
            return null;
        }
        return text;
    }

    /** A file system path, kept as given (a relative path stays relative). */
    public Path path(String path) {
        String expected = "a directory path";
        ConfigValue value = scalar(path, expected);
        if (value == null) {
            return null;
        }
        String text = text(value);
        try {
            if (!text.isBlank()) {
                return Path.of(text);
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        problems.add(path + ": expected " + expected + ", got " + describe(value));
        return null;
    }

    /** Any string, possibly empty. */
    public String string(String path) {
        ConfigValue value = scalar(path, "a string");
        return value == null ? null : text(value);
    }

    /** A time-zone id such as {@code Asia/Shanghai}. */
    public java.time.ZoneId zone(String path) {
        String expected = "a time-zone id such as \"Asia/Shanghai\"";
        ConfigValue value = scalar(path, expected);
        if (value == null) {
            return null;
        }
        try {
            return java.time.ZoneId.of(text(value).trim());
        } catch (java.time.DateTimeException e) {
            problems.add(path + ": expected " + expected + ", got " + describe(value));
            return null;
        }
    }

    /** A time of day {@code HH:mm}. */
    public java.time.LocalTime timeOfDay(String path) {
        String expected = "a time of day HH:mm such as \"09:00\"";
        ConfigValue value = scalar(path, expected);
        if (value == null) {
            return null;
        }
        try {
            return java.time.LocalTime.parse(text(value).trim());
        } catch (java.time.format.DateTimeParseException e) {
            problems.add(path + ": expected " + expected + ", got " + describe(value));
            return null;
        }
    }

    /** A list of dates {@code yyyy-MM-dd}; every malformed element is reported with its index. */
    public java.util.SortedSet<java.time.LocalDate> dates(String path) {
        String expected = "a list of dates \"yyyy-MM-dd\"";
        java.util.SortedSet<java.time.LocalDate> dates = new java.util.TreeSet<>();
        if (!config.hasPathOrNull(path) || config.getIsNull(path)) {
            problems.add(path + ": missing, expected " + expected);
            return dates;
        }
        ConfigValue value = config.getValue(path);
        if (value.valueType() != ConfigValueType.LIST) {
            problems.add(path + ": expected " + expected + ", got " + describe(value));
            return dates;
        }
        int i = 0;
        for (ConfigValue item : (com.typesafe.config.ConfigList) value) {
            try {
                if (item.valueType() != ConfigValueType.STRING) {
                    throw new java.time.format.DateTimeParseException("not a string", "", 0);
                }
                dates.add(java.time.LocalDate.parse(((String) item.unwrapped()).trim()));
            } catch (java.time.format.DateTimeParseException e) {
                problems.add(path + "[" + i + "]: expected a date \"yyyy-MM-dd\", got " + describe(item));
            }
            i++;
        }
        return dates;
    }

    /**
     * The objects of the list at {@code path} of {@code merged}; an element that is not an object is recorded as a
     * problem ({@code path.i: expected an object}) and left out, as is a value that is not a list.
     */
    public static List<ConfigObject> objects(ConfigReader r, Config merged, String path) {
        List<ConfigObject> out = new ArrayList<>();
        try {
            com.typesafe.config.ConfigList list = merged.getList(path);
            for (int i = 0; i < list.size(); i++) {
                ConfigValue v = list.get(i);
                if (v.valueType() == ConfigValueType.OBJECT) {
                    out.add((ConfigObject) v);
                } else {
                    r.problem(path + "." + i + ": expected an object, got " + describe(v));
                }
            }
        } catch (ConfigException e) {
            r.problem(path + ": expected a list of objects, " + e.getMessage());
        }
        return out;
    }

    /** The value at {@code path} if it is a string, number or boolean; otherwise records a problem. */
    private ConfigValue scalar(String path, String expected) {
        for (String prefix : malformed) {
            if (path.startsWith(prefix + ".")) {
                return null;
            }
        }
        try {
            if (!config.hasPathOrNull(path) || config.getIsNull(path)) {
                problems.add(path + ": missing, expected " + expected);
                return null;
            }
            ConfigValue value = config.getValue(path);
            switch (value.valueType()) {
                case STRING, NUMBER, BOOLEAN -> {
                    return value;
                }
                default -> {
                    problems.add(path + ": expected " + expected + ", got " + describe(value));
                    return null;
                }
            }
        } catch (ConfigException e) {
            problems.add(path + ": expected " + expected + ", " + e.getMessage());
            return null;
        }
    }

    private static String text(ConfigValue value) {
        return String.valueOf(value.unwrapped());
    }

    /** How a found value appears in a message: strings quoted, numbers bare, then where it came from. */
    static String describe(ConfigValue value) {
        String shown = switch (value.valueType()) {
            case STRING -> ConfigUtil.quoteString((String) value.unwrapped());
            case NUMBER, BOOLEAN -> String.valueOf(value.unwrapped());
            case NULL -> "null";
            case OBJECT -> "an object";
            case LIST -> "a list";
        };
        return shown + from(value.origin());
    }

    /**
     * Where a value came from, for messages: {@code " (from env var HOTLINE_X)"}, {@code " (from
     * /etc/hotline.conf:12)"}, or nothing for the packaged defaults and programmatic overrides.
     */
    public static String from(ConfigOrigin origin) {
        if (origin == null || origin.resource() != null) {
            return "";
        }
        String description = origin.description();
        if (description != null && description.startsWith(ENV_ORIGIN_PREFIX)) {
            return " (from " + description + ")";
        }
        if (origin.filename() != null) {
            return " (from " + origin.filename() + (origin.lineNumber() > 0 ? ":" + origin.lineNumber() : "") + ")";
        }
        return "";
    }

    /** Formats a duration the way the config file writes it: {@code 200ms}, {@code 15s}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
