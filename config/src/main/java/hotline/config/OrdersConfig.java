package hotline.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Draft work-order extraction ({@code hotline.orders}).
 *
 * @param cityCode  6-digit administrative division code of the hotline's city, whose districts, streets and
 *                  communities the gazetteer loads (110000 = Beijing)
 * @param rulesFile extraction rules file (categories, keywords, units, urgency), or {@code null} for the rules
 *                  packaged with the orders module
 */
public record OrdersConfig(String cityCode, Path rulesFile) {

    public OrdersConfig {
        Objects.requireNonNull(cityCode, "cityCode");
    }
}
