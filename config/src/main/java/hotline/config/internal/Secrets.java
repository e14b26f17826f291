package hotline.config.internal;

/** How configuration records and messages print secrets. */
public final class Secrets {

    /** What a secret prints as. */
    public static final String MASK = "***";

    private Secrets() {
    }

    /** Replaces the user-info part of a URI ({@code redis://user:pass@host}) with {@code ***}. */
    public static String maskUserInfo(String uri) {
        int scheme = uri.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = uri.indexOf('/', start);
        String authority = end < 0 ? uri.substring(start) : uri.substring(start, end);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return uri;
        }
        return uri.substring(0, start) + MASK + uri.substring(start + at);
    }
}
