package hotline.config.ivr;

import java.util.Objects;

/**
 * A district the caller can pick in a {@code districts} node, from the gazetteer.
 *
 * @param code the division code, e.g. {@code 110105}
 * @param name the name as spoken, e.g. {@code 朝阳区}
 */
public record IvrDistrict(String code, String name) {

    public IvrDistrict {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
    }
}
