package hotline.config.asterisk;

import hotline.config.HotlineConfig;
import hotline.config.HotlineConfigException;
import hotline.config.SeatsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders the configuration of the two Asterisk instances the hotline runs: {@value #PBX} (the contact center) and
 * {@value #CARRIER} (the carrier / citizen simulator).
 *
 * <p>For each instance, every regular file of {@code templateRoot/common/} and then {@code templateRoot/<inst>/}
 * (the instance's file wins on a name clash; dot files and {@code *~} backups are skipped) is written to
 * {@code outRoot/<inst>/etc/} with its {@code @NAME@} placeholders replaced; see {@link #placeholders} for the names.
 * For the pbx, {@value #SEATS_FILE} and {@value #FALLBACK_MEMBERS_FILE} are generated from the seats as well.
 *
 * <p>All templates are rendered in memory first: an unknown placeholder fails the whole render, listing every one,
 * before any file is touched. Then {@code outRoot/<inst>/etc} is deleted and re-created, and {@code run}, {@code log},
 * {@code spool} and {@code lib/moh} are created if missing. Files that hold a secret are written with permissions
 * 0600 where the file system supports POSIX permissions.
 *
 * <p>Blocking file IO: call it at startup or from a worker, not from an event loop.
 */
public final class AsteriskConfigRenderer {

    /** The contact center's Asterisk instance. */
    public static final String PBX = "pbx";

    /** The carrier / citizen simulator Asterisk instance. */
    public static final String CARRIER = "carrier";

    /** The templates every instance shares, under the template root. */
    public static final String COMMON = "common";

    /** Generated for the pbx: one PJSIP endpoint, aor and auth per seat; included by the pbx pjsip.conf. */
    public static final String SEATS_FILE = "pjsip_seats.conf";

    /** Generated for the pbx: one {@code member => PJSIP/<seat>} line per seat; included by the pbx queues.conf. */
    public static final String FALLBACK_MEMBERS_FILE = "queue_fallback_members.conf";

    /** Generated for the pbx and every other box: the contexts of the trunk between boxes (a comment on one box). */
    public static final String BOXES_EXTENSIONS_FILE = "extensions_boxes.conf";

    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");
    private static final List<String> INSTANCE_DIRS = List.of("etc", "run", "log", "spool", "lib/moh");

    /**
     * Where the rendered instances are. All paths are absolute.
     *
     * @param pbxEtc     the pbx's configuration directory, {@code <pbxDir>/etc}
     * @param carrierEtc the carrier's configuration directory, {@code <carrierDir>/etc}
     * @param pbxDir     the pbx's instance directory, {@code <outRoot>/pbx}
     * @param carrierDir the carrier's instance directory, {@code <outRoot>/carrier}
     */
    public record Rendered(Path pbxEtc, Path carrierEtc, Path pbxDir, Path carrierDir) {

        public Rendered {
            Objects.requireNonNull(pbxEtc, "pbxEtc");
            Objects.requireNonNull(carrierEtc, "carrierEtc");
            Objects.requireNonNull(pbxDir, "pbxDir");
            Objects.requireNonNull(carrierDir, "carrierDir");
        }

        /**
         * The file to start an instance with ({@code asterisk -C <file>}).
         *
         * @param inst {@value #PBX} or {@value #CARRIER}
         * @throws IllegalArgumentException for any other instance name
         */
        public Path asteriskConf(String inst) {
            return switch (Objects.requireNonNull(inst, "inst")) {
                case PBX -> pbxEtc.resolve("asterisk.conf");
                case CARRIER -> carrierEtc.resolve("asterisk.conf");
                default -> throw new IllegalArgumentException("unknown Asterisk instance: " + inst);
            };
        }
    }

    private AsteriskConfigRenderer() {
    }

    /**
     * Renders both instances.
     *
     * @param cfg          validated configuration
     * @param templateRoot directory with {@code common/}, {@code pbx/} and {@code carrier/} template folders
     *                     ({@code common/} may be absent)
     * @param outRoot      where the instance directories go, typically {@code <runDir>/asterisk}; created if missing
     * @return where the instances were rendered
     * @throws HotlineConfigException if an instance's template folder is missing or a template holds a placeholder
     *                                that is not defined (every one is listed, naming the file and the placeholder)
     * @throws UncheckedIOException   if reading templates or writing the output fails
     */
    public static Rendered render(HotlineConfig cfg, Path templateRoot, Path outRoot) {
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(templateRoot, "templateRoot");
        Objects.requireNonNull(outRoot, "outRoot");
        Path root = outRoot.toAbsolutePath().normalize();
        Path pbxDir = root.resolve(PBX);
        Path carrierDir = root.resolve(CARRIER);

        List<String> problems = new ArrayList<>();
        Map<String, Output> pbx = renderTemplates(templateRoot, PBX, placeholders(cfg, PBX, pbxDir), problems);
        Map<String, Output> carrier =
                renderTemplates(templateRoot, CARRIER, placeholders(cfg, CARRIER, carrierDir), problems);
        if (!problems.isEmpty()) {
            throw new HotlineConfigException(problems);
        }
        var boxes = cfg.boxes();
        List<String> primarySeats = boxes.seatsOn(boxes.primaryId(), cfg.seats());
        pbx.put(SEATS_FILE, new Output(seatsConf(cfg.seats(), primarySeats), true));
        pbx.put(FALLBACK_MEMBERS_FILE, new Output(fallbackMembersConf(primarySeats), false));
        pbx.put(BOXES_EXTENSIONS_FILE, new Output(MultiBox.extensions(cfg, boxes.primaryId()), false));
        if (boxes.multiBox()) {
            pbx.put(MultiBox.IAX_FILE, new Output(MultiBox.iaxConf(cfg, boxes.primaryId()), true));
        }

        write(pbxDir, pbx);
        write(carrierDir, carrier);
        return new Rendered(pbxDir.resolve("etc"), carrierDir.resolve("etc"), pbxDir, carrierDir);
    }

    /**
     * Renders every other box of {@code hotline.boxes} ({@link hotline.config.BoxesConfig#others()}) from the pbx
     * templates into {@code outRoot/<box id>}: the box's own host and ports, its seats only, its systemname, and the
     * IAX2 trunk to every other box. Nothing is written with one box.
     *
     * @return each other box's instance directory, by box id, in configured order
     * @throws HotlineConfigException as {@link #render}
     */
    public static Map<String, Path> renderBoxes(HotlineConfig cfg, Path templateRoot, Path outRoot) {
        Path root = outRoot.toAbsolutePath().normalize();
        Map<String, Path> dirs = new java.util.LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Output>> all = new java.util.LinkedHashMap<>();
        for (var b : cfg.boxes().others()) {
            Path dir = root.resolve(b.id());
            Map<String, String> values = placeholders(cfg, PBX, dir);
            values.put("INST", b.id());
            values.put("HOST", b.host());
            values.put("AMI_PORT", Integer.toString(b.amiPort()));
            values.put("AMI_USER", b.amiUser());
            values.put("AMI_SECRET", b.amiSecret());
            values.put("SIP_PORT", Integer.toString(b.sipPort()));
            values.put("RTP_START", Integer.toString(b.rtpStart()));
            values.put("RTP_END", Integer.toString(b.rtpEnd()));
            String agi = "agi://" + b.agiHost() + ":" + cfg.agi().port() + "/";
            values.put("AGI_URL", agi + "inbound");
            values.put("IVR_URL", cfg.ivr().enabled() ? agi + "ivr" : "");
            values.put("QUEUED_URL", cfg.ivr().enabled() ? agi + "queued" : "");
            values.put("SYSTEM_NAME_OPTION", MultiBox.systemName(b.id()));
            values.put("BOX_MODULES", MultiBox.MODULES);
            // ARI is the primary box's only: the other boxes fork with ChanSpy over their own AMI
            values.put("ARI_HTTP", "no");
            values.put("ARI_MODULES", "; not the primary box: no ARI (the audio fork uses ChanSpy here)");
            Map<String, Output> files = renderTemplates(templateRoot, PBX, values, problems);
            List<String> seats = cfg.boxes().seatsOn(b.id(), cfg.seats());
            files.put(SEATS_FILE, new Output(seatsConf(cfg.seats(), seats), true));
            files.put(FALLBACK_MEMBERS_FILE, new Output(fallbackMembersConf(seats), false));
            files.put(BOXES_EXTENSIONS_FILE, new Output(MultiBox.extensions(cfg, b.id()), false));
            files.put(MultiBox.IAX_FILE, new Output(MultiBox.iaxConf(cfg, b.id()), true));
            all.put(b.id(), files);
            dirs.put(b.id(), dir);
        }
        if (!problems.isEmpty()) {
            throw new HotlineConfigException(problems);
        }
        all.forEach((id, files) -> write(dirs.get(id), files));
        return dirs;
    }

    /**
     * The modules the ARI audio fork needs in the pbx (res_ari and its resources, Stasis with snoop channels, the
     * WebSocket the events come on); chan_rtp (externalMedia) is loaded for every instance.
     */
    static final String ARI_MODULES = String.join("\n", "load = res_http_websocket.so", "load = res_stasis.so", "load = app_stasis.so",
            "load = res_stasis_snoop.so", "load = res_stasis_answer.so", "load = res_stasis_playback.so",
            "load = res_stasis_recording.so", "load = res_ari.so", "load = res_ari_model.so", "load = res_ari_channels.so",
            "load = res_ari_bridges.so", "load = res_ari_events.so", "load = res_ari_applications.so");

    /**
     * The placeholder values of one instance, by name (without the {@code @}s):
     * <ul>
     *   <li>{@code INST}: the instance name, {@code pbx} or {@code carrier};</li>
     *   <li>{@code INST_DIR}: the instance directory, absolute;</li>
     *   <li>{@code HOST}, {@code AMI_PORT}, {@code AMI_USER}, {@code AMI_SECRET}, {@code SIP_PORT},
     *       {@code RTP_START}, {@code RTP_END}: the instance's own, from {@code asterisk.*} for the pbx and
     *       {@code carrier.*} for the carrier;</li>
     *   <li>pbx only: {@code ARI_PORT}, {@code ARI_USER}, {@code ARI_PASSWORD} ({@code asterisk.ari.*}, http.conf
     *       and ari.conf), {@code ARI_HTTP} ({@code yes}; {@code no} for the other boxes of
     *       {@code hotline.boxes}, which fork with ChanSpy); {@code ARI_MODULES}: the ARI modules' {@code load} lines for the pbx, a comment for the
     *       carrier;</li>
     *   <li>{@code PEER_HOST}, {@code PEER_PORT}: the other end of the 12345 trunk (pbx: {@code asterisk.trunkHost}
     *       and {@code trunkPort}; carrier: {@code asterisk.host} and {@code sipPort});</li>
     *   <li>{@code AGI_URL}: {@code agi://<agi.host>:<agi.port>/inbound};</li>
     *   <li>{@code IVR_URL}: {@code agi://<agi.host>:<agi.port>/ivr}, or empty when {@code ivr.enabled} is false;</li>
     *   <li>{@code QUEUED_URL}: {@code agi://<agi.host>:<agi.port>/queued} (the queue announcement), or empty when
     *       {@code ivr.enabled} is false; {@code ANNOUNCE_EVERY_S}: {@code ivr.announceEvery};</li>
     *   <li>{@code SYSTEM_NAME_OPTION}, {@code BOX_MODULES}: with several boxes ({@code hotline.boxes}) a box's
     *       {@code systemname = <id>} line and {@code load = chan_iax2.so}; a comment otherwise (and for the
     *       carrier);</li>
     *   <li>{@code RING_TIMEOUT_S}, {@code WAIT_MAX_S}, {@code FALLBACK_TIMEOUT_S}: {@code routing.ringTimeout},
     *       {@code routing.maxWait} and {@code fallback.queueTimeout} in whole seconds, rounded up, at least 1.</li>
     * </ul>
     *
     * @param inst    {@value #PBX} or {@value #CARRIER}
     * @param instDir the instance directory ({@code INST_DIR}); made absolute
     * @throws IllegalArgumentException for any other instance name
     */
    public static Map<String, String> placeholders(HotlineConfig cfg, String inst, Path instDir) {
        var asterisk = cfg.asterisk();
        var carrier = cfg.carrier();
        Map<String, String> values = new TreeMap<>();
        values.put("INST", inst);
        values.put("INST_DIR", instDir.toAbsolutePath().normalize().toString());
        switch (inst) {
            case PBX -> {
                values.put("HOST", asterisk.host());
                values.put("AMI_PORT", Integer.toString(asterisk.amiPort()));
                values.put("AMI_USER", asterisk.amiUser());
                values.put("AMI_SECRET", asterisk.amiSecret());
                values.put("SIP_PORT", Integer.toString(asterisk.sipPort()));
                values.put("RTP_START", Integer.toString(asterisk.rtpStart()));
                values.put("RTP_END", Integer.toString(asterisk.rtpEnd()));
                values.put("PEER_HOST", asterisk.trunkHost());
                values.put("PEER_PORT", Integer.toString(asterisk.trunkPort()));
                values.put("ARI_PORT", Integer.toString(asterisk.ariPort()));
                values.put("ARI_USER", asterisk.ariUser());
                values.put("ARI_PASSWORD", asterisk.ariPassword());
                values.put("ARI_MODULES", ARI_MODULES);
                values.put("ARI_HTTP", "yes");
            }
            case CARRIER -> {
                values.put("HOST", carrier.host());
                values.put("AMI_PORT", Integer.toString(carrier.amiPort()));
                values.put("AMI_USER", carrier.amiUser());
                values.put("AMI_SECRET", carrier.amiSecret());
                values.put("SIP_PORT", Integer.toString(carrier.sipPort()));
                values.put("RTP_START", Integer.toString(carrier.rtpStart()));
                values.put("RTP_END", Integer.toString(carrier.rtpEnd()));
                values.put("PEER_HOST", asterisk.host());
                values.put("PEER_PORT", Integer.toString(asterisk.sipPort()));
                values.put("ARI_MODULES", "; the carrier simulator: no ARI");
            }
            default -> throw new IllegalArgumentException("unknown Asterisk instance: " + inst);
        }
        values.put("AGI_URL", cfg.agi().inboundUrl());
        values.put("IVR_URL", cfg.ivr().enabled() ? cfg.agi().ivrUrl() : "");
        values.put("QUEUED_URL", cfg.ivr().enabled() ? cfg.agi().queuedUrl() : "");
        boolean box = inst.equals(PBX) && cfg.boxes().multiBox();
        values.put("SYSTEM_NAME_OPTION", box ? MultiBox.systemName(cfg.boxes().primaryId())
                : "; one Asterisk box: no systemname (hotline.boxes)");
        values.put("BOX_MODULES", box ? MultiBox.MODULES : "; one Asterisk box: no IAX2 trunk (hotline.boxes)");
        values.put("ANNOUNCE_EVERY_S", Long.toString(wholeSeconds(cfg.ivr().announceEvery())));
        values.put("RING_TIMEOUT_S", Long.toString(wholeSeconds(cfg.routing().ringTimeout())));
        values.put("WAIT_MAX_S", Long.toString(wholeSeconds(cfg.routing().maxWait())));
        values.put("FALLBACK_TIMEOUT_S", Long.toString(wholeSeconds(cfg.fallback().queueTimeout())));
        return values;
    }

    /** Asterisk's Dial(), Wait() and queue timeouts count whole seconds; rounding up never cuts a wait short. */
    private static long wholeSeconds(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /**
     * The pbx's {@value #SEATS_FILE}: per seat an endpoint, aor and auth built on the {@code seat-endpoint},
     * {@code seat-aor} and {@code seat-auth} templates that the pbx pjsip.conf defines with {@code (!)}.
     */
    public static String seatsConf(SeatsConfig seats) {
        return seatsConf(seats, seats.seatIds());
    }

    /** As {@link #seatsConf(SeatsConfig)} for some of the seats: those of one box ({@code hotline.boxes}). */
    public static String seatsConf(SeatsConfig seats, List<String> ids) {
        StringBuilder out = new StringBuilder(160 * ids.size() + 100);
        out.append("; generated by AsteriskConfigRenderer from hotline.seats: do not edit\n");
        for (String s : ids) {
            out.append('[').append(s).append("](seat-endpoint)\n")
                    .append("auth = ").append(s).append('\n')
                    .append("aors = ").append(s).append('\n')
                    .append("callerid = \"Seat ").append(s).append("\" <").append(s).append(">\n")
                    .append('[').append(s).append("](seat-aor)\n")
                    .append('[').append(s).append("](seat-auth)\n")
                    .append("username = ").append(s).append('\n')
                    .append("password = ").append(seats.passwordPrefix()).append(s).append("\n\n");
        }
        return out.toString();
    }

    /** The pbx's {@value #FALLBACK_MEMBERS_FILE}: every seat is a member of the native fallback queue. */
    public static String fallbackMembersConf(SeatsConfig seats) {
        return fallbackMembersConf(seats.seatIds());
    }

    private static String fallbackMembersConf(List<String> ids) {
        StringBuilder out = new StringBuilder(24 * ids.size() + 100);
        out.append("; generated by AsteriskConfigRenderer from hotline.seats: do not edit\n");
        for (String s : ids) {
            out.append("member => PJSIP/").append(s).append('\n');
        }
        return out.toString();
    }

    /** A rendered file's content, and whether it holds a secret. */
    private record Output(String content, boolean secret) {
    }

    private static Map<String, Output> renderTemplates(
            Path templateRoot, String inst, Map<String, String> values, List<String> problems) {
        Path instTemplates = templateRoot.resolve(inst);
        if (!Files.isDirectory(instTemplates)) {
            problems.add(instTemplates + ": missing Asterisk template folder for instance " + inst);
            return new TreeMap<>();
        }
        Map<String, Path> templates = new TreeMap<>();
        Path common = templateRoot.resolve(COMMON);
        if (Files.isDirectory(common)) {
            templates.putAll(templateFiles(common));
        }
        templates.putAll(templateFiles(instTemplates));

        Map<String, Output> out = new TreeMap<>();
        for (Map.Entry<String, Path> e : templates.entrySet()) {
            String template = read(e.getValue());
            String content = substitute(e.getValue(), template, values, problems);
            out.put(e.getKey(), new Output(content, template.contains("@AMI_SECRET@")
                    || template.contains("@ARI_PASSWORD@")));
        }
        return out;
    }

    private static Map<String, Path> templateFiles(Path dir) {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(Files::isRegularFile).forEach(p -> {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && !name.endsWith("~")) {
                    files.put(name, p);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list Asterisk templates in " + dir, e);
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Asterisk template " + file, e);
        }
    }

    private static String substitute(Path file, String template, Map<String, String> values, List<String> problems) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        int last = 0;
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                problems.add(file + ":" + line(template, m.start()) + ": unknown placeholder " + m.group()
                        + " (known: " + String.join(", ", values.keySet()) + ")");
                continue;
            }
            out.append(template, last, m.start()).append(value);
            last = m.end();
        }
        return out.append(template, last, template.length()).toString();
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static void write(Path instDir, Map<String, Output> files) {
        Path etc = instDir.resolve("etc");
        try {
            deleteTree(etc);
            for (String dir : INSTANCE_DIRS) {
                Files.createDirectories(instDir.resolve(dir));
            }
            for (Map.Entry<String, Output> e : files.entrySet()) {
                Path target = etc.resolve(e.getKey());
                if (e.getValue().secret() && posix(target)) {
                    Files.createFile(target, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                }
                Files.writeString(target, e.getValue().content(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Asterisk configuration to " + etc, e);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Deletes a directory tree without following symbolic links out of it. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
