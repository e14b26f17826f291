package hotline.server.call;

import hotline.config.BoxesConfig;
import hotline.config.asterisk.MultiBox;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which Asterisk box a caller and a seat are on ({@code hotline.boxes}), and where a caller is sent to ring a seat.
 *
 * <ul>
 *   <li>A channel's box is named by its uniqueid: each box's Asterisk runs with {@code systemname = <box id>}, so its
 *       uniqueids read {@code <id>-<epoch>.<n>}. A uniqueid without a known prefix is on the primary box (one box:
 *       always).</li>
 *   <li>A seat's box is the one whose AMI last reported its softphone registered; before any report, the box whose
 *       configured seat range holds it.</li>
 *   <li>A caller rings a seat of its own box through {@code hotline-agents,<seat>,1}, a seat of another box through
 *       {@code hotline-agents-<box>,<seat>,1} (a Dial over the IAX2 trunk, rendered by the config module).</li>
 * </ul>
 *
 * <p>Not thread-safe: confined to the controller's context, like the {@link CallController} that owns it.
 */
public final class BoxDirectory {
    /** The dialplan context that rings a seat of the caller's own box; must match the pbx extensions.conf. */
    public static final String LOCAL_AGENTS_CONTEXT = "hotline-agents";

    private final BoxesConfig config;
    private final Map<String, String> registeredOn = new HashMap<>();

    public BoxDirectory(BoxesConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** One box, the defaults: every channel and seat is on it. */
    public static BoxDirectory single() {
        return new BoxDirectory(BoxesConfig.single());
    }

    /** The primary box's id ({@code hotline.asterisk}). */
    public String primary() {
        return config.primaryId();
    }

    /** Every box id, the primary first. */
    public List<String> ids() {
        return config.ids();
    }

    /** Whether several boxes are configured. */
    public boolean multiBox() {
        return config.multiBox();
    }

    /** The box of a channel, from its uniqueid's {@code <systemname>-} prefix; the primary when it has none. */
    public String boxOfUniqueId(String uniqueId) {
        if (uniqueId == null || !config.multiBox()) {
            return config.primaryId();
        }
        int dash = uniqueId.lastIndexOf('-');
        if (dash > 0) {
            String prefix = uniqueId.substring(0, dash);
            if (config.other(prefix).isPresent()) {
                return prefix;
            }
        }
        return config.primaryId();
    }

    /** The box a seat is on now: where it last registered, else where it is configured. */
    public String boxOfSeat(String seat) {
        String at = registeredOn.get(seat);
        return at != null ? at : config.boxOfSeat(seat);
    }

    /**
     * A box's AMI reported the seat's softphone registration. Registered: the seat is on that box from now on.
     * Unregistered on the box it was on: back to its configured box. An unregistration reported by another box than
     * the seat's current one changes nothing (a contact that moved away).
     *
     * @return whether the report is about the seat's box (the engine's softphone overlay should follow it)
     */
    public boolean seatReported(String seat, String box, boolean registered) {
        if (!config.ids().contains(box)) {
            return false;
        }
        if (registered) {
            if (box.equals(config.boxOfSeat(seat))) {
                registeredOn.remove(seat);
            } else {
                registeredOn.put(seat, box);
            }
            return true;
        }
        if (!box.equals(boxOfSeat(seat))) {
            return false;
        }
        registeredOn.remove(seat);
        return true;
    }

    /** Where a caller on {@code callerBox} is sent to ring {@code seat}: context and extension (priority 1). */
    public OfferTarget offerTarget(String callerBox, String seat) {
        String seatBox = boxOfSeat(seat);
        return seatBox.equals(callerBox) ? new OfferTarget(LOCAL_AGENTS_CONTEXT, seat, seatBox)
                : new OfferTarget(MultiBox.remoteAgentsContext(seatBox), seat, seatBox);
    }

    /**
     * The channel-name prefix of the leg a caller on {@code callerBox} dials to reach {@code seat}: the seat's own
     * PJSIP channel on the same box ({@code PJSIP/1003-}), the IAX2 trunk to the seat's box otherwise
     * ({@code IAX2/b-}).
     */
    public String dialedLegPrefix(String callerBox, String seat) {
        String seatBox = boxOfSeat(seat);
        return seatBox.equals(callerBox) ? "PJSIP/" + seat + "-" : "IAX2/" + seatBox + "-";
    }

    /**
     * Where to send a caller to ring a seat.
     *
     * @param context the dialplan context ({@code hotline-agents} or {@code hotline-agents-<box>})
     * @param exten   the seat
     * @param seatBox the box the seat is on
     */
    public record OfferTarget(String context, String exten, String seatBox) {
    }
}
