package hotline.server.cluster;

import hotline.config.HotlineConfig;
import hotline.server.HotlineVerticle;
import hotline.server.cluster.LeaderElection.Acquire;
import hotline.server.cluster.LeaderElection.Answer;
import hotline.server.cluster.LeaderElection.BecameLeader;
import hotline.server.cluster.LeaderElection.Renew;
import hotline.server.cluster.LeaderElection.RoleChange;
import hotline.server.cluster.LeaderElection.SteppedDown;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a cluster ({@code hotline.cluster.enabled}): joins the clustered Vert.x and competes for the routing
 * leader's lease ({@link LeaderElection} over {@link RedisLeaderLease}). While it holds the lease it runs the whole
 * contact center of one node, {@link HotlineVerticle} (FastAGI, AMI, the ACD, the HTTP API), with the routing state
 * written fenced by its token ({@link FencedAcdStateStore}); the verticle's start restores the state from Redis and
 * reconciles it with Asterisk's channel list, as after a restart. When the lease is lost the verticle is undeployed
 * at once. A graceful stop undeploys first, then gives the lease up so a standby takes over without waiting the ttl.
 *
 * <p>Election state is confined to this verticle's context. The leader's change is published on the event bus
 * ({@value #LEADER_ADDRESS}: {@code {"nodeId","token","at"}}).
 */
public final class ClusterNode extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    /** Event-bus address where a new leader announces itself. */
    public static final String LEADER_ADDRESS = "hotline.cluster.leader";
    private static final Duration TICK = Duration.ofMillis(100);

    private final HotlineConfig config;
    private final Clock clock;
    private final String nodeId;
    private LeaderElection election;
    private RedisLeaderLease lease;
    private Redis redis;
    private long timer = -1;
    /** The running (or deploying) call control, while leader. */
    private Future<String> deployment;

    public ClusterNode(HotlineConfig config, Clock clock, String nodeId) {
        this.config = config;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    /** This node's id (lease holder name). */
    public String nodeId() {
        return nodeId;
    }

    /** The id configured, else {@code <host name>-<pid>}. */
    public static String nodeId(HotlineConfig config) {
        if (!config.cluster().nodeId().isBlank()) {
            return config.cluster().nodeId();
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "node";
        }
        return host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + ProcessHandle.current().pid();
    }

    @Override
    public Future<?> start() {
        var c = config.cluster();
        election = new LeaderElection(c.leaseTtl(), c.renewEvery(), c.leaseTtl().minus(c.renewEvery())
                .dividedBy(4));
        redis = Redis.createClient(vertx, hotline.server.RedisClients.options(config.redis()));
        lease = new RedisLeaderLease(redis, nodeId, c.leaseTtl(), config.redis().leaseReplicas(),
                config.redis().leaseReplicaTimeout());
        timer = vertx.setPeriodic(0, TICK.toMillis(), id -> tick());
        log.info("cluster node {} up: Hazelcast {}:{}, members {}, lease ttl {} ms renewed every {} ms", nodeId,
                c.host(), c.port(), c.members(), c.leaseTtl().toMillis(), c.renewEvery().toMillis());
        return Future.succeededFuture();
    }

    private void tick() {
        Instant now = clock.instant();
        election.expire(now).ifPresent(this::changed);
        LeaderElection.Action action = election.poll(now);
        Future<Answer> answer;
        if (action instanceof Acquire) {
            answer = lease.acquire();
        } else if (action instanceof Renew r) {
            answer = lease.renew(r.token());
        } else {
            return;
        }
        boolean renewal = action instanceof Renew;
        answer.onComplete(ar -> {
            Answer a = ar.succeeded() ? ar.result() : new LeaderElection.Failed(String.valueOf(ar.cause()));
            if (renewal && a instanceof LeaderElection.Failed f) {
                // the leader keeps its lease by its own clock until it runs out (LeaderElection), so say why
                log.warn("node={} lease renewal failed: {}", nodeId, f.reason());
            }
            election.answer(a, clock.instant()).ifPresent(this::changed);
        });
    }

    private void changed(RoleChange change) {
        if (change instanceof BecameLeader b) {
            Instant won = clock.instant();
            String busy = busyPort();
            if (busy != null) {
                // another process (a paused old leader on this host) still holds call control's ports: starting now
                // would half-start (AMI up, FastAGI refused); give the lease up and try again later
                log.warn("node={} won the lease (token {}) but {} is still taken; giving the lease up", nodeId,
                        b.token(), busy);
                lease.release(b.token());
                election.resign(won);
                return;
            }
            log.info("node={} is the routing leader (token {}): starting call control, restoring the routing state",
                    nodeId, b.token());
            String holder = lease.holder(b.token());
            HotlineVerticle control = new HotlineVerticle(config, clock,
                    r -> new FencedAcdStateStore(r, holder, b.token()));
            deployment = vertx.deployVerticle(control);
            deployment.onSuccess(id -> {
                log.info("node={} call control up {} ms after winning the lease (token {})", nodeId,
                        Duration.between(won, clock.instant()).toMillis(), b.token());
                vertx.eventBus().publish(LEADER_ADDRESS, new JsonObject().put("nodeId", nodeId)
                        .put("token", b.token()).put("at", clock.instant().toString()));
            }).onFailure(err -> {
                log.error("node={} could not start call control ({}); giving the lease up", nodeId,
                        err.getMessage());
                deployment = null;
                // a failed start is not stopped by Vert.x: close what it had opened (AMI, FastAGI, HTTP, Redis)
                // before the lease goes, so no half-started controller acts on calls
                Future<?> cleanup;
                try {
                    cleanup = control.stop();
                } catch (RuntimeException e) {
                    cleanup = Future.failedFuture(e);
                }
                cleanup.onComplete(c -> {
                    if (c.failed()) {
                        log.warn("node={} cleanup after the failed start: {}", nodeId, c.cause().toString());
                    }
                    lease.release(b.token());
                    election.resign(clock.instant());
                });
            });
        } else if (change instanceof SteppedDown s) {
            log.warn("node={} is no longer the routing leader (token {}): {}; stopping call control", nodeId,
                    s.token(), s.reason());
            stopControl();
        }
    }

    /** The first of call control's listening ports (FastAGI, HTTP) that cannot be bound now, or null. */
    private String busyPort() {
        String[][] ports = {
            {"FastAGI", config.agi().host(), String.valueOf(config.agi().port())},
            {"HTTP", config.server().host(), String.valueOf(config.server().httpPort())},
        };
        for (String[] p : ports) {
            int port = Integer.parseInt(p[2]);
            if (port == 0) {
                continue;
            }
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(p[1], port));
            } catch (java.io.IOException e) {
                return p[0] + " " + p[1] + ":" + port;
            }
        }
        return null;
    }

    private Future<Void> stopControl() {
        Future<String> d = deployment;
        deployment = null;
        if (d == null) {
            return Future.succeededFuture();
        }
        Promise<Void> stopped = Promise.promise();
        d.onComplete(ar -> {
            if (ar.failed() || !vertx.deploymentIDs().contains(ar.result())) {
                stopped.complete(); // never started, or already undeployed with this node (a child deployment)
                return;
            }
            vertx.undeploy(ar.result()).onComplete(u -> {
                if (u.failed()) {
                    log.warn("node={} call control stop: {}", nodeId, u.cause().getMessage());
                }
                stopped.complete();
            });
        });
        return stopped.future();
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        boolean leading = election != null && election.leader();
        long token = election == null ? 0 : election.token();
        return stopControl()
                .compose(v -> leading ? lease.release(token).<Void>mapEmpty().recover(e -> Future.succeededFuture())
                        : Future.succeededFuture())
                .eventually(() -> redis == null ? Future.succeededFuture() : redis.close());
    }

    /** True while this node holds the lease as far as it knows (on the node's context). */
    public boolean leader() {
        return election != null && election.leader();
    }

    /** Runs a cluster node in the foreground until the process stops (the {@code run} command, cluster on). */
    public static void run(HotlineConfig config, Clock clock) throws Exception {
        String id = nodeId(config);
        Vertx vertx = ClusteredVertx.start(config.cluster(), id).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        ClusterNode node = new ClusterNode(config, clock, id);
        String deployed = vertx.deployVerticle(node).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("cluster node {} stopping", id);
            try {
                // call control first, then the lease (ClusterNode.stop), then the cluster
                vertx.undeploy(deployed).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("shutdown: {}", e.toString());
            }
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("shutdown: {}", e.toString());
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    /**
     * Runs an ASR worker node in the foreground until the process stops (the {@code worker} command): the clustered
     * Vert.x of {@code hotline.cluster} (whether or not {@code enabled}: a worker is always a cluster member) with
     * {@link hotline.server.asr.AsrWorkerVerticle}; no call control, no HTTP.
     */
    public static void runWorker(HotlineConfig config, Clock clock) throws Exception {
        String id = nodeId(config);
        Vertx vertx = ClusteredVertx.start(config.cluster(), id).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        try {
            vertx.deployVerticle(new hotline.server.asr.AsrWorkerVerticle(config.asr(), id, clock))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.error("ASR worker {} failed to start: {}", id, e.getMessage());
            vertx.close();
            System.exit(1);
        }
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("ASR worker {} stopping", id);
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("shutdown: {}", e.toString());
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
