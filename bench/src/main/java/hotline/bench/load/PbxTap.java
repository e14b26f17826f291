package hotline.bench.load;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.FilterAction;
import org.asteriskjava.manager.event.AgiExecEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewExtenEvent;
import org.asteriskjava.manager.event.NewStateEvent;
import org.asteriskjava.manager.event.VarSetEvent;

/**
 * What the load driver learns from one Asterisk's AMI, on its own connection, with Asterisk's own event times
 * ({@code timestampevents = yes}). On the pbx: the citizen's channel (by caller number), when it started the inbound
 * FastAGI, whether the server offered a seat at once ({@code HOTLINE_SEAT} set by the AGI), its call id, the seat
 * channel linked to it (created, ringing, answered) and the callback offer being played to it. On the carrier: its
 * channels and their hang-up causes.
 *
 * <p>The connection asks Asterisk for only those events (AMI {@code Filter}), so the tap's own cost on the instance
 * stays small; the server's connection gets everything as usual.
 */
final class PbxTap implements AutoCloseable {
    /** One citizen call as the pbx saw it; fields are set once, by the AMI reader thread. */
    static final class Leg {
        volatile String callerNumber;
        volatile String channel;
        volatile Instant created;
        volatile Instant agiStart;
        volatile boolean seatAtOnce;
        volatile String callId;
        volatile Instant seatCreated;
        volatile Instant seatRang;
        volatile Instant seatAnswered;
        volatile Instant hungUp;
        volatile Integer cause;
        volatile boolean callbackOffered;
    }

    private final java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();
    private static final boolean DEBUG = System.getenv("HOTLINE_LOAD_DEBUG") != null;
    private final ManagerConnection ami;
    private final String trunkPrefix;
    private final Map<String, Leg> byUid = new ConcurrentHashMap<>();
    private final Map<String, Leg> byChannel = new ConcurrentHashMap<>();
    private final Map<String, Leg> byCaller = new ConcurrentHashMap<>();
    private final Map<String, Boolean> live = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> contexts = new ConcurrentHashMap<>();
    private volatile BiConsumer<Leg, String> onCallbackOffer = (l, c) -> { };
    private volatile BiConsumer<Leg, String> onSeatAnswered = (l, c) -> { };

    private PbxTap(ManagerConnection ami, String trunkPrefix) {
        this.ami = ami;
        this.trunkPrefix = trunkPrefix;
    }

    /**
     * Connects and subscribes.
     *
     * @param trunkPrefix channel name prefix of the citizen legs on this instance ({@code PJSIP/carrier-} on the pbx,
     *                    {@code PJSIP/pbx-} on the carrier)
     * @param filters     AMI event filters (regular expressions matched against each event)
     */
    static PbxTap connect(String host, int port, String user, String secret, String trunkPrefix, List<String> filters)
            throws Exception {
        ManagerConnection c = new ManagerConnectionFactory(host, port, user, secret).createManagerConnection();
        PbxTap tap = new PbxTap(c, trunkPrefix);
        c.addEventListener(tap::onEvent);
        c.login();
        for (String f : filters) {
            c.sendAction(new FilterAction(f), 5_000);
        }
        return tap;
    }

    /** The filters the pbx tap needs. */
    static List<String> pbxFilters() {
        return List.of("Event: Newchannel", "Event: Newstate", "Event: Hangup", "Application: AGI",
                "Variable: HOTLINE_(CALL_ID|SEAT)", "callback-offer");
    }

    /** The filters the carrier tap needs. */
    static List<String> carrierFilters() {
        return List.of("Event: Newchannel", "Event: Hangup");
    }

    void onCallbackOffer(BiConsumer<Leg, String> handler) {
        this.onCallbackOffer = handler;
    }

    void onSeatAnswered(BiConsumer<Leg, String> handler) {
        this.onSeatAnswered = handler;
    }

