package hotline.routing.ivr;

import hotline.routing.ivr.IvrAction.Collect;
import hotline.routing.ivr.IvrAction.Finish;
import hotline.routing.ivr.IvrAction.LookupOrder;
import hotline.routing.ivr.IvrAction.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One call's walk through an {@link IvrMenu}: each input gives the next {@link IvrAction}.
 *
 * <p>Rules: no input or an invalid key at a node is retried {@link IvrMenu#maxRetries()} times (the prompt is
 * replayed after {@code no-input} or {@code invalid}), then the call goes to an agent: a caller is never left at a
 * dead end. Keys whose {@link IvrOption#requires() condition} does not hold do not exist. Choices add attributes;
 * a later choice of the same attribute replaces the earlier one.
 *
 * <p>Prompt names the session asks for beyond the menu's own: {@code no-input}, {@code invalid},
 * {@code order-unknown}, {@code order-number}, {@code digit-0}..{@code digit-9}, {@code status-<code>},
 * {@code deadline}, {@code month-1}..{@code month-12}, {@code day-1}..{@code day-31}, {@code hour-0}..{@code hour-23},
 * {@code status-after}, {@code goodbye}.
 *
 * <p>Not thread-safe: one session belongs to one call's FastAGI thread. No IO, no clock: instants are passed in.
 */
public final class IvrSession {

    private enum Phase { MENU, ASK_ORDER, LOOKUP, AFTER_READBACK, DONE }

    private final IvrMenu menu;
    private final Set<String> conditions;
    private final Instant startedAt;
    private final Map<String, String> attributes = new TreeMap<>();
    private final List<IvrSummary.Visit> visits = new ArrayList<>();
    private String language;
    private IvrNode node;
    private Instant enteredAt;
    private int failures;
    private Phase phase;
    private IvrAction pending;
    private IvrSummary summary;
    private boolean served;

    private IvrSession(IvrMenu menu, Set<String> conditions, Instant now) {
        this.menu = menu;
        this.conditions = Set.copyOf(conditions);
        this.startedAt = now;
        this.language = menu.defaultLanguage();
    }

    /**
     * Starts a session at the menu's start node.
     *
     * @param menu       the menu
     * @param conditions the conditions that hold for this call (e.g. {@code leaderSession} while a session runs,
     *                   {@code openOrders} when the caller's number has open orders)
     * @param now        the current time
     * @return the session; {@link #action()} says what to do first
     */
    public static IvrSession start(IvrMenu menu, Set<String> conditions, Instant now) {
        Objects.requireNonNull(menu, "menu");
        Objects.requireNonNull(conditions, "conditions");
        Objects.requireNonNull(now, "now");
        IvrSession s = new IvrSession(menu, conditions, now);
        s.enter(menu.start(), now, List.of(), "menu");
        return s;
    }

    /** The action the adapter must carry out now. */
    public IvrAction action() {
        return pending;
    }

    /** The summary once the session has finished or the caller hung up; empty before. */
    public Optional<IvrSummary> summary() {
        return Optional.ofNullable(summary);
    }

    /**
     * Reports the keys collected for the pending {@link Collect}.
     *
     * @param digits the keys, possibly empty (no input); a trailing {@code #} is ignored
     * @param now    the current time
     * @return the next action
     * @throws IllegalStateException if the pending action is not a {@code Collect}
     */
    public IvrAction onInput(String digits, Instant now) {
        Objects.requireNonNull(now, "now");
        if (!(pending instanceof Collect)) {
            throw new IllegalStateException("no input expected now: pending " + pending);
        }
        String keys = digits == null ? "" : digits.endsWith("#") ? digits.substring(0, digits.length() - 1) : digits;
        switch (phase) {
            case MENU -> onMenuInput(keys, now);
            case ASK_ORDER -> onOrderNumber(keys, now);
            case AFTER_READBACK -> onAfterReadback(keys, now);
            default -> throw new IllegalStateException("no input expected in phase " + phase);
        }
        return pending;
    }

    /**
     * Reports the result of the pending {@link LookupOrder}.
     *
     * @param found the order, or empty when there is no such order
     * @param now   the current time
     * @return the next action
     * @throws IllegalStateException if the pending action is not a {@code LookupOrder}
     */
    public IvrAction onOrderLookup(Optional<OrderStatusInfo> found, Instant now) {
        Objects.requireNonNull(found, "found");
        Objects.requireNonNull(now, "now");
        if (phase != Phase.LOOKUP) {
            throw new IllegalStateException("no order lookup pending: pending " + pending);
        }
        IvrNode.OrderStatus n = (IvrNode.OrderStatus) node;
        if (found.isEmpty()) {
            phase = Phase.ASK_ORDER;
            fail("order-unknown", "order-unknown", List.of(n.prompt()), n.maxDigits(), now);
            return pending;
        }
        failures = 0;
        phase = Phase.AFTER_READBACK;
        List<String> prompts = new ArrayList<>(readback(found.get()));
        prompts.add("status-after");
        pending = new Collect(n.id(), language, prompts, 1, menu.inputTimeout());
        served = true;
        return pending;
    }

    /**
     * Ends the menu and hands the call to an agent, whatever was pending: for failures outside the menu's rules (an
     * order lookup that failed, a prompt that cannot be played). A finished session is left as it is.
     *
     * @param reason why, e.g. {@code lookup-failed}
     * @param now    the current time
     * @return the pending action: a {@link Finish} to an agent (or the earlier finish)
     */
    public IvrAction handOver(String reason, Instant now) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(now, "now");
        if (summary == null) {
            finish(Result.TO_AGENT, List.of(), reason, now);
        }
        return pending;
    }

    /**
     * The caller hung up: the session ends where it is.
     *
     * @param now the current time
     * @return the summary (outcome {@link IvrSummary.Outcome#HUNG_UP}), or the existing one if already finished
     */
    public IvrSummary hangup(Instant now) {
        Objects.requireNonNull(now, "now");
        if (summary == null) {
            leave(now);
            phase = Phase.DONE;
            summary = new IvrSummary(IvrSummary.Outcome.HUNG_UP, visits, attributes, "hangup",
                    Duration.between(startedAt, now));
        }
        return summary;
    }

    private void onMenuInput(String keys, Instant now) {
        if (node instanceof IvrNode.Announce a) {
            leave(now);
            enter(a.next(), now, List.of(), "menu");
            return;
        }
        IvrNode.Menu m = (IvrNode.Menu) node;
        if (keys.isEmpty()) {
            fail("no-input", "no-input", menuPrompts(m), m.maxDigits(), now);
            return;
        }
        IvrOption o = m.options().get(keys);
        if (o == null || !available(o)) {
            fail("invalid", "invalid-input", menuPrompts(m), m.maxDigits(), now);
            return;
        }
        apply(o.set());
        leave(now);
        enter(o.next(), now, List.of(), "menu");
    }

    private void onOrderNumber(String keys, Instant now) {
        IvrNode.OrderStatus n = (IvrNode.OrderStatus) node;
        if (keys.isEmpty()) {
            fail("no-input", "no-input", List.of(n.prompt()), n.maxDigits(), now);
        } else if (keys.equals("0")) {
            finish(Result.TO_AGENT, List.of(), "agent-key", now);
        } else if (keys.equals("*")) {
            phase = Phase.LOOKUP;
            pending = new LookupOrder(n.id(), null);
        } else if (keys.matches("[0-9]+")) {
            phase = Phase.LOOKUP;
            pending = new LookupOrder(n.id(), keys);
        } else {
            fail("invalid", "invalid-input", List.of(n.prompt()), n.maxDigits(), now);
        }
    }

    private void onAfterReadback(String keys, Instant now) {
        IvrNode.OrderStatus n = (IvrNode.OrderStatus) node;
        switch (keys) {
            case "" -> finish(Result.SELF_SERVED, List.of("goodbye"), "served", now);
            case "0" -> finish(Result.TO_AGENT, List.of(), "agent-key", now);
            case "1" -> {
                failures = 0;
                phase = Phase.ASK_ORDER;
                pending = new Collect(n.id(), language, List.of(n.prompt()), n.maxDigits(), menu.inputTimeout());
            }
            default -> fail("invalid", "invalid-input", List.of("status-after"), 1, now);
        }
    }

    // A failed try at the current node: replay with a hint, or hand over to an agent when tries are used up.
    private void fail(String hint, String reason, List<String> prompts, int maxDigits, Instant now) {
        failures++;
        if (failures > menu.maxRetries()) {
            finish(Result.TO_AGENT, List.of(), reason, now);
            return;
        }
        List<String> all = new ArrayList<>();
        all.add(hint);
        all.addAll(prompts);
        pending = new Collect(node.id(), language, all, maxDigits, menu.inputTimeout());
    }

    private void enter(String id, Instant now, List<String> prefix, String reason) {
        node = menu.nodes().get(id);
        enteredAt = now;
        failures = 0;
        if (node instanceof IvrNode.Announce a) {
            phase = Phase.MENU;
            pending = new Collect(a.id(), language, List.of(a.prompt()), 0, menu.inputTimeout());
        } else if (node instanceof IvrNode.Menu m) {
            phase = Phase.MENU;
            List<String> prompts = new ArrayList<>(prefix);
            prompts.addAll(menuPrompts(m));
            pending = new Collect(m.id(), language, prompts, m.maxDigits(), menu.inputTimeout());
        } else if (node instanceof IvrNode.OrderStatus o) {
            apply(o.set());
            phase = Phase.ASK_ORDER;
            pending = new Collect(o.id(), language, List.of(o.prompt()), o.maxDigits(), menu.inputTimeout());
        } else if (node instanceof IvrNode.ToAgent t) {
            enteredAt = null; // the hand-over is not a stay: the path ends at the node that chose it
            apply(t.set());
            finish(Result.TO_AGENT, List.of(), reason, now);
        }
    }

    private List<String> menuPrompts(IvrNode.Menu m) {
        List<String> prompts = new ArrayList<>();
        prompts.add(m.prompt());
        for (IvrOption o : m.options().values()) {
            if (o.prompt() != null && available(o)) {
                prompts.add(o.prompt());
            }
        }
        return prompts;
    }

    private boolean available(IvrOption o) {
        return o.requires() == null || conditions.contains(o.requires());
    }

    private void apply(Map<String, String> set) {
        attributes.putAll(set);
        String lang = set.get(IvrMenu.LANGUAGE);
        if (lang != null) {
            language = lang;
        }
    }

    private void finish(Result result, List<String> prompts, String reason, Instant now) {
        leave(now);
        phase = Phase.DONE;
        attributes.putIfAbsent(IvrMenu.LANGUAGE, language);
        pending = new Finish(result, language, attributes, prompts, reason);
        IvrSummary.Outcome outcome = result == Result.SELF_SERVED ? IvrSummary.Outcome.SELF_SERVED
                : IvrSummary.Outcome.TO_AGENT;
        summary = new IvrSummary(outcome, visits, attributes, reason, Duration.between(startedAt, now));
    }

    private void leave(Instant now) {
        if (node != null && enteredAt != null) {
            visits.add(new IvrSummary.Visit(node.id(), Duration.between(enteredAt, now)));
            enteredAt = null;
        }
    }

    /** Whether the caller has heard an order's status in this session. */
    public boolean served() {
        return served;
    }

    private static List<String> readback(OrderStatusInfo info) {
        List<String> p = new ArrayList<>();
        p.add("order-number");
        for (char c : info.number().toCharArray()) {
            p.add("digit-" + c);
        }
        p.add("status-" + info.status());
        if (info.deadline() != null) {
            p.add("deadline");
            p.add("month-" + info.deadline().getMonthValue());
            p.add("day-" + info.deadline().getDayOfMonth());
            p.add("hour-" + info.deadline().getHour());
        }
        return p;
    }
}
