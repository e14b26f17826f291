package hotline.routing.acd;

/**
 * Figures of one leader session.
 *
 * @param sessionId         the session
 * @param district          its district
 * @param running           whether it runs now
 * @param received          calls for the district that entered the session
 * @param answeredByLeaders of those, answered at a leader seat
 * @param answeredByOthers  answered elsewhere (assistants, the normal hall)
 * @param callbacksMade     calls placed from the session's leader seats while it ran
 * @param ordersCreated     orders created from the session's calls
 */
public record SessionFigures(String sessionId, String district, boolean running, long received,
                             long answeredByLeaders, long answeredByOthers, long callbacksMade, long ordersCreated) {
}
