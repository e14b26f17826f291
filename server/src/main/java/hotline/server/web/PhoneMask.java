package hotline.server.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Callers' numbers as a unit handler sees them: the middle digits replaced by {@code *}, one per digit, separators
 * kept. A mobile number keeps its first 3 and last 4 digits ({@code 13812345678} -> {@code 138****5678}; with the
 * country code {@code +86 138****5678}); a landline with its area code keeps the code and the last 4
 * ({@code 01065123456} -> {@code 010****3456}, {@code 075512345678} -> {@code 0755****5678}); a local number of 7-8
 * digits keeps the last 4 ({@code 65123456} -> {@code ****3456}); short service numbers (up to 6 digits, such as
 * {@code 12345}) are not personal and stay whole. Pure.
 */
public final class PhoneMask {
    /** Routing-context key: true when what is answered must show callers' numbers masked (a unit's session). */
    public static final String CONTEXT_KEY = "hotline.maskCallers";
    /** Mobile numbers (with an optional +86) and landlines with an area code, inside free text. */
    private static final Pattern IN_TEXT = Pattern.compile(
            "(?<![0-9])(?:(?:\\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]){8}|0[1-9][0-9]{1,2}[ -]?[0-9]{7,8})(?![0-9])");

    private PhoneMask() {
    }

    /** {@code number} masked ({@code null} stays null). */
    public static String mask(String number) {
        if (number == null) {
            return null;
        }
        String digits = number.replaceAll("[^0-9]", "");
        int n = digits.length();
        int country = 0;
        if (n == 13 && digits.startsWith("861")) {
            country = 2;
        } else if (n == 15 && digits.startsWith("00861")) {
            country = 4;
        }
        String national = digits.substring(country);
        int keepHead;
        int keepTail;
        if (national.length() <= 6) {
            keepHead = national.length();
            keepTail = 0;
        } else if (national.startsWith("1") && national.length() == 11) {
            keepHead = 3;
            keepTail = 4;
        } else if (national.startsWith("0") && national.length() >= 10) {
            keepHead = national.charAt(1) == '1' || national.charAt(1) == '2' ? 3 : 4; // 010, 02x: 3-digit codes
            keepTail = 4;
        } else if (national.length() <= 8) {
            keepHead = 0;
            keepTail = 4;
        } else {
            keepHead = 3;
            keepTail = 4;
        }
        keepHead += country;
        StringBuilder out = new StringBuilder(number.length());
        int i = 0; // digit index
        for (char c : number.toCharArray()) {
            if (c >= '0' && c <= '9') {
                out.append(i < keepHead || i >= n - keepTail ? c : '*');
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code text} with every phone number in it masked ({@code null} stays null). */
    public static String maskText(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(mask(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A copy of an order document ({@code OrderJson}) as a unit sees it: {@code phone} masked, and numbers inside the
     * summary, the parts' notes and the history's details.
     */
    public static JsonObject maskOrder(JsonObject order) {
        JsonObject o = order.copy();
        if (o.getValue("phone") instanceof String p) {
            o.put("phone", mask(p));
        }
        if (o.getValue("summary") instanceof String s) {
            o.put("summary", maskText(s));
        }
        maskIn(o.getValue("parts"), "note");
        maskIn(o.getValue("history"), "detail");
        return o;
    }

    private static void maskIn(Object list, String field) {
        if (list instanceof JsonArray a) {
            for (Object e : a) {
                if (e instanceof JsonObject j && j.getValue(field) instanceof String s) {
                    j.put(field, maskText(s));
                }
            }
        }
    }
}
