package hotline.server.orders;

import hotline.config.OrdersConfig;
import hotline.orders.gazetteer.Gazetteer;
import hotline.orders.gazetteer.Street;
import hotline.orders.unit.UnitEntry;
import hotline.orders.unit.UnitResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who a unit id is: the configured named units ({@code hotline.orders.units}: departments, streets under a short id)
 * and every street/township of the gazetteer under its 9-digit division code. A named unit with a street code, or
 * whose name is that of exactly one street, is that street (kind {@code street}, with its district); any other is a
 * department. Immutable.
 */
public final class UnitDirectory {
    /**
     * One unit.
     *
     * @param id       the unit id, as in an order's {@code unitIds}
     * @param name     its name, e.g. {@code 八里庄街道}
     * @param kind     {@code street} or {@code department}
     * @param district the district of a street; null for a department
     * @param aliases  the configured short names ({@code 市生态环境局}); may be empty
     */
    public record Unit(String id, String name, String kind, String district, List<String> aliases) {
        public Unit {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            aliases = List.copyOf(aliases);
        }

        /** A unit without aliases. */
        public Unit(String id, String name, String kind, String district) {
            this(id, name, kind, district, List.of());
        }

        /** Its name on every screen: {@code 八里庄街道（海淀区）} for a street, the name alone for a department. */
        public String displayName() {
            return district == null ? name : name + "（" + district + "）";
        }
    }

    private final List<Unit> units;
    private final Gazetteer gazetteer;
    private final UnitResolver resolver;
    private final Map<String, Unit> byId = new HashMap<>();

    private UnitDirectory(List<Unit> units, Gazetteer gazetteer) {
        this.units = List.copyOf(units);
        this.gazetteer = gazetteer;
        this.units.forEach(u -> byId.put(u.id(), u));
        this.resolver = new UnitResolver(this.units.stream()
                .map(u -> new UnitEntry(u.id(), u.name(), u.district(), u.aliases())).toList());
    }

    /**
     * Loads the city's gazetteer and builds the directory of {@code config}'s named units. Blocking (~0.3 s): call it
     * off the event loop.
     *
     * @throws IllegalArgumentException naming the key when the city or a named unit's street is wrong
     */
    public static UnitDirectory load(OrdersConfig config) {
        Gazetteer gazetteer;
        try {
            gazetteer = Gazetteer.load(config.cityCode());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hotline.orders.cityCode: " + e.getMessage(), e);
        }
        return of(config.units(), gazetteer);
    }

    /**
     * The named units first (in configuration order), then the gazetteer's streets not named there.
     *
     * @throws IllegalArgumentException if a named unit's street code is not in the gazetteer
     */
    public static UnitDirectory of(List<OrdersConfig.Unit> named, Gazetteer gazetteer) {
        Map<String, List<Street>> byName = new HashMap<>();
        gazetteer.streets().forEach(s -> byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s));
        List<Unit> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> namedStreets = new HashSet<>();
        Map<String, Street> byCode = new HashMap<>();
        gazetteer.streets().forEach(s -> byCode.put(s.code(), s));
        for (OrdersConfig.Unit u : named) {
            List<Street> streets = byName.getOrDefault(u.name(), List.of());
            if (u.street() != null) {
                Street s = byCode.get(u.street());
                if (s == null) {
                    throw new IllegalArgumentException("hotline.orders.units: unit " + u.id() + ": no street "
                            + u.street() + " in the gazetteer of city " + gazetteer.cityCode());
                }
                streets = List.of(s);
            }
            if (streets.size() == 1) {
                namedStreets.add(streets.get(0).code());
                out.add(new Unit(u.id(), u.name(), "street", streets.get(0).district().name(), u.aliases()));
            } else {
                out.add(new Unit(u.id(), u.name(), "department", null, u.aliases()));
            }
            ids.add(u.id());
        }
        for (Street s : gazetteer.streets()) {
            if (!namedStreets.contains(s.code()) && ids.add(s.code())) {
                out.add(new Unit(s.code(), s.name(), "street", s.district().name()));
            }
        }
        return new UnitDirectory(out, gazetteer);
    }

    /** Every unit: named ones first, then the streets in division-code order. */
    public List<Unit> units() {
        return units;
    }

    /** The unit with this id, or null if the directory has none. */
    public Unit unit(String id) {
        return byId.get(id);
    }

    /** The ids of {@code ids} that are not in the directory, in their order. */
    public List<String> unknown(List<String> ids) {
        return ids.stream().filter(id -> !byId.containsKey(id)).distinct().toList();
    }

    /** Each unit's {@link Unit#displayName()} by id. */
    public Map<String, String> displayNames() {
        Map<String, String> names = new HashMap<>();
        units.forEach(u -> names.put(u.id(), u.displayName()));
        return names;
    }

    /** The gazetteer the directory was built from (its streets), for the drafts and reports of the same city. */
    public Gazetteer gazetteer() {
        return gazetteer;
    }

    /** Resolution by name (ids, names with districts, aliases; ambiguity as candidates). */
    public UnitResolver resolver() {
        return resolver;
    }
}
