package hotline.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.server.cluster.LeaderElection.Acquire;
import hotline.server.cluster.LeaderElection.BecameLeader;
import hotline.server.cluster.LeaderElection.Failed;
import hotline.server.cluster.LeaderElection.Granted;
import hotline.server.cluster.LeaderElection.Idle;
import hotline.server.cluster.LeaderElection.Refused;
import hotline.server.cluster.LeaderElection.Renew;
import hotline.server.cluster.LeaderElection.SteppedDown;
import hotline.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration RENEW = Duration.ofSeconds(1);
    private static final Duration MARGIN = Duration.ofMillis(200);
    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T23:00:00Z"));
    private final LeaderElection election = new LeaderElection(TTL, RENEW, MARGIN);

    private Instant now() {
        return clock.instant();
    }

    private void becomeLeader(long token) {
        assertThat(election.poll(now())).isEqualTo(new Acquire());
        assertThat(election.answer(new Granted(token), now())).contains(new BecameLeader(token));
    }

    @Test
    void shouldAskForTheLeaseAndLeadWithTheGrantedToken() {
        becomeLeader(7);
        assertThat(election.leader()).isTrue();
        assertThat(election.token()).isEqualTo(7);
    }

    @Test
    void shouldRenewEveryIntervalWithOneRequestInFlight() {
        becomeLeader(7);
        assertThat(election.poll(now())).isEqualTo(new Idle());
        clock.advance(Duration.ofMillis(999));
        assertThat(election.poll(now())).isEqualTo(new Idle());
        clock.advance(Duration.ofMillis(1));
        assertThat(election.poll(now())).isEqualTo(new Renew(7));
        clock.advance(Duration.ofSeconds(5));
        assertThat(election.poll(now())).as("the renewal is still in flight").isEqualTo(new Idle());
    }

    @Test
    void shouldStayLeaderWhileRenewalsSucceed() {
        becomeLeader(7);
        for (int i = 0; i < 100; i++) {
            clock.advance(RENEW);
            assertThat(election.expire(now())).isEmpty();
            assertThat(election.poll(now())).isEqualTo(new Renew(7));
            clock.advance(Duration.ofMillis(30));
            assertThat(election.answer(new Granted(7), now())).isEmpty();
        }
        assertThat(election.leader()).isTrue();
    }

    @Test
    void shouldStepDownBeforeTheStoreCouldGrantTheLeaseToAnotherWhenRenewalsFail() {
        Instant granted = now();
        becomeLeader(7);
        clock.advance(RENEW);
        election.poll(now());
        assertThat(election.answer(new Failed("connection refused"), now())).isEmpty();
        clock.advance(RENEW);
        election.poll(now());
        assertThat(election.answer(new Failed("timeout"), now())).isEmpty();
        // the store keeps the lease until granted + ttl; this node gives it up margin earlier
        clock.set(granted.plus(TTL).minus(MARGIN).minusMillis(1));
        assertThat(election.expire(now())).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(election.expire(now())).contains(new SteppedDown(7, "lease not renewed in time"));
        assertThat(election.leader()).isFalse();
        // the others go first: this node asks again one ttl later
        clock.advance(TTL.minusMillis(1));
        assertThat(election.poll(now())).isEqualTo(new Idle());
        clock.advance(Duration.ofMillis(1));
        assertThat(election.poll(now())).isEqualTo(new Acquire());
    }

    @Test
    void shouldCountTheLeaseFromWhenTheRenewalWasSentNotAnswered() {
        becomeLeader(7);
        clock.advance(RENEW);
        Instant sent = now();
        election.poll(now());
        clock.advance(Duration.ofMillis(1500)); // a slow answer
        assertThat(election.answer(new Granted(7), now())).isEmpty();
        clock.set(sent.plus(TTL).minus(MARGIN));
        assertThat(election.expire(now())).isPresent();
    }

    @Test
    void shouldStepDownAtOnceWhenTheLeaseIsAnothers() {
        becomeLeader(7);
        clock.advance(RENEW);
        election.poll(now());
        assertThat(election.answer(new Refused("node-b|8"), now())).contains(new SteppedDown(7,
                "lease taken by node-b|8"));
        assertThat(election.leader()).isFalse();
    }

    @Test
    void shouldKeepTryingAsAFollowerOncePerInterval() {
        assertThat(election.poll(now())).isEqualTo(new Acquire());
        assertThat(election.answer(new Refused("node-a|3"), now())).isEmpty();
        assertThat(election.poll(now())).isEqualTo(new Idle());
        clock.advance(RENEW);
        assertThat(election.poll(now())).isEqualTo(new Acquire());
        assertThat(election.answer(new Failed("timeout"), now())).isEmpty();
        clock.advance(RENEW);
        assertThat(election.poll(now())).isEqualTo(new Acquire());
        assertThat(election.answer(new Granted(4), now())).contains(new BecameLeader(4));
    }

    @Test
    void shouldNotLeadOnAGrantThatArrivesTooLateToUse() {
        assertThat(election.poll(now())).isEqualTo(new Acquire());
        clock.advance(TTL);
        assertThat(election.answer(new Granted(9), now())).isEmpty();
        assertThat(election.leader()).isFalse();
    }

    @Test
    void shouldIgnoreARenewalAnsweredAfterTheLeaseRanOut() {
        becomeLeader(7);
        clock.advance(RENEW);
        election.poll(now());
        clock.advance(TTL);
        Optional<LeaderElection.RoleChange> change = election.answer(new Granted(7), now());
        assertThat(change).contains(new SteppedDown(7, "lease not renewed in time"));
    }

    @Test
    void shouldRefuseSettingsThatCannotHoldALease() {
        assertThatThrownBy(() -> new LeaderElection(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeaderElection(TTL, RENEW, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNotLeadAgainOnARenewalAnsweredAfterResigning() {
        becomeLeader(7);
        clock.advance(RENEW);
        assertThat(election.poll(now())).isEqualTo(new Renew(7));
        election.resign(now());
        assertThat(election.answer(new Granted(7), now())).isEmpty();
        assertThat(election.leader()).isFalse();
        assertThat(election.poll(now())).as("waits a renewEvery before trying again").isEqualTo(new Idle());
        clock.advance(RENEW);
        assertThat(election.poll(now())).isEqualTo(new Acquire());
    }
}
