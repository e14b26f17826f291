package hotline.asr;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate: (substitutions + deletions + insertions) / reference words, by Levenshtein alignment over words.
 * Both texts are normalised the same way first: lower case, punctuation and apostrophes removed, whitespace
 * collapsed. Numbers are not rewritten: write references in spoken form ("eighteen", not "18").
 */
public final class WordErrorRate {
    private WordErrorRate() {
    }

    /** The WER of {@code hypothesis} against {@code reference}; 0 for two empty texts, 1 per word for all wrong. */
    public static double of(String reference, String hypothesis) {
        List<String> ref = words(reference);
        List<String> hyp = words(hypothesis);
        if (ref.isEmpty()) {
            return hyp.isEmpty() ? 0 : hyp.size();
        }
        return errors(ref, hyp) / (double) ref.size();
    }

    /** Edit distance in words after normalisation. */
    public static int errors(List<String> ref, List<String> hyp) {
        int[] prev = new int[hyp.size() + 1];
        int[] cur = new int[hyp.size() + 1];
        for (int j = 0; j <= hyp.size(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= ref.size(); i++) {
            cur[0] = i;
            for (int j = 1; j <= hyp.size(); j++) {
                int sub = prev[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[hyp.size()];
    }

    /** The normalised words of a text. */
    public static List<String> words(String text) {
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replace("'", "").replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split(" "));
    }
}
