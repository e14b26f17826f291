package hotline.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Draft work-order extraction ({@code hotline.orders}).
 *
 * @param cityCode  6-digit administrative division code of the hotline's city, whose districts, streets and
 *                  communities the gazetteer loads (110000 = Beijing)
 * @param rulesFile extraction rules file (categories, keywords, units, urgency), or {@code null} for the rules
 *                  packaged with the orders module
 * @param units     the named units of the unit directory (departments, and streets known by a short id), beside the
 *                  gazetteer's streets
 */
public record OrdersConfig(String cityCode, Path rulesFile, List<Unit> units) {

    public OrdersConfig {
        Objects.requireNonNull(cityCode, "cityCode");
        units = List.copyOf(units);
    }

    /** Without named units: the directory has the gazetteer's streets only. */
    public OrdersConfig(String cityCode, Path rulesFile) {
        this(cityCode, rulesFile, List.of());
    }

    /**
     * A named unit, as in an order's {@code unitIds}.
     *
     * @param id     the unit id
     * @param name   its name on every screen, e.g. {@code 八里庄街道} or {@code 市水务局}
     * @param street  the 9-digit division code of the street it is (names repeat across districts); null for a
     *                department, or for a street whose name is unique in the city
     * @param aliases other names people use for it ({@code 市生态环境局}, {@code 燃气集团}): the unit field and the dispatch
     *                desk find it by them too; may be empty
     */
    public record Unit(String id, String name, String street, List<String> aliases) {
        public Unit {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            aliases = List.copyOf(aliases);
        }

        /** A unit without aliases. */
        public Unit(String id, String name, String street) {
            this(id, name, street, List.of());
        }

        /** A unit without a street code or aliases. */
        public Unit(String id, String name) {
            this(id, name, null);
        }
    }
}
