package hotline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouterConfigTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void shouldRejectNonPositiveMaxQueueLength(int maxQueueLength) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RouterConfig(maxQueueLength))
                .withMessage("maxQueueLength must be > 0, was " + maxQueueLength);
    }

    @Test
    void shouldAcceptQueueOfOne() {
        assertThat(new RouterConfig(1).maxQueueLength()).isEqualTo(1);
    }

    @Test
    void shouldRequireConfigForRouter() {
        assertThatNullPointerException().isThrownBy(() -> new Router(null)).withMessage("config");
    }
}
