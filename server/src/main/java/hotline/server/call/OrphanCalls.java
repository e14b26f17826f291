package hotline.server.call;

import hotline.dispatch.calls.CallRecord;
import hotline.dispatch.calls.CallStore;
import hotline.dispatch.calls.TimelineEntry;
import hotline.routing.acd.Priority;
import hotline.telephony.TelephonyEvent.ChannelInfo;
import io.vertx.core.Future;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the call records of callers that Asterisk has on hold in {@code [hotline-wait]} but a restored routing state
 * does not know: they arrived after the previous leader last saved the state, before it died. Each such channel is
 * matched to its record by uniqueid among the {@code lookback} most recent calls; a record that says the call was
 * answered, ended, went to the fallback queue or accepted a callback is not an orphan.
 */
final class OrphanCalls {

    /** A waiting caller to adopt: its channel now and what its record says about its arrival. */
    record Orphan(String callId, String uniqueId, String channel, Instant arrivedAt, String callerNumber,
                  Priority priority, Map<String, String> ivr, int lastSeq) {
    }

    private OrphanCalls() {
    }

    /**
     * Looks the channels' records up in {@code store}.
     *
     * @param waiting  channels in the hold context that the controller does not know
     * @param known    call ids the controller already has (never adopted again)
     * @param lookback how many of the most recent calls to search
     * @return the orphans found, in the order of {@code waiting}; channels without a matching record are left out
     */
    static Future<List<Orphan>> find(CallStore store, List<ChannelInfo> waiting, Set<String> known, int lookback) {
        Map<String, ChannelInfo> byUniqueId = new LinkedHashMap<>();
        waiting.forEach(c -> byUniqueId.put(c.uniqueId(), c));
        return store.recent(lookback).compose(ids -> {
            List<Future<Optional<CallRecord>>> finds = new ArrayList<>();
            for (String id : ids) {
                if (!known.contains(id)) {
                    finds.add(store.find(id));
                }
            }
            return Future.all(finds).map(all -> {
                Map<String, Orphan> found = new HashMap<>();
                for (Future<Optional<CallRecord>> f : finds) {
                    f.result().ifPresent(r -> {
                        ChannelInfo ch = byUniqueId.get(r.fields().get("uniqueId"));
                        Orphan o = ch == null ? null : orphan(r, ch);
                        if (o != null) {
                            found.putIfAbsent(o.uniqueId(), o);
                        }
                    });
                }
                List<Orphan> ordered = new ArrayList<>();
                for (String uid : byUniqueId.keySet()) {
                    if (found.containsKey(uid)) {
                        ordered.add(found.get(uid));
                    }
                }
                return ordered;
            });
        });
    }

    /** The orphan a record describes, or null when the record says the call is not waiting any more. */
    static Orphan orphan(CallRecord r, ChannelInfo ch) {
        Map<String, String> f = r.fields();
        String state = f.getOrDefault("state", "");
        boolean waiting = switch (state) {
            case "arrived", "queued", "offered", "ringing" -> true;
            default -> false;
        };
        if (!waiting || f.containsKey("answeredAt") || f.containsKey("endedAt") || f.containsKey("callbackTask")) {
            return null;
        }
        Instant arrivedAt;
        try {
            arrivedAt = Instant.parse(f.getOrDefault("arrivedAt", ""));
        } catch (DateTimeException e) {
            return null;
        }
        Priority priority = null;
        try {
            priority = f.containsKey("priority") ? Priority.valueOf(f.get("priority")) : null;
        } catch (IllegalArgumentException e) {
            priority = null; // decided again as on arrival
        }
        Map<String, String> ivr = new HashMap<>();
        f.forEach((k, v) -> {
            if (k.startsWith("ivr.")) {
                ivr.put(k.substring(4), v);
            }
        });
        int lastSeq = r.timeline().stream().mapToInt(TimelineEntry::seq).max().orElse(0);
        String number = f.getOrDefault("callerNumber", "");
        return new Orphan(r.callId(), ch.uniqueId(), ch.channel(), arrivedAt, number.isEmpty() ? null : number,
                priority, Map.copyOf(ivr), lastSeq);
    }
}
