package hotline.orders.extract.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the callback number in a compacted transcript. Digits come as ASCII digits, Chinese digit words (幺 一 二
 * 两 三 … 九 零 〇 洞) or English words (one … nine, zero, oh, double, triple), grouped as people say them
 * ({@code 幺三八 幺二三四 五六七八}, {@code 1 3 8, 1 2 3 4}). A run of digits ends at any other word.
 */
public final class PhoneFinder {
    private static final Map<Character, Character> HAN_DIGITS = Map.ofEntries(
            Map.entry('零', '0'), Map.entry('〇', '0'), Map.entry('洞', '0'), Map.entry('幺', '1'), Map.entry('一', '1'),
            Map.entry('二', '2'), Map.entry('两', '2'), Map.entry('三', '3'), Map.entry('四', '4'), Map.entry('五', '5'),
            Map.entry('六', '6'), Map.entry('七', '7'), Map.entry('八', '8'), Map.entry('九', '9'));
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("zero", "0"), Map.entry("oh", "0"), Map.entry("o", "0"), Map.entry("one", "1"),
            Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"),
            Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"));
    /**
     * Words Vosk's English model writes for spoken digits ("one three eight" -> "when free eight"; see
     * ../shared/asr-samples/README.md). Taken as digits only inside a run, never to start or end one.
     */
    private static final Map<String, String> LOOK_ALIKES = Map.ofEntries(
            Map.entry("to", "2"), Map.entry("too", "2"), Map.entry("do", "2"), Map.entry("free", "3"),
            Map.entry("tree", "3"), Map.entry("for", "4"), Map.entry("fore", "4"), Map.entry("won", "1"),
            Map.entry("when", "1"), Map.entry("ate", "8"), Map.entry("mine", "9"), Map.entry("sex", "6"),
            Map.entry("or", "4"), Map.entry("thick", "6"), Map.entry("sick", "6"));
    private static final java.util.Set<String> FILLERS = java.util.Set.of("uh", "um", "er", "erm", "ah", "hmm");
    private static final Pattern CUE = Pattern.compile("电话|手机|号码|联系|回电|打给|打我|拨|call|number|phone|"
            + "reach me|mobile|cell|contact");
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern LANDLINE_WITH_AREA = Pattern.compile("0\\d{2,3}[2-9]\\d{6,7}");
    private static final Pattern LOCAL_LANDLINE = Pattern.compile("[2-9]\\d{7}");

    /**
     * A run of spoken digits.
     *
     * @param digits the digits
     * @param start  index in the text where the run starts
     * @param end    index just after it
     * @param wide   the digits with the look-alike words just before and after the run read as digits too ("when
     *               three five …" -> 135…): the callback number when only that reading is a valid mobile
     */
    public record Run(String digits, int start, int end, String wide) {
        /** A run without look-alikes at its edges. */
        public Run(String digits, int start, int end) {
            this(digits, start, end, digits);
        }
    }

    /**
     * The number found.
     *
     * @param number     digits only, with area code for landlines; {@code null} when nothing valid was heard
     * @param confidence 0..1
     * @param problem    when a number-like run was heard but is not a valid number: what was wrong; else null
     */
    public record Phone(String number, double confidence, String problem) {
    }

    private PhoneFinder() {
    }

