package hotline.orders.gazetteer;

import java.util.Objects;

/**
 * A community (社区) or village (村), from {@code villages.csv}.
 *
 * @param code         the 12-digit division code
 * @param name         the name without the committee suffix, e.g. {@code 天伦北里社区} or {@code 东村}
 * @param officialName the name as published, e.g. {@code 多福巷社区居委会}
 * @param street       the street or township it belongs to
 */
public record Community(String code, String name, String officialName, Street street) {

    public Community {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(officialName, "officialName");
        Objects.requireNonNull(street, "street");
    }
}
