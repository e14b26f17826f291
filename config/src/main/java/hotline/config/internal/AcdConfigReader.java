package hotline.config.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import hotline.config.AcdConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads {@code hotline.acd}: the scalar keys through {@link ConfigReader}, and the {@code queues} and
 * {@code sessions} lists element by element, each element's keys checked against its own schema (the generic
 * unknown-key check does not descend into lists). Problems name the element by index, e.g.
 * {@code hotline.acd.queues.1.maxWait}.
 */
public final class AcdConfigReader {

    private static final String ROOT = "hotline.acd";
    private static final Set<String> QUEUE_KEYS = Set.of("id", "strategy", "skills", "widen", "serviceLevelTarget",
            "serviceLevelPercent", "maxWait", "maxLength", "overflow");
    private static final Set<String> QUEUE_REQUIRED = Set.of("id", "strategy", "skills", "serviceLevelTarget",
            "serviceLevelPercent", "maxWait", "maxLength");
    private static final Set<String> TIER_KEYS = Set.of("after", "skills");
    private static final Set<String> OVERFLOW_KEYS = Set.of("after", "queue");
    private static final Set<String> SESSION_KEYS = Set.of("id", "district", "start", "end", "leaderSeats",
            "assistantSeats", "queue", "othersAfter");
    private static final Set<String> STRATEGIES = new TreeSet<>(
            List.of("longest-idle", "least-calls-today", "skill-level-weighted", "round-robin"));
    private static final Pattern SKILL = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    private AcdConfigReader() {
    }

    /**
     * Reads and validates {@code hotline.acd}, recording problems in {@code r}.
     *
     * @param r      the reader of the merged configuration
     * @param merged the merged configuration, for the lists
     * @return the settings, or null if there were problems
     */
    public static AcdConfig read(ConfigReader r, Config merged) {
        int before = r.problems().size();
        Duration wrapUp = r.nonNegativeDuration(ROOT + ".wrapUp");
        Duration extension = r.nonNegativeDuration(ROOT + ".wrapUpExtension");
        Duration repeatWindow = r.positiveDuration(ROOT + ".repeatCallerWindow");
        Duration handle = r.positiveDuration(ROOT + ".defaultHandleTime");
        Duration leader = r.nonNegativeDuration(ROOT + ".priorityBoost.leaderSession");
        Duration urgent = r.nonNegativeDuration(ROOT + ".priorityBoost.urgent");
        Duration repeat = r.nonNegativeDuration(ROOT + ".priorityBoost.repeatCaller");
        String defaultQueue = id(r, ROOT + ".defaultQueue");
        String callbackQueue = id(r, ROOT + ".callbackQueue");
        if (leader != null && urgent != null && repeat != null
                && (urgent.compareTo(leader) > 0 || repeat.compareTo(urgent) > 0)) {
            r.problem(ROOT + ".priorityBoost: must not increase from leaderSession to urgent to repeatCaller ("
                    + ConfigReader.format(leader) + ", " + ConfigReader.format(urgent) + ", "
                    + ConfigReader.format(repeat) + ")");
        }
        List<AcdConfig.Queue> queues = new ArrayList<>();
        List<ConfigObject> queueObjects = ConfigReader.objects(r, merged, ROOT + ".queues");
        for (int i = 0; i < queueObjects.size(); i++) {
            AcdConfig.Queue q = queue(r, queueObjects.get(i), ROOT + ".queues." + i);
            if (q != null) {
                queues.add(q);
            }
        }
        List<AcdConfig.Session> sessions = new ArrayList<>();
        List<ConfigObject> sessionObjects = ConfigReader.objects(r, merged, ROOT + ".sessions");
        for (int i = 0; i < sessionObjects.size(); i++) {
            AcdConfig.Session s = session(r, sessionObjects.get(i), ROOT + ".sessions." + i);
            if (s != null) {
                sessions.add(s);
            }
        }
        if (r.problems().size() > before) {
            return null;
        }
        crossCheck(r, defaultQueue, callbackQueue, queues, sessions);
        if (r.problems().size() > before) {
            return null;
        }
        return new AcdConfig(wrapUp, extension, repeatWindow, handle, leader, urgent, repeat, defaultQueue,
                callbackQueue, queues, sessions);
    }

