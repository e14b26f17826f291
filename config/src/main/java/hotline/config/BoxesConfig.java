package hotline.config;

import hotline.config.internal.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Several contact-center Asterisk boxes under one ACD ({@code hotline.boxes}; docs/scaling.md). The primary box is
 * {@code hotline.asterisk}, named {@link #primaryId}; {@link #others} lists the rest, each with the seats it serves. A
 * call is bridged from its caller's box to a seat on another box over an IAX2 trunk between the boxes.
 *
 * <p>With no others (the default) the hotline runs on one box exactly as without this section: no IAX2, no
 * {@code systemname}. {@link #toString()} prints the secrets as {@code ***}.
 *
 * @param primaryId   the primary box's id: its Asterisk's {@code systemname} (uniqueids become
 *                    {@code <id>-<epoch>.<n>}, unique across boxes) and its IAX2 peer name on the others
 * @param iaxPort     the primary box's IAX2 UDP port
 * @param trunkSecret the IAX2 secret of the trunk between boxes (MD5 authentication)
 * @param others      the other boxes, in configured order; ids and seat ranges distinct
 */
public record BoxesConfig(String primaryId, int iaxPort, String trunkSecret, List<Box> others) {

    public BoxesConfig {
        Objects.requireNonNull(primaryId, "primaryId");
        Objects.requireNonNull(trunkSecret, "trunkSecret");
        others = List.copyOf(others);
    }

    /** One box: the defaults of {@code hotline.conf}. */
    public static BoxesConfig single() {
        return new BoxesConfig("a", 4569, "lab-throwaway-trunk", List.of());
    }

    /** Whether more than one box is configured (IAX2 trunk, systemnames, one AMI session per box). */
    public boolean multiBox() {
        return !others.isEmpty();
    }

    /**
     * The box a seat is configured on: the other box whose seat range holds it, else the primary.
     *
     * @param seat a seat id such as {@code 1003}; anything that is not a number is on the primary box
     */
    public String boxOfSeat(String seat) {
        if (seat != null && seat.matches("[0-9]{1,9}")) {
            int n = Integer.parseInt(seat);
            for (Box b : others) {
                if (n >= b.seatFirst() && n <= b.seatLast()) {
                    return b.id();
                }
            }
        }
        return primaryId;
    }

    /** The seats of {@code seats} configured on box {@code boxId}, ascending. */
    public List<String> seatsOn(String boxId, SeatsConfig seats) {
        List<String> out = new ArrayList<>();
        for (String s : seats.seatIds()) {
            if (boxOfSeat(s).equals(boxId)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The other box with this id. */
    public Optional<Box> other(String id) {
        return others.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** Every box id, the primary first, then the others in configured order. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        ids.add(primaryId);
        others.forEach(b -> ids.add(b.id()));
        return ids;
    }

    @Override
    public String toString() {
        return "BoxesConfig[primaryId=" + primaryId + ", iaxPort=" + iaxPort + ", trunkSecret=" + Secrets.MASK
                + ", others=" + others + "]";
    }

    /**
     * A box beside the primary one ({@code hotline.boxes.others.<i>}).
     *
     * @param id        box id: lower-case letters and digits, 1..16, distinct from the others and the primary
     * @param host      where its AMI is reached and the address its rendered configuration binds to
     * @param amiPort   its AMI TCP port
     * @param amiUser   its AMI account (default: {@code hotline.asterisk.amiUser})
     * @param amiSecret its AMI secret (default: {@code hotline.asterisk.amiSecret})
     * @param sipPort   its PJSIP UDP port (its seats register there)
     * @param rtpStart  first RTP UDP port, inclusive
     * @param rtpEnd    last RTP UDP port, inclusive
     * @param iaxPort   its IAX2 UDP port (the trunk between boxes)
     * @param seatFirst first seat on this box, inclusive (within {@code hotline.seats})
     * @param seatLast  last seat on this box, inclusive
     * @param agiHost   where its dialplan reaches the hotline's FastAGI server (default: {@code hotline.agi.host})
     */
    public record Box(String id, String host, int amiPort, String amiUser, String amiSecret, int sipPort, int rtpStart,
                      int rtpEnd, int iaxPort, int seatFirst, int seatLast, String agiHost) {

        public Box {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(amiUser, "amiUser");
            Objects.requireNonNull(amiSecret, "amiSecret");
            Objects.requireNonNull(agiHost, "agiHost");
            if (seatFirst > seatLast) {
                throw new IllegalArgumentException("seatFirst must not exceed seatLast, got " + seatFirst + " > "
                        + seatLast);
            }
        }

        @Override
        public String toString() {
            return "Box[id=" + id + ", host=" + host + ", amiPort=" + amiPort + ", amiUser=" + amiUser
                    + ", amiSecret=" + Secrets.MASK + ", sipPort=" + sipPort + ", rtp=" + rtpStart + ".." + rtpEnd
                    + ", iaxPort=" + iaxPort + ", seats=" + seatFirst + "-" + seatLast + ", agiHost=" + agiHost + "]";
        }
    }
}
