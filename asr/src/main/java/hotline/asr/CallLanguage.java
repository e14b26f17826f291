package hotline.asr;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Which language a call is transcribed in, and by which of the configured models. Pure: the same inputs give the same
 * answer.
 *
 * <p>The language is the caller's menu choice (the call record's {@code ivr.language}), else the language of the
 * queue the call waited in, else the hall's default. The model is the one configured for exactly that language, else
 * for its primary subtag ({@code zh-cn} → {@code zh}), else the first in tag order whose primary subtag is the
 * language ({@code zh} → {@code zh-cn}). A language with no model is not transcribed: a model of another language
 * would put that language's words in the agent's transcript.
 */
public final class CallLanguage {
    private CallLanguage() {
    }

    /**
     * The call's language, lower case.
     *
     * @param menuLanguage    the caller's menu choice, or null/blank when none was made (menu off, no key)
     * @param queueLanguage   the language of the call's queue, or null/blank when the queue has none
     * @param defaultLanguage the hall's default, never null
     */
    public static String of(String menuLanguage, String queueLanguage, String defaultLanguage) {
        if (defaultLanguage == null || defaultLanguage.isBlank()) {
            throw new IllegalArgumentException("defaultLanguage: expected a language tag, got '" + defaultLanguage
                    + "'");
        }
        String chosen = blank(menuLanguage) ? blank(queueLanguage) ? defaultLanguage : queueLanguage : menuLanguage;
        return chosen.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The configured model language that transcribes {@code language}, or empty when none fits.
     *
     * @param models the languages that have a model (loaded, for a live choice)
     */
    public static Optional<String> model(String language, Collection<String> models) {
        String lang = language.toLowerCase(Locale.ROOT).replace('_', '-');
        if (models.contains(lang)) {
            return Optional.of(lang);
        }
        String primary = primary(lang);
        if (models.contains(primary)) {
            return Optional.of(primary);
        }
        return models.stream().sorted().filter(m -> primary(m).equals(primary)).findFirst();
    }

    private static String primary(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? tag : tag.substring(0, dash);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
