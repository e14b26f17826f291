package hotline.orders.extract.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address as said, for the agent to confirm: in English {@code Green Valley community, 50 Riverside Road,
 * building 9, unit 2, room 301}; in Chinese the place names and what follows them (路, 号楼, 单元, 室).
 */
public final class AddressFinder {
    private static final String ROAD_TYPES = "road|street|avenue|lane|boulevard|alley|hutong|way|drive";
    private static final Pattern EN_ROAD = Pattern.compile("(?i)\\b(\\d+(?:\\s\\d)*)\\s+((?:[a-z]+\\s+){1,2}?)(" + ROAD_TYPES
            + ")\\b");
    private static final Pattern EN_ROAD_NO_NUMBER = Pattern.compile("(?i)\\b(?:on|at|in|along|of)\\s+((?:[A-Z][a-z]+"
            + "\\s+){1,2}?)(" + ROAD_TYPES + ")\\b(?:\\s+(near\\s+(?:the\\s+)?[^,.;]+))?");
    private static final Pattern EN_COMMUNITY = Pattern.compile("\\b((?:[A-Z][a-z]+\\s+){1,3})(community|compound|"
            + "estate|residential area|apartments|gardens)\\b");
    private static final Pattern EN_PART = Pattern.compile("(?i)\\b(building|unit|room|flat|apartment|block|floor)"
            + "\\s+((?:\\d\\s?){1,5})\\b");
    /** Filler between place words: not a word that starts the next clause (这边, 的, 楼下, 门口 ...). */
    private static final String FILLER = "[^\\s这那边的了在有是我你他她们下门口旁附近很太都也就还又被把给，。,.!?！？、：:]";
    private static final Pattern ZH_DETAIL = Pattern.compile("^(?:" + FILLER + "{0,8}?(?:胡同|小区|社区|家园|花园|"
            + "公寓|大厦|号楼|号院|单元|路|街|巷|苑|院|村|号|室|层))+");
    private static final Pattern ZH_CUE = Pattern.compile("(?:住在|住址是|地址是|地址在|家在|位于|在)([\\p{IsHan}\\d]{2,24})");
    private static final List<String> PARTS = List.of("building", "block", "unit", "floor", "room", "flat",
            "apartment");

    private AddressFinder() {
    }

    /** The English address, or null. {@code text} keeps its case (see {@link TextNormalizer#compactKeepCase}). */
    public static String english(String text) {
        List<String> parts = new ArrayList<>();
        Matcher c = EN_COMMUNITY.matcher(text);
        if (c.find()) {
            parts.add(c.group(1).strip() + " " + c.group(2).toLowerCase(java.util.Locale.ROOT));
        }
        Matcher r = EN_ROAD.matcher(text);
        if (r.find() && !isStopWord(r.group(2))) {
            parts.add(r.group(1).replace(" ", "") + " " + titleCase(r.group(2).strip()) + " " + titleCase(r.group(3)));
        } else {
            Matcher n = EN_ROAD_NO_NUMBER.matcher(text);
            if (n.find()) {
                String road = titleCase(n.group(1).strip()) + " " + titleCase(n.group(2));
                parts.add(n.group(3) == null ? road : road + ", " + n.group(3).replaceFirst("(?i)near\\s+the\\s+",
                        "near ").strip());
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        String[] found = new String[PARTS.size()];
        Matcher p = EN_PART.matcher(text);
        while (p.find()) {
            int i = PARTS.indexOf(p.group(1).toLowerCase(java.util.Locale.ROOT));
            if (found[i] == null) {
                found[i] = PARTS.get(i) + " " + p.group(2).replace(" ", "");
            }
        }
        for (String f : found) {
            if (f != null) {
                parts.add(f);
            }
        }
        return String.join(", ", parts);
    }

    private static boolean isStopWord(String words) {
        String w = words.strip().toLowerCase(java.util.Locale.ROOT);
        return w.startsWith("the ") || w.equals("the") || w.startsWith("a ") || w.equals("this");
    }

    /**
     * The Chinese address: from the first place name ({@code start} in the compacted text) through what follows
     * the last one; or what follows 住在/地址是 when no place name was found. Null when neither.
     */
    public static String chinese(String compact, int start, int end) {
        if (start >= 0) {
            Matcher d = ZH_DETAIL.matcher(compact.substring(end));
            String detail = d.find() ? d.group() : "";
            return compact.substring(start, end) + detail;
        }
        Matcher cue = ZH_CUE.matcher(compact);
        while (cue.find()) {
            Matcher d = ZH_DETAIL.matcher(cue.group(1));
            if (d.find() && d.group().length() >= 3) {
                return d.group();
            }
        }
        return null;
    }

    private static String titleCase(String words) {
        StringBuilder out = new StringBuilder();
        for (String w : words.split("\\s+")) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }
}
