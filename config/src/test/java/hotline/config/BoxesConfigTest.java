package hotline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoxesConfigTest {

    private static Map<String, Object> boxB(Map<String, Object> changes) {
        Map<String, Object> b = new java.util.HashMap<>(Map.of("id", "b", "host", "127.0.0.1", "amiPort", 5040,
                "sipPort", 5061, "iaxPort", 4570, "rtpStart", 30000, "rtpEnd", 30098, "seats", "1011-1020"));
        b.putAll(changes);
        b.values().removeIf(v -> v.equals(""));
        return b;
    }

    @Test
    void shouldBeOneBoxByDefault() {
        HotlineConfig cfg = HotlineConfigLoader.load(Map.of(), Map.of());
        assertThat(cfg.boxes()).isEqualTo(BoxesConfig.single());
        assertThat(cfg.boxes().multiBox()).isFalse();
        assertThat(cfg.boxes().boxOfSeat("1001")).isEqualTo("a");
        assertThat(cfg.boxes().ids()).containsExactly("a");
    }

    @Test
    void shouldPutSeatsOfAnOtherBoxsRangeOnThatBoxAndTheRestOnThePrimary() {
        HotlineConfig cfg = HotlineConfigLoader.load(Map.of(), Map.of("hotline.boxes.others", List.of(boxB(Map.of()))));
        BoxesConfig boxes = cfg.boxes();
        assertThat(boxes.multiBox()).isTrue();
        assertThat(boxes.ids()).containsExactly("a", "b");
        BoxesConfig.Box b = boxes.other("b").orElseThrow();
        assertThat(b.amiUser()).as("defaults to hotline.asterisk's").isEqualTo(cfg.asterisk().amiUser());
        assertThat(b.amiSecret()).isEqualTo(cfg.asterisk().amiSecret());
        assertThat(b.agiHost()).isEqualTo(cfg.agi().host());
        assertThat(boxes.boxOfSeat("1010")).isEqualTo("a");
        assertThat(boxes.boxOfSeat("1011")).isEqualTo("b");
        assertThat(boxes.boxOfSeat("1020")).isEqualTo("b");
        assertThat(boxes.seatsOn("b", cfg.seats())).hasSize(10).first().isEqualTo("1011");
        assertThat(boxes.seatsOn("a", cfg.seats())).hasSize(10).last().isEqualTo("1010");
        assertThat(boxes.toString()).doesNotContain(cfg.asterisk().amiSecret()).doesNotContain("lab-throwaway-trunk");
    }

    @Test
    void shouldNameEveryBadBoxKey() {
        HotlineConfigException e = catchThrowableOfType(HotlineConfigException.class, () -> HotlineConfigLoader.load(
                Map.of(), Map.of("hotline.boxes.primaryId", "A-1", "hotline.boxes.others", List.of(
                        boxB(Map.of("seats", "1015-1030", "colour", "red")),
                        boxB(Map.of("id", "c", "seats", "1020-1011")),
                        boxB(Map.of("id", "d", "seats", "lots", "amiPort", 99999, "sipPort", ""))))));
        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).startsWith("hotline.boxes.primaryId: expected a box id"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.boxes.others.0.colour: unknown key"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.boxes.others.1.seats: the first seat must not"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.boxes.others.2.sipPort: missing"));
        e = catchThrowableOfType(HotlineConfigException.class, () -> HotlineConfigLoader.load(Map.of(), Map.of(
                "hotline.boxes.others", List.of(boxB(Map.of("seats", "1015-1030")),
                        boxB(Map.of("id", "c", "seats", "lots", "amiPort", 99999))))));
        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).startsWith("hotline.boxes.others.0.seats: 1015-1030 is not within"
                        + " the seats 1001-1020"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.boxes.others.1.seats: expected a seat range"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.boxes.others.1.amiPort: expected a port"));
        e = catchThrowableOfType(HotlineConfigException.class, () -> HotlineConfigLoader.load(Map.of(), Map.of(
                "hotline.boxes.others", List.of(boxB(Map.of("id", "carrier"))))));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("hotline.boxes.others.0.id: \"carrier\""
                + " names a directory of hotline.runDir"));
    }

    @Test
    void shouldRefuseTwoBoxesWithOneIdOrOverlappingSeatsOrClashingPorts() {
        HotlineConfigException e = catchThrowableOfType(HotlineConfigException.class, () -> HotlineConfigLoader.load(
                Map.of(), Map.of("hotline.boxes.others", List.of(boxB(Map.of()),
                        boxB(Map.of("seats", "1019-1020", "amiPort", 5041, "sipPort", 5062, "iaxPort", 4571)),
                        boxB(Map.of("id", "a", "seats", "1001-1002")),
                        boxB(Map.of("id", "c", "seats", "1018-1018", "amiPort", 5042, "sipPort", 5063,
                                "iaxPort", 4572, "rtpStart", 31000, "rtpEnd", 31098))))));
        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).startsWith("hotline.boxes.others.1.id: box b is configured twice"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.boxes.others.2.id: box a is configured twice"))
                .anySatisfy(p -> assertThat(p).startsWith("hotline.boxes.others.3.seats: 1018-1018 overlaps the"
                        + " seats of box b"));
        e = catchThrowableOfType(HotlineConfigException.class, () -> HotlineConfigLoader.load(Map.of(), Map.of(
                "hotline.boxes.others", List.of(boxB(Map.of("amiPort", 5038))))));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("hotline.boxes.others.0.amiPort: TCP port"
                + " 5038 on 127.0.0.1 clashes with hotline.asterisk.amiPort"));
    }
}