    /** Every run of at least 5 digits, in order. */
    public static List<Run> runs(String text) {
        List<Run> out = new ArrayList<>();
        StringBuilder digits = new StringBuilder();
        int start = -1;
        int hardEnd = -1;
        int hardLength = 0;
        int repeat = 1;
        String lead = "";
        String pendingLead = "";
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            String d = null;
            int next = i + 1;
            boolean modifier = false;
            boolean soft = false;
            if (c >= '0' && c <= '9') {
                d = String.valueOf(c);
            } else if (HAN_DIGITS.containsKey(c)) {
                d = String.valueOf(HAN_DIGITS.get(c));
            } else if (c >= 'a' && c <= 'z' && (i == 0 || !isLetter(text.charAt(i - 1)))) {
                int j = i;
                while (j < text.length() && isLetter(text.charAt(j))) {
                    j++;
                }
                String w = text.substring(i, j);
                next = j;
                if (FILLERS.contains(w)) {
                    i = next;
                    continue; // "one three eight uh one two ..."
                }
                if (w.equals("double") || w.equals("triple")) {
                    modifier = true;
                    repeat = w.equals("double") ? 2 : 3;
                } else if (WORDS.containsKey(w) && !((w.equals("o") || w.equals("oh")) && digits.length() == 0)) {
                    d = WORDS.get(w);
                } else if (LOOK_ALIKES.containsKey(w) && digits.length() > 0) {
                    d = LOOK_ALIKES.get(w);
                    soft = true;
                } else if (LOOK_ALIKES.containsKey(w)) {
                    pendingLead = LOOK_ALIKES.get(w); // "call me at when three five …": maybe the run's first digit
                    i = next;
                    continue;
                }
            } else if (c == ' ' || c == ',' || c == '-' || c == '、' || c == '，' || c == '.' || c == '(' || c == ')'
                    || c == '嗯' || c == '呃' || c == '啊') {
                // separators and hesitations inside a number; two in a row ("., ") still continue it
                i = next;
                continue;
            }
            if (modifier) {
                i = next;
                continue;
            }
            if (d == null) {
                // a run does not end on a look-alike: "... four four for a week"
                String wide = lead + digits;
                digits.setLength(hardLength);
                flush(out, digits, start, hardEnd, wide);
                digits.setLength(0);
                hardLength = 0;
                start = -1;
                repeat = 1;
                lead = "";
                pendingLead = "";
                i = next;
                continue;
            }
            if (start < 0) {
                start = i;
                lead = soft ? "" : pendingLead;
                pendingLead = "";
            }
            digits.append(d.repeat(repeat));
            repeat = 1;
            if (!soft) {
                hardLength = digits.length();
                hardEnd = next;
            }
            i = next;
        }
        String wide = lead + digits;
        digits.setLength(hardLength);
        flush(out, digits, start, hardEnd, wide);
        return out;
    }

    private static void flush(List<Run> out, StringBuilder digits, int start, int end, String wide) {
        if (digits.length() >= 5) {
            out.add(new Run(digits.toString(), start, end, wide));
        }
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    /**
     * The callback number: a valid mobile (1[3-9] and 9 more digits) or landline; one after a cue word (电话,
     * number, call …) beats one without, a mobile beats a landline, a later one beats an earlier one.
     *
     * @param areaCode area code put in front of an 8-digit landline ({@code 010}); empty to refuse such numbers
     */
    public static Phone find(String text, String areaCode) {
        Phone best = null;
        int bestScore = -1;
        String problem = null;
        for (Run r : runs(text)) {
            boolean cue = CUE.matcher(text.substring(Math.max(0, r.start() - 14), r.start())).find();
            String d = r.digits();
            if (d.length() == 13 && d.startsWith("86")) {
                d = d.substring(2);
            }
            String number = null;
            double conf = 0;
            int score = 0;
            if (MOBILE.matcher(d).matches()) {
                number = d;
                conf = cue ? 0.95 : 0.85;
                score = 4;
            } else if (MOBILE.matcher(r.wide()).matches()) {
                // Vosk's look-alikes at the edges: "when three five … nine", "… seven three seven free"
                number = r.wide();
                conf = cue ? 0.8 : 0.6;
                score = 4;
            } else if (LANDLINE_WITH_AREA.matcher(d).matches() && (d.length() == 11 || d.length() == 12)) {
                number = d;
                conf = cue ? 0.9 : 0.75;
                score = 3;
            } else if (LOCAL_LANDLINE.matcher(d).matches() && !areaCode.isEmpty()) {
                number = areaCode + d;
                conf = cue ? 0.85 : 0.65;
                score = 2;
            } else if (d.length() > 11 && !MOBILE.matcher(d.substring(0, 11)).matches()
                    && MOBILE.matcher(d.substring(d.length() - 11)).matches()) {
                // a stray digit word before the number: "hoping to one seven seven ..." heard with "to"
                number = d.substring(d.length() - 11);
                conf = cue ? 0.7 : 0.5;
                score = 1;
            } else if (d.length() > 11 && MOBILE.matcher(d.substring(0, 11)).matches()) {
                // a mobile run into the next word: 一三八…五六七八一直打不通 ("一直" starts with a digit word)
                number = d.substring(0, 11);
                conf = cue ? 0.7 : 0.5;
                score = 1;
            } else if (cue && d.length() >= 7 && !d.equals("12345")) {
                problem = "heard " + d.length() + " digits " + d + " after a number cue: not a valid mobile (11 digits"
                        + " 1[3-9]...) or landline";
                continue;
            } else {
                continue;
            }
            score += cue ? 10 : 0;
            if (score >= bestScore) {
                best = new Phone(number, conf, null);
                bestScore = score;
            }
        }
        return best != null ? best : new Phone(null, 0, problem);
    }
}
