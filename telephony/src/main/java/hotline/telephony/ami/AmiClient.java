package hotline.telephony.ami;

import hotline.telephony.TelephonyEvent;
import hotline.telephony.TelephonyEvent.AmiConnected;
import hotline.telephony.TelephonyEvent.AmiDisconnected;
import hotline.telephony.TelephonyEvent.ChannelInfo;
import hotline.telephony.TelephonyEvent.ChannelsSnapshot;
import hotline.telephony.TelephonyException;
import hotline.telephony.ami.internal.AmiEventMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMI session to one Asterisk, kept up for the life of the process.
 *
 * <p>Connects in the background and reconnects after any loss with exponential backoff ({@link Backoff}).
 * After every (re)connect it reads the channels that exist now (CoreShowChannels) and hands the sink an
 * {@link AmiConnected} followed by a {@link ChannelsSnapshot}, so the owner can resynchronise its picture of
 * the calls. Asterisk-Java's own reconnect loop is stopped: this class owns reconnecting.
 *
 * <p>Threading: the sink is called on Asterisk-Java's reader thread or on this client's connector thread,
 * never concurrently for one client. It must not block: hop to your own context.
 */
public final class AmiClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmiClient.class);

    private final AmiEndpoint endpoint;
    private final Backoff backoff;
    private final Consumer<TelephonyEvent> sink;
    private final Clock clock;
    private final ScheduledExecutorService connector;
    // held while the sink runs: it is called from the connector thread and Asterisk-Java's event thread
    private final Object sinkLock = new Object();
    private volatile ManagerConnection current;
    // Originates sent with Async: true, by ActionID, until their OriginateResponse event arrives
    // completed with the originated channel's Uniqueid
    private final Map<String, CompletableFuture<String>> originates = new ConcurrentHashMap<>();
    private final AtomicLong originateSeq = new AtomicLong();
    private volatile boolean closed;
    private boolean everConnected;
    private final java.util.concurrent.atomic.AtomicLong malformedEvents = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param sink receives every mapped event; see the class comment for its threading
     */
    public AmiClient(AmiEndpoint endpoint, Backoff backoff, Consumer<TelephonyEvent> sink, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ami-" + endpoint.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        connector.execute(this::connectOnce);
    }

    /** True while a logged-in session exists. */
    public boolean isConnected() {
        ManagerConnection c = current;
        return c != null && c.getState() == ManagerConnectionState.CONNECTED;
    }

    /**
     * Sends an action; the future completes with Asterisk's response on an Asterisk-Java thread, or fails with
     * {@link TelephonyException} when Asterisk answers {@code Response: Error}, does not answer within the
     * action timeout, or no session is up or it is lost before the answer.
     */
    public CompletableFuture<ManagerResponse> send(ManagerAction action) {
        return send(action, endpoint.actionTimeout());
    }

    /**
     * As {@link #send(ManagerAction)}, waiting up to {@code timeout} for the response (a synchronous Originate
     * answers only when the called phone answers or gives up).
     */
    public CompletableFuture<ManagerResponse> send(ManagerAction action, java.time.Duration timeout) {
        CompletableFuture<ManagerResponse> result = new CompletableFuture<>();
        ManagerConnection c = current;
        if (c == null || c.getState() != ManagerConnectionState.CONNECTED) {
            result.completeExceptionally(new TelephonyException(endpoint.name() + ": AMI not connected, "
                    + action.getAction() + " not sent"));
            return result;
        }
        try {
            c.sendAction(action, response -> {
                if (response == null) {
                    // Asterisk-Java calls pending callbacks with null when the connection drops
                    result.completeExceptionally(new TelephonyException(endpoint.name() + ": " + action.getAction()
                            + " failed: AMI connection lost before the response"));
                } else if (response instanceof ManagerError) {
                    result.completeExceptionally(new TelephonyException(endpoint.name() + ": " + action.getAction()
                            + " refused: " + response.getMessage()));
                } else {
                    result.complete(response);
                }
            });
        } catch (Exception e) {
            result.completeExceptionally(new TelephonyException(endpoint.name() + ": " + action.getAction()
                    + " failed: " + e.getMessage(), e));
        }
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> result.completeExceptionally(new TelephonyException(endpoint.name() + ": no response to "
                        + action.getAction() + " within " + timeout)));
        return result;
    }

    /**
     * Places an Originate with {@code Async: true}: Asterisk answers at once that it queued it, and reports the outcome
     * later in an {@code OriginateResponse} event carrying the action's ActionID. A synchronous Originate would hold
     * this session in Asterisk until the called phone answers (Asterisk runs one session's actions one after another),
     * so every other action on it, such as the Redirect that offers a waiting caller to a seat, would wait behind the
     * ringing ({@code ./hotline bench load}, docs/reliability.md).
     *
     * <p>The future completes on Asterisk-Java's reader thread when the event says {@code Success}; it fails with
     * {@link TelephonyException} when it says {@code Failure}, when Asterisk refuses the action, when no event comes
     * within {@code timeout}, or when the session is lost first.
     */
    public CompletableFuture<Void> originate(OriginateAction action, Duration timeout) {
        return originateTracked(action, timeout).answered().thenApply(uniqueId -> null);
    }

    /**
     * An Originate's two moments: {@code queued} when Asterisk accepted the action (fails when it refused it),
     * {@code answered} with the originated channel's Uniqueid when its {@code OriginateResponse} says {@code Success}
     * (the called phone answered); {@code answered} fails as {@link #originate}'s future does.
     */
    public record Originated(CompletableFuture<Void> queued, CompletableFuture<String> answered) {
    }

    /** As {@link #originate}, telling when Asterisk queued the call as well as when it was answered. */
    public Originated originateTracked(OriginateAction action, Duration timeout) {
        String id = "hotline-originate-" + originateSeq.incrementAndGet();
        action.setAsync(true);
        action.setActionId(id);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        CompletableFuture<Void> queued = new CompletableFuture<>();
        originates.put(id, outcome);
        outcome.whenComplete((v, err) -> originates.remove(id));
        send(action, endpoint.actionTimeout()).whenComplete((r, err) -> {
            if (err != null) {
                queued.completeExceptionally(err);
                outcome.completeExceptionally(err);
            } else {
                queued.complete(null);
            }
        });
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> outcome.completeExceptionally(new TelephonyException(endpoint.name()
                        + ": no OriginateResponse for " + action.getChannel() + " within " + timeout)));
        return new Originated(queued, outcome);
    }

    private void connectOnce() {
        if (closed) {
            return;
        }
        ManagerConnection c = new ManagerConnectionFactory(endpoint.host(), endpoint.port(), endpoint.user(),
                endpoint.secret()).createManagerConnection();
        c.addEventListener(event -> onEvent(c, event));
        try {
            c.login();
        } catch (AuthenticationFailedException e) {
            log.error("{} AMI login refused for user {}: {} (check the AMI credentials); retrying", endpoint,
                    endpoint.user(), e.getMessage());
            retryLater(c);
            return;
        } catch (Exception e) {
            if (backoff.attempts() % 10 == 0) {
                log.warn("{} AMI connect failed (attempt {}): {}; retrying with backoff", endpoint,
                        backoff.attempts() + 1, describe(e));
            }
            retryLater(c);
            return;
        }
        if (closed) {
            quietLogoff(c);
            return;
        }
        boolean reconnect = everConnected;
        everConnected = true;
        current = c;
        backoff.reset();
        log.info("{} AMI connected{}", endpoint, reconnect ? " again" : "");
        emit(new AmiConnected(clock.instant(), reconnect));
        resync(c);
    }

    private void resync(ManagerConnection c) {
        try {
            ResponseEvents events = c.sendEventGeneratingAction(new CoreShowChannelsAction(),
                    endpoint.actionTimeout().toMillis());
            if (events.getResponse() instanceof ManagerError error) {
                // an empty snapshot would tell the owner that every call it knows is gone
                log.warn("{} resync (CoreShowChannels) refused: {}", endpoint, error.getMessage());
                return;
            }
            List<ChannelInfo> channels = new ArrayList<>();
            for (ResponseEvent e : events.getEvents()) {
                if (e instanceof CoreShowChannelEvent ch) {
                    // Asterisk 12+ sends "Exten:", which Asterisk-Java sets as getExten(), not getExtension()
                    channels.add(new ChannelInfo(ch.getUniqueid(), ch.getLinkedid(), ch.getChannel(),
                            ch.getContext(), ch.getExten(), ch.getApplication(), ch.getBridgeid()));
                }
            }
            log.info("{} resync: {} channels exist now", endpoint, channels.size());
            emit(new ChannelsSnapshot(clock.instant(), channels));
        } catch (Exception e) {
            log.warn("{} resync (CoreShowChannels) failed: {}", endpoint, describe(e));
        }
    }

    private void onEvent(ManagerConnection c, ManagerEvent event) {
        if (event instanceof OriginateResponseEvent o && o.getActionId() != null) {
            CompletableFuture<String> outcome = originates.get(o.getActionId());
            if (outcome != null) {
                if ("Success".equalsIgnoreCase(o.getResponse())) {
                    outcome.complete(o.getUniqueId());
                } else {
                    outcome.completeExceptionally(new TelephonyException(endpoint.name() + ": Originate of "
                            + o.getChannel() + " failed (reason " + o.getReason() + ")"));
                }
            }
            return;
        }
        if (event instanceof DisconnectEvent) {
            if (c == current && !closed) {
                for (CompletableFuture<String> outcome : List.copyOf(originates.values())) {
                    outcome.completeExceptionally(new TelephonyException(endpoint.name()
                            + ": AMI connection lost before the OriginateResponse"));
                }
                current = null;
                log.warn("{} AMI connection lost; reconnecting with backoff", endpoint);
                emit(new AmiDisconnected(clock.instant(), "connection lost"));
                // stop Asterisk-Java's own reconnect loop; this client reconnects with a fresh connection
                try {
                    connector.execute(() -> retryLater(c));
                } catch (RejectedExecutionException closedMeanwhile) {
                    quietLogoff(c);
                }
            }
            return;
        }
        if (c != current) {
            return;
        }
        java.util.Optional<TelephonyEvent> mapped;
        try {
            mapped = AmiEventMapper.map(event, clock.instant());
        } catch (RuntimeException e) {
            // a protocol boundary: one malformed event is reported and skipped, the session goes on
            long n = malformedEvents.incrementAndGet();
            log.warn("{} AMI event {} ignored, it could not be read ({} so far): {}", endpoint,
                    event.getClass().getSimpleName(), n, describe(e));
            return;
        }
        mapped.ifPresent(this::emit);
    }

    /** AMI events skipped because they could not be read (each logged at WARN), since start. */
    public long malformedEvents() {
        return malformedEvents.get();
    }

    private void emit(TelephonyEvent event) {
        synchronized (sinkLock) {
            sink.accept(event);
        }
    }

    private void retryLater(ManagerConnection failed) {
        if (failed != null) {
            quietLogoff(failed);
        }
        if (closed) {
            return;
        }
        Duration delay = backoff.next();
        connector.schedule(this::connectOnce, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void quietLogoff(ManagerConnection c) {
        try {
            ManagerConnectionState s = c.getState();
            if (s == ManagerConnectionState.CONNECTED || s == ManagerConnectionState.RECONNECTING) {
                c.logoff();
            }
        } catch (Exception e) {
            log.debug("logoff of a dead AMI connection: {}", describe(e));
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ManagerConnection c = current;
        current = null;
        connector.execute(() -> {
            if (c != null) {
                quietLogoff(c);
            }
        });
        connector.shutdown();
        try {
            connector.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
