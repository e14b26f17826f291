package hotline.server.ivr;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where Asterisk finds the prompt audio: {@code <dir>/<language>/<name>.wav}, written by {@code scripts/gen-prompts.sh}
 * (generated from the menu's texts, or converted from recorded files). Asterisk plays a file by its path without
 * the extension.
 *
 * @param dir the prompts directory, absolute
 */
public record PromptFiles(Path dir) {

    public PromptFiles {
        Objects.requireNonNull(dir, "dir");
        dir = dir.toAbsolutePath().normalize();
    }

    /** The path Asterisk's {@code STREAM FILE} takes for a prompt. */
    public String file(String language, String name) {
        return dir.resolve(language).resolve(name).toString();
    }
}
