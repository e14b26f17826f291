package hotline.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamAdmissionTest {

    @Test
    void shouldAdmitEveryStreamBelowCapacity() {
        StreamAdmission a = new StreamAdmission(2);
        assertThat(a.request("C1/caller", 1)).isEqualTo(new StreamAdmission.Admit());
        assertThat(a.request("C1/agent", 0)).isEqualTo(new StreamAdmission.Admit());
        assertThat(a.active()).isEqualTo(2);
        assertThat(a.skipped()).isZero();
    }

    @Test
    void shouldSkipAndCountAStreamNoMoreImportantThanAnyAdmittedOne() {
        StreamAdmission a = new StreamAdmission(2);
        a.request("C1/caller", 1);
        a.request("C2/caller", 1);
        assertThat(a.request("C3/caller", 1)).isEqualTo(new StreamAdmission.Skip(2));
        assertThat(a.request("C3/agent", 0)).isEqualTo(new StreamAdmission.Skip(2));
        assertThat(a.skipped()).isEqualTo(2);
        assertThat(a.active()).isEqualTo(2);
    }

    @Test
    void shouldPreemptTheNewestOfTheLeastImportantForAMoreImportantStream() {
        StreamAdmission a = new StreamAdmission(3);
        a.request("C1/agent", 0);
        a.request("C1/caller", 1);
        a.request("C2/agent", 0);
        // an urgent caller: the newest agent leg makes room
        assertThat(a.request("C3/caller", 3)).isEqualTo(new StreamAdmission.Preempt("C2/agent"));
        assertThat(a.request("C4/caller", 3)).isEqualTo(new StreamAdmission.Preempt("C1/agent"));
        assertThat(a.request("C5/caller", 2)).isEqualTo(new StreamAdmission.Preempt("C1/caller"));
        assertThat(a.request("C6/caller", 1)).isInstanceOf(StreamAdmission.Skip.class);
        assertThat(a.preempted()).isEqualTo(3);
        assertThat(a.skipped()).isEqualTo(1);
    }

    @Test
    void shouldFreeThePlaceOnRelease() {
        StreamAdmission a = new StreamAdmission(1);
        a.request("C1/caller", 1);
        a.release("C1/caller");
        a.release("unknown");
        assertThat(a.request("C2/caller", 1)).isEqualTo(new StreamAdmission.Admit());
    }

    @Test
    void shouldAdmitTheSameKeyOnlyOnce() {
        StreamAdmission a = new StreamAdmission(1);
        a.request("C1/caller", 1);
        assertThat(a.request("C1/caller", 1)).isEqualTo(new StreamAdmission.Admit());
        assertThat(a.active()).isEqualTo(1);
    }

    @Test
    void shouldDeriveCapacityFromCoresAndRealTimeFactor() {
        assertThat(AsrCapacity.streams(2, 0.2, 0.5, 0)).isEqualTo(5);
        assertThat(AsrCapacity.streams(2, 0.21, 0.5, 0)).isEqualTo(4);
        assertThat(AsrCapacity.streams(16, 0.2, 0.75, 0)).isEqualTo(60);
        assertThat(AsrCapacity.streams(1, 2.0, 0.5, 0)).as("never below one stream").isEqualTo(1);
        assertThat(AsrCapacity.streams(2, 0.2, 0.5, 12)).as("a configured maximum wins").isEqualTo(12);
        assertThatThrownBy(() -> AsrCapacity.streams(2, 0, 0.5, 0)).hasMessageContaining("realTimeFactor");
        assertThatThrownBy(() -> AsrCapacity.streams(2, 0.2, 1.5, 0)).hasMessageContaining("cpuShare");
    }

    @Test
    void shouldRankEveryCallerAboveEveryAgentAndTheMoreImportantCallFirstWithinEach() {
        int leaderCaller = StreamAdmission.priority(Speaker.CALLER, 3);
        int urgentCaller = StreamAdmission.priority(Speaker.CALLER, 2);
        int repeatCaller = StreamAdmission.priority(Speaker.CALLER, 1);
        int normalCaller = StreamAdmission.priority(Speaker.CALLER, 0);
        int leaderAgent = StreamAdmission.priority(Speaker.AGENT, 3);
        int normalAgent = StreamAdmission.priority(Speaker.AGENT, 0);
        assertThat(new int[] {leaderCaller, urgentCaller, repeatCaller, normalCaller, leaderAgent, normalAgent})
                .containsExactly(8, 7, 6, 5, 4, 1);
        assertThatThrownBy(() -> StreamAdmission.priority(Speaker.CALLER, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callLevel must be 0..3, got 4");
        assertThatThrownBy(() -> StreamAdmission.priority(Speaker.AGENT, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveAFullNodesPlaceToLeaderSessionAndUrgentCallersAndSkipANormalOne() {
        StreamAdmission a = new StreamAdmission(2);
        a.request("N1/caller", StreamAdmission.priority(Speaker.CALLER, 0));
        a.request("N2/caller", StreamAdmission.priority(Speaker.CALLER, 0));
        // a normal caller waits its turn; an urgent one takes the newest normal caller's place
        assertThat(a.request("N3/caller", StreamAdmission.priority(Speaker.CALLER, 0)))
                .isEqualTo(new StreamAdmission.Skip(2));
        assertThat(a.request("U1/caller", StreamAdmission.priority(Speaker.CALLER, 2)))
                .isEqualTo(new StreamAdmission.Preempt("N2/caller"));
        // a leader-session caller beats the remaining normal caller, not the urgent one
        assertThat(a.request("L1/caller", StreamAdmission.priority(Speaker.CALLER, 3)))
                .isEqualTo(new StreamAdmission.Preempt("N1/caller"));
        // the agent of a leader-session call does not push out any caller
        assertThat(a.request("L1/agent", StreamAdmission.priority(Speaker.AGENT, 3)))
                .isEqualTo(new StreamAdmission.Skip(2));
        // an urgent caller does not preempt another urgent (or higher) caller
        assertThat(a.request("U2/caller", StreamAdmission.priority(Speaker.CALLER, 2)))
                .isEqualTo(new StreamAdmission.Skip(2));
        assertThat(a.preempted()).isEqualTo(2);
        assertThat(a.skipped()).isEqualTo(3);
    }
}
