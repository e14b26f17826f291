package hotline.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code \n}-terminated lines and drops one {@code \r} before the {@code \n}, so it reads AMI ({@code \r\n},
 * like Asterisk's own {@code get_input()}, which accepts a bare {@code \n} as well) and FastAGI (bare {@code \n}).
 * Not thread-safe; one reader thread per socket.
 */
public final class LineReader {

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);

    public LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator, or {@code null} at end of stream (a partial last line is dropped). */
    public String readLine() throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length;
                if (len > 0 && bytes[len - 1] == '\r') {
                    len--;
                }
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return null;
    }
}
