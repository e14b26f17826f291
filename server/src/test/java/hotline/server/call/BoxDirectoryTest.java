package hotline.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.BoxesConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoxDirectoryTest {
    private static final BoxesConfig TWO = new BoxesConfig("a", 4569, "t", List.of(new BoxesConfig.Box("b",
            "127.0.0.1", 5040, "hotline", "s", 5061, 30000, 30098, 4570, 1011, 1020, "127.0.0.1")));

    @Test
    void shouldPutEverythingOnThePrimaryWithOneBox() {
        BoxDirectory one = BoxDirectory.single();
        assertThat(one.boxOfUniqueId("1795323011.14")).isEqualTo("a");
        assertThat(one.boxOfUniqueId("b-1795323011.14")).as("no other box: no prefix is special").isEqualTo("a");
        assertThat(one.offerTarget("a", "1011")).isEqualTo(new BoxDirectory.OfferTarget("hotline-agents", "1011",
                "a"));
        assertThat(one.dialedLegPrefix("a", "1011")).isEqualTo("PJSIP/1011-");
    }

    @Test
    void shouldNameTheBoxOfAUniqueIdByItsSystemnamePrefix() {
        BoxDirectory d = new BoxDirectory(TWO);
        assertThat(d.boxOfUniqueId("b-1795323011.14")).isEqualTo("b");
        assertThat(d.boxOfUniqueId("a-1795323011.14")).isEqualTo("a");
        assertThat(d.boxOfUniqueId("1795323011.14")).isEqualTo("a");
        assertThat(d.boxOfUniqueId("zz-1795323011.14")).as("not a box").isEqualTo("a");
        assertThat(d.boxOfUniqueId(null)).isEqualTo("a");
    }

    @Test
    void shouldDialASeatOfAnotherBoxOverTheIaxTrunk() {
        BoxDirectory d = new BoxDirectory(TWO);
        assertThat(d.offerTarget("a", "1011")).isEqualTo(new BoxDirectory.OfferTarget("hotline-agents-b", "1011",
                "b"));
        assertThat(d.offerTarget("a", "1010")).isEqualTo(new BoxDirectory.OfferTarget("hotline-agents", "1010",
                "a"));
        assertThat(d.offerTarget("b", "1010")).isEqualTo(new BoxDirectory.OfferTarget("hotline-agents-a", "1010",
                "a"));
        assertThat(d.offerTarget("b", "1020").context()).isEqualTo("hotline-agents");
        assertThat(d.dialedLegPrefix("a", "1011")).isEqualTo("IAX2/b-");
        assertThat(d.dialedLegPrefix("b", "1011")).isEqualTo("PJSIP/1011-");
    }

    @Test
    void shouldFollowTheBoxWhereTheSeatRegistered() {
        BoxDirectory d = new BoxDirectory(TWO);
        assertThat(d.seatReported("1001", "b", true)).isTrue();
        assertThat(d.boxOfSeat("1001")).isEqualTo("b");
        assertThat(d.seatReported("1001", "a", false)).as("a stale contact on the box it left").isFalse();
        assertThat(d.boxOfSeat("1001")).isEqualTo("b");
        assertThat(d.seatReported("1001", "b", false)).isTrue();
        assertThat(d.boxOfSeat("1001")).as("back to its configured box").isEqualTo("a");
        assertThat(d.seatReported("1001", "nowhere", true)).isFalse();
        assertThat(d.boxOfSeat("1001")).isEqualTo("a");
    }
}
