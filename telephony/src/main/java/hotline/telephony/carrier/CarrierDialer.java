package hotline.telephony.carrier;

import hotline.telephony.TelephonyException;
import hotline.telephony.ami.AmiEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;

/**
 * Places simulated citizen calls from the carrier Asterisk to the contact center (the {@code citizen}
 * context of {@code config/asterisk/carrier/extensions.conf}), through the carrier's AMI. Used by
 * {@code ./hotline call}, the integration tests and the benchmarks. Thread-safe.
 */
public final class CarrierDialer implements AutoCloseable {
    private final ManagerConnection ami;
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, CompletableFuture<Originated>> pending = new ConcurrentHashMap<>();
    private final Map<String, Instant> channelCreated = new ConcurrentHashMap<>();

    /**
     * One citizen call.
     *
     * @param audio  a sound file Asterisk can play, without its extension (e.g. {@code /tmp/citizen} for
     *               {@code /tmp/citizen.wav}); {@code null} for silence
     * @param repeat how many times the audio is played
     * @param pre    silence after the pbx answers, before speaking
     * @param hold   how long the citizen stays on the line after speaking, then hangs up
     */
    public record CitizenCall(String number, String callerNumber, String audio, int repeat, Duration pre,
                              Duration hold) {
        public CitizenCall {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(callerNumber, "callerNumber");
            Objects.requireNonNull(pre, "pre");
            Objects.requireNonNull(hold, "hold");
        }
    }

    /** The carrier's answer to an Originate: its outgoing channel towards the pbx, or the failure reason. */
    public record Originated(boolean success, String channel, String uniqueId, String reason) {
    }

    private CarrierDialer(ManagerConnection ami) {
        this.ami = ami;
    }

    /** Logs in to the carrier's AMI. */
    public static CarrierDialer connect(AmiEndpoint carrier) {
        ManagerConnection c = new ManagerConnectionFactory(carrier.host(), carrier.port(), carrier.user(),
                carrier.secret()).createManagerConnection();
        CarrierDialer dialer = new CarrierDialer(c);
        c.addEventListener(dialer::onEvent);
        try {
            c.login();
        } catch (Exception e) {
            throw new TelephonyException("carrier AMI " + carrier + ": login failed: " + e.getMessage(), e);
        }
        return dialer;
    }

    private void onEvent(ManagerEvent e) {
        if (e instanceof NewChannelEvent n && n.getUniqueId() != null) {
            Double ts = n.getTimestamp();
            channelCreated.put(n.getUniqueId(), ts == null ? Instant.now()
                    : Instant.ofEpochSecond(0, Math.round(ts * 1_000_000d) * 1_000L));
        } else if (e instanceof OriginateResponseEvent o && o.getActionId() != null) {
            CompletableFuture<Originated> f = pending.remove(o.getActionId());
            if (f != null) {
                f.complete(new Originated("Success".equalsIgnoreCase(o.getResponse()), o.getChannel(),
                        o.getUniqueId(), o.getReason() == null ? "" : String.valueOf(o.getReason())));
            }
        }
    }

    /** Sends the Originate (async in Asterisk); the future completes when the carrier's channel is up or failed. */
    public CompletableFuture<Originated> call(CitizenCall call) {
        String actionId = "citizen-" + seq.incrementAndGet();
        OriginateAction o = new OriginateAction();
        o.setChannel("PJSIP/" + call.number() + "@pbx");
        o.setContext("citizen");
        o.setExten("talk");
        o.setPriority(1);
        o.setCallerId("\"Citizen\" <" + call.callerNumber() + ">");
        o.setTimeout(60_000L);
        o.setAsync(true);
        o.setActionId(actionId);
        List<String> vars = new ArrayList<>();
        if (call.audio() != null) {
            vars.add("CITIZEN_AUDIO=" + call.audio());
        }
        vars.add("CITIZEN_REPEAT=" + call.repeat());
        vars.add("CITIZEN_PRE=" + seconds(call.pre()));
        vars.add("CITIZEN_HOLD=" + seconds(call.hold()));
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        for (String v : vars) {
            int eq = v.indexOf('=');
            variables.put(v.substring(0, eq), v.substring(eq + 1));
        }
        o.setVariables(variables);
        CompletableFuture<Originated> result = new CompletableFuture<>();
        pending.put(actionId, result);
        try {
            ManagerResponse r = ami.sendAction(o, 5_000);
            if (r instanceof ManagerError) {
                pending.remove(actionId);
                result.completeExceptionally(new TelephonyException("carrier refused Originate: " + r.getMessage()));
            }
        } catch (Exception e) {
            pending.remove(actionId);
            result.completeExceptionally(new TelephonyException("carrier Originate failed: " + e.getMessage(), e));
        }
        return result;
    }

    /** Places a call and waits for the carrier's channel to be answered by the pbx (or to fail). */
    public Originated callAndWait(CitizenCall call, Duration timeout) {
        try {
            return call(call).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TelephonyException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TelephonyException("no OriginateResponse within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TelephonyException("interrupted");
        }
    }

    /** When the carrier created the channel with this uniqueid (it sends the INVITE right after), if seen. */
    public Optional<Instant> channelCreatedAt(String uniqueId) {
        return Optional.ofNullable(channelCreated.get(uniqueId));
    }

    /** Hangs up a carrier channel (the citizen hangs up). */
    public void hangup(String channel) {
        try {
            ami.sendAction(new HangupAction(channel), 5_000);
        } catch (Exception e) {
            throw new TelephonyException("carrier Hangup " + channel + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The citizen presses keys: the carrier channel is sent to the {@code citizen-keys} context, which plays them
     * with {@code SendDTMF} (RFC 4733 towards the pbx) and then stays on the line for the call's hold time.
     *
     * @param channel the carrier's channel of the call ({@link Originated#channel()})
     * @param keys    digits, {@code *}, {@code #}; {@code w} waits half a second
     */
    public void sendDtmf(String channel, String keys) {
        if (!keys.matches("[0-9*#wW]{1,64}")) {
            throw new IllegalArgumentException("keys must be 1 to 64 of 0-9 * # w, was \"" + keys + "\"");
        }
        try {
            ManagerResponse set = ami.sendAction(new org.asteriskjava.manager.action.SetVarAction(channel,
                    "CITIZEN_KEYS", keys), 5_000);
            if (set instanceof ManagerError) {
                throw new TelephonyException("carrier Setvar on " + channel + " refused: " + set.getMessage());
            }
            ManagerResponse r = ami.sendAction(new org.asteriskjava.manager.action.RedirectAction(channel,
                    "citizen-keys", "s", 1), 5_000);
            if (r instanceof ManagerError) {
                throw new TelephonyException("carrier Redirect of " + channel + " refused: " + r.getMessage());
            }
        } catch (TelephonyException e) {
            throw e;
        } catch (Exception e) {
            throw new TelephonyException("carrier DTMF on " + channel + " failed: " + e.getMessage(), e);
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    @Override
    public void close() {
        try {
            ami.logoff();
        } catch (Exception e) {
            // already gone
        }
    }
}