    private static void crossCheck(ConfigReader r, String defaultQueue, String callbackQueue,
                                   List<AcdConfig.Queue> queues, List<AcdConfig.Session> sessions) {
        Map<String, AcdConfig.Queue> byId = new HashMap<>();
        for (int i = 0; i < queues.size(); i++) {
            if (byId.putIfAbsent(queues.get(i).id(), queues.get(i)) != null) {
                r.problem(ROOT + ".queues." + i + ".id: queue " + queues.get(i).id() + " is configured twice");
            }
        }
        if (queues.isEmpty()) {
            r.problem(ROOT + ".queues: expected at least one queue");
        }
        if (!byId.containsKey(defaultQueue)) {
            r.problem(ROOT + ".defaultQueue: " + defaultQueue + " is not one of the queues " + new TreeSet<>(byId.keySet()));
        }
        if (!byId.containsKey(callbackQueue)) {
            r.problem(ROOT + ".callbackQueue: " + callbackQueue + " is not one of the queues "
                    + new TreeSet<>(byId.keySet()));
        }
        for (int i = 0; i < queues.size(); i++) {
            AcdConfig.Queue q = queues.get(i);
            if (q.overflowQueue() == null) {
                continue;
            }
            if (!byId.containsKey(q.overflowQueue()) || q.overflowQueue().equals(q.id())) {
                r.problem(ROOT + ".queues." + i + ".overflow.queue: " + q.overflowQueue()
                        + " is not another configured queue");
                continue;
            }
            Set<String> seen = new HashSet<>();
            String at = q.id();
            while (at != null && byId.containsKey(at)) {
                if (!seen.add(at)) {
                    r.problem(ROOT + ".queues." + i + ".overflow: queue " + q.id() + " overflows in a cycle back to "
                            + at);
                    break;
                }
                at = byId.get(at).overflowQueue();
            }
        }
        Set<String> sessionIds = new HashSet<>();
        for (int i = 0; i < sessions.size(); i++) {
            AcdConfig.Session s = sessions.get(i);
            String key = ROOT + ".sessions." + i;
            if (!sessionIds.add(s.id())) {
                r.problem(key + ".id: session " + s.id() + " is configured twice");
            }
            if (!byId.containsKey(s.queue())) {
                r.problem(key + ".queue: " + s.queue() + " is not a configured queue");
            }
            if (!s.end().isAfter(s.start())) {
                r.problem(key + ".end: must be after start (" + s.start() + ")");
            }
            if (s.leaderSeats().isEmpty()) {
                r.problem(key + ".leaderSeats: expected at least one seat");
            }
        }
    }

    private static AcdConfig.Queue queue(ConfigReader parent, ConfigObject object, String key) {
        if (!keys(parent, object, key, QUEUE_KEYS, QUEUE_REQUIRED)) {
            return null;
        }
        ConfigReader r = element(parent, object, key);
        String id = id(r, key + ".id");
        String strategy = r.account(key + ".strategy");
        if (strategy != null && !STRATEGIES.contains(strategy)) {
            r.problem(key + ".strategy: expected one of " + String.join(", ", STRATEGIES) + ", got \"" + strategy + "\"");
        }
        Map<String, Integer> skills = skills(r, object, key + ".skills");
        List<AcdConfig.Tier> widen = new ArrayList<>();
        ConfigValue w = object.get("widen");
        if (w != null) {
            if (w.valueType() != ConfigValueType.LIST) {
                r.problem(key + ".widen: expected a list of { after, skills }, got " + ConfigReader.describe(w));
            } else {
                ConfigList list = (ConfigList) w;
                Duration previous = Duration.ZERO;
                for (int i = 0; i < list.size(); i++) {
                    String tk = key + ".widen." + i;
                    if (list.get(i).valueType() != ConfigValueType.OBJECT) {
                        r.problem(tk + ": expected an object { after, skills }, got " + ConfigReader.describe(list.get(i)));
                        continue;
                    }
                    ConfigObject t = (ConfigObject) list.get(i);
                    if (!keys(r, t, tk, TIER_KEYS, TIER_KEYS)) {
                        continue;
                    }
                    ConfigReader tr = element(r, t, tk);
                    Duration after = tr.positiveDuration(tk + ".after");
                    Map<String, Integer> ts = skills(tr, t, tk + ".skills");
                    tr.problems().forEach(r::problem);
                    if (after != null && after.compareTo(previous) < 0) {
                        r.problem(tk + ".after: must not be shorter than the step before (" + ConfigReader.format(previous)
                                + ")");
                    }
                    if (after != null) {
                        previous = after;
                        widen.add(new AcdConfig.Tier(after, ts == null ? Map.of() : ts));
                    }
                }
            }
        }
        Duration target = r.nonNegativeDuration(key + ".serviceLevelTarget");
        int percent = r.wholeNumber(key + ".serviceLevelPercent", "a percentage", 1, 100);
        Duration maxWait = r.positiveDuration(key + ".maxWait");
        int maxLength = r.wholeNumber(key + ".maxLength", "a whole number", 1, 1_000_000);
        Duration overflowAfter = null;
        String overflowQueue = null;
        ConfigValue o = object.get("overflow");
        if (o != null) {
            if (o.valueType() != ConfigValueType.OBJECT) {
                r.problem(key + ".overflow: expected an object { after, queue }, got " + ConfigReader.describe(o));
            } else if (keys(r, (ConfigObject) o, key + ".overflow", OVERFLOW_KEYS, OVERFLOW_KEYS)) {
                overflowAfter = r.positiveDuration(key + ".overflow.after");
                overflowQueue = id(r, key + ".overflow.queue");
            }
        }
        r.problems().forEach(parent::problem);
        if (!r.problems().isEmpty()) {
            return null;
        }
        return new AcdConfig.Queue(id, strategy, skills, widen, target, percent, maxWait, maxLength, overflowAfter,
                overflowQueue);
    }

