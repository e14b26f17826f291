package hotline.testkit;

import hotline.testkit.internal.AmiCodec;
import hotline.testkit.internal.HeaderMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Loads the genuine Asterisk 16.28 protocol captures shipped on the classpath under {@code /transcripts/} (see the
 * README there for the scenarios).
 *
 * <p>AMI packets come back as insertion-ordered, unmodifiable maps whose keys are looked up case-insensitively (as
 * Asterisk does). Values can be empty ({@code AccountCode: }) and can contain {@code ": "}. A header repeated within
 * one packet ({@code Variable:}, the doubled {@code State:} of a {@code TestEvent}) is one entry whose values are
 * joined with {@code \n}. Missing or malformed files throw {@link IllegalArgumentException}.
 */
public final class Transcripts {

    private static final String ROOT = "/transcripts/";
    private static final String BANNER_PREFIX = "Asterisk Call Manager/";
    private static final String AMI_EOL = "\\r\\n";
    private static final String AGI_EOL = "\\n";

    private Transcripts() {
    }

    /** The bytes of {@code /transcripts/<name>}, exactly as captured. */
    public static byte[] raw(String name) {
        try (InputStream in = Transcripts.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no transcript " + ROOT + name + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read transcript " + name, e);
        }
    }

    /**
     * The packets of a {@code .raw} AMI capture as bytes, each through its terminating blank line; the banner
     * ({@code Asterisk Call Manager/5.0.4}) is not a packet. Byte-faithful: a stray empty line between two packets
     * stays in front of the second one.
     */
    public static List<byte[]> rawPackets(String rawName) {
        return AmiCodec.splitRaw(raw(rawName));
    }

    /** The packets (responses and events) of a {@code .raw} AMI capture, in wire order, without the banner. */
    public static List<Map<String, String>> amiPackets(String rawName) {
        List<Map<String, String>> packets = new ArrayList<>();
        for (byte[] packet : rawPackets(rawName)) {
            HeaderMap headers = AmiCodec.parseRaw(packet);
            if (!headers.isEmpty()) {
                packets.add(Collections.unmodifiableMap(headers));
            }
        }
        return List.copyOf(packets);
    }

    /**
     * The packets of one direction of a {@code S< ...\r\n} / {@code C> ...\r\n} text capture
     * ({@code .pbx_ami_control.txt}, {@code .carrier_ami.txt}).
     *
     * @param direction {@code '<'} for what the server sent ({@code S<} lines, banner skipped), {@code '>'} for what
     *                  the client sent ({@code C>} lines)
     */
    public static List<Map<String, String>> amiPacketsFromText(String txtName, char direction) {
        String prefix = switch (direction) {
            case '<' -> "S< ";
            case '>' -> "C> ";
            default -> throw new IllegalArgumentException("direction must be '<' or '>': " + direction);
        };
        List<Map<String, String>> packets = new ArrayList<>();
        HeaderMap current = new HeaderMap();
        for (String line : lines(txtName)) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            String content = strip(txtName, line, prefix.length(), AMI_EOL);
            if (content.isEmpty()) {
                if (!current.isEmpty()) {
                    packets.add(Collections.unmodifiableMap(current));
                    current = new HeaderMap();
                }
            } else if (current.isEmpty() && content.startsWith(BANNER_PREFIX)) {
                continue;
            } else if (!AmiCodec.addHeaderLine(current, content)) {
                throw new IllegalArgumentException(txtName + ": not an AMI header line: " + line);
            }
        }
        if (!current.isEmpty()) {
            packets.add(Collections.unmodifiableMap(current));
        }
        return List.copyOf(packets);
    }

    /**
     * Parses a {@code .agi_session.txt} capture: {@code A>} lines (from Asterisk) up to the first blank one are the
     * request headers; after that each {@code S>} line (from the server) starts an exchange and the {@code A>} lines
     * that follow are Asterisk's reply lines.
     */
    public static AgiTranscript agi(String name) {
        Map<String, String> request = new HeaderMap();
        List<AgiTranscript.Exchange> exchanges = new ArrayList<>();
        boolean inRequest = true;
        String command = null;
        List<String> replies = new ArrayList<>();
        for (String line : lines(name)) {
            if (line.isEmpty()) {
                continue;
            }
            boolean fromAsterisk = line.startsWith("A> ");
            if (!fromAsterisk && !line.startsWith("S> ")) {
                throw new IllegalArgumentException(name + ": line is neither 'A> ' nor 'S> ': " + line);
            }
            String content = strip(name, line, 3, AGI_EOL);
            if (inRequest) {
                if (!fromAsterisk) {
                    throw new IllegalArgumentException(name + ": server spoke before the request ended: " + line);
                }
                if (content.isEmpty()) {
                    inRequest = false;
                } else if (!AmiCodec.addHeaderLine(request, content)) {
                    throw new IllegalArgumentException(name + ": not an agi_* header: " + line);
                }
            } else if (!fromAsterisk) {
                if (command != null) {
                    exchanges.add(new AgiTranscript.Exchange(command, replies));
                }
                command = content;
                replies = new ArrayList<>();
            } else if (command == null) {
                throw new IllegalArgumentException(name + ": reply before any command: " + line);
            } else {
                replies.add(content);
            }
        }
        if (command != null) {
            exchanges.add(new AgiTranscript.Exchange(command, replies));
        }
        return new AgiTranscript(request, exchanges);
    }

    private static List<String> lines(String name) {
        return new String(raw(name), StandardCharsets.UTF_8).lines().toList();
    }

    private static String strip(String name, String line, int prefixLength, String eol) {
        if (!line.endsWith(eol)) {
            throw new IllegalArgumentException(name + ": line does not end with the literal " + eol + ": " + line);
        }
        return line.substring(prefixLength, line.length() - eol.length());
    }
}
