package hotline.config.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import hotline.config.BoxesConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code hotline.boxes} ({@link BoxesConfig}). Problems go to the reader, each naming its key
 * ({@code hotline.boxes.others.0.seats: ...}); the result is then null.
 */
public final class BoxesConfigReader {
    private static final String P = "hotline.boxes.";
    private static final Pattern ID = Pattern.compile("[a-z0-9]{1,16}");
    private static final Pattern RANGE = Pattern.compile("\\s*([0-9]{4})\\s*-\\s*([0-9]{4})\\s*");
    // directories of hotline.runDir that a box's <runDir>/<id> must not take
    private static final Set<String> RESERVED = Set.of("pbx", "carrier", "redis", "prompts", "audio", "softphones",
            "seatsim", "asterisk");
    private static final Set<String> KEYS = Set.of("id", "host", "amiPort", "amiUser", "amiSecret", "sipPort",
            "rtpStart", "rtpEnd", "iaxPort", "seats", "agiHost");
    private static final Set<String> REQUIRED = Set.of("id", "host", "amiPort", "sipPort", "rtpStart", "rtpEnd",
            "iaxPort", "seats");

    private BoxesConfigReader() {
    }

    /**
     * @param defaultAmiUser   {@code hotline.asterisk.amiUser}, for boxes that name none (null when itself invalid)
     * @param defaultAmiSecret {@code hotline.asterisk.amiSecret}, likewise
     * @param defaultAgiHost   {@code hotline.agi.host}, likewise
     * @param seatFirst        {@code hotline.seats.first}
     * @param seatCount        {@code hotline.seats.count}
     */
    public static BoxesConfig read(ConfigReader r, Config merged, String defaultAmiUser, String defaultAmiSecret,
                                   String defaultAgiHost, int seatFirst, int seatCount) {
        int before = r.problems().size();
        String primaryId = r.string(P + "primaryId");
        if (primaryId != null && !ID.matcher(primaryId).matches()) {
            r.problem(P + "primaryId: expected a box id of 1..16 lower-case letters or digits, got \"" + primaryId
                    + "\"" + r.origin(P + "primaryId"));
        }
        int iaxPort = r.port(P + "iaxPort");
        String trunkSecret = r.secret(P + "trunkSecret");
        List<ConfigObject> objects = ConfigReader.objects(r, merged, P + "others");
        List<BoxesConfig.Box> others = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        if (primaryId != null) {
            ids.add(primaryId);
        }
        for (int i = 0; i < objects.size(); i++) {
            BoxesConfig.Box b = box(r, objects.get(i), P + "others." + i, defaultAmiUser, defaultAmiSecret,
                    defaultAgiHost, seatFirst, seatCount);
            if (b == null) {
                continue;
            }
            if (!ids.add(b.id())) {
                r.problem(P + "others." + i + ".id: box " + b.id() + " is configured twice (the primary box is "
                        + primaryId + ", hotline.boxes.primaryId)");
                continue;
            }
            for (int j = 0; j < others.size(); j++) {
                BoxesConfig.Box o = others.get(j);
                if (b.seatFirst() <= o.seatLast() && o.seatFirst() <= b.seatLast()) {
                    r.problem(P + "others." + i + ".seats: " + b.seatFirst() + "-" + b.seatLast()
                            + " overlaps the seats of box " + o.id() + " (" + o.seatFirst() + "-" + o.seatLast()
                            + "): a seat belongs to one box");
                }
            }
            others.add(b);
        }
        if (r.problems().size() > before) {
            return null;
        }
        return new BoxesConfig(primaryId, iaxPort, trunkSecret, others);
    }

    private static BoxesConfig.Box box(ConfigReader parent, ConfigObject object, String key, String defaultAmiUser,
                                       String defaultAmiSecret, String defaultAgiHost, int seatFirst, int seatCount) {
        boolean ok = true;
        for (String name : new TreeSet<>(object.keySet())) {
            if (!KEYS.contains(name)) {
                parent.problem(key + "." + name + ": unknown key, expected " + String.join(", ", new TreeSet<>(KEYS))
                        + ConfigReader.from(object.get(name).origin()));
                ok = false;
            }
        }
        for (String name : new TreeSet<>(REQUIRED)) {
            if (!object.containsKey(name)) {
                parent.problem(key + "." + name + ": missing");
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        Config c = object.toConfig().atPath(key);
        ConfigReader r = new ConfigReader(c, c);
        String id = r.string(key + ".id");
        if (id != null && !ID.matcher(id).matches()) {
            r.problem(key + ".id: expected a box id of 1..16 lower-case letters or digits, got \"" + id + "\"");
        }
        if (id != null && RESERVED.contains(id)) {
            r.problem(key + ".id: \"" + id + "\" names a directory of hotline.runDir already (the box is rendered"
                    + " into <runDir>/<id>); choose another id");
        }
        String host = r.host(key + ".host");
        int amiPort = r.port(key + ".amiPort");
        String amiUser = object.containsKey("amiUser") ? r.account(key + ".amiUser") : defaultAmiUser;
        String amiSecret = object.containsKey("amiSecret") ? r.secret(key + ".amiSecret") : defaultAmiSecret;
        String agiHost = object.containsKey("agiHost") ? r.host(key + ".agiHost") : defaultAgiHost;
        int sipPort = r.port(key + ".sipPort");
        int rtpStart = r.port(key + ".rtpStart");
        int rtpEnd = r.port(key + ".rtpEnd");
        int iaxPort = r.port(key + ".iaxPort");
        if (rtpStart > 0 && rtpEnd > 0 && rtpStart >= rtpEnd) {
            r.problem(key + ".rtpStart: must be below " + key + ".rtpEnd (" + rtpStart + " >= " + rtpEnd + ")");
        }
        String seats = r.string(key + ".seats");
        int first = 0;
        int last = 0;
        if (seats != null) {
            Matcher m = RANGE.matcher(seats);
            int lowest = seatFirst;
            int highest = seatFirst + seatCount - 1;
            if (!m.matches()) {
                r.problem(key + ".seats: expected a seat range \"first-last\" such as \"1101-1200\", got \"" + seats
                        + "\"");
            } else {
                first = Integer.parseInt(m.group(1));
                last = Integer.parseInt(m.group(2));
                if (first > last) {
                    r.problem(key + ".seats: the first seat must not exceed the last, got \"" + seats + "\"");
                } else if (seatCount > 0 && (first < lowest || last > highest)) {
                    r.problem(key + ".seats: " + first + "-" + last + " is not within the seats " + lowest + "-"
                            + highest + " (hotline.seats.first, hotline.seats.count)");
                }
            }
        }
        r.problems().forEach(parent::problem);
        if (!r.problems().isEmpty() || amiUser == null || amiSecret == null || agiHost == null) {
            return null;
        }
        return new BoxesConfig.Box(id, host, amiPort, amiUser, amiSecret, sipPort, rtpStart, rtpEnd, iaxPort, first,
                last, agiHost);
    }
}
