package hotline.bench.load;

import hotline.bench.load.LoadBench.Offered;
import hotline.bench.load.LoadBench.Scenario;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.Originated;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one scenario: every offered call accounted for from the carrier's view (its Originate responses)
 * and the server's (its call records in Redis), the pbx's event times, the CPU of each process, the server's heap.
 */
final class Report {
    private final Scenario s;
    private final List<Offered> calls;
    private final double placedSeconds;
    private final double totalSeconds;
    private final Map<String, Object> line = new java.util.LinkedHashMap<>();
    private final List<String> text = new ArrayList<>();
    private final Map<String, Map<String, String>> inbound = new HashMap<>();
    private final List<Map<String, String>> tasks = new ArrayList<>();

    Report(Scenario s, List<Offered> calls, double placedSeconds, double totalSeconds) {
        this.s = s;
        this.calls = calls;
        this.placedSeconds = placedSeconds;
        this.totalSeconds = totalSeconds;
        line.put("scenario", s.name());
        line.put("rate_cps", f2(s.rate()));
        line.put("calls_per_hour", Math.round(s.rate() * 3600));
        line.put("duration_s", s.duration().toSeconds());
        line.put("handle_s", LoadBench.fmt(s.handle().min()) + "-" + LoadBench.fmt(s.handle().max()));
        line.put("offered", calls.size());
        line.put("placed_cps", f2(calls.size() / placedSeconds));
    }

    void records(List<Map<String, String>> records) {
        for (Map<String, String> r : records) {
            if ("callback".equals(r.get("kind"))) {
                tasks.add(r);
            } else if (!"outbound".equals(r.get("kind"))) {
                inbound.merge(r.get("callerNumber"), r, (a, b) -> a); // one inbound call per caller number
            }
        }
        int originOk = 0;
        int originFail = 0;
        int originPending = 0;
        Map<String, Integer> failReasons = new TreeMap<>();
        int answered = 0;
        int abandoned = 0;
        int callback = 0;
        int fallback = 0;
        int otherEnded = 0;
        int open = 0;
        int noRecord = 0;
        int noRecordOriginFailed = 0;
        int overflowed = 0;
        int withinTarget = 0;
        int transcripts = 0;
        List<Double> waits = new ArrayList<>();
        Map<String, Integer> endedBy = new TreeMap<>();
        for (Offered c : calls) {
            Originated o = c.originated.getNow(null);
            boolean failed = false;
            if (!c.originated.isDone()) {
                originPending++;
            } else if (c.originated.isCompletedExceptionally() || o == null || !o.success()) {
                originFail++;
                failed = true;
                String reason = o == null ? "error" : o.reason();
                failReasons.merge(reason, 1, Integer::sum);
            } else {
                originOk++;
            }
            Map<String, String> r = inbound.get(c.caller);
            if (r == null) {
                noRecord++;
                if (failed) {
                    noRecordOriginFailed++;
                }
                continue;
            }
            if ("true".equals(r.get("transcript"))) {
                transcripts++;
            }
            if ("reserve".equals(r.get("queue"))) {
                overflowed++;
            }
            String state = r.getOrDefault("state", "");
            if (!state.equals("ended") && !state.equals("fallback")) {
                open++;
            }
            endedBy.merge(r.getOrDefault("endedBy", state), 1, Integer::sum);
            if (state.equals("fallback")) {
                fallback++;
            } else if (notBlank(r.get("answeredAt"))) {
                answered++;
                double w = Duration.between(Instant.parse(r.get("arrivedAt")), Instant.parse(r.get("answeredAt")))
                        .toMillis() / 1000.0;
                waits.add(w);
                if (w <= 15) {
                    withinTarget++;
                }
            } else if ("callback".equals(r.get("endedBy"))) {
                callback++;
            } else if ("true".equals(r.get("abandoned"))) {
                abandoned++;
            } else if (state.equals("ended")) {
                otherEnded++;
            }
        }
        int taskAnswered = 0;
        for (Map<String, String> t : tasks) {
            if (notBlank(t.get("answeredAt"))) {
                taskAnswered++;
            }
        }
        int lost = noRecord - noRecordOriginFailed + open;
        double sl = answered + abandoned == 0 ? 0 : 100.0 * withinTarget / (answered + abandoned);
        text.add(String.format(Locale.ROOT, "carrier (AMI Originate responses): %d offered, %d reached the pbx, %d"
                + " failed %s, %d without a response", calls.size(), originOk, originFail, failReasons, originPending));
        text.add(String.format(Locale.ROOT, "server (Redis call records): %d of %d calls have a record; answered %d,"
                        + " abandoned %d, took a callback %d, native fallback %d, other ended %d, still open %d;"
                        + " endedBy %s", inbound.size(), calls.size(), answered, abandoned, callback, fallback,
                otherEnded, open, endedBy));
        text.add(String.format(Locale.ROOT, "accounted: %d without a server record (%d of them failed at the"
                        + " carrier), %d open -> lost %d", noRecord, noRecordOriginFailed, open, lost));
        text.add(String.format(Locale.ROOT, "service level (answered within 15 s / answered + abandoned) %.1f %%;"
                        + " wait to answer p50 %.1f s, p90 %.1f s, p99 %.1f s, max %.1f s; overflowed to reserve %d",
                sl, pct(waits, 50), pct(waits, 90), pct(waits, 99), pct(waits, 100), overflowed));
        text.add(String.format(Locale.ROOT, "callback tasks %d, reached an agent and the citizen %d", tasks.size(),
                taskAnswered));
        line.put("answered", answered);
        line.put("abandoned", abandoned);
        line.put("callback", callback);
        line.put("fallback", fallback);
        line.put("other_ended", otherEnded);
        line.put("lost", lost);
        line.put("carrier_failed", originFail);
        line.put("sl_pct", f1(sl));
        line.put("wait_p90_s", f1(pct(waits, 90)));
        line.put("wait_max_s", f1(pct(waits, 100)));
        line.put("overflowed", overflowed);
        line.put("callback_tasks", tasks.size());
        line.put("callback_tasks_answered", taskAnswered);
        line.put("transcripts", transcripts);
    }

