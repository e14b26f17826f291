package hotline.config.ivr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The text of every prompt in every language: what the prompt generator speaks (Mandarin with espeak-ng, English
 * with Flite) unless a recorded file of the same name replaces it.
 *
 * @param texts prompt name -> language -> text; copied into name and language order
 */
public record IvrPrompts(Map<String, Map<String, String>> texts) {

    public IvrPrompts {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        texts.forEach((name, byLang) -> copy.put(name, Collections.unmodifiableMap(new TreeMap<>(byLang))));
        texts = Collections.unmodifiableMap(copy);
    }

    /** The text of one prompt in one language. */
    public Optional<String> text(String name, String language) {
        Map<String, String> byLang = texts.get(name);
        return byLang == null ? Optional.empty() : Optional.ofNullable(byLang.get(language));
    }

    /** Every (name, language, text), in name then language order. */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        texts.forEach((name, byLang) -> byLang.forEach((lang, text) -> all.add(new Entry(name, lang, text))));
        return all;
    }

    /**
     * Writes the list {@code scripts/gen-prompts.sh} reads: {@code name<TAB>language<TAB>text} a line, texts on one
     * line each (tabs and line breaks become spaces).
     */
    public void writeList(java.nio.file.Path file) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries()) {
            b.append(e.name()).append('\t').append(e.language()).append('\t')
                    .append(e.text().replaceAll("[\\t\\r\\n]+", " ")).append('\n');
        }
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        java.nio.file.Files.writeString(file, b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Writes the list to {@code <outDir>.tsv} and runs {@code scripts/gen-prompts.sh} to make the audio in
     * {@code outDir} ({@code <language>/<name>.wav}), recorded files in {@code recorded} taking precedence.
     *
     * @param home     the repository root (where {@code scripts/} is)
     * @param outDir   where the audio goes, e.g. {@code <runDir>/prompts}
     * @param recorded recorded prompts, or a directory that does not exist
     * @throws java.io.IOException if the script fails (its message names the prompt) or cannot run
     */
    public void generate(java.nio.file.Path home, java.nio.file.Path outDir, java.nio.file.Path recorded)
            throws java.io.IOException, InterruptedException {
        java.nio.file.Path list = outDir.resolveSibling(outDir.getFileName() + ".tsv");
        writeList(list);
        Process p = new ProcessBuilder(home.resolve("scripts/gen-prompts.sh").toString(), list.toString(),
                outDir.toString(), recorded.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new java.io.IOException("prompt generation failed: " + output);
        }
        System.err.println(output);
    }

    /**
     * One prompt in one language.
     *
     * @param name     the prompt name (the file is {@code <language>/<name>.wav})
     * @param language the language code
     * @param text     what is said
     */
    public record Entry(String name, String language, String text) {
    }
}
