package hotline.server.desk;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.testkit.FakeClock;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.LabRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agents' typed drafts per call on a real Redis: the first save opens a call as unsubmitted, a submit or a
 * dismissal closes it, and a save racing the submit never re-opens it.
 */
class RedisDeskDraftsIT {
    private static LabRedis server;
    private static Vertx vertx;
    private static Redis redis;
    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-08T02:00:00Z"));
    private RedisDeskDrafts drafts;

    @BeforeAll
    static void start() throws Exception {
        server = LabRedis.start(Lab.home().resolve("server/target/it-desk-drafts/redis"));
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        await(redis.send(Request.cmd(Command.FLUSHALL)));
        drafts = new RedisDeskDrafts(redis, clock);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldKeepTheTypedDraftAndListTheCallAsUnsubmittedUntilItsOrderIsSubmitted() throws Exception {
        await(drafts.save("demo", "c-1", "13912345678", new JsonObject().put("callerName", "王女士"), List.of()));
        clock.advance(java.time.Duration.ofSeconds(5));
        JsonObject rec = await(drafts.save("demo", "c-1", "", new JsonObject().put("callerName", "王女士")
                .put("summary", "路灯不亮"), List.of("callerName", "summary")));
        await(drafts.save("bob", "c-2", "13800138000", new JsonObject(), List.of()));

        assertThat(rec.getString("state")).isEqualTo("open");
        assertThat(rec.getString("agentId")).isEqualTo("demo");
        assertThat(rec.getString("callerNumber")).isEqualTo("13912345678");
        assertThat(rec.getJsonObject("draft").getString("summary")).isEqualTo("路灯不亮");
        assertThat(rec.getJsonArray("edited").getList()).containsExactly("callerName", "summary");
        assertThat(rec.getString("openedAt")).isEqualTo("2026-12-08T02:00:00Z");
        assertThat(rec.getString("savedAt")).isEqualTo("2026-12-08T02:00:05Z");
        assertThat(await(drafts.open("demo", 10))).extracting(r -> r.getString("callId")).containsExactly("c-1");
        assertThat(await(drafts.allOpen(10))).extracting(r -> r.getString("callId")).containsExactly("c-1", "c-2");

        await(drafts.submitted("c-1", "20261208-000051"));
        // a save still in flight when the order was submitted (the desk saves while the agent types)
        await(drafts.save("demo", "c-1", "", new JsonObject().put("summary", "路灯不亮。"), List.of("summary")));

        JsonObject after = await(drafts.find("c-1")).orElseThrow();
        assertThat(after.getString("state")).isEqualTo("submitted");
        assertThat(after.getString("order")).isEqualTo("20261208-000051");
        assertThat(after.getJsonObject("draft").getString("summary")).isEqualTo("路灯不亮。");
        assertThat(await(drafts.open("demo", 10))).isEmpty();
        assertThat(await(drafts.allOpen(10))).extracting(r -> r.getString("callId")).containsExactly("c-2");
    }

    @Test
    void shouldDismissAnUnsubmittedCallWithItsReasonAndWhoDismissedIt() throws Exception {
        await(drafts.save("demo", "c-3", "13912345678", new JsonObject(), List.of()));

        JsonObject rec = await(drafts.dismiss("c-3", "咨询已当场答复", "demo")).orElseThrow();

        assertThat(rec.getString("state")).isEqualTo("dismissed");
        assertThat(rec.getString("reason")).isEqualTo("咨询已当场答复");
        assertThat(rec.getString("dismissedBy")).isEqualTo("demo");
        assertThat(await(drafts.open("demo", 10))).isEmpty();
        assertThat(await(drafts.dismiss("no-such-call", "x", "demo"))).isEmpty();
        assertThat(await(drafts.find("no-such-call"))).isEmpty();
    }
}
