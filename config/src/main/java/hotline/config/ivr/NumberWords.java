package hotline.config.ivr;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The prompts the self-service reads numbers and dates with ({@code digit-N}, {@code month-N}, {@code day-N},
 * {@code hour-N}), generated for the languages that have built-in words: {@code zh} and {@code en}. Other languages
 * must list them in the menu file's {@code prompts}.
 */
final class NumberWords {
    private static final String[] ZH_DIGITS = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    private static final String[] EN_DIGITS = {"zero", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine"};
    private static final String[] EN_MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    private static final String[] EN_ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh",
        "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
        "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty first", "twenty second", "twenty third",
        "twenty fourth", "twenty fifth", "twenty sixth", "twenty seventh", "twenty eighth", "twenty ninth",
        "thirtieth", "thirty first"};
    private static final String[] EN_HOURS = {"twelve", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten", "eleven"};

    private NumberWords() {
    }

    /** The generated prompts of {@code language} (name -> text), or empty when it has no built-in words. */
    static Optional<Map<String, String>> of(String language) {
        Map<String, String> m = new LinkedHashMap<>();
        switch (language) {
            case "zh" -> {
                for (int d = 0; d <= 9; d++) {
                    m.put("digit-" + d, ZH_DIGITS[d]);
                }
                for (int i = 1; i <= 12; i++) {
                    m.put("month-" + i, zhNumber(i) + "月");
                }
                for (int i = 1; i <= 31; i++) {
                    m.put("day-" + i, zhNumber(i) + "日");
                }
                for (int i = 0; i <= 23; i++) {
                    m.put("hour-" + i, (i == 0 ? "零" : zhNumber(i)) + "点");
                }
            }
            case "en" -> {
                for (int d = 0; d <= 9; d++) {
                    m.put("digit-" + d, EN_DIGITS[d]);
                }
                for (int i = 1; i <= 12; i++) {
                    m.put("month-" + i, EN_MONTHS[i - 1]);
                }
                for (int i = 1; i <= 31; i++) {
                    m.put("day-" + i, "the " + EN_ORDINALS[i - 1]);
                }
                for (int i = 0; i <= 23; i++) {
                    String part = i < 12 ? "in the morning" : i < 18 ? "in the afternoon" : "in the evening";
                    m.put("hour-" + i, i == 0 ? "midnight" : i == 12 ? "noon"
                            : EN_HOURS[i % 12] + " o'clock " + part);
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(m);
    }

    /** 1..99 in Chinese numerals: 十, 十一, 二十, 二十三. */
    static String zhNumber(int n) {
        if (n < 10) {
            return ZH_DIGITS[n];
        }
        int tens = n / 10;
        int ones = n % 10;
        return (tens == 1 ? "" : ZH_DIGITS[tens]) + "十" + (ones == 0 ? "" : ZH_DIGITS[ones]);
    }
}
