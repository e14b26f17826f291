package hotline.orders.unit;

import java.util.List;
import java.util.Objects;

/**
 * One unit of the directory, as the resolver sees it.
 *
 * @param id       the unit id, as in an order's {@code unitIds}
 * @param name     its name, e.g. {@code 八里庄街道} or {@code 北京市生态环境局}
 * @param district the district of a street or township ({@code 朝阳区}); null for a city department
 * @param aliases  other names it is known by (configured short names such as {@code 市生态环境局}); may be empty
 */
public record UnitEntry(String id, String name, String district, List<String> aliases) {
    public UnitEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
    }

    /** Its name as every screen shows it: {@code 八里庄街道（海淀区）} for a street, the name alone for a department. */
    public String displayName() {
        return district == null ? name : name + "（" + district + "）";
    }
}
