package hotline.orders.extract.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the caller's name: 我叫王芳, 我姓张, 免贵姓李, 我是张先生, 王女士; my name is Li Wei, this is Mr Zhang.
 */
public final class NameFinder {
    /** Common Chinese surnames; compound ones first so 欧阳 wins over 欧. */
    private static final List<String> COMPOUND = List.of("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "令狐", "皇甫",
            "尉迟", "公孙", "司徒", "夏侯", "端木", "长孙", "宇文", "轩辕", "独孤", "南宫", "西门", "呼延", "万俟");
    private static final String SINGLE = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
            + "蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚"
            + "邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符"
            + "舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪"
            + "简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲"
            + "虞敖巩明佘池查麻苑迟邝萧鄢谈戈廉来庾晋楚闻操寿奚湛嵇蔺储";
    /** Surname characters that, right after 我是, usually start an ordinary word (我是商户, 我是和平里的). */
    private static final String NOT_AFTER_WO_SHI = "商和明全时文成安万向常路车连应边师华高金石方关宁单解司江阳";
    private static final String TITLES = "先生|女士|小姐|阿姨|大爷|大妈|师傅|老师";
    /** Characters that end a name: the next clause starts. */
    private static final String STOP = "我住在家的是，,。.！!？?电手联今想要反映打这那从和跟了啊呀吧呢先女小师老今昨前在就"
            + "给有没说要请您你他她咱们号楼区路街";
    private static final Pattern TITLE = Pattern.compile("(" + COMPOUND.stream().reduce((a, b) -> a + "|" + b)
            .orElseThrow() + "|[" + SINGLE + "])(" + TITLES + ")");
    private static final Pattern SURNAME_CUE = Pattern.compile("(?:免贵姓|我姓|本人姓|姓)(" + String.join("|", COMPOUND)
            + "|[" + SINGLE + "])");
    private static final Pattern NAME_CUE = Pattern.compile("(我叫|我的名字是|我的名字叫|名字叫|名字是|我是|本人是|叫我)"
            + "([\\p{IsHan}]{1,4})");

    /** Hesitations between a cue and the name: 我叫 嗯 那个 王芳. */
    private static final Pattern FILLER = Pattern.compile("嗯|呃|那个|这个|就是");
    private static final Set<String> PINYIN = Set.of("li", "wang", "zhang", "liu", "chen", "yang", "zhao", "huang",
            "zhou", "wu", "xu", "sun", "hu", "zhu", "gao", "lin", "he", "guo", "ma", "luo", "liang", "song", "zheng",
            "xie", "han", "tang", "feng", "yu", "dong", "xiao", "cheng", "cao", "yuan", "deng", "fu", "shen", "zeng",
            "peng", "lu", "su", "jiang", "cai", "jia", "ding", "wei", "xue", "ye", "yan", "pan", "du", "dai", "xia",
            "zhong", "tian", "ren", "fan", "fang", "shi", "yao", "tan", "liao", "zou", "xiong", "jin", "hao", "kong",
            "bai", "cui", "kang", "mao", "qiu", "qin", "gu", "hou", "shao", "meng", "long", "wan", "duan", "lei",
            "qian", "yin", "yi", "chang", "qiao", "lai", "gong", "wen", "ouyang", "situ", "zhuge", "shangguan");
    private static final Set<String> NOT_NAMES = Set.of("i", "a", "an", "the", "and", "from", "my", "calling",
            "living", "at", "in", "here", "there", "not", "very", "so", "just", "your", "about", "on", "with", "to",
            "of", "is", "it", "this", "that", "we", "our", "me", "please", "hello", "hi", "sorry", "afraid", "going",
            "really", "also", "still", "now", "today", "call", "writing", "phoning", "ringing", "sir",
            "madam", "resident", "owner", "tenant", "neighbour", "neighbor", "one", "two", "three", "four", "five",
            "six", "seven", "eight", "nine", "zero", "number", "phone", "mobile", "who", "what", "staying",
            "worried", "angry", "upset", "tired", "sick", "old", "new", "back", "again", "outside", "inside");
    private static final Pattern EN_CUE = Pattern.compile("(?i)\\b(my name is|my name's|name is|this is|i am|i'm|"
            + "it is|it's|speaking is|call me|surname is|family name is|last name is)\\s+"
            + "(?:(mr|mrs|ms|miss|dr|mister)\\.?\\s+)?([a-z]+)(?:\\s+([a-z]+))?");
    private static final Pattern EN_TITLE = Pattern.compile("(?i)\\b(mr|mrs|ms|miss|mister)\\.?\\s+([a-z]+)");

    /**
     * A name.
     *
     * @param name       full name or surname with title; may be null when only the surname is known
     * @param surname    the surname
     * @param confidence 0..1
     */
    public record Name(String name, String surname, double confidence) {
    }

    private NameFinder() {
    }

    /**
     * Finds the name in a transcript compacted with {@link TextNormalizer#compactKeepCase}.
     *
     * @return the name, or a {@code Name(null, null, 0)}
     */
    public static Name find(String text) {
        Name zh = chinese(FILLER.matcher(text).replaceAll(""));
        if (zh != null) {
            return zh;
        }
        Name en = english(text);
        return en != null ? en : new Name(null, null, 0);
    }

