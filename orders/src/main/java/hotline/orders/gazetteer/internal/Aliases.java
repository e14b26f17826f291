package hotline.orders.gazetteer.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The spoken forms of division names. Callers rarely say the full official name: 八里庄 for 八里庄街道, 宋庄 for
 * 宋庄镇, 天伦北里 for 天伦北里社区, 朝阳 for 朝阳区. A short form is only used where it is long enough not to be
 * an everyday word.
 */
public final class Aliases {
    private static final String[] COMMITTEE = {"社区居民委员会", "社区居委会", "居民委员会", "居委会", "村民委员会",
        "村委会", "委员会"};
    private static final String[] ETHNIC = {"回族", "满族", "蒙古族", "朝鲜族"};

    private Aliases() {
    }

    /** 多福巷社区居委会 -> 多福巷社区; 东村村委会 -> 东村; 新兴里居委会 -> 新兴里. */
    public static String communityName(String official) {
        for (String suffix : COMMITTEE) {
            if (official.endsWith(suffix) && official.length() > suffix.length()) {
                String core = official.substring(0, official.length() - suffix.length());
                if (suffix.startsWith("社区")) {
                    return core + "社区";
                }
                if (suffix.startsWith("村") && !core.endsWith("村")) {
                    return core + "村";
                }
                return core;
            }
        }
        return official;
    }

    /** Forms a caller may say for a district: 朝阳区, 朝阳; 延庆县, 延庆. */
    public static List<String> district(String name) {
        List<String> out = new ArrayList<>(List.of(name));
        if ((name.endsWith("区") || name.endsWith("县")) && name.length() >= 3) {
            out.add(name.substring(0, name.length() - 1));
        }
        return out;
    }

    /** Forms for a street/township: 八里庄街道, 八里庄; 南磨房地区, 南磨房; 于家务回族乡, 于家务乡, 于家务. */
    public static List<String> street(String name) {
        List<String> out = new ArrayList<>(List.of(name));
        String core = null;
        for (String suffix : new String[] {"街道", "地区", "镇", "乡"}) {
            if (name.endsWith(suffix)) {
                core = name.substring(0, name.length() - suffix.length());
                for (String e : ETHNIC) {
                    if (core.endsWith(e)) {
                        core = core.substring(0, core.length() - e.length());
                        out.add(core + suffix);
                    }
                }
                break;
            }
        }
        // two-character cores (双井, 劲松) are real spoken forms; one character (张镇 -> 张) is not
        if (core != null && core.length() >= 2) {
            out.add(core);
        }
        return out;
    }

    /** Forms for a community: 天伦北里社区, 天伦北里 (a bare form only from three characters: 金桐 alone is too short). */
    public static List<String> community(String name) {
        List<String> out = new ArrayList<>(List.of(name));
        if (name.endsWith("社区")) {
            String core = name.substring(0, name.length() - 2);
            if (core.length() >= 3) {
                out.add(core);
            }
        }
        return out;
    }
}
