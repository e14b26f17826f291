package hotline.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;

class CallQueueTest {

    private final CallQueue queue = new CallQueue();

    @Test
    void shouldReturnOneBasedPositionWhenAppending() {
        assertThat(queue.addLast("c1")).isEqualTo(1);
        assertThat(queue.addLast("c2")).isEqualTo(2);
    }

    @Test
    void shouldPutRequeuedCallAtHead() {
        queue.addLast("c2");
        queue.addLast("c3");

        queue.addFirst("c1");

        assertThat(queue.snapshot()).containsExactly("c1", "c2", "c3");
        assertThat(queue.removeFirst()).isEqualTo("c1");
        assertThat(queue.contains("c1")).isFalse();
    }

    @Test
    void shouldRemoveCallFromMiddleKeepingOrder() {
        queue.addLast("c1");
        queue.addLast("c2");
        queue.addLast("c3");

        assertThat(queue.remove("c2")).isTrue();
        assertThat(queue.remove("c2")).isFalse();

        assertThat(queue.snapshot()).containsExactly("c1", "c3");
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void shouldRefuseToHoldCallTwice() {
        queue.addLast("c1");

        assertThatIllegalStateException().isThrownBy(() -> queue.addLast("c1"));
        assertThatIllegalStateException().isThrownBy(() -> queue.addFirst("c1"));
        assertThat(queue.snapshot()).containsExactly("c1");
    }
}
