package hotline.orders.lifecycle;

import java.util.Optional;

/**
 * What kind of request a citizen made (诉求类型). A {@link #CONSULTATION} may be answered on the spot by the agent
 * (直接答复): the order is then closed at once, without a unit ({@link OrderRequest#answer()}).
 */
public enum RequestType {
    /** 咨询: a question (policy, procedure). */
    CONSULTATION("consultation", "咨询"),
    /** 求助: asks for help. */
    HELP("help", "求助"),
    /** 投诉: a complaint about something wrong. */
    COMPLAINT("complaint", "投诉"),
    /** 举报: reports a violation. */
    REPORT("report", "举报"),
    /** 建议: a suggestion. */
    SUGGESTION("suggestion", "建议"),
    /** 表扬: praise. */
    PRAISE("praise", "表扬");

    private final String code;
    private final String label;

    RequestType(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The wire code, e.g. {@code consultation}. */
    public String code() {
        return code;
    }

    /** The Chinese name, e.g. 咨询. */
    public String label() {
        return label;
    }

    /** The type for a wire code or a Chinese name, or empty. */
    public static Optional<RequestType> fromCode(String code) {
        for (RequestType t : values()) {
            if (t.code.equals(code) || t.label.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
