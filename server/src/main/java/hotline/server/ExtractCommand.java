package hotline.server;

import hotline.orders.extract.DraftExtractor;
import hotline.server.http.DraftsApi;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * {@code ./hotline extract}: JSON lines {@code {"id":"...","text":"...","callerNumber":"..."}} in, one JSON line per
 * input out, in input order. A bad line gets {@code {"id":...,"line":N,"error":"..."}} and the next line goes on.
 */
public final class ExtractCommand {
    /** Longest transcript accepted, in characters: a long call, far beyond what one caller says. */
    public static final int MAX_TEXT = 100_000;

    private ExtractCommand() {
    }

    /**
     * Reads every line of {@code in} and writes one result line per non-blank input line.
     *
     * @return how many lines were refused
     */
    public static int run(DraftExtractor extractor, BufferedReader in, PrintStream out) throws IOException {
        int errors = 0;
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String id = null;
            String problem;
            try {
                JsonObject request = new JsonObject(line);
                Object rawId = request.getValue("id");
                id = rawId == null ? null : String.valueOf(rawId);
                JsonObject fields = request.copy();
                fields.remove("id");
                problem = rawId == null ? "id: missing" : DraftsApi.validate(fields, MAX_TEXT);
                if (problem == null) {
                    out.println(DraftsApi.toJson(id, extractor.extract(fields.getString("text"),
                            fields.getString("callerNumber"))).encode());
                    continue;
                }
            } catch (DecodeException | ClassCastException e) {
                String detail = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
                problem = "expected a JSON object {\"id\": \"...\", \"text\": \"...\"}" + detail;
            } catch (RuntimeException e) {
                problem = "extraction failed: " + e;
            }
            errors++;
            out.println(new JsonObject().put("id", id).put("line", n).put("error", problem).encode());
        }
        out.flush();
        return errors;
    }
}
