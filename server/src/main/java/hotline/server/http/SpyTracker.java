package hotline.server.http;

import hotline.telephony.TelephonyEvent;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What each supervisor's listen / whisper / barge call is doing now, from the pbx's own events: {@code ringing} once
 * the Originate is queued, {@code connected} when the supervisor's seat answered (the Originate's
 * {@code OriginateResponse: Success}), {@code ended} when the spy leg hangs up (the supervisor hung up, or ChanSpy's
 * {@code E} option ended it because the spied channel hung up), when the agent's seat channel hangs up (the spied call
 * ended) or when the supervisor's seat never answered. One entry per supervisor seat: a new spy from the seat
 * replaces the last. Not thread-safe: used on the hotline verticle's context only (the AMI sink hops there).
 */
public final class SpyTracker {
    /** The spy call's state. */
    public enum State { RINGING, CONNECTED, ENDED }

    /** Why a spy ended. */
    public enum EndReason { HUNG_UP, CALL_ENDED, NOT_ANSWERED, REFUSED }

    /** One supervisor seat's spy call. {@code uniqueId} is the spy leg's channel once known. */
    public record Spy(long id, String supervisorId, String seat, String agentId, String agentSeat, String mode,
                      String callId, State state, Instant since, String uniqueId, EndReason endReason) {
        Spy with(State s, Instant at, String unique, EndReason reason) {
            return new Spy(id, supervisorId, seat, agentId, agentSeat, mode, callId, s, at, unique, reason);
        }

        /** The wire form of {@code GET /api/supervisor/spies}. */
        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("supervisorId", supervisorId).put("seat", seat)
                    .put("agentId", agentId).put("agentSeat", agentSeat).put("mode", mode).put("callId", callId)
                    .put("state", state.name().toLowerCase(java.util.Locale.ROOT)).put("since", since.toString())
                    .put("endReason", endReason == null ? null
                            : endReason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
    }

    private final Clock clock;
    private final Map<String, Spy> bySeat = new LinkedHashMap<>();
    private long nextId = 1;

    public SpyTracker(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The supervisor's seat is being rung to spy on {@code agentSeat}'s call; returns the spy's id. */
    public long started(String supervisorId, String seat, String agentId, String agentSeat, String mode,
                        String callId) {
        long id = nextId++;
        bySeat.put(seat, new Spy(id, supervisorId, seat, agentId, agentSeat, mode, callId, State.RINGING,
                clock.instant(), null, null));
        return id;
    }

    /** The supervisor's seat answered: the spy leg {@code uniqueId} runs ChanSpy. */
    public void answered(String seat, long id, String uniqueId) {
        Spy s = current(seat, id);
        if (s != null && s.state() == State.RINGING) {
            bySeat.put(seat, s.with(State.CONNECTED, clock.instant(), uniqueId != null ? uniqueId : s.uniqueId(),
                    null));
        }
    }

    /** The Originate failed: refused by Asterisk ({@code refused}) or the supervisor's seat did not answer. */
    public void failed(String seat, long id, boolean refused) {
        end(current(seat, id), refused ? EndReason.REFUSED : EndReason.NOT_ANSWERED);
    }

    /** Follows the spy legs and the spied seats' channels. */
    public void onEvent(TelephonyEvent event) {
        if (event instanceof TelephonyEvent.ChannelRinging r && r.channel() != null) {
            for (Spy s : List.copyOf(bySeat.values())) {
                if (s.state() == State.RINGING && s.uniqueId() == null && onSeat(r.channel(), s.seat())) {
                    bySeat.put(s.seat(), s.with(State.RINGING, s.since(), r.uniqueId(), null));
                }
            }
        } else if (event instanceof TelephonyEvent.ChannelHungUp h && h.channel() != null) {
            for (Spy s : List.copyOf(bySeat.values())) {
                if (s.state() == State.ENDED) {
                    continue;
                }
                boolean spyLeg = s.uniqueId() != null ? s.uniqueId().equals(h.uniqueId())
                        : onSeat(h.channel(), s.seat());
                if (spyLeg) {
                    end(s, EndReason.HUNG_UP);
                } else if (s.state() == State.CONNECTED && onSeat(h.channel(), s.agentSeat())) {
                    end(s, EndReason.CALL_ENDED);
                }
            }
        }
    }

    /** The spy of the supervisor's {@code seat}, the latest one (ended ones stay until replaced). */
    public Optional<Spy> of(String seat) {
        return Optional.ofNullable(bySeat.get(seat));
    }

    /** Every seat's latest spy. */
    public List<Spy> all() {
        return new ArrayList<>(bySeat.values());
    }

    private Spy current(String seat, long id) {
        Spy s = bySeat.get(seat);
        return s != null && s.id() == id ? s : null;
    }

    private void end(Spy s, EndReason reason) {
        if (s != null && s.state() != State.ENDED) {
            bySeat.put(s.seat(), s.with(State.ENDED, clock.instant(), s.uniqueId(), reason));
        }
    }

    // PJSIP/1010-0000002a is seat 1010's channel; PJSIP/10100-... is not
    private static boolean onSeat(String channel, String seat) {
        return channel.startsWith("PJSIP/" + seat + "-");
    }
}
