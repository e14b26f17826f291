package hotline.orders.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.orders.lifecycle.RepeatRule.Candidate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatRuleTest {
    private static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    private final RepeatRule rule = new RepeatRule(RepeatRule.DEFAULT_WINDOW);

    @Test
    void shouldLinkCandidatesWithinThirtyDaysNewestFirst() {
        List<String> links = rule.links(List.of(
                new Candidate("20261101-000001", NOW.minus(Duration.ofDays(30))),
                new Candidate("20261031-000009", NOW.minus(Duration.ofDays(31))),
                new Candidate("20261130-000003", NOW.minus(Duration.ofDays(1))),
                new Candidate("20261130-000002", NOW.minus(Duration.ofDays(1))),
                new Candidate("20261130-000003", NOW.minus(Duration.ofDays(1)))), NOW);

        // a tie in time: the higher number (the later reservation) first, as ZREVRANGEBYSCORE orders equal scores
        assertThat(links).containsExactly("20261130-000003", "20261130-000002", "20261101-000001");
    }

    @Test
    void shouldLinkOnlyTheNewestUpToTheLimit() {
        RepeatRule two = new RepeatRule(RepeatRule.DEFAULT_WINDOW, 2);
        List<String> links = two.links(List.of(
                new Candidate("20261128-000001", NOW.minus(Duration.ofDays(3))),
                new Candidate("20261130-000001", NOW.minus(Duration.ofDays(1))),
                new Candidate("20261129-000001", NOW.minus(Duration.ofDays(2)))), NOW);

        assertThat(links).containsExactly("20261130-000001", "20261129-000001");
        assertThat(rule.maxLinks()).isEqualTo(RepeatRule.DEFAULT_MAX_LINKS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RepeatRule(RepeatRule.DEFAULT_WINDOW, 0))
                .hasMessageContaining("maxLinks");
    }

    @Test
    void shouldKeyCallersByDigitsAndPlacesByStreetCommunityAndCategory() {
        assertThat(RepeatRule.callerKey("138 0013-8000")).isEqualTo("13800138000");
        assertThat(RepeatRule.placeKey(new Address("朝阳区", "八里庄街道", "天伦北里"), "noise"))
                .isEqualTo("朝阳区|八里庄街道|天伦北里|noise");
        assertThat(RepeatRule.placeKey(new Address("朝阳区", "", ""), "noise")).isEmpty();
        assertThat(rule.windowStart(NOW)).isEqualTo(NOW.minus(Duration.ofDays(30)));
    }
}
