package hotline.routing.ivr;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A node of the menu tree. Ids are what {@link IvrOption#next()} and the figures refer to. */
public sealed interface IvrNode permits IvrNode.Menu, IvrNode.Announce, IvrNode.OrderStatus, IvrNode.ToAgent {

    /**
     * Returns the node's id.
     *
     * @return the id, never null
     */
    String id();

    /**
     * Plays {@code prompt} and waits for up to {@code maxDigits} keys (ended early by {@code #} or the inter-digit
     * timeout); the keys pick an option. No key or an unknown key is retried (see {@link IvrMenu#maxRetries()}).
     *
     * @param id        the node id
     * @param prompt    the prompt's name
     * @param maxDigits how many keys an option has at most, 1..4
     * @param options   by key; copied into key order
     */
    record Menu(String id, String prompt, int maxDigits, Map<String, IvrOption> options) implements IvrNode {

        /**
         * Creates the node.
         *
         * @throws IllegalArgumentException if {@code maxDigits} is not 1..4, there are no options, or an option's
         *                                  map key differs from its {@link IvrOption#key()}
         */
        public Menu {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(prompt, "prompt");
            if (maxDigits < 1 || maxDigits > 4) {
                throw new IllegalArgumentException("menu " + id + ": maxDigits must be 1..4, was " + maxDigits);
            }
            options = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(options, "options")));
            if (options.isEmpty()) {
                throw new IllegalArgumentException("menu " + id + " has no options");
            }
            options.forEach((k, o) -> {
                if (!k.equals(o.key())) {
                    throw new IllegalArgumentException("menu " + id + ": option " + k + " has key " + o.key());
                }
            });
        }
    }

    /**
     * Plays {@code prompt} (no keys expected, though a key press skips it) and goes on to {@code next}.
     *
     * @param id     the node id
     * @param prompt the prompt's name
     * @param next   the node that follows
     */
    record Announce(String id, String prompt, String next) implements IvrNode {

        /** Creates the node. */
        public Announce {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * Order-status self-service: the caller keys in an order number ended by {@code #}, or {@code *} for their own
     * most recent open order (found by their number), or {@code 0} for an agent. The status and deadline are read
     * back; then {@code 1} hears another order, {@code 0} reaches an agent, and silence ends the call as served.
     *
     * @param id        the node id
     * @param prompt    the prompt asking for the number
     * @param maxDigits the longest order number, 1..32
     * @param set       call attributes set on entering (e.g. {@code line=status}); copied
     */
    record OrderStatus(String id, String prompt, int maxDigits, Map<String, String> set) implements IvrNode {

        /**
         * Creates the node.
         *
         * @throws IllegalArgumentException if {@code maxDigits} is not 1..32
         */
        public OrderStatus {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(prompt, "prompt");
            if (maxDigits < 1 || maxDigits > 32) {
                throw new IllegalArgumentException("orderStatus " + id + ": maxDigits must be 1..32, was " + maxDigits);
            }
            set = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(set, "set")));
        }
    }

    /**
     * The end of the menu: the call goes to the ACD with the attributes collected so far plus {@code set}.
     *
     * @param id  the node id
     * @param set call attributes set on arrival here; copied
     */
    record ToAgent(String id, Map<String, String> set) implements IvrNode {

        /** Creates the node. */
        public ToAgent {
            Objects.requireNonNull(id, "id");
            set = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(set, "set")));
        }
    }
}