    void taps(PbxTap pbx, CarrierDialer carrier) {
        List<Double> routing = new ArrayList<>();
        List<Double> ring = new ArrayList<>();
        List<Double> ringAll = new ArrayList<>();
        int atOnce = 0;
        int offers = 0;
        for (Offered c : calls) {
            PbxTap.Leg leg = pbx.leg(c.caller);
            if (leg == null) {
                continue;
            }
            if (leg.callbackOffered) {
                offers++;
            }
            Originated o = c.originated.getNow(null);
            Instant invite = o == null || o.uniqueId() == null ? null
                    : carrier.channelCreatedAt(o.uniqueId()).orElse(null);
            if (invite != null && leg.seatRang != null) {
                ringAll.add(ms(invite, leg.seatRang));
            }
            if (!leg.seatAtOnce) {
                continue;
            }
            atOnce++;
            if (leg.agiStart != null && leg.seatCreated != null) {
                routing.add(ms(leg.agiStart, leg.seatCreated));
            }
            if (invite != null && leg.seatRang != null) {
                ring.add(ms(invite, leg.seatRang));
            }
        }
        text.add(String.format(Locale.ROOT, "offered a seat at once %d; routing (pbx: inbound AGI starts -> seat"
                        + " channel created) p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d calls)", atOnce,
                pct(routing, 50), pct(routing, 99), pct(routing, 100), routing.size()));
        text.add(String.format(Locale.ROOT, "INVITE to ring (carrier Newchannel -> pbx seat Ringing), seat at once:"
                        + " p50 %.1f ms, p99 %.1f ms (%d calls); all calls incl. waiting: p50 %.1f ms, p99 %.1f ms",
                pct(ring, 50), pct(ring, 99), ring.size(), pct(ringAll, 50), pct(ringAll, 99)));
        line.put("seat_at_once", atOnce);
        line.put("routing_p50_ms", f1(pct(routing, 50)));
        line.put("routing_p99_ms", f1(pct(routing, 99)));
        line.put("invite_to_ring_p50_ms", f1(pct(ring, 50)));
        line.put("invite_to_ring_p99_ms", f1(pct(ring, 99)));
        line.put("callbacks_offered", offers);
    }

