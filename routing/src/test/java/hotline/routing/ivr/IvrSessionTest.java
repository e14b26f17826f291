package hotline.routing.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.routing.ivr.IvrAction.Collect;
import hotline.routing.ivr.IvrAction.Finish;
import hotline.routing.ivr.IvrAction.LookupOrder;
import hotline.routing.ivr.IvrAction.Result;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IvrSessionTest {

    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");

    /** The shape of the default tree: welcome, language, business line, district, order status. */
    static IvrMenu menu() {
        Map<String, IvrNode> nodes = new LinkedHashMap<>();
        nodes.put("welcome", new IvrNode.Announce("welcome", "welcome", "language"));
        nodes.put("language", new IvrNode.Menu("language", "language-menu", 1, Map.of(
                "1", IvrOption.of("1", Map.of("language", "zh"), "business"),
                "2", IvrOption.of("2", Map.of("language", "en"), "business"))));
        nodes.put("business", new IvrNode.Menu("business", "business-menu", 1, Map.of(
                "1", IvrOption.of("1", Map.of("line", "citizen", "queue", "citizen"), "district"),
                "2", IvrOption.of("2", Map.of("line", "enterprise", "queue", "enterprise"), "agent"),
                "3", IvrOption.of("3", Map.of(), "status"),
                "4", new IvrOption("4", Map.of("line", "leader", "queue", "leader"), "district", "leaderSession",
                        "business-leader"),
                "0", IvrOption.of("0", Map.of(), "agent"))));
        nodes.put("district", new IvrNode.Menu("district", "district-menu", 2, Map.of(
                "01", IvrOption.of("01", Map.of("district", "110101"), "agent"),
                "05", IvrOption.of("05", Map.of("district", "110105"), "agent"),
                "0", IvrOption.of("0", Map.of(), "agent"))));
        nodes.put("status", new IvrNode.OrderStatus("status", "status-enter", 20, Map.of("line", "status")));
        nodes.put("agent", new IvrNode.ToAgent("agent", Map.of()));
        return new IvrMenu("welcome", "zh", List.of("zh", "en"), Duration.ofSeconds(5), Duration.ofSeconds(3), 2,
                nodes);
    }

    private Instant t = T0;

    private Instant later(int seconds) {
        t = t.plusSeconds(seconds);
        return t;
    }

    @Test
    void shouldWalkLanguageBusinessDistrictAndFinishWithTheirAttributes() {
        IvrSession s = IvrSession.start(menu(), Set.of(), T0);
        assertThat(s.action()).isEqualTo(new Collect("welcome", "zh", List.of("welcome"), 0, Duration.ofSeconds(5)));

        assertThat(s.onInput("", later(3))).isEqualTo(
                new Collect("language", "zh", List.of("language-menu"), 1, Duration.ofSeconds(5)));
        assertThat(s.onInput("2", later(4))).isEqualTo(
                new Collect("business", "en", List.of("business-menu"), 1, Duration.ofSeconds(5)));
        assertThat(s.onInput("1", later(5))).isEqualTo(
                new Collect("district", "en", List.of("district-menu"), 2, Duration.ofSeconds(5)));
        IvrAction end = s.onInput("05", later(6));

        assertThat(end).isEqualTo(new Finish(Result.TO_AGENT, "en",
                Map.of("language", "en", "line", "citizen", "queue", "citizen", "district", "110105"), List.of(),
                "menu"));
        IvrSummary summary = s.summary().orElseThrow();
        assertThat(summary.outcome()).isEqualTo(IvrSummary.Outcome.TO_AGENT);
        assertThat(summary.path()).isEqualTo("welcome>language>business>district");
        assertThat(summary.visits()).extracting(IvrSummary.Visit::spent).containsExactly(
                Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(6));
        assertThat(summary.total()).isEqualTo(Duration.ofSeconds(18));
    }

    @Test
    void shouldIgnoreTheHashThatEndsAMultiKeyChoice() {
        IvrSession s = IvrSession.start(menu(), Set.of(), T0);
        s.onInput("", T0);
        s.onInput("1", T0);
        s.onInput("1", T0);
        assertThat(s.onInput("01#", T0)).isInstanceOf(Finish.class);
        assertThat(s.summary().orElseThrow().attributes()).containsEntry("district", "110101");
    }

    @Test
    void shouldRetryNoInputTwiceThenGoToAnAgentInTheDefaultLanguage() {
        IvrSession s = IvrSession.start(menu(), Set.of(), T0);
        s.onInput("", later(3));

        assertThat(s.onInput("", later(5))).isEqualTo(
                new Collect("language", "zh", List.of("no-input", "language-menu"), 1, Duration.ofSeconds(5)));
        assertThat(s.onInput("", later(5))).isEqualTo(
                new Collect("language", "zh", List.of("no-input", "language-menu"), 1, Duration.ofSeconds(5)));
        IvrAction end = s.onInput("", later(5));

        assertThat(end).isEqualTo(new Finish(Result.TO_AGENT, "zh", Map.of("language", "zh"), List.of(),
                "no-input"));
    }

    @Test
    void shouldRetryInvalidKeysTwiceThenGoToAnAgentKeepingWhatWasChosen() {
        IvrSession s = IvrSession.start(menu(), Set.of(), T0);
        s.onInput("", T0);
        s.onInput("2", T0);

        assertThat(s.onInput("7", T0)).isEqualTo(
                new Collect("business", "en", List.of("invalid", "business-menu"), 1, Duration.ofSeconds(5)));
        assertThat(s.onInput("", T0)).isEqualTo(
                new Collect("business", "en", List.of("no-input", "business-menu"), 1, Duration.ofSeconds(5)));
        assertThat(s.onInput("9", T0)).isEqualTo(
                new Finish(Result.TO_AGENT, "en", Map.of("language", "en"), List.of(), "invalid-input"));
    }

    @Test
    void shouldResetTriesOnEachNewNode() {
        IvrSession s = IvrSession.start(menu(), Set.of(), T0);
        s.onInput("", T0);
        s.onInput("", T0);
        s.onInput("", T0);
        s.onInput("1", T0); // third try at language succeeds
        assertThat(s.onInput("8", T0)).isInstanceOf(Collect.class);
        assertThat(s.onInput("8", T0)).isInstanceOf(Collect.class);
        assertThat(s.onInput("8", T0)).isInstanceOf(Finish.class);
    }

    @Test
    void shouldOfferTheLeaderLineOnlyWhileALeaderSessionRuns() {
        IvrSession without = IvrSession.start(menu(), Set.of(), T0);
        without.onInput("", T0);
        Collect business = (Collect) without.onInput("1", T0);
        assertThat(business.prompts()).containsExactly("business-menu");
        assertThat(without.onInput("4", T0)).isEqualTo(
                new Collect("business", "zh", List.of("invalid", "business-menu"), 1, Duration.ofSeconds(5)));

        IvrSession with = IvrSession.start(menu(), Set.of("leaderSession"), T0);
        with.onInput("", T0);
        assertThat(((Collect) with.onInput("1", T0)).prompts()).containsExactly("business-menu", "business-leader");
        with.onInput("4", T0);
        with.onInput("05", T0);
        assertThat(with.summary().orElseThrow().attributes()).containsEntry("line", "leader")
                .containsEntry("queue", "leader").containsEntry("district", "110105");
    }

    @Test
    void shouldReadBackAKnownOrderAndEndAsSelfServedOnSilence() {
        IvrSession s = toStatus();
        assertThat(s.onInput("2026120100017#", T0)).isEqualTo(new LookupOrder("status", "2026120100017"));

        IvrAction readback = s.onOrderLookup(Optional.of(new OrderStatusInfo("2026120100017", "accepted",
                LocalDateTime.of(2026, 12, 2, 17, 30))), T0);

        assertThat(readback).isEqualTo(new Collect("status", "zh", List.of("order-number", "digit-2", "digit-0",
                "digit-2", "digit-6", "digit-1", "digit-2", "digit-0", "digit-1", "digit-0", "digit-0", "digit-0",
                "digit-1", "digit-7", "status-accepted", "deadline", "month-12", "day-2", "hour-17", "status-after"),
                1, Duration.ofSeconds(5)));
        assertThat(s.onInput("", later(10))).isEqualTo(new Finish(Result.SELF_SERVED, "zh",
                Map.of("language", "zh", "line", "status"), List.of("goodbye"), "served"));
        assertThat(s.summary().orElseThrow().outcome()).isEqualTo(IvrSummary.Outcome.SELF_SERVED);
    }

    @Test
    void shouldLookUpTheCallersLatestOpenOrderOnStar() {
        IvrSession s = toStatus();
        assertThat(s.onInput("*", T0)).isEqualTo(new LookupOrder("status", null));
    }

    @Test
    void shouldTellAnUnknownOrderAndAskAgainThenHandOverAfterTwoRetries() {
        IvrSession s = toStatus();
        s.onInput("999#", T0);
        assertThat(s.onOrderLookup(Optional.empty(), T0)).isEqualTo(
                new Collect("status", "zh", List.of("order-unknown", "status-enter"), 20, Duration.ofSeconds(5)));
        s.onInput("998", T0);
        s.onOrderLookup(Optional.empty(), T0);
        s.onInput("997", T0);
        assertThat(s.onOrderLookup(Optional.empty(), T0)).isEqualTo(new Finish(Result.TO_AGENT, "zh",
                Map.of("language", "zh", "line", "status"), List.of(), "order-unknown"));
    }

    @Test
    void shouldReachAnAgentWithZeroFromTheStatusMenuAndAfterTheReadback() {
        IvrSession first = toStatus();
        assertThat(first.onInput("0", T0)).isInstanceOf(Finish.class)
                .extracting(a -> ((Finish) a).reason()).isEqualTo("agent-key");

        IvrSession after = toStatus();
        after.onInput("1", T0);
        after.onOrderLookup(Optional.of(new OrderStatusInfo("1", "closed", null)), T0);
        assertThat(after.onInput("0", T0)).isEqualTo(new Finish(Result.TO_AGENT, "zh",
                Map.of("language", "zh", "line", "status"), List.of(), "agent-key"));
    }

    @Test
    void shouldHearAnotherOrderWithOne() {
        IvrSession s = toStatus();
        s.onInput("1", T0);
        Collect readback = (Collect) s.onOrderLookup(Optional.of(new OrderStatusInfo("1", "closed", null)), T0);
        assertThat(readback.prompts()).containsExactly("order-number", "digit-1", "status-closed", "status-after");
        assertThat(s.onInput("1", T0)).isEqualTo(
                new Collect("status", "zh", List.of("status-enter"), 20, Duration.ofSeconds(5)));
    }

    @Test
    void shouldSummariseWhereACallerWhoHungUpLeft() {
        IvrSession s = IvrSession.start(menu(), Set.of(), T0);
        s.onInput("", later(3));
        s.onInput("1", later(2));
        IvrSummary gone = s.hangup(later(7));

        assertThat(gone.outcome()).isEqualTo(IvrSummary.Outcome.HUNG_UP);
        assertThat(gone.lastNode()).isEqualTo("business");
        assertThat(gone.reason()).isEqualTo("hangup");
        assertThat(gone.total()).isEqualTo(Duration.ofSeconds(12));
        assertThat(s.hangup(later(1))).isSameAs(gone);
    }

    @Test
    void shouldHandOverToAnAgentWhenTheLookupFails() {
        IvrSession s = toStatus();
        s.onInput("5", T0);
        assertThat(s.handOver("lookup-failed", T0)).isEqualTo(new Finish(Result.TO_AGENT, "zh",
                Map.of("language", "zh", "line", "status"), List.of(), "lookup-failed"));
        assertThat(s.handOver("again", T0)).extracting(a -> ((Finish) a).reason()).isEqualTo("lookup-failed");
    }

    @Test
    void shouldRefuseInputWhileALookupIsPending() {
        IvrSession s = toStatus();
        s.onInput("5", T0);
        assertThatThrownBy(() -> s.onInput("1", T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectAMenuWhoseKeysLeadNowhere() {
        Map<String, IvrNode> nodes = Map.of("a", new IvrNode.Menu("a", "p", 1,
                Map.of("1", IvrOption.of("1", Map.of("language", "fr"), "missing"))));
        assertThatThrownBy(() -> new IvrMenu("nowhere", "zh", List.of("zh"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 2, nodes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start node nowhere does not exist")
                .hasMessageContaining("node a, key 1: next node missing does not exist")
                .hasMessageContaining("language fr is not one of [zh]");
    }

    @Test
    void shouldCountFiguresPerNodeAndOutcome() {
        IvrStats stats = new IvrStats();
        IvrSession a = IvrSession.start(menu(), Set.of(), T0);
        a.onInput("", T0.plusSeconds(2));
        stats.add(a.hangup(T0.plusSeconds(6)));
        IvrSession b = toStatus();
        b.onInput("1", T0);
        b.onOrderLookup(Optional.of(new OrderStatusInfo("1", "closed", null)), T0);
        b.onInput("", T0.plusSeconds(8));
        stats.add(b.summary().orElseThrow());

        IvrStats.Snapshot snap = stats.snapshot();
        assertThat(snap.sessions()).isEqualTo(2);
        assertThat(snap.hungUp()).isEqualTo(1);
        assertThat(snap.selfServed()).isEqualTo(1);
        assertThat(snap.toAgent()).isZero();
        assertThat(snap.nodes().get("language")).isEqualTo(new IvrStats.NodeFigures(2, Duration.ofSeconds(4), 1));
        assertThat(snap.nodes().get("status").hangups()).isZero();
    }

    private IvrSession toStatus() {
        IvrSession s = IvrSession.start(menu(), Set.of(), T0);
        s.onInput("", T0);
        s.onInput("1", T0);
        s.onInput("3", T0);
        return s;
    }
}