    // Asterisk-Java delivers one connection's events in order on one thread.
    private void onEvent(ManagerEvent e) {
        events.incrementAndGet();
        if (DEBUG) {
            System.out.println("tap " + trunkPrefix + " " + e);
        }
        if (e instanceof NewChannelEvent n && n.getUniqueId() != null) {
            live.put(n.getUniqueId(), Boolean.TRUE);
            if (n.getContext() != null) {
                // an Originate's own channel starts at exten s; a call coming in starts at the number dialled
                String key = n.getContext() + ("s".equals(n.getExten()) ? "/s" : "/number");
                contexts.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicLong())
                        .incrementAndGet();
            }
            String ch = n.getChannel();
            if (ch != null && ch.startsWith(trunkPrefix)) {
                Leg leg = new Leg();
                leg.callerNumber = n.getCallerIdNum();
                leg.channel = ch;
                leg.created = at(e);
                byUid.put(n.getUniqueId(), leg);
                byChannel.put(ch, leg);
                if (leg.callerNumber != null) {
                    byCaller.put(leg.callerNumber, leg);
                }
            } else if (n.getLinkedid() != null && !n.getLinkedid().equals(n.getUniqueId())) {
                Leg leg = byUid.get(n.getLinkedid());
                if (leg != null && leg.seatCreated == null) {
                    leg.seatCreated = at(e);
                }
            }
        } else if (e instanceof HangupEvent h && h.getUniqueId() != null) {
            live.remove(h.getUniqueId());
            Leg leg = byUid.get(h.getUniqueId());
            if (leg != null) {
                leg.hungUp = at(e);
                leg.cause = h.getCause();
                byChannel.remove(leg.channel);
            }
        } else if (e instanceof NewExtenEvent x && x.getUniqueId() != null && "AGI".equals(x.getApplication())
                && String.valueOf(x.getAppData()).contains("/inbound")) {
            Leg leg = byUid.get(x.getUniqueId());
            if (leg != null && leg.agiStart == null) {
                leg.agiStart = at(e);
            }
        } else if (e instanceof VarSetEvent v && v.getUniqueId() != null) {
            Leg leg = byUid.get(v.getUniqueId());
            if (leg == null || v.getValue() == null || v.getValue().isEmpty()) {
                return;
            }
            if ("HOTLINE_CALL_ID".equals(v.getVariable())) {
                leg.callId = v.getValue();
            } else if ("HOTLINE_SEAT".equals(v.getVariable()) && leg.seatCreated == null) {
                leg.seatAtOnce = true;
            }
        } else if (e instanceof NewStateEvent s && s.getChannelState() != null && s.getLinkedId() != null
                && s.getChannel() != null && !s.getChannel().startsWith(trunkPrefix)) {
            Leg leg = byUid.get(s.getLinkedId());
            if (leg == null) {
                return;
            }
            if (s.getChannelState() == 5 && leg.seatRang == null) {
                leg.seatRang = at(e);
            } else if (s.getChannelState() == 6 && leg.seatAnswered == null) {
                leg.seatAnswered = at(e);
                onSeatAnswered.accept(leg, s.getChannel());
            }
        } else if (e instanceof AgiExecEvent a && a.isStart() && a.getCommand() != null
                && a.getCommand().contains("callback-offer") && a.getChannel() != null) {
            Leg leg = byChannel.get(a.getChannel());
            if (leg != null && !leg.callbackOffered) {
                leg.callbackOffered = true;
                onCallbackOffer.accept(leg, a.getChannel());
            }
        }
    }

    /** Asterisk's own event time. */
    private static Instant at(ManagerEvent e) {
        Double ts = e.getTimestamp();
        return ts == null ? Instant.now() : Instant.ofEpochSecond(0, Math.round(ts * 1_000_000d) * 1_000L);
    }

    /** The citizen leg of a caller number, if this instance saw it. */
    Leg leg(String callerNumber) {
        return byCaller.get(callerNumber);
    }

    /**
     * Channels created so far that started in {@code context}, at exten {@code s} ({@code number} false: the carrier's
     * own Originate channels) or at a dialled number ({@code number} true: calls coming in).
     */
    long channelsIn(String context, boolean number) {
        var n = contexts.get(context + (number ? "/number" : "/s"));
        return n == null ? 0 : n.get();
    }

    /** Events received on this connection so far. */
    long events() {
        return events.get();
    }

    /** Round trip of an AMI Ping on this connection in milliseconds (-1 when it failed). */
    double pingMillis() {
        long t0 = System.nanoTime();
        try {
            ami.sendAction(new org.asteriskjava.manager.action.PingAction(), 30_000);
            return (System.nanoTime() - t0) / 1e6;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Channels of this instance that exist now (as far as its events told). */
    int liveChannels() {
        return live.size();
    }

    /** Forgets the legs of finished scenarios. */
    void forget(java.util.Collection<String> callerNumbers) {
        java.util.Set<String> gone = new java.util.HashSet<>(callerNumbers);
        byCaller.keySet().removeAll(gone);
        byUid.values().removeIf(l -> l.callerNumber != null && gone.contains(l.callerNumber));
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
