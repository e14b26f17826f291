package hotline.telephony.agi;

import java.util.Map;
import java.util.TreeMap;

/**
 * How the front-door menu's choices travel from the {@code ivr} script to the {@code inbound} script: one channel
 * variable ({@code HOTLINE_IVR}) that the dialplan passes on as the inbound script's first argument, written
 * {@code key=value;key=value}. Values lose {@code ; = , " | \} and control characters such as line breaks (they are
 * an AGI argument in the dialplan, on one AGI line); keys are a letter then letters, digits or {@code _}.
 */
public final class MenuChoices {

    private MenuChoices() {
    }

    /** The variable's value for these choices, in key order. */
    public static String encode(Map<String, String> choices) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(choices).forEach((k, v) -> {
            if (b.length() > 0) {
                b.append(';');
            }
            b.append(k).append('=').append(v.replaceAll("[;=,\"|\\\\\\p{Cntrl}]", " "));
        });
        return b.toString();
    }

    /** The choices in the variable's value; null or blank gives none, malformed pairs are skipped. */
    public static Map<String, String> decode(String value) {
        Map<String, String> m = new TreeMap<>();
        if (value == null || value.isBlank()) {
            return m;
        }
        for (String pair : value.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).matches("[A-Za-z][A-Za-z0-9_]{0,31}")) {
                m.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return m;
    }
}
