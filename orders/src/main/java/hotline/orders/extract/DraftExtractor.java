package hotline.orders.extract;

import hotline.orders.extract.internal.AddressFinder;
import hotline.orders.extract.internal.DigitPass;
import hotline.orders.extract.internal.EnglishSpeech;
import hotline.orders.extract.internal.Keyword;
import hotline.orders.extract.internal.NameFinder;
import hotline.orders.extract.internal.PhoneFinder;
import hotline.orders.extract.internal.TextNormalizer;
import hotline.orders.extract.internal.VoskChineseText;
import hotline.orders.gazetteer.AddressResolution;
import hotline.orders.gazetteer.Gazetteer;
import hotline.orders.gazetteer.Street;
import hotline.orders.unit.UnitMatch;
import hotline.orders.unit.UnitResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns a call's transcript into a {@link DraftOrder}: caller's name, callback number, address resolved against the
 * city's {@link Gazetteer}, category, urgency tier, summary and responsible unit, each with a confidence.
 *
 * <p>Pure and deterministic: the same text, caller number, rules and gazetteer give the same draft. No IO after
 * construction; immutable, so one instance may be shared by any number of threads.
 */
public final class DraftExtractor {
    private static final Pattern CLAUSE = Pattern.compile("[。！？!?；;，,]+\\s*|\\.\\s+|\\.$");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static final Pattern SUMMARY_END = Pattern.compile("电话|手机|号码|联系方式|我叫|我姓|我是|"
            + "(?i)\\b(?:my (?:phone|number|name)|please call|call me)\\b");

    private final Gazetteer gazetteer;
    private final ExtractionRules rules;
    private final UnitResolver units;

    /** An extractor whose drafts name the unit without resolving it to an id ({@link DraftOrder#unitId()} null). */
    public DraftExtractor(Gazetteer gazetteer, ExtractionRules rules) {
        this(gazetteer, rules, null);
    }

    /**
     * @param units the unit directory: a draft's unit ({@code 景山街道（东城区）}, {@code 市城市管理委员会}) that names
     *              exactly one of its units gets that unit's id; null for none
     */
    public DraftExtractor(Gazetteer gazetteer, ExtractionRules rules, UnitResolver units) {
        this.gazetteer = Objects.requireNonNull(gazetteer, "gazetteer");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.units = units;
    }

    /** The rules this extractor applies. */
    public ExtractionRules rules() {
        return rules;
    }

    /**
     * Builds the draft.
     *
     * @param transcript   what the caller said, Chinese or English, with or without spaces between Chinese words
     * @param callerNumber the calling line's number (caller ID), or {@code null}; the callback number when the
     *                     caller says none
     */
    public DraftOrder extract(String transcript, String callerNumber) {
        return extract(transcript, callerNumber, null);
    }

