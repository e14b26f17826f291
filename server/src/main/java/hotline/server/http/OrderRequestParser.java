package hotline.server.http;

import hotline.orders.lifecycle.Address;
import hotline.orders.lifecycle.Channel;
import hotline.orders.lifecycle.OrderRequest;
import hotline.orders.lifecycle.RequestType;
import hotline.orders.lifecycle.UrgencyTier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/orders} as an {@link OrderRequest}, or every problem with it, each naming its field
 * ({@code "phone: expected ..."}). Pure: nothing is written before a request is whole and valid.
 */
public final class OrderRequestParser {
    /** The fields an order request may have. */
    public static final Set<String> FIELDS = Set.of("requestId", "callerName", "phone", "district", "street",
            "community", "category", "urgency", "summary", "unitIds", "callId", "channel", "requestType", "answer");
    private static final Pattern UNIT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z_]{0,39}");
    /**
     * A number a citizen can be called back on, spaces and dashes removed: a mobile (11 digits, 13..19, optionally
     * +86 / 86 first), a landline with its area code (0, then 9-11 digits) or a local landline (7-8 digits, not
     * starting with 0 or 1).
     */
    private static final Pattern PHONE = Pattern.compile("(?:\\+?86)?1[3-9][0-9]{9}|0[1-9][0-9]{8,10}|[2-9][0-9]{6,7}");
    private static final int MAX_UNITS = 10;

    private OrderRequestParser() {
    }

    /** The verdict on one body. */
    public sealed interface Parsed permits Parsed.Valid, Parsed.Invalid {
        /** A whole, valid request; {@code requestId} is null when the client sent none. */
        record Valid(String requestId, OrderRequest request) implements Parsed {
        }

        /** What was wrong: the problems, each starting with its field's name, joined by {@code "; "}. */
        record Invalid(String message) implements Parsed {
        }
    }

    /** Parses {@code body} (already checked for unknown fields, see {@link #FIELDS}). Never throws. */
    public static Parsed parse(JsonObject body) {
        List<String> problems = new ArrayList<>();
        for (String field : body.fieldNames()) {
            if (!FIELDS.contains(field)) {
                problems.add(field + ": unknown field (allowed: " + new java.util.TreeSet<>(FIELDS) + ")");
            }
        }
        String requestId = optional(body, "requestId", REQUEST_ID, "1-128 letters, digits or . _ : -", problems);
        String callerName = string(body, "callerName", 0, 64, problems);
        Object phoneValue = body.getValue("phone");
        String phone = phoneValue instanceof String p ? p.replaceAll("[ -]", "") : null;
        if (phone == null || !PHONE.matcher(phone).matches()) {
            problems.add("phone: expected a callback number as a string: a mobile (11 digits, 13..19), a landline"
                    + " with its area code (0 and 9-11 digits) or a local number (7-8 digits), got " + show(phoneValue));
        }
        String district = string(body, "district", 0, 64, problems);
        String street = string(body, "street", 0, 64, problems);
        String community = string(body, "community", 0, 64, problems);
        Object categoryValue = body.getValue("category");
        if (!(categoryValue instanceof String c) || !CATEGORY.matcher(c).matches()) {
            problems.add("category: expected a category code such as \"noise\", got " + show(categoryValue));
        }
        Object urgencyValue = body.getValue("urgency");
        UrgencyTier urgency = urgencyValue instanceof String s ? UrgencyTier.fromCode(s).orElse(null) : null;
        if (urgency == null) {
            problems.add("urgency: expected one of \"2h\", \"24h\", \"7d\", \"15d\", got " + show(urgencyValue));
        }
        String summary = string(body, "summary", 1, 2000, problems);
        Object typeValue = body.getValue("requestType");
        RequestType requestType = typeValue instanceof String s ? RequestType.fromCode(s).orElse(null) : null;
        if (typeValue != null && requestType == null) {
            problems.add("requestType: expected one of consultation, help, complaint, report, suggestion, praise"
                    + " (咨询 求助 投诉 举报 建议 表扬), got " + show(typeValue));
        }
        String answer = string(body, "answer", 0, 2000, problems);
        if (!answer.isEmpty() && requestType != RequestType.CONSULTATION) {
            problems.add("answer: only a consultation (requestType \"consultation\") is answered on the spot, got "
                    + "requestType " + show(typeValue));
        }
        List<String> units = new ArrayList<>();
        Object unitsValue = body.getValue("unitIds");
        if (!answer.isEmpty() && requestType == RequestType.CONSULTATION) {
            // 直接答复: closed on the spot, no unit
            if (unitsValue != null && !(unitsValue instanceof JsonArray a && a.isEmpty())) {
                problems.add("unitIds: a consultation answered on the spot goes to no unit, got " + show(unitsValue));
            }
        } else if (unitsValue instanceof JsonArray a && !a.isEmpty() && a.size() <= MAX_UNITS) {
            List<Object> bad = new ArrayList<>();
            for (Object u : a) {
                if (u instanceof String s && UNIT_ID.matcher(s).matches()) {
                    if (!units.contains(s)) {
                        units.add(s);
                    }
                } else {
                    bad.add(u);
                }
            }
            if (!bad.isEmpty()) {
                problems.add("unitIds: expected unit ids of 1-64 letters, digits, '.', '_' or '-', got "
                        + show(bad.get(0)) + (bad.size() > 1 ? " and " + (bad.size() - 1) + " more" : ""));
            }
        } else {
            problems.add("unitIds: expected a list of 1-" + MAX_UNITS + " unit ids (or, for a consultation answered on"
                    + " the spot, an answer), got " + show(unitsValue));
        }
        String callId = optional(body, "callId", CALL_ID, "1-64 letters, digits or . _ -", problems);
        Object channelValue = body.getValue("channel");
        Channel channel = channelValue instanceof String s ? Channel.fromCode(s).orElse(null) : null;
        if (channel == null) {
            problems.add("channel: expected \"phone\" or \"online\", got " + show(channelValue));
        }
        if (!problems.isEmpty()) {
            return new Parsed.Invalid(String.join("; ", problems));
        }
        return new Parsed.Valid(requestId, new OrderRequest(callerName, phone, new Address(district, street,
                community), (String) categoryValue, urgency, summary, units, callId, channel, requestType, answer));
    }

    private static String string(JsonObject body, String field, int min, int max, List<String> problems) {
        Object v = body.containsKey(field) ? body.getValue(field) : (min == 0 ? "" : null);
        if (!(v instanceof String s) || s.strip().length() < min || s.length() > max) {
            problems.add(field + ": expected " + (min == 0 ? "a text" : "a non-empty text") + " of at most " + max
                    + " characters, got " + show(v));
            return "";
        }
        return s.strip();
    }

    private static String optional(JsonObject body, String field, Pattern pattern, String what,
                                   List<String> problems) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || !pattern.matcher(s).matches()) {
            problems.add(field + ": expected " + what + ", got " + show(v));
            return null;
        }
        return s;
    }

    /** A value in a message: short (a 2000-character summary is not echoed whole), strings quoted. */
    static String show(Object v) {
        if (v == null) {
            return "nothing";
        }
        String text = v instanceof String s ? "\"" + s + "\"" : v.getClass().getSimpleName().replace("Json", "")
                .toLowerCase(java.util.Locale.ROOT) + " " + v;
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