    private static Name chinese(String t) {
        Matcher m = NAME_CUE.matcher(t);
        while (m.find()) {
            String cue = m.group(1);
            String rest = m.group(2);
            String surname = surnameOf(rest);
            if (surname == null || (cue.equals("我是") || cue.equals("本人是"))
                    && NOT_AFTER_WO_SHI.indexOf(rest.charAt(0)) >= 0 && !hasTitle(rest, surname)) {
                continue;
            }
            String after = rest.substring(surname.length());
            if (hasTitle(rest, surname)) {
                return new Name(surname + titleOf(after), surname, 0.9);
            }
            StringBuilder given = new StringBuilder();
            for (char c : after.toCharArray()) {
                if (STOP.indexOf(c) >= 0 || given.length() == 2) {
                    break;
                }
                given.append(c);
            }
            if (given.length() == 0) {
                if (cue.equals("我是") || cue.equals("本人是")) {
                    continue;
                }
                return new Name(null, surname, 0.6);
            }
            return new Name(surname + given, surname, cue.equals("我是") ? 0.8 : 0.9);
        }
        Matcher s = SURNAME_CUE.matcher(t);
        if (s.find()) {
            String surname = s.group(1);
            String after = t.substring(s.end());
            String title = titleOf(after);
            if (title != null) {
                return new Name(surname + title, surname, 0.9);
            }
            int near = after.indexOf(surname);
            String nearTitle = near >= 0 && near <= 3 ? titleOf(after.substring(near + surname.length())) : null;
            if (nearTitle != null) {
                return new Name(surname + nearTitle, surname, 0.9);
            }
            // 我姓王，叫王建国 / 我姓王，王建国
            Matcher full = Pattern.compile("叫?(" + Pattern.quote(surname) + "[\\p{IsHan}]{1,2})").matcher(after);
            if (full.find() && full.start() <= 3) {
                String name = trimStop(full.group(1), surname.length());
                if (name.length() > surname.length()) {
                    return new Name(name, surname, 0.85);
                }
            }
            return new Name(null, surname, 0.85);
        }
        Matcher ti = TITLE.matcher(t);
        if (ti.find()) {
            return new Name(ti.group(1) + ti.group(2), ti.group(1), 0.7);
        }
        return null;
    }

    private static String trimStop(String name, int from) {
        for (int i = from; i < name.length(); i++) {
            if (STOP.indexOf(name.charAt(i)) >= 0) {
                return name.substring(0, i);
            }
        }
        return name;
    }

    private static boolean hasTitle(String rest, String surname) {
        return titleOf(rest.substring(surname.length())) != null;
    }

    private static String titleOf(String after) {
        for (String title : TITLES.split("\\|")) {
            if (after.startsWith(title)) {
                return title;
            }
        }
        return null;
    }

    private static String surnameOf(String s) {
        for (String c : COMPOUND) {
            if (s.startsWith(c)) {
                return c;
            }
        }
        return SINGLE.indexOf(s.charAt(0)) >= 0 ? s.substring(0, 1) : null;
    }

    private static Name english(String t) {
        Matcher m = EN_CUE.matcher(t);
        while (m.find()) {
            String cue = m.group(1).toLowerCase(Locale.ROOT);
            String title = m.group(2);
            String first = m.group(3);
            String second = m.group(4);
            if (NOT_NAMES.contains(first.toLowerCase(Locale.ROOT))) {
                continue;
            }
            boolean surnameOnly = cue.contains("surname") || cue.contains("family name") || cue.contains("last name");
            boolean capital = Character.isUpperCase(first.charAt(0));
            boolean pinyin = PINYIN.contains(first.toLowerCase(Locale.ROOT));
            if (title == null && !surnameOnly && !cue.startsWith("my name") && !cue.equals("name is") && !capital
                    && !pinyin) {
                continue; // "this is urgent", "i am worried"
            }
            if (title != null || surnameOnly) {
                String surname = cap(first);
                return new Name(title == null ? null : cap(title) + " " + surname, surname, 0.85);
            }
            boolean twoWords = second != null && !NOT_NAMES.contains(second.toLowerCase(Locale.ROOT))
                    && (capital ? Character.isUpperCase(second.charAt(0)) : pinyin);
            if (twoWords) {
                String name = cap(first) + " " + cap(second);
                // Chinese names in pinyin put the surname first (Li Wei); others last (John Smith)
                String surname = pinyin ? cap(first) : cap(second);
                return new Name(name, surname, capital || pinyin ? 0.9 : 0.7);
            }
            return new Name(cap(first), pinyin ? cap(first) : null, 0.6);
        }
        Matcher ti = EN_TITLE.matcher(t);
        if (ti.find() && !NOT_NAMES.contains(ti.group(2).toLowerCase(Locale.ROOT))) {
            String surname = cap(ti.group(2));
            return new Name(cap(ti.group(1)) + " " + surname, surname, 0.7);
        }
        return null;
    }

    private static String cap(String w) {
        String lower = w.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
