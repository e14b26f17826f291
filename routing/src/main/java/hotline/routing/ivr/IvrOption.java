package hotline.routing.ivr;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One key of a {@link IvrNode.Menu}.
 *
 * @param key      the digits the caller presses, e.g. {@code "1"} or {@code "05"}
 * @param set      call attributes this choice sets (e.g. {@code language=en}, {@code queue=enterprise}); copied
 * @param next     the node that follows
 * @param requires a condition that must hold for the key to exist (e.g. {@code leaderSession}); null for always
 * @param prompt   an extra prompt played after the node's own prompt while the key exists (announces a conditional
 *                 key); null for none
 */
public record IvrOption(String key, Map<String, String> set, String next, String requires, String prompt) {

    /**
     * Creates the option.
     *
     * @throws NullPointerException     if {@code key}, {@code set} or {@code next} is null
     * @throws IllegalArgumentException if {@code key} is not 1 to 4 of {@code 0-9 * #}
     */
    public IvrOption {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(next, "next");
        if (!key.matches("[0-9*#]{1,4}")) {
            throw new IllegalArgumentException("option key must be 1 to 4 of 0-9 * #, was \"" + key + "\"");
        }
        set = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(set, "set")));
    }

    /** An option that always exists and plays no extra prompt. */
    public static IvrOption of(String key, Map<String, String> set, String next) {
        return new IvrOption(key, set, next, null, null);
    }
}
