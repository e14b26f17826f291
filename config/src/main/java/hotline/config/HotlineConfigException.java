package hotline.config;

import java.util.List;

/**
 * Invalid configuration, or Asterisk templates that cannot be rendered. The message holds one line per problem,
 * each naming the full key (or file) with what was expected and what was found, e.g.
 * {@code hotline.server.httpPort: expected a port number 1..65535, got 70000}.
 */
public class HotlineConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param problems one line each, at least one
     */
    public HotlineConfigException(List<String> problems) {
        this(problems, null);
    }

    /**
     * @param problems one line each, at least one
     * @param cause    the underlying failure, or {@code null}
     */
    public HotlineConfigException(List<String> problems, Throwable cause) {
        super(message(problems), cause);
        this.problems = List.copyOf(problems);
    }

    /** The problems, one line each, in the order found. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems");
        }
        return problems.size() + (problems.size() == 1 ? " configuration problem:" : " configuration problems:")
                + "\n  " + String.join("\n  ", problems);
    }
}
