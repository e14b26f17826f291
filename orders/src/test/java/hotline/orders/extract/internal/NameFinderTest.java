package hotline.orders.extract.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameFinderTest {
    private static NameFinder.Name find(String text) {
        return NameFinder.find(TextNormalizer.compactKeepCase(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "我叫王芳，住在丰台|王芳|王",
        "我 叫 李 明 我 住 在|李明|李",
        "我姓张，张先生|张先生|张",
        "我 姓 林 林 女士 我 家|林女士|林",
        "免贵姓欧阳，欧阳女士|欧阳女士|欧阳",
        "我是赵女士，我想反映|赵女士|赵",
        "我姓王，叫王建国，电话|王建国|王",
        "电话13800138000，我姓朱。|-|朱",
        "我的名字是司马光|司马光|司马",
        "我 叫 嗯 那个 王 芳 我 住 在|王芳|王",
        "My name is Li Wei, I live at|Li Wei|Li",
        "Hi, this is Zhang Min from 25 Heping Street|Zhang Min|Zhang",
        "hello my name is li wei i live at|Li Wei|Li",
        "Hello, this is Mrs Chen. The heating|Mrs Chen|Chen",
        "I'm Gao Feng, number 188|Gao Feng|Gao",
    })
    void shouldFindNameAndSurname(String text, String name, String surname) {
        NameFinder.Name n = find(text);

        assertThat(n.name()).isEqualTo(name);
        assertThat(n.surname()).isEqualTo(surname);
        assertThat(n.confidence()).isPositive();
    }

    @Test
    void shouldNotTakeOrdinaryWordsForNames() {
        assertThat(find("我是这个小区的业主，楼下路灯坏了").surname()).isNull();
        assertThat(find("我是商户，门口有人乱停车").surname()).isNull();
        assertThat(find("I think there is a leak, it is urgent. This is urgent.").name()).isNull();
        assertThat(find("hello i am calling about the pothole").name()).isNull();
        assertThat(find("路灯坏了").confidence()).isZero();
    }
}