    private double oursPct;

    void cpu(Map<String, Long> c0, Map<String, Long> cw, Map<String, Long> c1, double window, double total,
             LoadBench.Run.Sampler sampler) {
        StringBuilder b = new StringBuilder("CPU (100 % = one core): ");
        for (String k : c0.keySet()) {
            double avg = (cw.get(k) - c0.get(k)) / (10.0 * window);
            double perCall = calls.isEmpty() ? 0 : (double) (c1.get(k) - c0.get(k)) / calls.size();
            double peak = sampler.peak.getOrDefault(k, 0.0);
            b.append(String.format(Locale.ROOT, "%s avg %.1f %% (peak 5 s %.1f %%, %.2f ms per call incl. drain); ", k,
                    avg, peak, perCall));
            oursPct += avg;
            line.put(k + "_cpu_pct", f1(avg));
            line.put(k + "_cpu_peak_pct", f1(peak));
            line.put(k + "_cpu_ms_per_call", f2(perCall));
        }
        text.add(b.toString());
        text.add(String.format(Locale.ROOT, "peak pbx channels %d, window %.0f s placing + %.0f s draining",
                sampler.peakPbxChannels, window, total - window));
        line.put("pbx_channels_peak", sampler.peakPbxChannels);
        line.put("server_rss_peak_mb", sampler.peakServerRss);
    }

    void machine(long[] m0, long[] mw, long[] m1, double load0, double load1) {
        double busy = mw[1] == m0[1] ? 0 : 100.0 * (mw[0] - m0[0]) / (mw[1] - m0[1]);
        double others = Math.max(0, 2 * busy - oursPct);
        text.add(String.format(Locale.ROOT, "machine: %.1f %% of both cores busy while placing (all processes, other"
                + " sessions included); this lab's processes %.1f %% of a core, everything else (other sessions' builds"
                + " and tests, the kernel) %.1f %%; load average %.1f before, %.1f after", busy, oursPct, others,
                load0, load1));
        line.put("others_cpu_pct", f1(others));
        line.put("machine_busy_pct", f1(busy));
        line.put("load_avg_start", f1(load0));
        line.put("load_avg_end", f1(load1));
    }

    void gc(double[] g, long rss) {
        text.add(String.format(Locale.ROOT, "server heap (-Xmx1g, G1): peak before GC %.0f MiB, largest after GC %.0f"
                        + " MiB, committed %.0f MiB; %d GCs, %.0f ms paused in all, longest %.1f ms; RSS %d MiB at end",
                g[0], g[1], g[2], (long) g[3], g[4], g[5], rss));
        line.put("server_heap_peak_mb", Math.round(g[0]));
        line.put("server_heap_live_mb", Math.round(g[1]));
        line.put("server_gc_pause_max_ms", f1(g[5]));
    }

    void orders(long ok, long failed, long pressedOne, long callbacksToCitizens) {
        text.add(String.format(Locale.ROOT, "orders submitted and pushed %d (failed %d); citizens who pressed 1 for a"
                + " callback %d; callback calls reaching the carrier %d", ok, failed, pressedOne, callbacksToCitizens));
        line.put("orders_pushed", ok);
        line.put("orders_failed", failed);
        line.put("callbacks_pressed", pressedOne);
    }

