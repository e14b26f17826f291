package hotline.dispatch.orders;

import hotline.orders.lifecycle.Address;
import hotline.orders.lifecycle.CallbackResult;
import hotline.orders.lifecycle.CallbackTask;
import hotline.orders.lifecycle.Channel;
import hotline.orders.lifecycle.OrderEvent;
import hotline.orders.lifecycle.OrderNumber;
import hotline.orders.lifecycle.OrderRequest;
import hotline.orders.lifecycle.PartState;
import hotline.orders.lifecycle.RequestType;
import hotline.orders.lifecycle.UnitPart;
import hotline.orders.lifecycle.UrgencyTier;
import hotline.orders.lifecycle.WorkOrder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a {@link WorkOrder}: what Redis stores, what the streams carry and what the HTTP API answers.
 *
 * <pre>
 * {"number":"20261201-000042","version":3,"status":"IN_PROGRESS","createdAt":"2026-12-01T02:00:00Z",
 *  "callerName":"王女士","phone":"13800138000","district":"朝阳区","street":"八里庄街道","community":"天伦北里",
 *  "category":"noise","urgency":"7d","summary":"...","unitIds":["s1"],"callId":"c-1","channel":"phone",
 *  "requestType":"complaint"|null,"answer":"",
 *  "links":["20261120-000007"],
 *  "parts":[{"partNo":1,"unitId":"s1","state":"ACCEPTED","dispatchedAt":"...","dueAt":"...","remindAt":"...",
 *            "respondedAt":"...","repliedAt":null,"closedAt":null,"note":"","reminded":false,"escalated":false,
 *            "lead":true}],
 *  "callback":null | {"createdAt":"...","recordedAt":"...","resolved":true,"satisfied":false,
 *              "contact":"reached","satisfaction":"unsatisfied","note":"...","attempts":0,"retryAt":null},
 *  "history":[{"at":"...","type":"SUBMITTED","unitId":"","detail":""}, ...]}
 * </pre>
 */
public final class OrderJson {
    private static final String HEX = "0123456789ABCDEF";
    private OrderJson() {
    }

    /** The order as JSON (the tree of {@link #encode}'s text). */
    public static JsonObject toJson(WorkOrder o) {
        return new JsonObject(encode(o));
    }

    /**
     * The order's JSON text, written directly (the one place its fields are listed): a submit encodes its order on
     * the way to the unit, and building a tree first took twice the time. Strings are escaped as Jackson escapes them,
     * so {@code toJson(o).encode()} writes the same characters.
     */
    public static String encode(WorkOrder o) {
        OrderRequest r = o.request();
        StringBuilder b = new StringBuilder(1024);
        b.append("{\"number\":");
        str(b, o.number().toString());
        b.append(",\"version\":").append(o.version()).append(",\"status\":");
        str(b, o.status().name());
        b.append(",\"createdAt\":");
        str(b, text(o.createdAt()));
        field(b, "callerName", r.callerName());
        field(b, "phone", r.phone());
        field(b, "district", r.address().district());
        field(b, "street", r.address().street());
        field(b, "community", r.address().community());
        field(b, "category", r.category());
        field(b, "urgency", r.urgency().code());
        field(b, "summary", r.summary());
        b.append(",\"unitIds\":");
        strings(b, r.unitIds());
        field(b, "callId", r.callId());
        field(b, "channel", r.channel().code());
        field(b, "requestType", r.requestType() == null ? null : r.requestType().code());
        field(b, "answer", r.answer());
        b.append(",\"links\":");
        strings(b, o.links());
        b.append(",\"parts\":[");
        for (int i = 0; i < o.parts().size(); i++) {
            UnitPart p = o.parts().get(i);
            b.append(i == 0 ? "" : ",").append("{\"partNo\":").append(p.partNo());
            field(b, "unitId", p.unitId());
            field(b, "state", p.state().name());
            field(b, "dispatchedAt", text(p.dispatchedAt()));
            field(b, "dueAt", text(p.dueAt()));
            field(b, "remindAt", text(p.remindAt()));
            field(b, "respondedAt", text(p.respondedAt()));
            field(b, "repliedAt", text(p.repliedAt()));
            field(b, "closedAt", text(p.closedAt()));
            field(b, "note", p.note());
            b.append(",\"reminded\":").append(p.reminded()).append(",\"escalated\":").append(p.escalated())
                    .append(",\"lead\":").append(p.lead()).append('}');
        }
        b.append("],\"callback\":");
        CallbackTask c = o.callback();
        if (c == null) {
            b.append("null");
        } else {
            b.append("{\"createdAt\":");
            str(b, text(c.createdAt()));
            field(b, "recordedAt", text(c.recordedAt()));
            b.append(",\"resolved\":").append(c.resolved()).append(",\"satisfied\":").append(c.satisfied());
            field(b, "contact", c.contact() == null ? null : c.contact().code());
            field(b, "satisfaction", c.satisfaction() == null ? null : c.satisfaction().code());
            field(b, "note", c.note());
            b.append(",\"attempts\":").append(c.attempts());
            field(b, "retryAt", text(c.retryAt()));
            b.append('}');
        }
        b.append(",\"history\":[");
        for (int i = 0; i < o.history().size(); i++) {
            OrderEvent e = o.history().get(i);
            b.append(i == 0 ? "{\"at\":" : ",{\"at\":");
            str(b, text(e.at()));
            field(b, "type", e.type().name());
            field(b, "unitId", e.unitId());
            field(b, "detail", e.detail());
            b.append('}');
        }
        return b.append("]}").toString();
    }

