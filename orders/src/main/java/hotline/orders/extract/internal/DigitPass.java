package hotline.orders.extract.internal;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the callback number from what the recogniser's digits pass heard: a second recogniser over the caller's
 * audio restricted to the language's digit words ({@code one two … oh}, {@code 零 幺 一 二 两 …}) plus {@code [unk]}
 * for anything else. Restricted to digits it rarely drops or confuses one ("three" stays 3 where the full recogniser
 * writes "free"), so an 11-digit mobile it heard is the better reading of the number. Pure and stateless.
 */
public final class DigitPass {
    private static final Map<String, Character> DIGITS = Map.ofEntries(
            Map.entry("zero", '0'), Map.entry("oh", '0'), Map.entry("o", '0'), Map.entry("one", '1'),
            Map.entry("two", '2'), Map.entry("three", '3'), Map.entry("four", '4'), Map.entry("five", '5'),
            Map.entry("six", '6'), Map.entry("seven", '7'), Map.entry("eight", '8'), Map.entry("nine", '9'),
            Map.entry("零", '0'), Map.entry("〇", '0'), Map.entry("幺", '1'), Map.entry("一", '1'),
            Map.entry("二", '2'), Map.entry("两", '2'), Map.entry("三", '3'), Map.entry("四", '4'),
            Map.entry("五", '5'), Map.entry("六", '6'), Map.entry("七", '7'), Map.entry("八", '8'),
            Map.entry("九", '9'));
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");

    private DigitPass() {
    }

    /**
     * The mainland mobile number (11 digits, 13..19) the digits pass heard, or null. The words are read as runs of
     * digits broken by anything else ({@code [unk]}); a run of exactly 11 digits that is a mobile counts, and so do
     * the last 11 digits of a longer run (a room number said just before the number); of several, the last one said.
     *
     * @param heard the digits pass's words, e.g. {@code "[unk] six zero two [unk] one three nine …"}; null or blank
     *              for none
     */
    public static String mobile(String heard) {
        if (heard == null || heard.isBlank()) {
            return null;
        }
        String found = null;
        StringBuilder run = new StringBuilder();
        for (String token : (heard.strip() + " [unk]").split("\\s+")) {
            Character d = DIGITS.get(token.toLowerCase(java.util.Locale.ROOT));
            if (d != null) {
                run.append(d);
                continue;
            }
            // a Chinese recogniser may write several digits as one token (幺三八)
            String chars = digitsOf(token);
            if (chars != null) {
                run.append(chars);
                continue;
            }
            if (run.length() >= 11) {
                String last = run.substring(run.length() - 11);
                if (MOBILE.matcher(last).matches()) {
                    found = last;
                }
            }
            run.setLength(0);
        }
        return found;
    }

    private static String digitsOf(String token) {
        if (token.length() < 2) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < token.length(); i++) {
            Character d = DIGITS.get(String.valueOf(token.charAt(i)));
            if (d == null) {
                return null;
            }
            out.append(d);
        }
        return out.toString();
    }
}
