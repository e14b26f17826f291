package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.config.HotlineConfigLoader;
import hotline.config.RedisConfig;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisClientsTest {

    @Test
    void shouldConnectToTheOneServerByDefault() {
        RedisOptions o = RedisClients.options(HotlineConfigLoader.load(Map.of(), Map.of()).redis());
        assertThat(o.getType()).isEqualTo(RedisClientType.STANDALONE);
        assertThat(o.getEndpoints()).containsExactly("redis://127.0.0.1:6379");
    }

    @Test
    void shouldAskEverySentinelForTheMasterAndFollowFailovers() {
        RedisConfig config = HotlineConfigLoader.load(Map.of("HOTLINE_REDIS_MODE", "sentinel",
                "HOTLINE_REDIS_SENTINELS", "redis://10.0.0.5:26379,redis://10.0.0.6:26379",
                "HOTLINE_REDIS_MASTER_NAME", "city-hall"), Map.of()).redis();
        RedisOptions o = RedisClients.options(config);
        assertThat(o.getType()).isEqualTo(RedisClientType.SENTINEL);
        assertThat(o.getEndpoints()).containsExactly("redis://10.0.0.5:26379", "redis://10.0.0.6:26379");
        assertThat(o.getMasterName()).isEqualTo("city-hall");
        assertThat(o.getRole()).isEqualTo(RedisRole.MASTER);
        assertThat(o.isAutoFailover()).isTrue();
        // the options are a copy: a caller adjusting the endpoints does not change the config
        o.addConnectionString("redis://10.0.0.7:26379");
        assertThat(config.sentinels()).hasSize(2);
    }
}
