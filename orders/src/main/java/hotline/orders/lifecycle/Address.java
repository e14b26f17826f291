package hotline.orders.lifecycle;

import java.util.Objects;

/**
 * Where the matter is: district, street or township, and community (any may be empty when unknown, never null).
 */
public record Address(String district, String street, String community) {
    public Address {
        district = Objects.requireNonNull(district, "district").strip();
        street = Objects.requireNonNull(street, "street").strip();
        community = Objects.requireNonNull(community, "community").strip();
    }
}
