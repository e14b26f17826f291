package hotline.orders.extract.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Brings a Chinese speech recogniser's text into the form the extraction rules read. Vosk's Chinese models
 * (vosk-model-cn-0.22, vosk-model-small-cn-0.22) write words separated by spaces and numbers as characters, one
 * word each or in short runs: {@code 我 住 在 丰台 路 十八 号 三 号楼 五零一 室 电话 幺 三 八 零 零 幺 三 八 零 零 零}.
 * This joins the Chinese words, turns a run of five or more spoken digits into ASCII digits (a phone number:
 * {@code 13800138000}) and a number before a house-number word (号, 号楼, 单元, 室, 层, 楼, 栋) into ASCII
 * ({@code 丰台路18号3号楼501室}). A lone number word anywhere else ({@code 两 天}, {@code 一直}) is left alone, and
 * text without Chinese characters is returned unchanged. Pure.
 */
public final class VoskChineseText {
    private static final Map<Character, Integer> DIGITS = Map.ofEntries(
            Map.entry('零', 0), Map.entry('〇', 0), Map.entry('洞', 0), Map.entry('幺', 1), Map.entry('一', 1),
            Map.entry('二', 2), Map.entry('两', 2), Map.entry('三', 3), Map.entry('四', 4), Map.entry('五', 5),
            Map.entry('六', 6), Map.entry('七', 7), Map.entry('八', 8), Map.entry('九', 9));
    /** Spoken digits one by one ({@code 五零一}, {@code 幺三八}) or ASCII digits. */
    private static final Pattern DIGIT_WORD = Pattern.compile("[零〇洞幺一二两三四五六七八九0-9]+");
    /** A number said with 十 and 百 ({@code 十八}, {@code 二十三}, {@code 一百零五}). */
    private static final Pattern NUMBER_WORD = Pattern.compile("(?:[一二两三四五六七八九]?百零?)?"
            + "(?:[一二两三四五六七八九]?十)?[一二两三四五六七八九]?");
    private static final Pattern HOUSE_NUMBER_WORD = Pattern.compile("(?:号楼|号院|号|单元|室|层|楼|栋|门).*");
    private static final int PHONE_RUN = 5;

    private VoskChineseText() {
    }

    /** The text with Chinese words joined and spoken numbers in digits, as described above. */
    public static String normalize(String text) {
        if (text.codePoints().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
            return text;
        }
        String[] words = text.strip().split("\\s+");
        List<String> out = new ArrayList<>(words.length);
        int i = 0;
        while (i < words.length) {
            int j = i;
            StringBuilder digits = new StringBuilder();
            while (j < words.length && DIGIT_WORD.matcher(words[j]).matches()) {
                digits.append(ascii(words[j]));
                j++;
            }
            if (digits.length() >= PHONE_RUN || j > i && j < words.length && houseWord(words[j])) {
                out.add(digits.toString());
                i = j;
                continue;
            }
            String w = words[i];
            if (i + 1 < words.length && houseWord(words[i + 1]) && !w.isEmpty()
                    && NUMBER_WORD.matcher(w).matches()) {
                out.add(String.valueOf(positional(w)));
            } else {
                out.add(w);
            }
            i++;
        }
        return join(out);
    }

    private static boolean houseWord(String w) {
        return HOUSE_NUMBER_WORD.matcher(w).matches();
    }

    private static String ascii(String digits) {
        StringBuilder b = new StringBuilder(digits.length());
        for (char c : digits.toCharArray()) {
            b.append(c >= '0' && c <= '9' ? c : (char) ('0' + DIGITS.get(c)));
        }
        return b.toString();
    }

    /** 十八 = 18, 二十三 = 23, 一百零五 = 105 ({@link #NUMBER_WORD}, not empty). */
    private static int positional(String w) {
        int total = 0;
        int pending = 0;
        for (char c : w.toCharArray()) {
            if (c == '百') {
                total += (pending == 0 ? 1 : pending) * 100;
                pending = 0;
            } else if (c == '十') {
                total += (pending == 0 ? 1 : pending) * 10;
                pending = 0;
            } else if (c != '零') {
                pending = DIGITS.get(c);
            }
        }
        return total + pending;
    }

    /** Words joined without a space, except between two ASCII words ({@code room 6}, {@code 18 Fengtai}). */
    private static String join(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0 && isAscii(b.charAt(b.length() - 1)) && isAscii(w.charAt(0))) {
                b.append(' ');
            }
            b.append(w);
        }
        return b.toString();
    }

    private static boolean isAscii(char c) {
        return c < 128;
    }
}
