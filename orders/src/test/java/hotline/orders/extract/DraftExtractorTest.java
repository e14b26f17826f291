package hotline.orders.extract;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.orders.gazetteer.Gazetteer;
import java.io.StringReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DraftExtractorTest {
    private static Gazetteer beijing;
    private static DraftExtractor extractor;

    @BeforeAll
    static void load() {
        beijing = Gazetteer.load(Gazetteer.BEIJING);
        extractor = new DraftExtractor(beijing, ExtractionRules.defaults());
    }

    private static DraftOrder draft(String text) {
        return extractor.extract(text, null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "物业一直不修电梯|property",
        "楼顶有人私搭乱建|illegal_construction",
        "隔壁被二房东打了隔断住了十几个人|group_rental",
        "门口天天有车乱停|parking",
        "垃圾桶满了没人清运|garbage",
        "路 灯 不 亮 了|street_light",
        "楼道里堆满杂物还有人飞线充电|fire_safety",
        "暖气不热|heating",
        "下水道堵了污水冒出来|water_drainage",
        "闻到煤气味|gas_power",
        "马路上有个大坑|road",
        "小区的树好久没修剪了|greening",
        "楼上装修噪音太大|noise",
        "门口有人摆摊卖菜|street_vending",
        "路口红绿灯不亮|traffic",
        "饭馆油烟太大|environment",
        "没有无障碍坡道轮椅进不去|accessibility",
        "电动车被偷了|public_security",
        "营业执照怎么续期|enterprise",
        "我想咨询一下医保政策|consultation",
        "我想表扬一下社区工作人员|other",
        "The street light outside building 3 is broken|street_light",
        "someone parks a car in front of the fire exit|parking",
    })
    void shouldClassifyIntoExactlyOneCategory(String text, String category) {
        DraftOrder d = draft(text);

        assertThat(d.category().value()).isEqualTo(category);
        assertThat(extractor.rules().categories()).contains(d.category().value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "楼道里闻到很大的煤气味|2h",
        "I smell gas in the kitchen|2h",
        "仓库着火了|2h",
        "大树被风刮倒了横在路上车过不去|2h",
        "路口的红绿灯全灭了|2h",
        "停电了我父亲在家用呼吸机|2h",
        "暖气一点都不热|24h",
        "从早上到现在一直停水|24h",
        "下水道堵了污水冒出来|24h",
        "垃圾好几天没人清了|24h",
        "工地每天晚上十一点以后还在施工|24h",
        "楼道里有人飞线充电|24h",
        "楼顶有人私搭乱建|15d",
        "没有无障碍坡道|15d",
        "请问老人补贴政策怎么申请|15d",
        "物业一直不修电梯|7d",
        "楼下饭馆音乐声太吵|7d",
    })
    void shouldGiveTheUrgencyTierOfTheFirstMatchingRule(String text, String tier) {
        DraftOrder d = draft(text);

        assertThat(d.urgency().value()).isEqualTo(tier);
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).startsWith("urgency: " + tier));
    }

    @Test
    void shouldReadAnEnglishCallAsTheRecogniserWritesIt() {
        // recogniser text in the style of Vosk's English model (lower case, numbers as words, look-alikes)
        DraftOrder d = draft("hi this is do when i can smell guess in the stairway of building six please come"
                + " my number is one three nine five seventy one two three four eight eight");

        assertThat(d.category().value()).isEqualTo("gas_power");
        assertThat(d.urgency().value()).isEqualTo("2h");
        assertThat(d.phone().value()).isEqualTo("13957123488");
        assertThat(d.surname().value()).isEqualTo("Du");
        assertThat(d.name().value()).isNull();
        assertThat(d.surname().confidence()).isLessThan(0.5);
        assertThat(d.notes()).anyMatch(n -> n.startsWith("surname: Du from the words heard 'do when'"));
    }

    @Test
    void shouldTakeAnEnglishCallersWordThatItIsUrgent() {
        assertThat(draft("the drain in front of my shop is blocked, it is urgent").urgency().value())
                .isEqualTo("24h");
        assertThat(draft("the power is out in our building since last night").urgency().value()).isEqualTo("24h");
        assertThat(draft("there is a fire in the rubbish room, smoke everywhere").category().value())
                .isEqualTo("fire_safety");
    }

    @Test
    void shouldNotReadChineseCallsWithTheEnglishSoundAlikes() {
        // a Chinese call is read as before: no surname guessed from English words, digits as said
        DraftOrder d = draft("我是 do 路灯 坏 了 电话 一三八 一二三四 五六七八");

        assertThat(d.surname().value()).isNull();
        assertThat(d.phone().value()).isEqualTo("13812345678");
    }

    @Test
    void shouldNotLetPlaceNamesTriggerKeywords() {
        // 九棵树街道 is a street in Tongzhou, not a tree
        DraftOrder d = draft("我住在通州区九棵树街道，楼下路灯坏了");

        assertThat(d.category().value()).isEqualTo("street_light");
        assertThat(d.street().value()).isEqualTo("九棵树街道");
    }

    @Test
    void shouldGiveTheStreetAsUnitForTerritorialMattersAndTheDepartmentOtherwise() {
        assertThat(draft("朝阳区八里庄街道门口有人摆摊").unit().value()).isEqualTo("八里庄街道（朝阳区）");
        assertThat(draft("朝阳区八里庄街道停水了").unit().value()).isEqualTo("市水务局");
        DraftOrder unknown = draft("门口有人摆摊");
        assertThat(unknown.unit().present()).isFalse();
        assertThat(unknown.notes()).anySatisfy(n -> assertThat(n).startsWith("unit:"));
    }

    @Test
    void shouldListCandidatesAndExplainWhenTheStreetIsAmbiguous() {
        DraftOrder d = draft("八里庄 这边 路灯 不 亮");

        assertThat(d.street().present()).isFalse();
        assertThat(d.streetCandidates()).containsExactly("八里庄街道（朝阳区）", "八里庄街道（海淀区）");
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).startsWith("street: 2 streets fit"));
    }

    @Test
    void shouldProposeTheCallerIdWithLowerConfidenceWhenNoNumberIsSaid() {
        DraftOrder said = extractor.extract("电话13812345678", "13900000000");
        DraftOrder unsaid = extractor.extract("路灯坏了", "13900000000");

        assertThat(said.phone().value()).isEqualTo("13812345678");
        assertThat(unsaid.phone().value()).isEqualTo("13900000000");
        assertThat(unsaid.phone().confidence()).isLessThan(said.phone().confidence());
    }

    @Test
    void shouldGiveEmptyFieldsWithZeroConfidenceForAnEmptyTranscript() {
        DraftOrder d = draft("");

        assertThat(d.name()).isEqualTo(DraftField.NONE);
        assertThat(d.phone()).isEqualTo(DraftField.NONE);
        assertThat(d.district()).isEqualTo(DraftField.NONE);
        assertThat(d.category().value()).isEqualTo("other");
        assertThat(d.urgency().value()).isEqualTo("7d");
    }

    @Test
    void shouldNeverThrowOnArbitraryText() {
        // seeded, so every run feeds the same 1000 strings: ASCII, CJK, digits, digit words, punctuation, surrogates
        java.util.Random random = new java.util.Random(12345);
        String[] pieces = {"一", "幺", "两", "洞", "八里庄", "街道", "区", "社区", "电话", "我叫", "我姓", "先生", "one",
            "double", "oh", "to", " ", ",", "。", "1", "3", "8", "Road", "building", "\uD83D\uDE00", "\u0000", "^", "+",
            "|", "\t", "\n", "〓", "ｆ", "１", "路灯", "煤气", "my name is", "this is", "Mr", "-"};
        for (int i = 0; i < 1000; i++) {
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(40);
            for (int j = 0; j < n; j++) {
                text.append(random.nextInt(4) == 0 ? String.valueOf((char) random.nextInt(0x10000))
                        : pieces[random.nextInt(pieces.length)]);
            }
            DraftOrder d = extractor.extract(text.toString(), random.nextBoolean() ? null : "1380013800" + i % 10);
            assertThat(d.category().value()).isIn(extractor.rules().categories());
            assertThat(d.urgency().value()).isIn(ExtractionRules.TIERS);
        }
    }

    @Test
    void shouldBeDeterministic() {
        String text = "你好 我 姓 王 王 先生 朝阳 区 南磨房 地区 百子湾东 社区 垃圾 好 几 天 没 人 清 电话 幺 五 零 幺 三 五 七 二 四 六 八";

        assertThat(draft(text)).isEqualTo(draft(text));
    }

    @Test
    void shouldApplyACustomTaxonomy() {
        ExtractionRules pets = ExtractionRules.parse(new StringReader("""
                categories = pets, other
                category.pets.keywords = 狗^3
                category.pets.unit = 市农业农村局
                category.other.unit = territorial
                urgency.default = 15d
                urgency.1.tier = 24h
                urgency.1.keywords = 咬人
                """), "pets");
        DraftExtractor x = new DraftExtractor(beijing, pets);

        assertThat(x.extract("邻居的狗咬人了", null).category().value()).isEqualTo("pets");
        assertThat(x.extract("邻居的狗咬人了", null).urgency().value()).isEqualTo("24h");
        assertThat(x.extract("邻居的狗咬人了", null).unit().value()).isEqualTo("市农业农村局");
        assertThat(x.extract("邻居的狗总叫", null).urgency().value()).isEqualTo("15d");
    }

    // public sample P01 as Vosk heard it: the full recogniser lost the 8 of 138, the digits pass did not
    @Test
    void shouldTakeTheCallbackNumberFromTheDigitsPassWhereTheTranscriptLostADigit() {
        String text = "hello my name is lee way i live that a clean think i rode the three live outside building free"
                + " has been broken for a week please call me back and one three one two three four five six seven eight";
        assertThat(extractor.extract(text, null).phone().present()).isFalse();

        DraftOrder d = extractor.extract(text, null, "[unk] [unk] one three eight one two three four five six seven"
                + " eight");

        assertThat(d.phone().value()).isEqualTo("13812345678");
        assertThat(d.phone().confidence()).isEqualTo(0.85);
        assertThat(d.notes()).anyMatch(n -> n.startsWith("phone: the digits pass heard 13812345678"));
    }

    @Test
    void shouldKeepTheTranscriptsNumberAndRaiseItsConfidenceWhenTheDigitsPassAgrees() {
        DraftOrder d = extractor.extract("my number is one three nine eight seven six five four three two one", null,
                "one three nine eight seven six five four three two one");
        assertThat(d.phone().value()).isEqualTo("13987654321");
        assertThat(d.phone().confidence()).isGreaterThanOrEqualTo(0.95);
    }
}