    /**
     * Builds the draft, the callback number read first from what the recogniser's digits pass heard.
     *
     * @param digitsHeard the digits pass's words over the same audio (digit words, anything else {@code [unk]}), or
     *                    null; an 11-digit mobile there is taken over the transcript's reading of the number
     */
    public DraftOrder extract(String transcript, String callerNumber, String digitsHeard) {
        Objects.requireNonNull(transcript, "transcript");
        transcript = VoskChineseText.normalize(transcript); // a Chinese recogniser's spaced words and spoken numbers
        String lower = TextNormalizer.compact(transcript);
        String cased = TextNormalizer.compactKeepCase(transcript);
        List<String> notes = new ArrayList<>();

        boolean chinese = HAN.matcher(transcript).find();
        // place names masked: 我是房山区的 is not a caller named 房山
        NameFinder.Name name = NameFinder.find(gazetteer.maskPlaceNames(cased));
        if (!chinese && name.surname() == null) {
            name = englishSoundAlike(lower, name, notes);
        }

        PhoneFinder.Phone phone = PhoneFinder.find(chinese ? lower : EnglishSpeech.digitWords(lower), rules.areaCode());
        DraftField phoneField = DraftField.of(phone.number(), phone.confidence());
        if (phone.problem() != null) {
            notes.add("phone: " + phone.problem());
        }
        String heard = DigitPass.mobile(digitsHeard);
        if (heard != null) {
            if (heard.equals(phone.number())) {
                phoneField = DraftField.of(heard, Math.max(phone.confidence(), 0.95));
            } else {
                notes.add("phone: the digits pass heard " + heard + (phone.number() == null ? ""
                        : " where the transcript reads " + phone.number()) + "; taken");
                phoneField = DraftField.of(heard, 0.85);
            }
        }
        if (!phoneField.present() && callerNumber != null) {
            PhoneFinder.Phone ani = PhoneFinder.find(TextNormalizer.compact(callerNumber), rules.areaCode());
            if (ani.number() != null) {
                phoneField = DraftField.of(ani.number(), 0.6);
                notes.add("phone: none said; the caller ID " + ani.number() + " is proposed");
            }
        }

        AddressResolution place = gazetteer.resolve(lower);
        if (place.ambiguous()) {
            notes.add("street: " + place.streetCandidates().size() + " streets fit ("
                    + String.join(", ", place.streetCandidates().stream().map(Street::qualifiedName).toList())
                    + "); say the district or the community to decide");
        }
        String address = place.start() >= 0 ? AddressFinder.chinese(lower, place.start(), place.end())
                : chinese ? AddressFinder.chinese(lower, -1, -1) : AddressFinder.english(cased);
        if (address == null && chinese) {
            address = AddressFinder.english(cased);
        }

        String masked = gazetteer.maskPlaceNames(lower);
        Category category = classify(masked);
        Urgency urgency = urgency(masked, category.code);
        notes.add("urgency: " + urgency.reason);

        DraftField unit = unit(category, place, notes);
        String unitId = null;
        if (units != null && unit.present()
                && units.resolve(unit.value(), place.district() == null ? null : place.district().name())
                        instanceof UnitMatch.Found found) {
            unitId = found.unit().id();
        }
        return new DraftOrder(
                DraftField.of(name.name(), name.confidence()),
                DraftField.of(name.surname(), name.confidence()),
                phoneField,
                DraftField.of(address, place.start() >= 0 ? 0.8 : 0.6),
                DraftField.of(place.district() == null ? null : place.district().name(), place.districtConfidence()),
                DraftField.of(place.street() == null ? null : place.street().name(), place.streetConfidence()),
                DraftField.of(place.community() == null ? null : place.community().name(),
                        place.communityConfidence()),
                DraftField.of(category.code, category.confidence),
                DraftField.of(urgency.tier, urgency.confidence),
                DraftField.of(summary(cased, category.firstHit), category.code.equals(ExtractionRules.OTHER) ? 0.4 : 0.7),
                unit,
                place.streetCandidates().stream().map(Street::qualifiedName).toList(),
                notes, unitId);
    }

    /** English speech: a Chinese surname the recogniser wrote as an English word ("my name is lee way"). */
    private static NameFinder.Name englishSoundAlike(String lower, NameFinder.Name name, List<String> notes) {
        String[] heard = EnglishSpeech.soundAlikeSurname(lower);
        if (heard == null) {
            return name;
        }
        notes.add("surname: " + heard[0] + " from the words heard '" + heard[1] + "' (sounds alike); check the name");
        return new NameFinder.Name(null, heard[0], 0.4);
    }

    private record Category(String code, double confidence, int firstHit) {
    }

    private record Urgency(String tier, double confidence, String reason) {
    }

