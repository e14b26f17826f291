package hotline.orders.gazetteer;

import java.util.Objects;

/**
 * A street or township (街道/乡/镇/地区), the territorial unit that handles most work orders, from
 * {@code streets.csv}.
 *
 * @param code     the 9-digit division code, e.g. {@code 110105015}
 * @param name     the official name, e.g. {@code 八里庄街道}
 * @param district the district it belongs to
 */
public record Street(String code, String name, District district) {

    public Street {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(district, "district");
    }

    /** {@code 八里庄街道（朝阳区）}: unique within the city even where the street's name is not. */
    public String qualifiedName() {
        return name + "（" + district.name() + "）";
    }
}
