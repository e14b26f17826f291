package hotline.orders.extract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A draft work order built from a transcript, for the seat agent to confirm. Every field is a {@link DraftField}
 * (value and confidence); a field the transcript does not give has a {@code null} value.
 *
 * @param name             what to call the caller: a full name (王芳, Li Wei) or surname and title (张先生)
 * @param surname          the surname alone (王, Li)
 * @param phone            callback number, digits only: an 11-digit mobile or a landline with its area code
 * @param address          the address as said (street, number, building, unit, room)
 * @param district         district name from the gazetteer (朝阳区)
 * @param street           street/township name from the gazetteer (八里庄街道); {@code null} when ambiguous
 * @param community        community name from the gazetteer (天伦北里社区)
 * @param category         one category code of {@link ExtractionRules#categories()}
 * @param urgency          one of {@link ExtractionRules#TIERS}
 * @param summary          the problem in a sentence
 * @param unit             the responsible unit: the street (八里庄街道（朝阳区）) or a department
 * @param streetCandidates when the street is ambiguous: every street it may be, as {@code 八里庄街道（朝阳区）}
 * @param notes            why fields are missing or uncertain (an invalid number heard, an ambiguous street,
 *                         the urgency rule that applied)
 * @param unitId           the id in the unit directory of {@code unit} when it names exactly one unit; null when the
 *                         extractor has no directory, the unit is unknown, or its name is ambiguous
 */
public record DraftOrder(
        DraftField name,
        DraftField surname,
        DraftField phone,
        DraftField address,
        DraftField district,
        DraftField street,
        DraftField community,
        DraftField category,
        DraftField urgency,
        DraftField summary,
        DraftField unit,
        List<String> streetCandidates,
        List<String> notes,
        String unitId) {

    public DraftOrder {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(surname, "surname");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(district, "district");
        Objects.requireNonNull(street, "street");
        Objects.requireNonNull(community, "community");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(urgency, "urgency");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(unit, "unit");
        streetCandidates = List.copyOf(streetCandidates);
        notes = List.copyOf(notes);
    }

    /** A draft whose unit is not resolved to a unit id. */
    public DraftOrder(DraftField name, DraftField surname, DraftField phone, DraftField address, DraftField district,
            DraftField street, DraftField community, DraftField category, DraftField urgency, DraftField summary,
            DraftField unit, List<String> streetCandidates, List<String> notes) {
        this(name, surname, phone, address, district, street, community, category, urgency, summary, unit,
                streetCandidates, notes, null);
    }

    /** The fields by their JSON names, in a fixed order. */
    public Map<String, DraftField> fields() {
        Map<String, DraftField> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("surname", surname);
        m.put("phone", phone);
        m.put("address", address);
        m.put("district", district);
        m.put("street", street);
        m.put("community", community);
        m.put("category", category);
        m.put("urgency", urgency);
        m.put("summary", summary);
        m.put("unit", unit);
        return m;
    }
}