    private Category classify(String text) {
        String best = ExtractionRules.OTHER;
        int bestScore = 0;
        int second = 0;
        int firstHit = -1;
        for (String code : rules.categories()) {
            int score = 0;
            int hit = Integer.MAX_VALUE;
            for (Keyword k : rules.parsedKeywords(code)) {
                if (k.matches(text)) {
                    score += k.weight();
                    hit = Math.min(hit, k.position(text));
                }
            }
            // strictly greater: on equal scores the earlier category in the configured order wins
            if (score > bestScore) {
                second = bestScore;
                bestScore = score;
                best = code;
                firstHit = hit;
            } else if (score > second) {
                second = score;
            }
        }
        if (bestScore == 0) {
            return new Category(ExtractionRules.OTHER, 0.3, -1);
        }
        double margin = (bestScore - second) / (double) bestScore;
        double conf = Math.min(0.95, 0.45 + 0.4 * margin + 0.02 * Math.min(bestScore, 5));
        return new Category(best, conf, firstHit);
    }

    private Urgency urgency(String text, String category) {
        for (ExtractionRules.UrgencyRule r : rules.urgencyRules()) {
            for (String k : r.keywords()) {
                if (rules.parsedUrgencyKeyword(k).matches(text)) {
                    return new Urgency(r.tier(), 0.85, r.tier() + " (" + r.name() + ": '" + k + "')");
                }
            }
            if (r.categories().contains(category)) {
                return new Urgency(r.tier(), 0.7, r.tier() + " (" + r.name() + ": category " + category + ")");
            }
        }
        return new Urgency(rules.defaultTier(), 0.6, rules.defaultTier() + " (no rule matched: the default)");
    }

    private DraftField unit(Category category, AddressResolution place, List<String> notes) {
        String unit = rules.unit(category.code);
        if (!ExtractionRules.TERRITORIAL.equals(unit)) {
            return DraftField.of(unit, category.confidence);
        }
        if (place.street() != null) {
            return DraftField.of(place.street().qualifiedName(), Math.min(category.confidence, place.streetConfidence()));
        }
        notes.add("unit: " + category.code + " is territorial but the street is not known");
        return DraftField.NONE;
    }

    /**
     * The clause with the first category keyword and, when that is short, the next one; or the first clause. At most
     * 30 characters of Chinese or 160 of English, cut around the keyword.
     */
    static String summary(String cased, int firstHit) {
        String text = cased.strip();
        if (text.isEmpty()) {
            return null;
        }
        List<int[]> clauses = new ArrayList<>();
        java.util.regex.Matcher m = CLAUSE.matcher(text);
        int from = 0;
        while (m.find()) {
            if (m.start() > from) {
                clauses.add(new int[] {from, m.start()});
            }
            from = m.end();
        }
        if (from < text.length()) {
            clauses.add(new int[] {from, text.length()});
        }
        if (clauses.isEmpty()) {
            return null;
        }
        int pick = 0;
        for (int i = 0; i < clauses.size(); i++) {
            if (firstHit >= clauses.get(i)[0] && firstHit < clauses.get(i)[1]) {
                pick = i;
                break;
            }
        }
        int start = clauses.get(pick)[0];
        int end = clauses.get(pick)[1];
        if (end - start < 12 && pick + 1 < clauses.size()) {
            end = clauses.get(pick + 1)[1];
        }
        String chosen = text.substring(start, end).strip();
        // the caller's number and name are fields of their own: end the summary before them
        java.util.regex.Matcher tail = SUMMARY_END.matcher(chosen);
        int keywordAt = Math.max(0, firstHit - start);
        while (tail.find()) {
            if (tail.start() > keywordAt) {
                chosen = chosen.substring(0, tail.start()).strip();
                break;
            }
        }
        // Vosk writes no punctuation: a Chinese "clause" may be the whole call, so keep a window around the keyword
        int limit = HAN.matcher(chosen).find() ? 30 : 160;
        if (chosen.length() > limit) {
            int rel = Math.max(0, Math.min(firstHit - start - limit / 4, chosen.length() - limit));
            chosen = chosen.substring(rel, rel + limit) + "…";
        }
        return chosen;
    }
}
