package hotline.server.ivr;

import hotline.server.call.CallController.QueuedInfo;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code queued} FastAGI script, run by {@code [hotline-wait]} every {@code hotline.ivr.announceEvery} between
 * stretches of music on hold: tells a waiting caller how many callers are ahead of them and the estimated wait
 * ({@code ahead-N}, {@code wait-M}), and, once the ACD has offered them a callback, asks them to press 1 to keep their
 * place and be called back at their number ({@code callback-offer}). On 1 the callback is scheduled, the caller hears
 * {@code callback-confirm} and the script sets {@value #CALLBACK_VAR}{@code =1}: the dialplan hangs up.
 *
 * <p>The first argument is the call id ({@code HOTLINE_CALL_ID}). A call that is no longer waiting (a seat rings
 * already) hears nothing. If the server redirects the caller to a seat during the announcement, the AGI session ends
 * with the channel leaving; that is expected. Runs on a FastAGI pool thread.
 */
public final class QueueAnnouncementScript implements AgiScript {
    private static final Logger log = LoggerFactory.getLogger(QueueAnnouncementScript.class);

    /** Set to 1 when the caller accepted a callback. */
    public static final String CALLBACK_VAR = "HOTLINE_CALLBACK";
    /** The highest count the announcement says; more callers ahead are announced as this many. */
    public static final int MAX_AHEAD = 20;
    /** The longest wait announced, in minutes; longer waits are announced as this. */
    public static final int MAX_WAIT_MINUTES = 30;

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    private static final int OFFER_TIMEOUT_MS = 6000;

    private final WaitingCalls calls;
    private final PromptFiles prompts;
    private final String defaultLanguage;
    private final Set<String> languages;

    /**
     * @param calls           the ACD's view of waiting calls
     * @param prompts         where the audio is
     * @param defaultLanguage the menu's default language (for callers who chose none)
     * @param languages       the menu's languages
     */
    public QueueAnnouncementScript(WaitingCalls calls, PromptFiles prompts, String defaultLanguage,
                                   Set<String> languages) {
        this.calls = calls;
        this.prompts = prompts;
        this.defaultLanguage = defaultLanguage;
        this.languages = Set.copyOf(languages);
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        String[] args = request.getArguments();
        String callId = args == null || args.length == 0 ? "" : args[0];
        Optional<QueuedInfo> info;
        try {
            info = calls.info(callId).get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            log.warn("callId={} no queue announcement: the ACD did not answer ({})", callId, e.toString());
            return;
        }
        if (info.isEmpty()) {
            return;
        }
        QueuedInfo q = info.get();
        String lang = q.language() != null && languages.contains(q.language()) ? q.language() : defaultLanguage;
        try {
            int ahead = Math.min(MAX_AHEAD, Math.max(0, q.position() - 1));
            long minutes = Math.min(MAX_WAIT_MINUTES, Math.max(1, (q.estimatedWait().toSeconds() + 59) / 60));
            if (!q.callbackOffered()) {
                channel.streamFile(prompts.file(lang, "ahead-" + ahead));
                channel.streamFile(prompts.file(lang, "wait-" + minutes));
                return;
            }
            // once a callback is on offer, 1 anywhere in the announcement takes it
            char key = channel.streamFile(prompts.file(lang, "ahead-" + ahead), "1");
            if (key == 0) {
                key = channel.streamFile(prompts.file(lang, "wait-" + minutes), "1");
            }
            if (key == 0) {
                key = channel.streamFile(prompts.file(lang, "callback-offer"), "1");
            }
            if (key == 0) {
                key = channel.waitForDigit(OFFER_TIMEOUT_MS);
            }
            if (key != '1') {
                return;
            }
            boolean scheduled = calls.acceptCallback(callId).get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (scheduled) {
                channel.streamFile(prompts.file(lang, "callback-confirm"));
                channel.setVariable(CALLBACK_VAR, "1");
                log.info("callId={} the caller accepted a callback", callId);
            }
        } catch (AgiHangupException e) {
            log.debug("callId={} left during the announcement (hung up or sent to a seat)", callId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("callId={} callback not scheduled: the ACD did not answer ({}); the caller keeps waiting",
                    callId, e.toString());
        }
    }
}
