package hotline.config.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import hotline.config.OrdersConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code hotline.orders.units}: the named units of the unit directory, {@code [{ id, name, street?, aliases? }]}. */
public final class UnitsConfigReader {
    private static final String PATH = "hotline.orders.units";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> KEYS = Set.of("id", "name", "street", "aliases");
    private static final Pattern STREET = Pattern.compile("[0-9]{9}");

    private UnitsConfigReader() {
    }

    /** The units, or an empty list with problems recorded in {@code r}. */
    public static List<OrdersConfig.Unit> read(ConfigReader r, Config merged) {
        List<OrdersConfig.Unit> out = new ArrayList<>();
        if (!merged.hasPath(PATH)) {
            return out;
        }
        Set<String> ids = new HashSet<>();
        List<ConfigObject> objects = ConfigReader.objects(r, merged, PATH);
        for (int i = 0; i < objects.size(); i++) {
            ConfigObject o = objects.get(i);
            String path = PATH + "." + i;
            for (String key : o.keySet()) {
                if (!KEYS.contains(key)) {
                    r.problem(path + "." + key + ": unknown key (expected id, name, street, aliases)");
                }
            }
            String id = text(o.get("id"));
            String name = text(o.get("name"));
            if (id == null || !ID.matcher(id).matches()) {
                r.problem(path + ".id: expected a unit id of 1-64 letters, digits, '.', '_' or '-' (as in an order's"
                        + " unitIds), got " + (o.get("id") == null ? "nothing" : o.get("id").render()));
            } else if (!ids.add(id)) {
                r.problem(path + ".id: \"" + id + "\" is listed twice");
            }
            if (name == null || name.isBlank() || name.length() > 64) {
                r.problem(path + ".name: expected the unit's name, 1-64 characters, got "
                        + (o.get("name") == null ? "nothing" : o.get("name").render()));
            }
            String street = text(o.get("street"));
            boolean streetOk = o.get("street") == null || (street != null && STREET.matcher(street).matches());
            if (!streetOk) {
                r.problem(path + ".street: expected the street's 9-digit division code, got " + o.get("street").render());
            }
            List<String> aliases = new ArrayList<>();
            boolean aliasesOk = aliases(r, path, o.get("aliases"), aliases);
            if (id != null && ID.matcher(id).matches() && name != null && !name.isBlank() && name.length() <= 64
                    && streetOk && aliasesOk) {
                out.add(new OrdersConfig.Unit(id, name.strip(), street, aliases));
            }
        }
        return out;
    }

    /** Reads {@code aliases = ["市生态环境局", ...]} into {@code out}; false (a problem recorded) if malformed. */
    private static boolean aliases(ConfigReader r, String path, ConfigValue v, List<String> out) {
        if (v == null) {
            return true;
        }
        if (v.valueType() != ConfigValueType.LIST) {
            r.problem(path + ".aliases: expected a list of names, e.g. [\"市生态环境局\"], got " + v.render());
            return false;
        }
        boolean ok = true;
        for (ConfigValue a : (com.typesafe.config.ConfigList) v) {
            String alias = text(a);
            if (alias == null || alias.isBlank() || alias.length() > 64) {
                r.problem(path + ".aliases: expected names of 1-64 characters, got " + a.render());
                ok = false;
            } else {
                out.add(alias.strip());
            }
        }
        return ok;
    }

    private static String text(ConfigValue v) {
        return v != null && v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : null;
    }
}
