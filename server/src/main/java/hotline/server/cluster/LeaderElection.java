package hotline.server.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The routing leader's side of a lease with a fencing token, as pure logic: time and the store's answers come in,
 * what to do next and role changes come out. The store ({@link RedisLeaderLease}) grants a lease of {@code ttl}
 * to one node at a time, each grant with a new, larger token; every write of routing state is checked against the
 * token there, so a node that lost its lease cannot write even if it has not noticed yet.
 *
 * <p>The node's own view of its lease is conservative: a lease renewed by a request sent at {@code t} is taken to
 * end at {@code t + ttl - margin} (the store counts the ttl from when it received the request, later than
 * {@code t}). When that moment passes without a successful renewal (the store unreachable, the process paused), the
 * node steps down by itself, before any other node can be granted the lease, and waits one {@code ttl} before asking
 * again (the others go first). A refused renewal (the lease is another's) steps down at once.
 *
 * <p>Not thread-safe: confined to one thread (the cluster node's context). One request is in flight at a time.
 */
public final class LeaderElection {

    /** What the node should ask the store now. */
    public sealed interface Action permits Acquire, Renew, Idle {
    }

    /** Ask for the lease (SET NX with a new token). */
    public record Acquire() implements Action {
    }

    /** Extend the lease held with {@code token}. */
    public record Renew(long token) implements Action {
    }

    /** Nothing to ask now (a request is in flight, or it is not time yet). */
    public record Idle() implements Action {
    }

    /** A change of this node's role. */
    public sealed interface RoleChange permits BecameLeader, SteppedDown {
    }

    /** The lease was granted with {@code token}: start call control. */
    public record BecameLeader(long token) implements RoleChange {
    }

    /** The lease is lost ({@code reason}): stop call control now. */
    public record SteppedDown(long token, String reason) implements RoleChange {
    }

    /** The store's answer to {@link Acquire} or {@link Renew}. */
    public sealed interface Answer permits Granted, Refused, Failed {
    }

    /** Granted (or renewed) with {@code token}. */
    public record Granted(long token) implements Answer {
    }

    /** The lease is held by {@code holder} (another node, or an older token of this one). */
    public record Refused(String holder) implements Answer {
    }

    /** The store did not answer ({@code reason}: timeout, connection lost). */
    public record Failed(String reason) implements Answer {
    }

    private final Duration ttl;
    private final Duration renewEvery;
    private final Duration margin;
    private boolean leader;
    private long token;
    private boolean inFlight;
    /** The request in flight is a renewal (its answer no longer counts once this node stepped down). */
    private boolean renewing;
    private Instant sentAt;
    private Instant validUntil;
    private Instant nextRequest = Instant.MIN;

    /**
     * @param ttl        the lease's time to live in the store
     * @param renewEvery time between renewals (and between attempts of a follower); at most half of {@code ttl}
     * @param margin     how much sooner than the store this node considers its lease ended (clock drift, the
     *                   request's travel); less than {@code ttl - renewEvery}
     */
    public LeaderElection(Duration ttl, Duration renewEvery, Duration margin) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.renewEvery = Objects.requireNonNull(renewEvery, "renewEvery");
        this.margin = Objects.requireNonNull(margin, "margin");
        if (ttl.isNegative() || ttl.isZero() || renewEvery.isNegative() || renewEvery.isZero()
                || renewEvery.multipliedBy(2).compareTo(ttl) > 0) {
            throw new IllegalArgumentException("need 0 < 2 x renewEvery <= ttl, got ttl " + ttl + ", renewEvery "
                    + renewEvery);
        }
        if (margin.isNegative() || margin.compareTo(ttl.minus(renewEvery)) >= 0) {
            throw new IllegalArgumentException("margin must be in [0, ttl - renewEvery), got " + margin);
        }
    }

    /** True while this node holds the lease as far as it knows. */
    public boolean leader() {
        return leader;
    }

    /** The token of the lease held, or of the last one held; 0 before the first. */
    public long token() {
        return token;
    }

    /**
     * What to do at {@code now}. Call it on every tick; a returned {@link Acquire} or {@link Renew} is in flight until
     * {@link #answer} is called.
     */
    public Action poll(Instant now) {
        if (inFlight || now.isBefore(nextRequest)) {
            return new Idle();
        }
        inFlight = true;
        sentAt = now;
        renewing = leader;
        return leader ? new Renew(token) : new Acquire();
    }

    /**
     * The leader's lease has run out by this node's own clock without a renewal: step down. Call on every tick,
     * before {@link #poll}.
     */
    public Optional<RoleChange> expire(Instant now) {
        if (leader && !now.isBefore(validUntil)) {
            leader = false;
            // this node could not renew in time (Redis unreachable, or it was paused): let the others have the
            // next ttl rather than race them for the lease it just lost
            nextRequest = now.plus(ttl);
            return Optional.of(new SteppedDown(token, "lease not renewed in time"));
        }
        return Optional.empty();
    }

    /**
     * Gives the lease up (this node cannot lead now, e.g. call control failed to start); the next attempt waits one
     * {@code renewEvery}, so another node gets its chance.
     */
    public void resign(Instant now) {
        leader = false;
        nextRequest = now.plus(renewEvery);
    }

    /**
     * The store's answer to the request in flight, received at {@code now}.
     *
     * @return the role change it causes, if any
     */
    public Optional<RoleChange> answer(Answer answer, Instant now) {
        if (!inFlight) {
            throw new IllegalStateException("no request in flight");
        }
        inFlight = false;
        nextRequest = nextRequest.isAfter(sentAt.plus(renewEvery)) ? nextRequest : sentAt.plus(renewEvery);
        if (renewing && !leader) {
            return Optional.empty(); // stepped down or resigned meanwhile: the renewal's answer is stale
        }
        Instant until = sentAt.plus(ttl).minus(margin);
        Optional<RoleChange> expired = expire(now);
        if (expired.isPresent()) {
            return expired; // the answer came too late to count, whatever it says
        }
        if (answer instanceof Granted g) {
            if (!now.isBefore(until)) {
                return Optional.empty(); // granted too late to use safely: let it run out in the store
            }
            if (leader && g.token() != token) {
                throw new IllegalStateException("renewal of token " + token + " answered with " + g.token());
            }
            boolean became = !leader;
            leader = true;
            token = g.token();
            validUntil = until;
            return became ? Optional.of(new BecameLeader(token)) : Optional.empty();
        }
        if (answer instanceof Refused r && leader) {
            leader = false;
            nextRequest = now;
            return Optional.of(new SteppedDown(token, "lease taken by " + r.holder()));
        }
        // Failed: a leader keeps its lease until validUntil and retries at the next renewEvery
        return Optional.empty();
    }
}