    /** {@code s} as a JSON string (quoted and escaped as Jackson writes it), or {@code null}. */
    public static String quoted(String s) {
        StringBuilder b = new StringBuilder(s == null ? 4 : s.length() + 2);
        str(b, s);
        return b.toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(",\"").append(name).append("\":");
        str(b, value);
    }

    private static void strings(StringBuilder b, List<String> values) {
        b.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            str(b, values.get(i));
        }
        b.append(']');
    }

    /** A JSON string as Jackson writes it: quote, backslash and control characters escaped, the rest as it is. */
    private static void str(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (ch < 0x20) {
                        b.append("\\u00").append(HEX.charAt(ch >> 4)).append(HEX.charAt(ch & 15));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        b.append('"');
    }

    /**
     * Reads an order written by {@link #toJson}.
     *
     * @throws IllegalArgumentException naming the field, when the document is not such an order
     */
    public static WorkOrder fromJson(JsonObject j) {
        try {
            OrderNumber number = OrderNumber.parse(j.getString("number")).orElseThrow(() ->
                    new IllegalArgumentException("number: not an order number: " + j.getString("number")));
            List<String> units = strings(j.getJsonArray("unitIds"));
            OrderRequest request = new OrderRequest(j.getString("callerName"), j.getString("phone"),
                    new Address(j.getString("district"), j.getString("street"), j.getString("community")),
                    j.getString("category"), UrgencyTier.fromCode(j.getString("urgency")).orElseThrow(() ->
                            new IllegalArgumentException("urgency: " + j.getString("urgency"))),
                    j.getString("summary"), units, j.getString("callId"),
                    Channel.fromCode(j.getString("channel")).orElseThrow(() ->
                            new IllegalArgumentException("channel: " + j.getString("channel"))),
                    requestType(j.getString("requestType")), j.getString("answer", ""));
            List<UnitPart> parts = new ArrayList<>();
            boolean leadKnown = j.getJsonArray("parts").stream().anyMatch(x -> ((JsonObject) x).containsKey("lead"));
            for (Object item : j.getJsonArray("parts")) {
                JsonObject p = (JsonObject) item;
                boolean lead = p.getBoolean("lead", false);
                parts.add(new UnitPart(p.getInteger("partNo"), p.getString("unitId"),
                        PartState.valueOf(p.getString("state")), instant(p.getString("dispatchedAt")),
                        instant(p.getString("dueAt")), instant(p.getString("remindAt")),
                        instant(p.getString("respondedAt")), instant(p.getString("repliedAt")),
                        instant(p.getString("closedAt")), p.getString("note", ""), p.getBoolean("reminded", false),
                        p.getBoolean("escalated", false), lead));
            }
            List<OrderEvent> history = new ArrayList<>();
            for (Object item : j.getJsonArray("history", new JsonArray())) {
                JsonObject e = (JsonObject) item;
                history.add(new OrderEvent(instant(e.getString("at")), OrderEvent.Type.valueOf(e.getString("type")),
                        e.getString("unitId", ""), e.getString("detail", "")));
            }
            if (!leadKnown && !parts.isEmpty()) {
                parts = oldOrderLead(parts, history);
            }
            JsonObject c = j.getJsonObject("callback");
            CallbackTask callback = c == null ? null : new CallbackTask(instant(c.getString("createdAt")),
                    instant(c.getString("recordedAt")), c.getBoolean("resolved"), c.getBoolean("satisfied"),
                    CallbackResult.Contact.of(c.getString("contact")),
                    CallbackResult.Satisfaction.of(c.getString("satisfaction")), c.getString("note", ""),
                    c.getInteger("attempts", 0), instant(c.getString("retryAt")));
            return new WorkOrder(number, request, instant(j.getString("createdAt")), parts,
                    strings(j.getJsonArray("links", new JsonArray())), callback, j.getInteger("version"), history);
        } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not a work order document: " + e.getMessage(), e);
        }
    }

    /** The request type of its code; null for none (orders stored before the field). */
    private static RequestType requestType(String code) {
        return code == null ? null : RequestType.fromCode(code).orElseThrow(() ->
                new IllegalArgumentException("requestType: " + code));
    }

    /**
     * An order written before 主办/协办 has no {@code lead}: its first unit led, and the unit each re-dispatch of the
     * leading unit went to (the history's REASSIGNED events) took over; that unit's last part leads.
     */
    private static List<UnitPart> oldOrderLead(List<UnitPart> parts, List<OrderEvent> history) {
        String lead = parts.get(0).unitId();
        for (OrderEvent e : history) {
            if (e.type() == OrderEvent.Type.REASSIGNED && e.unitId().equals(lead) && !e.detail().isEmpty()) {
                lead = e.detail();
            }
        }
        int last = -1;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).unitId().equals(lead)) {
                last = i;
            }
        }
        List<UnitPart> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            UnitPart p = parts.get(i);
            out.add(i == last ? new UnitPart(p.partNo(), p.unitId(), p.state(), p.dispatchedAt(), p.dueAt(),
                    p.remindAt(), p.respondedAt(), p.repliedAt(), p.closedAt(), p.note(), p.reminded(),
                    p.escalated(), true) : p);
        }
        return out;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        for (Object o : a) {
            out.add((String) o);
        }
        return out;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
