package hotline.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The front-door menu ({@code hotline.ivr}). Deadlines are read back in {@code hotline.dispatch.deadlines.zone}.
 *
 * @param enabled         whether inbound calls go through the menu before the ACD
 * @param menu            the menu file; null for the built-in menu (classpath resource {@code ivr-menu.conf})
 * @param recordedPrompts directory of recorded prompts replacing generated ones: {@code <dir>/<language>/<name>.wav}
 * @param announceEvery   how often a waiting caller hears their place, the estimated wait and the callback offer
 */
public record IvrConfig(boolean enabled, Path menu, Path recordedPrompts, java.time.Duration announceEvery) {

    public IvrConfig {
        Objects.requireNonNull(recordedPrompts, "recordedPrompts");
        Objects.requireNonNull(announceEvery, "announceEvery");
    }
}
