package hotline.testkit;

import java.util.List;

/**
 * What a {@link FakeAgiClient} saw of one FastAGI session.
 *
 * @param commands       the command lines the AGI server sent, in order, without their {@code \n}
 *                       (e.g. {@code SET VARIABLE "HOTLINE_CALL_ID" "c1"} as Asterisk-Java writes it)
 * @param replies        the lines the client answered with, in order, including any {@code HANGUP} it pushed
 * @param closedByServer true when the server closed the connection (the script ended), false when the session ended
 *                       because the timeout passed or the connection failed
 */
public record AgiSessionResult(List<String> commands, List<String> replies, boolean closedByServer) {

    public AgiSessionResult {
        commands = List.copyOf(commands);
        replies = List.copyOf(replies);
    }
}
