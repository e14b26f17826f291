package hotline.telephony.agi.internal;

import hotline.telephony.agi.InboundCall;
import hotline.telephony.agi.InboundCallHandler;
import hotline.telephony.agi.InboundDecision;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code inbound} FastAGI script: reads the caller's menu choices (its first argument, {@code key=value;...}
 * as the {@code ivr} script left them in {@code HOTLINE_IVR}), asks the handler, then sets {@code HOTLINE_SEAT} (if a seat is free)
 * and finally {@code HOTLINE_CALL_ID}, which the dialplan treats as the commit: without it the caller goes
 * to the native fallback queue.
 */
public final class InboundAgiScript implements AgiScript {
    private static final Logger log = LoggerFactory.getLogger(InboundAgiScript.class);

    private final InboundCallHandler handler;

    public InboundAgiScript(InboundCallHandler handler) {
        this.handler = handler;
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        InboundCall call = new InboundCall(request.getUniqueId(), request.getChannel(),
                request.getCallerIdNumber(), request.getCallerIdName(), request.getDnid(), menuChoices(request));
        InboundDecision decision;
        try {
            decision = handler.onInbound(call);
        } catch (Exception e) {
            log.error("uniqueid={} channel={} inbound call not registered, dialplan fallback: {}", call.uniqueId(),
                    call.channel(), e.toString());
            throw new AgiException("inbound call not registered: " + e.getMessage(), e);
        }
        boolean ok = false;
        try {
            if (decision.seat().isPresent()) {
                channel.setVariable("HOTLINE_SEAT", decision.seat().get());
            }
            channel.setVariable("HOTLINE_CALL_ID", decision.callId());
            ok = true;
        } finally {
            handler.onAgiFinished(decision.callId(), ok);
        }
    }

    // The menu's choices, if the call went through it: the dialplan passes ${HOTLINE_IVR} as the script's first
    // argument (agi_arg_1), which costs no AGI round trip. Malformed pairs are skipped: the call goes on.
    private static java.util.Map<String, String> menuChoices(AgiRequest request) {
        String[] args = request.getArguments();
        return hotline.telephony.agi.MenuChoices.decode(args == null || args.length == 0 ? null : args[0]);
    }
}
