package hotline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.WebConfig;
import hotline.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final Sessions sessions = new Sessions(Duration.ofHours(8), clock);

    @Test
    void shouldFindASessionByItsTokenUntilItExpires() {
        Sessions.Session s = sessions.open("demo", WebConfig.Role.AGENT);

        assertThat(s.token()).hasSize(43); // 256 bits, base64url without padding
        assertThat(sessions.find(s.token())).contains(s);
        clock.advance(Duration.ofHours(8).minusSeconds(1));
        assertThat(sessions.find(s.token())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.find(s.token())).isEmpty();
    }

    @Test
    void shouldForgetAClosedSessionAndUnknownTokens() {
        Sessions.Session s = sessions.open("super", WebConfig.Role.SUPERVISOR);

        sessions.close(s.token());

        assertThat(sessions.find(s.token())).isEmpty();
        assertThat(sessions.find("nope")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
    }

    @Test
    void shouldGiveEveryLoginItsOwnToken() {
        assertThat(sessions.open("demo", WebConfig.Role.AGENT).token())
                .isNotEqualTo(sessions.open("demo", WebConfig.Role.AGENT).token());
    }

    @Test
    void shouldTellAnExpiredSessionFromAMissingOrUnknownToken() {
        Sessions.Session s = sessions.open("demo", WebConfig.Role.AGENT);

        assertThat(sessions.lookup(null)).isEqualTo(new Sessions.Lookup.Missing());
        assertThat(sessions.lookup("")).isEqualTo(new Sessions.Lookup.Missing());
        assertThat(sessions.lookup("made-up")).isEqualTo(new Sessions.Lookup.Unknown());
        assertThat(sessions.lookup(s.token())).isEqualTo(new Sessions.Lookup.Live(s));
        clock.advance(Duration.ofHours(8));
        assertThat(sessions.lookup(s.token())).isEqualTo(new Sessions.Lookup.Expired(s.expires()));
        assertThat(sessions.find(s.token())).isEmpty();
    }

    @Test
    void shouldForgetAnExpiredSessionOneLifetimeLaterWhenTheNextLoginComes() {
        Sessions.Session s = sessions.open("demo", WebConfig.Role.AGENT);
        clock.advance(Duration.ofHours(16).minusSeconds(1));
        sessions.open("super", WebConfig.Role.SUPERVISOR);
        assertThat(sessions.lookup(s.token())).isInstanceOf(Sessions.Lookup.Expired.class);

        clock.advance(Duration.ofSeconds(1));
        sessions.open("super", WebConfig.Role.SUPERVISOR);

        assertThat(sessions.lookup(s.token())).isEqualTo(new Sessions.Lookup.Unknown());
    }

    @Test
    void shouldNeverPrintTheTokenOfASession() {
        Sessions.Session s = sessions.open("demo", WebConfig.Role.AGENT);

        assertThat(s.toString()).contains("demo").doesNotContain(s.token());
    }
}
