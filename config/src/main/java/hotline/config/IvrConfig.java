package hotline.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The front-door menu ({@code hotline.ivr}). Deadlines are read back in {@code hotline.dispatch.deadlines.zone}.
 *
 * @param enabled         whether inbound calls go through the menu before the ACD
 * @param menu            the menu file; null for the built-in menu (classpath resource {@code ivr-menu.conf})
 * @param recordedPrompts directory of recorded prompts replacing generated ones: {@code <dir>/<language>/<name>.wav}
 */
public record IvrConfig(boolean enabled, Path menu, Path recordedPrompts) {

    public IvrConfig {
        Objects.requireNonNull(recordedPrompts, "recordedPrompts");
    }
}
