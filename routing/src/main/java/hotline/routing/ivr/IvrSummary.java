package hotline.routing.ivr;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one call did in the menu, for the call's record and the figures.
 *
 * @param outcome    how it ended
 * @param visits     the nodes in the order visited, with the time spent at each
 * @param attributes the attributes collected
 * @param reason     as in {@link IvrAction.Finish#reason()}; {@code hangup} when the caller left
 * @param total      time from the start of the menu to its end
 */
public record IvrSummary(Outcome outcome, List<Visit> visits, Map<String, String> attributes, String reason,
                         Duration total) {

    /** Creates the summary, copying the lists. */
    public IvrSummary {
        Objects.requireNonNull(outcome, "outcome");
        visits = List.copyOf(visits);
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(total, "total");
    }

    /** The node the call was at when the menu ended (where a caller who hung up left). */
    public String lastNode() {
        return visits.isEmpty() ? "" : visits.get(visits.size() - 1).node();
    }

    /** The node ids visited, in order, e.g. {@code welcome>language>business}. */
    public String path() {
        return String.join(">", visits.stream().map(Visit::node).toList());
    }

    /**
     * One stay at a node.
     *
     * @param node  the node id
     * @param spent time spent there
     */
    public record Visit(String node, Duration spent) {

        /** Creates the visit. */
        public Visit {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(spent, "spent");
        }
    }

    /** How the menu ended for the call. */
    public enum Outcome {
        /** Handed to the ACD. */
        TO_AGENT,
        /** Served by self-service. */
        SELF_SERVED,
        /** The caller hung up in the menu. */
        HUNG_UP
    }
}
