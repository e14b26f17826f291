package hotline.orders.extract.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One configured keyword: {@code 暖气+不热^2} is the terms 暖气 and 不热, both required, weight 2. Chinese terms
 * match anywhere in the compacted transcript; a term with ASCII letters matches only at the start of a word
 * (so {@code tree} does not match {@code street}).
 *
 * @param text   the keyword as configured, for explanations
 * @param terms  every term that must occur
 * @param weight how much a match adds to its category's score
 */
public record Keyword(String text, List<String> terms, int weight) {

    public Keyword {
        terms = List.copyOf(terms);
    }

    /**
     * Parses {@code a+b^3}.
     *
     * @throws IllegalArgumentException naming the keyword when it is empty or its weight is not 1..100
     */
    public static Keyword parse(String spec) {
        String s = spec.strip();
        int weight = 1;
        int caret = s.lastIndexOf('^');
        if (caret >= 0) {
            try {
                weight = Integer.parseInt(s.substring(caret + 1).strip());
            } catch (NumberFormatException e) {
                weight = -1;
            }
            if (weight < 1 || weight > 100) {
                throw new IllegalArgumentException("keyword '" + spec + "': weight after ^ must be 1..100");
            }
            s = s.substring(0, caret).strip();
        }
        List<String> terms = new ArrayList<>();
        for (String t : s.split("\\+")) {
            String term = TextNormalizer.compact(t).strip();
            if (term.isEmpty()) {
                throw new IllegalArgumentException("keyword '" + spec + "': empty term");
            }
            terms.add(term);
        }
        return new Keyword(spec.strip(), terms, weight);
    }

    /** True when every term occurs in {@code compactText} (see {@link TextNormalizer#compact}). */
    public boolean matches(String compactText) {
        for (String t : terms) {
            if (indexOf(compactText, t, 0) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Where the first term first occurs, or -1. */
    public int position(String compactText) {
        return indexOf(compactText, terms.get(0), 0);
    }

    static int indexOf(String text, String term, int from) {
        boolean wordStart = isAsciiLetter(term.charAt(0));
        int i = text.indexOf(term, from);
        while (i >= 0 && wordStart && i > 0 && isAsciiLetter(text.charAt(i - 1))) {
            i = text.indexOf(term, i + 1);
        }
        return i;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
