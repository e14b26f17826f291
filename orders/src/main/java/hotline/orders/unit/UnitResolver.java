package hotline.orders.unit;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds units of the one unit directory by what people and the draft extractor call them. In order:
 * <ol>
 * <li>the exact unit id ({@code balizhuang}, {@code 110108005});</li>
 * <li>a name with its district in brackets, full-width or half-width ({@code 景山街道（东城区）},
 * {@code 景山街道(东城区)}), or a name with the district given apart;</li>
 * <li>a name or a configured alias ({@code 市生态环境局} for {@code 北京市生态环境局}) that fits one unit.</li>
 * </ol>
 * Names are compared after NFKC normalisation (full-width letters, digits, brackets and spaces become half-width),
 * without whitespace and case-insensitively. A name that fits several units is {@link UnitMatch.Ambiguous}, never
 * resolved to one of them. A district narrows streets only: a department (no district) still matches. Immutable.
 */
public final class UnitResolver {
    private static final Pattern WITH_DISTRICT = Pattern.compile("(.+)\\(([^()]+)\\)");

    private final List<UnitEntry> units;
    private final Map<String, UnitEntry> byId = new HashMap<>();
    private final Map<String, List<UnitEntry>> byName = new HashMap<>();

    /**
     * @param units the directory, in its order (the order candidates are listed in)
     * @throws IllegalArgumentException if an id is listed twice
     */
    public UnitResolver(List<UnitEntry> units) {
        this.units = List.copyOf(units);
        for (UnitEntry u : this.units) {
            if (byId.putIfAbsent(u.id(), u) != null) {
                throw new IllegalArgumentException("unit id listed twice: " + u.id());
            }
            Set<String> names = new LinkedHashSet<>();
            names.add(normalise(u.name()));
            u.aliases().forEach(a -> names.add(normalise(a)));
            for (String n : names) {
                byName.computeIfAbsent(n, k -> new ArrayList<>()).add(u);
            }
        }
    }

    /** Every unit, in directory order. */
    public List<UnitEntry> units() {
        return units;
    }

    /** The unit with exactly this id. */
    public Optional<UnitEntry> byId(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /**
     * Resolves what was typed or extracted.
     *
     * @param query    an id or a name, possibly with the district in brackets
     * @param district the district it is in (a name such as {@code 海淀区}, or {@code 海淀}); null or blank if unknown
     */
    public UnitMatch resolve(String query, String district) {
        if (query == null || query.isBlank()) {
            return new UnitMatch.NotFound(query == null ? "" : query);
        }
        UnitEntry exact = byId.get(query.strip());
        if (exact != null) {
            return new UnitMatch.Found(exact);
        }
        String q = normalise(query);
        String d = district == null || district.isBlank() ? null : normalise(district);
        List<UnitEntry> candidates = byName.get(q);
        if (candidates == null) {
            Matcher m = WITH_DISTRICT.matcher(q);
            if (m.matches()) {
                candidates = byName.get(m.group(1));
                d = m.group(2);
            }
        }
        if (candidates == null) {
            // an id typed in another width or case (ＢＡＬＩＺＨＵＡＮＧ)
            for (UnitEntry u : units) {
                if (normalise(u.id()).equals(q)) {
                    return new UnitMatch.Found(u);
                }
            }
            return new UnitMatch.NotFound(query);
        }
        List<UnitEntry> fit = new ArrayList<>();
        for (UnitEntry u : candidates) {
            if (d == null || u.district() == null || sameDistrict(normalise(u.district()), d)) {
                fit.add(u);
            }
        }
        if (fit.isEmpty()) {
            return new UnitMatch.NotFound(query);
        }
        return fit.size() == 1 ? new UnitMatch.Found(fit.get(0)) : new UnitMatch.Ambiguous(fit);
    }

    private static boolean sameDistrict(String unitDistrict, String given) {
        if (unitDistrict.equals(given)) {
            return true;
        }
        // 海淀 for 海淀区, 密云 for 密云区, 某某 for 某某县
        return unitDistrict.length() == given.length() + 1
                && unitDistrict.startsWith(given) && "区县市旗".indexOf(unitDistrict.charAt(given.length())) >= 0;
    }

    /** NFKC, no whitespace, lower case: how names are compared. */
    static String normalise(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(n.length());
        n.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
                .forEach(c -> out.appendCodePoint(Character.toLowerCase(c)));
        return out.toString();
    }
}
