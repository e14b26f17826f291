package hotline.config.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import hotline.config.WebConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code hotline.web}: the scalar keys through {@link ConfigReader}, the {@code users} list element by element
 * against its own schema (the generic unknown-key check does not descend into lists).
 */
public final class WebConfigReader {

    private static final String ROOT = "hotline.web";
    private static final Set<String> USER_KEYS = Set.of("name", "role", "passwordHash", "unit", "district",
            "displayName", "workNumber");
    /** A unit id, as the orders API accepts it. */
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** A district's name (as the gazetteer spells it: 朝阳区); no spaces, no '/'. */
    private static final Pattern DISTRICT = Pattern.compile("[^\\s/]{1,32}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    /** {@code pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>}. */
    public static final Pattern HASH =
            Pattern.compile("pbkdf2-sha256:([0-9]{1,9}):([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");
    /** Fewer PBKDF2 iterations than this are refused: too cheap to guess. */
    public static final int MIN_ITERATIONS = 10_000;

    private WebConfigReader() {
    }

    /** Reads and validates {@code hotline.web}, recording problems in {@code r}; null if there were problems. */
    public static WebConfig read(ConfigReader r, Config merged) {
        int before = r.problems().size();
        boolean requireLogin = r.bool(ROOT + ".requireLogin");
        Duration ttl = r.positiveDuration(ROOT + ".sessionTtl");
        List<WebConfig.User> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<ConfigObject> objects = ConfigReader.objects(r, merged, ROOT + ".users");
        for (int i = 0; i < objects.size(); i++) {
            WebConfig.User u = user(r, objects.get(i), ROOT + ".users." + i);
            if (u != null && !names.add(u.name())) {
                r.problem(ROOT + ".users." + i + ".name: \"" + u.name() + "\" is listed twice");
            } else if (u != null) {
                users.add(u);
            }
        }
        if (requireLogin && objects.isEmpty()) {
            r.problem(ROOT + ".users: requireLogin is true but no user is configured: nobody could log in");
        }
        return r.problems().size() > before ? null : new WebConfig(requireLogin, ttl, users);
    }

    private static WebConfig.User user(ConfigReader r, ConfigObject o, String path) {
        int before = r.problems().size();
        for (String key : o.keySet()) {
            if (!USER_KEYS.contains(key)) {
                r.problem(path + "." + key + ": unknown key (expected one of " + new java.util.TreeSet<>(USER_KEYS)
                        + ")");
            }
        }
        String name = string(r, o, path, "name");
        String role = string(r, o, path, "role");
        String hash = string(r, o, path, "passwordHash");
        if (name != null && !NAME.matcher(name).matches()) {
            r.problem(path + ".name: expected 1-32 letters, digits, '.', '_' or '-', got \"" + name + "\"");
        }
        WebConfig.Role parsed = null;
        if (role != null) {
            parsed = Arrays.stream(WebConfig.Role.values()).filter(x -> x.id().equals(role.toLowerCase(Locale.ROOT)))
                    .findFirst().orElse(null);
            if (parsed == null) {
                r.problem(path + ".role: expected one of " + Arrays.stream(WebConfig.Role.values())
                        .map(WebConfig.Role::id).toList() + ", got \"" + role + "\"");
            }
        }
        if (hash != null) {
            String problem = hashProblem(hash);
            if (problem != null) {
                // never echo the value: it is a secret
                r.problem(path + ".passwordHash: " + problem);
            }
        }
        String unit = null;
        if (o.containsKey("unit")) {
            unit = string(r, o, path, "unit");
            if (parsed != null && parsed != WebConfig.Role.UNIT) {
                r.problem(path + ".unit: only a user of role unit belongs to a unit, this one is " + parsed.id());
            } else if (unit != null && !UNIT.matcher(unit).matches()) {
                r.problem(path + ".unit: expected a unit id of 1-64 letters, digits, '.', '_' or '-', got \""
                        + unit + "\"");
            }
        } else if (parsed == WebConfig.Role.UNIT) {
            r.problem(path + ".unit: missing: a user of role unit needs the id of the unit it handles");
        }
        String district = null;
        if (o.containsKey("district")) {
            district = string(r, o, path, "district");
            if (parsed != null && parsed != WebConfig.Role.LEADER) {
                r.problem(path + ".district: only a user of role leader leads a district, this one is " + parsed.id());
            } else if (district != null && !DISTRICT.matcher(district).matches()) {
                r.problem(path + ".district: expected a district's name as the gazetteer spells it (1-32 characters,"
                        + " no spaces or '/'), got \"" + district + "\"");
            }
        }
        String displayName = null;
        if (o.containsKey("displayName")) {
            displayName = string(r, o, path, "displayName");
            if (displayName != null && (displayName.isBlank() || displayName.length() > 32)) {
                r.problem(path + ".displayName: expected the name the screens show, 1-32 characters, got \""
                        + displayName + "\"");
            }
        }
        String workNumber = null;
        if (o.containsKey("workNumber")) {
            workNumber = string(r, o, path, "workNumber");
            if (workNumber != null && !workNumber.matches("[A-Za-z0-9-]{1,16}")) {
                r.problem(path + ".workNumber: expected 1-16 letters, digits or '-' (工号), got \"" + workNumber
                        + "\"");
            }
        }
        return r.problems().size() > before ? null : new WebConfig.User(name, parsed, hash, unit, district,
                displayName, workNumber);
    }

    /** Why {@code hash} is not a usable stored password hash, or null when it is. */
    public static String hashProblem(String hash) {
        Matcher m = HASH.matcher(hash);
        if (!m.matches()) {
            return "expected \"pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>\"";
        }
        if (Integer.parseInt(m.group(1)) < MIN_ITERATIONS) {
            return "expected at least " + MIN_ITERATIONS + " iterations, got " + m.group(1);
        }
        try {
            if (Base64.getDecoder().decode(m.group(2)).length < 16) {
                return "expected a salt of at least 16 bytes";
            }
            if (Base64.getDecoder().decode(m.group(3)).length != 32) {
                return "expected a 256-bit (32-byte) hash";
            }
        } catch (IllegalArgumentException e) {
            return "salt and hash must be base64";
        }
        return null;
    }

    private static String string(ConfigReader r, ConfigObject o, String path, String key) {
        ConfigValue v = o.get(key);
        if (v == null) {
            r.problem(path + "." + key + ": missing");
            return null;
        }
        if (v.valueType() != ConfigValueType.STRING) {
            r.problem(path + "." + key + ": expected a string, got " + ConfigReader.describe(v));
            return null;
        }
        return (String) v.unwrapped();
    }
}
