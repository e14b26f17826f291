package hotline.server.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.telephony.TelephonyException;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AriAudioFork} against {@link FakeAri} (Asterisk 16.28's JSON, captured from the lab). */
class AriAudioForkProtocolTest {
    private static final String SPIED = "1796701011.0";

    private Vertx vertx;
    private FakeAri ari;
    private AriAudioFork fork;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        ari = new FakeAri(vertx);
        ari.channel(SPIED, "PJSIP/carrier-00000001");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fork != null) {
            fork.close();
        }
        ari.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private AriAudioFork connect() throws Exception {
        fork = new AriAudioFork(vertx, "127.0.0.1", ari.port(), FakeAri.USER, FakeAri.PASSWORD);
        fork.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return fork;
    }

    @Test
    void forkCreatesExternalMediaAndSnoopAndBridgesThemOnceBothAreInTheApplication() throws Exception {
        ari.enterDelayMs = 150; // StasisStart comes well after the POST returned, as on a loaded pbx
        connect().start(SPIED, "127.0.0.1", 52000).toCompletableFuture().get(10, TimeUnit.SECONDS);

        List<String> posts = ari.requests("POST");
        assertThat(posts).hasSize(4);
        assertThat(posts.get(0)).startsWith("POST /ari/channels/externalMedia?")
                .contains("app=hotline-fork", "external_host=127.0.0.1%3A52000", "format=ulaw",
                        "channelId=hotline-fork-52000-1-em");
        assertThat(posts.get(1)).startsWith("POST /ari/bridges?").contains("type=mixing",
                "bridgeId=hotline-fork-52000-1-br");
        assertThat(posts.get(2)).startsWith("POST /ari/channels/" + SPIED + "/snoop?")
                .contains("spy=in", "whisper=none", "app=hotline-fork", "snoopId=hotline-fork-52000-1-snoop");
        assertThat(posts.get(3)).isEqualTo("POST /ari/bridges/hotline-fork-52000-1-br/addChannel"
                + "?channel=hotline-fork-52000-1-snoop,hotline-fork-52000-1-em");
    }

    @Test
    void whenTheSpiedChannelHangsUpTheSnoopEndsAndTheBridgeAndExternalMediaGo() throws Exception {
        connect().start(SPIED, "127.0.0.1", 52000).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(ari.bridges).containsKey("hotline-fork-52000-1-br");

        ari.snoopEnds("hotline-fork-52000-1-snoop");

        await(() -> ari.bridges.isEmpty() && !ari.channels.containsKey("hotline-fork-52000-1-em"));
        assertThat(ari.requests("DELETE")).contains("DELETE /ari/channels/hotline-fork-52000-1-em",
                "DELETE /ari/bridges/hotline-fork-52000-1-br");
        assertThat(ari.channels).containsOnlyKeys(SPIED); // the spied channel is never touched
    }

    @Test
    void whenTheExternalMediaChannelIsHungUpElsewhereTheSnoopAndBridgeGoToo() throws Exception {
        connect().start(SPIED, "127.0.0.1", 52000).toCompletableFuture().get(10, TimeUnit.SECONDS);

        ari.channelLeaves("hotline-fork-52000-1-em"); // e.g. AMI Hangup of UnicastRTP/127.0.0.1:52000-…

        await(() -> ari.bridges.isEmpty() && ari.channels.size() == 1);
        assertThat(ari.requests("DELETE")).contains("DELETE /ari/channels/hotline-fork-52000-1-snoop",
                "DELETE /ari/bridges/hotline-fork-52000-1-br");
    }

    @Test
    void stopTearsDownTheForkToThatPortOnly() throws Exception {
        connect();
        fork.start(SPIED, "127.0.0.1", 52000).toCompletableFuture().get(10, TimeUnit.SECONDS);
        fork.start(SPIED, "127.0.0.1", 52001).toCompletableFuture().get(10, TimeUnit.SECONDS);

        fork.stop("127.0.0.1", 52000).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(ari.channels).containsOnlyKeys(SPIED, "hotline-fork-52001-2-em", "hotline-fork-52001-2-snoop");
        assertThat(ari.bridges).containsOnlyKeys("hotline-fork-52001-2-br");
        assertThatThrownBy(() -> fork.stop("127.0.0.1", 52000).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TelephonyException.class).hasMessageContaining("no ARI fork to 127.0.0.1:52000");
    }

    @Test
    void leftoversOfAnEarlierRunAreCleanedOnConnectAndNothingElse() throws Exception {
        ari.channel("hotline-fork-52003-7-em", "UnicastRTP/127.0.0.1:52003-0x7f7cd0008d80");
        ari.channel("hotline-fork-52003-7-snoop", "Snoop/1796700000.4-00000003");
        ari.channel("1796701011.5", "PJSIP/1001-00000004");
        ari.bridges.put("hotline-fork-52003-7-br", new io.vertx.core.json.JsonObject().put("id",
                "hotline-fork-52003-7-br"));

        connect();

        assertThat(ari.channels).containsOnlyKeys(SPIED, "1796701011.5");
        assertThat(ari.bridges).isEmpty();
    }

    @Test
    void aChannelThatNeverEntersTheApplicationFailsTheForkAndLeavesNothingBehind() throws Exception {
        ari.enters = false;
        connect();
        assertThatThrownBy(() -> fork.start(SPIED, "127.0.0.1", 52000).toCompletableFuture()
                .get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TelephonyException.class)
                .hasMessageContaining("did not enter hotline-fork");
        await(() -> ari.bridges.isEmpty() && ari.channels.size() == 1);
    }

    @Test
    void anUnknownSpiedChannelIsAClearError() throws Exception {
        connect();
        assertThatThrownBy(() -> fork.start("1796709999.9", "127.0.0.1", 52000).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TelephonyException.class)
                .hasMessageContaining("/snoop").hasMessageContaining("404");
        await(() -> ari.bridges.isEmpty() && ari.channels.size() == 1);
    }

    @Test
    void theEventSocketIsReopenedAfterItDropsAndForksFailClearlyMeanwhile() throws Exception {
        connect();
        assertThat(fork.connected()).isTrue();
        ari.close(); // Asterisk gone: the socket drops, reconnects fail and back off
        await(() -> !fork.connected());
        assertThatThrownBy(() -> fork.start(SPIED, "127.0.0.1", 52000).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TelephonyException.class)
                .hasMessageContaining("not registered");
    }

    @Test
    void theEventSocketIsReopenedWhenTheServerClosesIt() throws Exception {
        connect();
        ari.dropSockets();
        await(() -> ari.sockets.isEmpty() || !fork.connected());
        await(() -> fork.connected() && ari.sockets.size() == 1);
        fork.start(SPIED, "127.0.0.1", 52000).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWrongPasswordNeverRegistersTheApplication() throws Exception {
        fork = new AriAudioFork(vertx, "127.0.0.1", ari.port(), FakeAri.USER, "wrong");
        fork.start();
        Thread.sleep(500);
        assertThat(fork.connected()).isFalse();
        assertThat(ari.sockets).isEmpty();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
