package hotline.routing.ivr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A whole menu tree, validated: every {@code next} names a node, the start node exists, languages are known.
 *
 * @param start           the first node
 * @param defaultLanguage the language of the prompts until the caller picks one (attribute {@value #LANGUAGE})
 * @param languages       the languages prompts exist in, e.g. {@code zh}, {@code en}
 * @param inputTimeout    how long the menu waits for the first key after its prompt
 * @param interDigit      how long it waits for each further key of a multi-key choice
 * @param maxRetries      how often no input or an invalid key is retried at one node before the call goes to an
 *                        agent (2: three tries in all)
 * @param nodes           by id; copied into id order
 */
public record IvrMenu(String start, String defaultLanguage, List<String> languages, Duration inputTimeout,
                      Duration interDigit, int maxRetries, Map<String, IvrNode> nodes) {

    /** The attribute holding the caller's language. */
    public static final String LANGUAGE = "language";

    /**
     * Creates and validates the menu.
     *
     * @throws IllegalArgumentException naming every problem found (unknown next nodes, unknown start, ...)
     */
    public IvrMenu {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(defaultLanguage, "defaultLanguage");
        languages = List.copyOf(languages);
        Objects.requireNonNull(inputTimeout, "inputTimeout");
        Objects.requireNonNull(interDigit, "interDigit");
        nodes = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(nodes, "nodes")));
        List<String> problems = new ArrayList<>();
        if (!languages.contains(defaultLanguage)) {
            problems.add("defaultLanguage " + defaultLanguage + " is not one of the languages " + languages);
        }
        if (inputTimeout.isNegative() || inputTimeout.isZero() || interDigit.isNegative() || interDigit.isZero()) {
            problems.add("inputTimeout and interDigit must be positive");
        }
        if (maxRetries < 0 || maxRetries > 9) {
            problems.add("maxRetries must be 0..9, was " + maxRetries);
        }
        if (!nodes.containsKey(start)) {
            problems.add("start node " + start + " does not exist");
        }
        for (Map.Entry<String, IvrNode> e : nodes.entrySet()) {
            IvrNode n = e.getValue();
            if (!e.getKey().equals(n.id())) {
                problems.add("node " + e.getKey() + " has id " + n.id());
            }
            if (n instanceof IvrNode.Announce a && !nodes.containsKey(a.next())) {
                problems.add("node " + a.id() + ": next node " + a.next() + " does not exist");
            }
            if (n instanceof IvrNode.Menu m) {
                for (IvrOption o : m.options().values()) {
                    if (!nodes.containsKey(o.next())) {
                        problems.add("node " + m.id() + ", key " + o.key() + ": next node " + o.next()
                                + " does not exist");
                    }
                    if (o.key().length() > m.maxDigits()) {
                        problems.add("node " + m.id() + ", key " + o.key() + " is longer than maxDigits "
                                + m.maxDigits());
                    }
                    String lang = o.set().get(LANGUAGE);
                    if (lang != null && !languages.contains(lang)) {
                        problems.add("node " + m.id() + ", key " + o.key() + ": language " + lang
                                + " is not one of " + languages);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
