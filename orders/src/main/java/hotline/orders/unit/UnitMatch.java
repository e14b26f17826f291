package hotline.orders.unit;

import java.util.List;

/** What a unit name resolved to: one unit, several (ambiguous), or none. */
public sealed interface UnitMatch {
    /** Exactly one unit. */
    record Found(UnitEntry unit) implements UnitMatch {
    }

    /**
     * The name fits several units (八里庄街道 of 朝阳区 and of 海淀区): the person must choose; never picked silently.
     *
     * @param candidates at least two, in directory order
     */
    record Ambiguous(List<UnitEntry> candidates) implements UnitMatch {
        public Ambiguous {
            candidates = List.copyOf(candidates);
        }
    }

    /** No unit of the directory has that id or name. */
    record NotFound(String query) implements UnitMatch {
    }
}
