package hotline.orders.search;

import hotline.orders.lifecycle.OrderNumber;
import java.util.Objects;

/**
 * What a search text asks for: an order number ({@code 20261208-000051}), a caller's full number (7-20 digits,
 * spaces, dashes and a leading +86 ignored) or any other text, matched against the address and the request. An empty
 * text asks for no particular order (the filters alone choose).
 *
 * @param kind  what the text is
 * @param value the number (as written), the caller's digits, or the text stripped
 */
public record OrderQuery(Kind kind, String value) {

    /** What a search text is. */
    public enum Kind {
        /** No text: every order the filters allow. */
        ALL,
        /** An order number. */
        NUMBER,
        /** A caller's full number, digits only. */
        PHONE,
        /** Text in the address or the request. */
        TEXT
    }

    /** The longest text searched for. */
    public static final int MAX_TEXT = 64;

    public OrderQuery {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    /**
     * Reads a search text.
     *
     * @throws IllegalArgumentException when the text is longer than {@link #MAX_TEXT} characters
     */
    public static OrderQuery parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.length() > MAX_TEXT) {
            throw new IllegalArgumentException("q: expected at most " + MAX_TEXT + " characters, got " + t.length());
        }
        if (t.isEmpty()) {
            return new OrderQuery(Kind.ALL, "");
        }
        if (OrderNumber.parse(t).isPresent()) {
            return new OrderQuery(Kind.NUMBER, t);
        }
        String digits = t.replaceAll("[ \\-]", "");
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
        } else if (digits.startsWith("86") && digits.length() == 13) {
            digits = digits.substring(2);
        }
        if (digits.matches("[0-9]{7,20}")) {
            return new OrderQuery(Kind.PHONE, digits);
        }
        return new OrderQuery(Kind.TEXT, t);
    }
}