    void figures(JsonObject f) {
        text.add("server figures (GET /api/figures, since the server started): " + compact(f));
    }

    private static String compact(JsonObject f) {
        StringBuilder b = new StringBuilder();
        Object q = f.getValue("queues");
        if (q instanceof io.vertx.core.json.JsonArray a) {
            for (Object o : a) {
                JsonObject j = (JsonObject) o;
                b.append(j.getString("queue", "?")).append(' ');
                for (String k : List.of("answered", "answeredInTarget", "abandoned", "serviceLevel",
                        "callbacksOffered", "callbacksScheduled", "waiting", "averageHandleSeconds")) {
                    if (j.containsKey(k)) {
                        b.append(k).append('=').append(j.getValue(k)).append(' ');
                    }
                }
                b.append("; ");
            }
            return b.toString();
        }
        String s = f.encode();
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }

    void agents(io.vertx.core.json.JsonArray agents) {
        Map<String, Integer> states = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        for (Object o : agents) {
            JsonObject a = (JsonObject) o;
            states.merge(a.getString("state"), 1, Integer::sum);
            if ("NOT_READY".equals(a.getString("state"))) {
                reasons.merge(String.valueOf(a.getValue("reason")), 1,
                        Integer::sum);
            }
        }
        text.add("agents at the end: " + states + (reasons.isEmpty() ? "" : ", not ready because " + reasons));
        line.put("agents_not_ready_end", states.getOrDefault("NOT_READY", 0));
    }

    void asr(JsonObject asr) {
        text.add(String.format(Locale.ROOT, "ASR (GET /api/asr, since the server started): capacity %s streams,"
                        + " transcribed calls %s, calls skipped at capacity %s, streams skipped %s",
                asr.getValue("capacity"), asr.getValue("transcribedCalls"), asr.getValue("skippedCalls"),
                asr.getValue("skippedStreams")));
        line.put("asr_capacity", asr.getValue("capacity"));
        line.put("asr_skipped_calls_total", asr.getValue("skippedCalls"));
    }

    void serverLog(String log) {
        int redirectTimeouts = count(log, "no response to Redirect");
        int offerFailed = count(log, "offer failed in Asterisk");
        int warn = count(log, " WARN ");
        int error = count(log, " ERROR ");
        text.add(String.format(Locale.ROOT, "server log: %d WARN, %d ERROR; AMI Redirect without a response within"
                + " the action timeout %d, offers failed in Asterisk %d", warn, error, redirectTimeouts, offerFailed));
        line.put("server_warn", warn);
        line.put("server_error", error);
        line.put("ami_redirect_timeouts", redirectTimeouts);
    }

    void ami(List<Double> pings, long probeEvents) {
        List<Double> ok = pings.stream().filter(p -> p >= 0).toList();
        text.add(String.format(Locale.ROOT, "AMI Ping on the driver's filtered pbx session every 5 s: p50 %.1f ms,"
                        + " max %.1f ms (%d of %d answered)%s", pct(ok, 50), pct(ok, 100), ok.size(), pings.size(),
                probeEvents < 0 ? "" : String.format(Locale.ROOT, "; an unfiltered session got %d events, %.0f per"
                        + " offered call", probeEvents, calls.isEmpty() ? 0.0 : (double) probeEvents / calls.size())));
        line.put("ami_ping_max_ms", f1(pct(ok, 100)));
        if (probeEvents >= 0) {
            line.put("ami_events_per_call", calls.isEmpty() ? 0 : Math.round((double) probeEvents / calls.size()));
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    void print() {
        System.out.println();
        System.out.println("== " + s.name() + " ==");
        text.forEach(t -> System.out.println("  " + t));
        StringBuilder b = new StringBuilder("load");
        line.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        System.out.println(b);
        System.out.flush();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank() && !"null".equals(s);
    }

    private static double ms(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e6;
    }

    static double pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
