package hotline.orders.gazetteer;

import java.util.List;
import java.util.Objects;

/**
 * What a transcript says about where the problem is, resolved against the gazetteer. A field is {@code null} when
 * the text does not decide it; its confidence is then 0.
 *
 * @param district             the district, said or implied by the street or community
 * @param districtConfidence   0..1
 * @param street               the street/township, or {@code null} when none was named or the name is ambiguous
 * @param streetConfidence     0..1
 * @param community            the community, or {@code null}
 * @param communityConfidence  0..1
 * @param streetCandidates     when the street is ambiguous (八里庄街道 in 朝阳区 and in 海淀区) and nothing in the text
 *                             decides: every street it may be, in code order; empty otherwise
 * @param start                index in the resolved text of the first place name, or -1
 * @param end                  index just after the last place name, or -1
 */
public record AddressResolution(
        District district, double districtConfidence,
        Street street, double streetConfidence,
        Community community, double communityConfidence,
        List<Street> streetCandidates,
        int start, int end) {

    /** Nothing found. */
    public static final AddressResolution NONE = new AddressResolution(null, 0, null, 0, null, 0, List.of(), -1, -1);

    public AddressResolution {
        Objects.requireNonNull(streetCandidates, "streetCandidates");
        streetCandidates = List.copyOf(streetCandidates);
    }

    /** True when a street name was heard but it matches several streets and nothing else decides. */
    public boolean ambiguous() {
        return street == null && streetCandidates.size() > 1;
    }
}
