package hotline.routing.acd;

import static hotline.routing.acd.AcdFixture.T0;
import static hotline.routing.acd.AcdFixture.at;
import static hotline.routing.acd.AcdFixture.config;
import static hotline.routing.acd.AcdFixture.done;
import static hotline.routing.acd.AcdFixture.only;
import static hotline.routing.acd.AcdFixture.readyAgent;
import static hotline.routing.acd.AcdFixture.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import hotline.routing.acd.AcdEvent.Audited;
import hotline.routing.acd.AcdEvent.CallOffered;
import hotline.routing.acd.AcdEvent.SessionChanged;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A leader session scheduled while the engine runs (issue 17: sessions scheduled on a screen, no restart). */
class AcdEngineScheduledSessionTest {
    private static final Map<String, Integer> COMPLAINTS_5 = Map.of("complaints", 5);

    private static LeaderSessionConfig chaoyang(String id, long startSeconds, long endSeconds) {
        return new LeaderSessionConfig(id, "朝阳区", at(startSeconds), at(endSeconds), Set.of("3001"), Set.of(),
                "citizen", Duration.ofSeconds(60));
    }

    @Test
    void shouldRouteTheDistrictsCallToTheLeaderSeatOfASessionScheduledNow() {
        AcdEngine engine = new AcdEngine(config());
        readyAgent(engine, "agent", "1001", COMPLAINTS_5, T0);
        readyAgent(engine, "leader", "3001", Map.of(), T0); // a leader logged in before the session existed
        // a district call waiting in the normal queue before the session: the agent is busy with another
        done(engine.callArrived(new Arrival("c0", "citizen", null, null, false), at(1)));

        var scheduled = done(engine.addSession("super", chaoyang("cy-now", 0, 3600), at(10)));
        assertThat(only(scheduled, Audited.class).get(0).action()).isEqualTo("schedule-session");
        assertThat(only(scheduled, SessionChanged.class)).containsExactly(
                new SessionChanged("cy-now", "朝阳区", true, at(10)));
        assertThat(engine.sessions()).extracting(LeaderSessionConfig::id).contains("s1", "cy-now");
        assertThat(engine.queueIds()).contains("session:cy-now");

        var offered = only(done(engine.callArrived(new Arrival("c1", "citizen", null, "朝阳区", false), at(20))),
                CallOffered.class);
        assertThat(offered).singleElement().satisfies(o -> {
            assertThat(o.agentId()).isEqualTo("leader");
            assertThat(o.queueId()).isEqualTo("session:cy-now");
        });
    }

    @Test
    void shouldStartAndEndALaterSessionByItsTimes() {
        AcdEngine engine = new AcdEngine(config());
        var scheduled = done(engine.addSession("super", chaoyang("cy-later", 600, 1200), at(10)));
        assertThat(only(scheduled, SessionChanged.class)).isEmpty();
        assertThat(engine.nextDeadline()).contains(at(600));
        assertThat(only(done(engine.tick(at(600))), SessionChanged.class)).containsExactly(
                new SessionChanged("cy-later", "朝阳区", true, at(600)));
        assertThat(only(done(engine.tick(at(1200))), SessionChanged.class)).containsExactly(
                new SessionChanged("cy-later", "朝阳区", false, at(1200)));
    }

    @Test
    void shouldRefuseAnIdInUseAnUnknownQueueOrASessionAlreadyOver() {
        AcdEngine engine = new AcdEngine(config());
        assertThat(rejected(engine.addSession("super", new LeaderSessionConfig("s1", "朝阳区", at(0), at(60),
                Set.of("3001"), Set.of(), "citizen", Duration.ZERO), at(1)))).isEqualTo(AcdRejection.INVALID_ARGUMENT);
        assertThat(rejected(engine.addSession("super", new LeaderSessionConfig("x", "朝阳区", at(0), at(60),
                Set.of("3001"), Set.of(), "nope", Duration.ZERO), at(1)))).isEqualTo(AcdRejection.INVALID_ARGUMENT);
        assertThat(rejected(engine.addSession("super", chaoyang("old", 0, 60), at(61))))
                .isEqualTo(AcdRejection.INVALID_ARGUMENT);
    }
}
