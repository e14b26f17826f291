package hotline.routing.ivr;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the adapter must do next for one call in the menu. */
public sealed interface IvrAction permits IvrAction.Collect, IvrAction.LookupOrder, IvrAction.Finish {

    /**
     * Plays {@code prompts} in order (a key press interrupts them and counts as the first key), then waits up to
     * {@code timeout} for the first key and {@link IvrMenu#interDigit()} for each further one, until
     * {@code maxDigits} keys or {@code #}. Report the keys (possibly none) with {@link IvrSession#onInput}. With
     * {@code maxDigits == 0} nothing is collected: play the prompts and report {@code ""}.
     *
     * @param node      the node asking
     * @param language  the language to play the prompts in
     * @param prompts   prompt names, in order
     * @param maxDigits keys to collect at most, 0..32
     * @param timeout   wait for the first key after the prompts
     */
    record Collect(String node, String language, List<String> prompts, int maxDigits, Duration timeout)
            implements IvrAction {

        /** Creates the action, copying the prompts. */
        public Collect {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(language, "language");
            prompts = List.copyOf(prompts);
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * Looks up an order for the self-service; report the result with {@link IvrSession#onOrderLookup}.
     *
     * @param node        the node asking
     * @param orderNumber the number keyed in, or null for the caller's own most recent open order
     */
    record LookupOrder(String node, String orderNumber) implements IvrAction {

        /** Creates the action. */
        public LookupOrder {
            Objects.requireNonNull(node, "node");
        }
    }

    /**
     * The menu is over. For {@link Result#TO_AGENT} the call goes to the ACD with {@code attributes}; for
     * {@link Result#SELF_SERVED} the adapter plays {@code prompts} (a goodbye) and ends the call.
     *
     * @param result     how it ended
     * @param language   the caller's language
     * @param attributes the call attributes collected (language, line, queue, district, ...), key order
     * @param prompts    what to play before handing over or hanging up, possibly none
     * @param reason     why: {@code menu} (the caller's choices), {@code agent-key}, {@code no-input},
     *                   {@code invalid-input}, {@code order-unknown}, {@code served}
     */
    record Finish(Result result, String language, Map<String, String> attributes, List<String> prompts,
                  String reason) implements IvrAction {

        /** Creates the action, copying attributes and prompts. */
        public Finish {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(language, "language");
            attributes = Map.copyOf(attributes);
            prompts = List.copyOf(prompts);
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** How a menu session ended. */
    enum Result {
        /** Goes on to an agent through the ACD. */
        TO_AGENT,
        /** Served by self-service: no agent needed. */
        SELF_SERVED
    }
}
