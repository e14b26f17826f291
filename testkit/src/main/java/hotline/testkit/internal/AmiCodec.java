package hotline.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * AMI packet text: {@code Key: value\r\n} lines, a blank line ends a packet (Asterisk {@code manager.c}).
 *
 * <p>A header that occurs more than once in a packet (Originate's {@code Variable:}, the doubled {@code State:} of
 * Asterisk's {@code TestEvent}) is kept as one map entry whose values are joined with {@code \n}; {@link #format}
 * writes such a value back as one line per part, so a packet survives parse and format unchanged.
 */
public final class AmiCodec {

    /** Separator of the values of a repeated header inside one map value. */
    public static final String REPEAT_SEPARATOR = "\n";

    private static final byte[] BANNER_PREFIX = "Asterisk Call Manager/".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> SECRET_HEADERS = Set.of("secret", "key");

    private AmiCodec() {
    }

    /**
     * Adds one header line to {@code packet}. The key is the text before the first {@code :}; one space after it
     * is dropped and the rest is the value, which may be empty ({@code AccountCode: }) or contain {@code ": "}.
     *
     * @return false if the line has no {@code :} (Asterisk ignores such lines too)
     */
    public static boolean addHeaderLine(Map<String, String> packet, String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String key = line.substring(0, colon).trim();
        int start = colon + 1;
        if (start < line.length() && line.charAt(start) == ' ') {
            start++;
        }
        String value = line.substring(start);
        String previous = packet.get(key);
        packet.put(key, previous == null ? value : previous + REPEAT_SEPARATOR + value);
        return true;
    }

    /** Parses header lines (without their line ends, without the blank line) into a {@link HeaderMap}. */
    public static HeaderMap parse(List<String> lines) {
        HeaderMap packet = new HeaderMap();
        for (String line : lines) {
            if (!addHeaderLine(packet, line)) {
                throw new IllegalArgumentException("not an AMI header line: '" + line + "'");
            }
        }
        return packet;
    }

    /** Writes a packet as Asterisk does: {@code Key: value\r\n} per header (and per repeated value), then CRLF. */
    public static String format(Map<String, String> packet) {
        StringBuilder sb = new StringBuilder(32 * packet.size() + 2);
        for (Map.Entry<String, String> e : packet.entrySet()) {
            for (String value : e.getValue().split(REPEAT_SEPARATOR, -1)) {
                sb.append(e.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        return sb.append("\r\n").toString();
    }

    /** A copy for logs: the values of {@code Secret} and {@code Key} (the MD5 login digest) are masked. */
    public static Map<String, String> redact(Map<String, String> packet) {
        HeaderMap copy = new HeaderMap();
        packet.forEach((k, v) -> copy.put(k, SECRET_HEADERS.contains(k.toLowerCase(Locale.ROOT)) ? "***" : v));
        return copy;
    }

    /** The value of the first header, e.g. {@code FullyBooted} for an event, or null for an empty packet. */
    public static String firstValue(Map<String, String> packet) {
        return packet.isEmpty() ? null : packet.values().iterator().next();
    }

    /**
     * Splits the bytes of a {@code .raw} AMI capture into packets, byte for byte. The banner line is not a packet.
     * Each element runs from the packet's first byte through its terminating blank line; stray empty lines between
     * packets (Asterisk writes one after some {@code TestEvent}s) stay in front of the following packet, so
     * concatenating the elements gives back the capture minus its banner. Trailing bytes without a blank line form
     * a last, unterminated element.
     */
    public static List<byte[]> splitRaw(byte[] raw) {
        int pos = 0;
        if (startsWith(raw, 0, BANNER_PREFIX)) {
            pos = indexOfCrlf(raw, 0);
            pos = pos < 0 ? raw.length : pos + 2;
        }
        List<byte[]> packets = new ArrayList<>();
        int start = pos;
        boolean sawHeader = false;
        while (pos < raw.length) {
            int eol = indexOfCrlf(raw, pos);
            if (eol < 0) {
                break;
            }
            boolean empty = eol == pos;
            pos = eol + 2;
            if (!empty) {
                sawHeader = true;
            } else if (sawHeader) {
                packets.add(Arrays.copyOfRange(raw, start, pos));
                start = pos;
                sawHeader = false;
            }
        }
        if (start < raw.length) {
            packets.add(Arrays.copyOfRange(raw, start, raw.length));
        }
        return packets;
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (data.length - offset < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfCrlf(byte[] data, int from) {
        for (int i = from; i + 1 < data.length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Parses one element of {@link #splitRaw} into headers (empty lines skipped). */
    public static HeaderMap parseRaw(byte[] packet) {
        String text = new String(packet, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r\n", -1)) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return parse(lines);
    }
}
