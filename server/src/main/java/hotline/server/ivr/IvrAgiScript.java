package hotline.server.ivr;

import hotline.routing.ivr.IvrAction;
import hotline.routing.ivr.IvrAction.Collect;
import hotline.routing.ivr.IvrAction.Finish;
import hotline.routing.ivr.IvrAction.LookupOrder;
import hotline.routing.ivr.IvrMenu;
import hotline.routing.ivr.IvrSession;
import hotline.routing.ivr.IvrSummary;
import hotline.routing.ivr.OrderStatusInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ivr} FastAGI script: walks one caller through the menu before the {@code inbound} script hands the call
 * to the ACD. Plays each {@link Collect}'s prompts ({@code STREAM FILE} with every key as an escape digit, so a key
 * interrupts the prompt), collects keys ({@code WAIT FOR DIGIT}), answers order lookups, and on {@link Finish} sets
 * the channel variables the dialplan and the {@code inbound} script read:
 * <ul>
 *   <li>{@value #ATTRS_VAR}: the call attributes as {@code key=value} pairs joined by {@code ;} (language, line,
 *       queue, district, ...), plus {@code ivrPath}, {@code ivrMs} and {@code ivrReason};</li>
 *   <li>{@value #DONE_VAR}{@code =1} when self-service served the caller: the dialplan hangs up.</li>
 * </ul>
 * A caller who hangs up ends the session where it is (counted in the figures); nothing else is left behind, since
 * the call reaches the ACD only after the menu. Runs on a FastAGI pool thread: blocking is expected here.
 */
public final class IvrAgiScript implements AgiScript {
    private static final Logger log = LoggerFactory.getLogger(IvrAgiScript.class);

    /** Channel variable carrying the menu's attributes to the {@code inbound} script. */
    public static final String ATTRS_VAR = "HOTLINE_IVR";
    /** Channel variable set to 1 when the caller was served by self-service. */
    public static final String DONE_VAR = "HOTLINE_IVR_DONE";

    private static final String ESCAPE = "0123456789*#";
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(3);

    private final IvrMenu menu;
    private final PromptFiles prompts;
    private final Set<String> promptNames;
    private final OrderStatusLookup orders;
    private final Supplier<Set<String>> conditions;
    private final IvrMonitor monitor;
    private final Clock clock;

    /**
     * @param menu        the menu
     * @param prompts     where the audio is
     * @param promptNames the prompts that exist (a missing {@code status-<code>} falls back to {@code status-other})
     * @param orders      order lookup for the self-service
     * @param conditions  the conditions that hold now (e.g. {@code leaderSession})
     * @param monitor     live view and figures
     * @param clock       time source
     */
    public IvrAgiScript(IvrMenu menu, PromptFiles prompts, Set<String> promptNames, OrderStatusLookup orders,
                        Supplier<Set<String>> conditions, IvrMonitor monitor, Clock clock) {
        this.menu = menu;
        this.prompts = prompts;
        this.promptNames = Set.copyOf(promptNames);
        this.orders = orders;
        this.conditions = conditions;
        this.monitor = monitor;
        this.clock = clock;
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        String uid = request.getUniqueId();
        String caller = request.getCallerIdNumber();
        Set<String> now = new HashSet<>(conditions.get());
        IvrSession session = IvrSession.start(menu, now, clock.instant());
        log.info("uniqueid={} channel={} entered the menu", uid, request.getChannel());
        try {
            channel.answer();
            IvrAction action = session.action();
            while (!(action instanceof Finish)) {
                if (action instanceof Collect c) {
                    monitor.at(uid, c.node(), c.maxDigits() > 0, clock.instant());
                    String keys = collect(channel, c);
                    log.debug("uniqueid={} node={} keys={}", uid, c.node(), keys);
                    action = session.onInput(keys, clock.instant());
                } else if (action instanceof LookupOrder l) {
                    monitor.at(uid, l.node(), false, clock.instant());
                    action = lookup(session, uid, caller, l);
                }
            }
            Finish f = (Finish) action;
            IvrSummary summary = session.summary().orElseThrow();
            for (String p : f.prompts()) {
                channel.streamFile(file(f.language(), p));
            }
            if (f.result() == IvrAction.Result.SELF_SERVED) {
                channel.setVariable(DONE_VAR, "1");
            }
            channel.setVariable(ATTRS_VAR, encode(summary));
            monitor.done(uid, summary);
            log.info("uniqueid={} menu done: {} path={} reason={} attributes={} in {} ms", uid, summary.outcome(),
                    summary.path(), summary.reason(), summary.attributes(), summary.total().toMillis());
        } catch (AgiHangupException e) {
            IvrSummary summary = session.hangup(clock.instant());
            monitor.done(uid, summary);
            log.info("uniqueid={} caller hung up in the menu at node {} after {} ms", uid, summary.lastNode(),
                    summary.total().toMillis());
        } catch (AgiException | RuntimeException e) {
            // the dialplan goes on to the inbound script with whatever was set: the caller still reaches an agent
            monitor.gone(uid);
            log.warn("uniqueid={} menu failed, the call goes on to the ACD without its choices: {}", uid, e.toString());
            throw e;
        }
    }

    private String collect(AgiChannel channel, Collect c) throws AgiException {
        StringBuilder keys = new StringBuilder();
        String escape = c.maxDigits() == 0 ? "" : ESCAPE;
        for (String p : c.prompts()) {
            char k = channel.streamFile(file(c.language(), p), escape);
            if (k != 0) {
                keys.append(k);
                break;
            }
        }
        if (c.maxDigits() == 0) {
            return "";
        }
        while (keys.length() < c.maxDigits() && (keys.length() == 0 || keys.charAt(keys.length() - 1) != '#')) {
            long wait = (keys.length() == 0 ? c.timeout() : menu.interDigit()).toMillis();
            char k = channel.waitForDigit((int) wait);
            if (k == 0) {
                break;
            }
            keys.append(k);
        }
        return keys.toString();
    }

    private IvrAction lookup(IvrSession session, String uid, String caller, LookupOrder l) {
        try {
            Optional<OrderStatusInfo> found = (l.orderNumber() == null
                    ? (caller == null ? java.util.concurrent.CompletableFuture.completedFuture(
                            Optional.<OrderStatusInfo>empty()) : orders.latestOpenOf(caller))
                    : orders.byNumber(l.orderNumber()))
                    .get(LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return session.onOrderLookup(found, clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return session.handOver("lookup-failed", clock.instant());
        } catch (Exception e) {
            log.warn("uniqueid={} order lookup failed, handing the caller to an agent: {}", uid, e.toString());
            return session.handOver("lookup-failed", clock.instant());
        }
    }

    private String file(String language, String name) {
        if (name.startsWith("status-") && !promptNames.contains(name)) {
            name = "status-other";
        }
        return prompts.file(language, name);
    }

    /** The attributes plus {@code ivrPath}, {@code ivrMs}, {@code ivrReason}, as the inbound script reads them. */
    static String encode(IvrSummary s) {
        Map<String, String> all = new TreeMap<>(s.attributes());
        all.put("ivrPath", s.path());
        all.put("ivrMs", String.valueOf(s.total().toMillis()));
        all.put("ivrReason", s.reason());
        return hotline.telephony.agi.MenuChoices.encode(all);
    }
}
