package hotline.orders.extract.internal;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Brings transcripts into one form. Vosk's Chinese model writes a space between words ({@code 我 住 在 朝阳 区});
 * typed text has none; full-width digits and punctuation come from input methods.
 */
public final class TextNormalizer {
    private TextNormalizer() {
    }

    /**
     * NFKC (full-width to ASCII), lower case, whitespace runs collapsed to one space, and whitespace removed unless
     * it separates two ASCII letters or digits: {@code "我 住 在 朝阳 区, Room 6 0 2"} becomes
     * {@code "我住在朝阳区,room 6 0 2"}.
     */
    public static String compact(String text) {
        return squeeze(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT));
    }

    /** Like {@link #compact} but keeps letter case (names in English transcripts). */
    public static String compactKeepCase(String text) {
        return squeeze(Normalizer.normalize(text, Normalizer.Form.NFKC));
    }

    private static String squeeze(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                int j = i;
                while (j < s.length() && (Character.isWhitespace(s.charAt(j)) || Character.isSpaceChar(s.charAt(j)))) {
                    j++;
                }
                if (out.length() > 0 && j < s.length() && asciiWordChar(out.charAt(out.length() - 1))
                        && asciiWordChar(s.charAt(j))) {
                    out.append(' ');
                } else if (out.length() > 0 && j < s.length() && isAscii(out.charAt(out.length() - 1))
                        && isAscii(s.charAt(j)) && !Character.isLetterOrDigit(out.charAt(out.length() - 1))) {
                    out.append(' '); // "Road, building": keep English punctuation spacing
                }
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean asciiWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
    }

    private static boolean isAscii(char c) {
        return c < 128;
    }

    /** True for CJK ideographs. */
    public static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }
}
