package hotline.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code .agi_session.txt} FastAGI capture, as seen by the AGI server.
 *
 * @param request   the {@code agi_*} request headers Asterisk sent before the blank line, in wire order (values may be
 *                  empty, e.g. {@code agi_accountcode})
 * @param exchanges the commands the server sent, each with the lines Asterisk answered, in wire order
 */
public record AgiTranscript(Map<String, String> request, List<Exchange> exchanges) {

    public AgiTranscript {
        request = Collections.unmodifiableMap(new LinkedHashMap<>(request));
        exchanges = List.copyOf(exchanges);
    }

    /**
     * One command and Asterisk's answer.
     *
     * @param command the command line without its {@code \n}, e.g. {@code SET VARIABLE LAB_ROUTE PJSIP/1001}
     * @param replies every line Asterisk wrote before the next command, e.g. {@code [HANGUP, 200 result=1 (ANSWER)]}
     *                when the channel hung up while the command was in flight
     */
    public record Exchange(String command, List<String> replies) {
        public Exchange {
            replies = List.copyOf(replies);
        }
    }
}