    private static AcdConfig.Session session(ConfigReader parent, ConfigObject object, String key) {
        if (!keys(parent, object, key, SESSION_KEYS, SESSION_KEYS)) {
            return null;
        }
        ConfigReader r = element(parent, object, key);
        String id = id(r, key + ".id");
        String district = null;
        ConfigValue d = object.get("district");
        if (d.valueType() == ConfigValueType.STRING && !((String) d.unwrapped()).isBlank()) {
            district = ((String) d.unwrapped()).trim();
        } else {
            r.problem(key + ".district: expected a district name, got " + ConfigReader.describe(d));
        }
        Instant start = instant(r, object, key, "start");
        Instant end = instant(r, object, key, "end");
        List<String> leaders = seats(r, object, key, "leaderSeats");
        List<String> assistants = seats(r, object, key, "assistantSeats");
        String queue = id(r, key + ".queue");
        Duration othersAfter = r.nonNegativeDuration(key + ".othersAfter");
        r.problems().forEach(parent::problem);
        if (!r.problems().isEmpty()) {
            return null;
        }
        return new AcdConfig.Session(id, district, start, end, leaders, assistants, queue, othersAfter);
    }

    private static Instant instant(ConfigReader r, ConfigObject object, String key, String name) {
        ConfigValue v = object.get(name);
        if (v.valueType() == ConfigValueType.STRING) {
            try {
                return OffsetDateTime.parse((String) v.unwrapped()).toInstant();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        r.problem(key + "." + name + ": expected a date-time with offset such as \"2026-12-01T09:00:00+08:00\", got "
                + ConfigReader.describe(v));
        return null;
    }

    private static List<String> seats(ConfigReader r, ConfigObject object, String key, String name) {
        ConfigValue v = object.get(name);
        List<String> out = new ArrayList<>();
        if (v.valueType() == ConfigValueType.LIST) {
            for (ConfigValue seat : (ConfigList) v) {
                String text = String.valueOf(seat.unwrapped());
                if ((seat.valueType() == ConfigValueType.STRING || seat.valueType() == ConfigValueType.NUMBER)
                        && text.matches("[0-9]{4}")) {
                    out.add(text);
                } else {
                    r.problem(key + "." + name + ": expected 4-digit seats, got " + ConfigReader.describe(seat));
                }
            }
        } else {
            r.problem(key + "." + name + ": expected a list of seats such as [\"2001\"], got " + ConfigReader.describe(v));
        }
        return out;
    }

    private static Map<String, Integer> skills(ConfigReader r, ConfigObject parent, String key) {
        String name = key.substring(key.lastIndexOf('.') + 1);
        ConfigValue v = parent.get(name);
        if (v == null || v.valueType() != ConfigValueType.OBJECT) {
            r.problem(key + ": expected an object of skill = level (1..10), e.g. { complaints = 3 }, got "
                    + (v == null ? "nothing" : ConfigReader.describe(v)));
            return null;
        }
        Map<String, Integer> skills = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : new TreeMap<>(((ConfigObject) v)).entrySet()) {
            if (!SKILL.matcher(e.getKey()).matches()) {
                r.problem(key + "." + e.getKey() + ": a skill name must match " + SKILL.pattern());
                continue;
            }
            int level = r.wholeNumber(key + "." + e.getKey(), "a skill level", 1, 10);
            if (level > 0) {
                skills.put(e.getKey(), level);
            }
        }
        return skills;
    }

    private static String id(ConfigReader r, String path) {
        String id = r.account(path);
        if (id != null && !ID.matcher(id).matches()) {
            r.problem(path + ": expected an id of 1..32 letters, digits, '.', '_' or '-', got \"" + id + "\"");
            return null;
        }
        return id;
    }

    private static boolean keys(ConfigReader r, ConfigObject object, String key, Set<String> allowed,
                                Set<String> required) {
        boolean ok = true;
        for (String name : new TreeSet<>(object.keySet())) {
            if (!allowed.contains(name)) {
                r.problem(key + "." + name + ": unknown key, expected " + String.join(", ", new TreeSet<>(allowed))
                        + ConfigReader.from(object.get(name).origin()));
                ok = false;
            }
        }
        for (String name : new TreeSet<>(required)) {
            if (!object.containsKey(name)) {
                r.problem(key + "." + name + ": missing");
                ok = false;
            }
        }
        return ok;
    }

    private static ConfigReader element(ConfigReader parent, ConfigObject object, String key) {
        Config config = object.toConfig().atPath(key);
        return new ConfigReader(config, config);
    }
}
