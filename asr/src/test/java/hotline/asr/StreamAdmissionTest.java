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
}
