package hotline.orders.extract.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an English recogniser (Vosk's English model) makes of an English-speaking caller, read back: spoken digits that
 * came out as number words ("one five seventy six eight" for 1 5 7 6 8) and Chinese names that came out as English
 * words ("my name is lee …" for Li …). Used by the draft extractor for transcripts without Chinese characters only.
 */
public final class EnglishSpeech {
    private static final Map<String, String> UNITS = Map.ofEntries(Map.entry("zero", "0"), Map.entry("oh", "0"),
            Map.entry("one", "1"), Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"),
            Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"),
            Map.entry("nine", "9"));
    private static final Map<String, String> TENS = Map.of("twenty", "2", "thirty", "3", "forty", "4", "fifty", "5",
            "sixty", "6", "seventy", "7", "eighty", "8", "ninety", "9");
    private static final Map<String, String> TEENS = Map.of("ten", "1 0", "eleven", "1 1", "twelve", "1 2",
            "thirteen", "1 3", "fourteen", "1 4", "fifteen", "1 5", "sixteen", "1 6", "seventeen", "1 7",
            "eighteen", "1 8", "nineteen", "1 9");
    private static final Pattern WORD = Pattern.compile("[a-z']+");

    /**
     * English renderings of common Chinese surnames: how the pinyin sounds to an English recogniser (Wade-Giles and
     * Cantonese spellings, English homophones). Written from the pinyin's pronunciation, checked on the tuning set
     * ({@code orders/src/test/resources/hotline/orders/eval/drafts-vosk-en-tune.tsv}).
     */
    private static final Map<String, List<String>> SURNAME_SOUNDS = Map.ofEntries(
            Map.entry("Li", List.of("lee", "lea", "leigh")),
            Map.entry("Wang", List.of("wong", "wan")),
            Map.entry("Zhang", List.of("chang", "jang")),
            Map.entry("Liu", List.of("leo", "lew", "lou", "leal")),
            Map.entry("Chen", List.of("chan", "chun", "jen", "chenn")),
            Map.entry("Yang", List.of("young", "yong")),
            Map.entry("Zhao", List.of("chow", "chao", "jow", "jau")),
            Map.entry("Huang", List.of("hwang", "whang")),
            Map.entry("Zhou", List.of("joe", "jo", "chou", "joel")),
            Map.entry("Wu", List.of("woo", "who", "wou")),
            Map.entry("Xu", List.of("shoe", "shoo", "sue", "shu", "hsu")),
            Map.entry("Sun", List.of("son", "soon", "sung")),
            Map.entry("Ma", List.of("mah", "mar", "maa")),
            Map.entry("Zhu", List.of("chu", "choo", "jew", "joo")),
            Map.entry("Hu", List.of("hoo", "whoo")),
            Map.entry("Guo", List.of("kuo", "gwo", "quo", "go")),
            Map.entry("Gao", List.of("gow", "kao", "gau")),
            Map.entry("Lin", List.of("lynn", "lyn", "linn")),
            Map.entry("He", List.of("her", "huh", "ho")),
            Map.entry("Luo", List.of("low", "lowe", "law", "lo")),
            Map.entry("Song", List.of("sung", "soong")),
            Map.entry("Zheng", List.of("jung", "cheng", "chung", "jong")),
            Map.entry("Tang", List.of("tong", "dang", "tang")),
            Map.entry("Deng", List.of("dung", "teng", "tung")),
            Map.entry("Feng", List.of("fung", "fong")),
            Map.entry("Cao", List.of("tsao", "tsau")),
            Map.entry("Peng", List.of("pung", "pang")),
            Map.entry("Xie", List.of("shea", "shay", "hsieh")),
            Map.entry("Jiang", List.of("chiang", "jeong")),
            Map.entry("Qin", List.of("chin", "kin", "chinn")),
            Map.entry("Ye", List.of("yeh", "yay", "yeah")),
            Map.entry("Pan", List.of("pun", "pen", "penn")),
            Map.entry("Du", List.of("do", "doo", "dew", "due", "tu")),
            Map.entry("Wei", List.of("way", "weigh", "wai", "why")),
            Map.entry("Dai", List.of("die", "dye", "tai", "tie")),
            Map.entry("Hao", List.of("how", "hau")),
            Map.entry("Kong", List.of("kung", "cong", "kong")),
            Map.entry("Shi", List.of("shih", "sure", "shir", "sher")),
            Map.entry("Qiu", List.of("chew", "chiu", "chow")),
            Map.entry("Yuan", List.of("yuen", "yuan")),
            Map.entry("Han", List.of("hun", "hahn")),
            Map.entry("Cai", List.of("tsai", "tsy", "sigh")),
            Map.entry("Fang", List.of("fong", "fung")),
            Map.entry("Tian", List.of("tien", "tyan")),
            Map.entry("Xiao", List.of("shaw", "show", "hsiao")),
            Map.entry("Zeng", List.of("tseng", "zung")));
    /** Sound-alike spelling -> surname; a spelling listed under two surnames is left out (ambiguous). */
    private static final Map<String, String> BY_SOUND;
    /** The cue words before a name, as Vosk writes them. */
    private static final Pattern CUE = Pattern.compile("\\b(?:my name is|my name's|name is|this is|i am|i'm)\\s+"
            + "([a-z']+)(?:\\s+([a-z']+))?");
    /** Words after a cue that are not a name (this is urgent, i am calling …). */
    private static final Set<String> NOT_NAMES = Set.of("a", "an", "the", "and", "at", "in", "on", "not", "very",
            "so", "just", "calling", "living", "here", "there", "it", "is", "about", "from", "to", "for", "of",
            "urgent", "really", "also", "still", "now", "afraid", "sorry", "worried", "going", "trying", "writing");

    static {
        Map<String, String> m = new java.util.HashMap<>();
        Set<String> twice = new java.util.HashSet<>();
        SURNAME_SOUNDS.forEach((surname, sounds) -> {
            for (String s : sounds) {
                if (m.containsKey(s) && !m.get(s).equals(surname)) {
                    twice.add(s);
                }
                m.put(s, surname);
            }
            m.put(surname.toLowerCase(java.util.Locale.ROOT), surname);
        });
        twice.forEach(m::remove);
        BY_SOUND = Map.copyOf(m);
    }

    private EnglishSpeech() {
    }

    /**
     * Number words next to digit words rewritten as digits' words, so that the phone finder reads them as the digits
     * they stand for: "one five seventy six eight" -> "one five 7 6 eight", "thirteen eight" (for 1 3 8) -> "1 3 eight".
     * A tens or teens word elsewhere ("twenty five heping street", "for two weeks") is left alone.
     *
     * @param lower the compacted, lower-case transcript
     */
    public static String digitWords(String lower) {
        List<int[]> spans = new ArrayList<>();
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(lower);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
            words.add(m.group());
        }
        StringBuilder out = new StringBuilder(lower.length() + 16);
        int from = 0;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String replacement = null;
            boolean prevDigit = i > 0 && UNITS.containsKey(words.get(i - 1));
            if (TENS.containsKey(w)) {
                boolean unitNext = i + 1 < words.size() && UNITS.containsKey(words.get(i + 1))
                        && !words.get(i + 1).equals("oh") && !words.get(i + 1).equals("zero");
                boolean afterUnit = unitNext && i + 2 < words.size() && UNITS.containsKey(words.get(i + 2));
                if (prevDigit || afterUnit) {
                    replacement = TENS.get(w) + (unitNext ? "" : " 0");
                }
            } else if (TEENS.containsKey(w)) {
                boolean nextDigit = i + 1 < words.size() && UNITS.containsKey(words.get(i + 1));
                if (prevDigit && nextDigit) {
                    replacement = TEENS.get(w);
                }
            }
            if (replacement != null) {
                out.append(lower, from, spans.get(i)[0]).append(replacement);
                from = spans.get(i)[1];
            }
        }
        return out.append(lower.substring(from)).toString();
    }

    /**
     * A surname from the word after a name cue when that word is the recogniser's English rendering of a Chinese
     * surname ("my name is lee way" -> Li; "this is do when" -> Du). Null when the word is not one of those.
     *
     * @param lower the compacted, lower-case transcript
     * @return {@code [surname, heard]}: the surname and the words heard after the cue; or null
     */
    public static String[] soundAlikeSurname(String lower) {
        Matcher m = CUE.matcher(lower);
        while (m.find()) {
            String first = m.group(1);
            if (NOT_NAMES.contains(first)) {
                continue;
            }
            String surname = BY_SOUND.get(first);
            if (surname == null) {
                surname = byPrefix(first);
            }
            if (surname != null) {
                return new String[] {surname, m.group(2) == null ? first : first + " " + m.group(2)};
            }
        }
        return null;
    }

    /**
     * The surname whose sound-alike spelling (3 letters or more) starts the word, the longest such spelling first:
     * Vosk writes a syllable and the next one as one English word ("dangly", "kinda"). Null when none or two
     * surnames fit.
     */
    private static String byPrefix(String word) {
        for (int len = Math.min(word.length() - 1, 6); len >= 3; len--) {
            String found = BY_SOUND.get(word.substring(0, len));
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
