package hotline.dispatch.report;

import hotline.dispatch.calls.RedisCallStore;
import hotline.dispatch.orders.OrderJson;
import hotline.dispatch.orders.OrderKeys;
import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.report.CallFacts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@link ReportSource} over the existing keys, no index of its own: the call ids of a range from {@code hotline:calls}
 * (by arrival time), then {@code HMGET} of each call's hash; the order numbers from {@code hotline:orders} (by
 * submission time), then {@code HGET doc} of each order. Counted first ({@code ZCOUNT}), then read in pipelined
 * batches of {@value #CHUNK}. A call hash with an unreadable {@code arrivedAt} is skipped (it cannot be placed in
 * time); an unreadable {@code answeredAt} counts as not answered.
 */
public final class RedisReportSource implements ReportSource {
    static final int CHUNK = 500;
    private static final String CALLS = "hotline:calls";

    private final Redis redis;

    public RedisReportSource(Redis redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public Future<Long> calls(Instant from, Instant to, int max, Consumer<CallFacts> sink) {
        return ids(CALLS, "calls", from, to, max).compose(ids -> chunks(ids, sink, id -> Request.cmd(Command.HMGET)
                .arg(RedisCallStore.key(id)).arg("arrivedAt").arg("answeredAt").arg("abandoned").arg("queue"),
                (id, r) -> {
                    Instant arrived = instant(field(r, 0));
                    if (arrived == null) {
                        return null;
                    }
                    String queue = field(r, 3);
                    return new CallFacts(id, arrived, instant(field(r, 1)), "true".equals(field(r, 2)),
                            queue == null ? "" : queue);
                }));
    }

    @Override
    public Future<Long> orders(Instant from, Instant to, int max, Consumer<WorkOrder> sink) {
        return ids(OrderKeys.ALL, "orders", from, to, max).compose(ids -> chunks(ids, sink,
                n -> Request.cmd(Command.HGET).arg(OrderKeys.order(n)).arg("doc"),
                (n, r) -> r == null ? null : OrderJson.fromJson(new JsonObject(r.toString()))));
    }

    private Future<List<String>> ids(String index, String what, Instant from, Instant to, int max) {
        String min = String.valueOf(from.toEpochMilli());
        String maxScore = "(" + to.toEpochMilli();
        return redis.send(Request.cmd(Command.ZCOUNT).arg(index).arg(min).arg(maxScore)).compose(count -> {
            long n = count == null ? 0 : count.toLong();
            if (n > max) {
                return Future.failedFuture(new TooManyRecords(what, n, max));
            }
            return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(index).arg(min).arg(maxScore)).map(r -> {
                List<String> ids = new ArrayList<>();
                if (r != null) {
                    for (Response item : r) {
                        ids.add(item.toString());
                    }
                }
                return ids;
            });
        });
    }

    private interface Parser<T> {
        T parse(String id, Response r);
    }

    private <T> Future<Long> chunks(List<String> ids, Consumer<T> sink,
            java.util.function.Function<String, Request> request, Parser<T> parser) {
        long[] fed = new long[1];
        Future<Void> f = Future.succeededFuture();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<String> part = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            f = f.compose(v -> redis.batch(part.stream().map(request).toList()).map(rs -> {
                for (int j = 0; j < part.size(); j++) {
                    T t = parser.parse(part.get(j), rs.get(j));
                    if (t != null) {
                        sink.accept(t);
                        fed[0]++;
                    }
                }
                return null;
            }));
        }
        return f.map(v -> fed[0]);
    }

    private static String field(Response r, int i) {
        if (r == null || r.size() <= i || r.get(i) == null) {
            return null;
        }
        String s = r.get(i).toString();
        return s.isEmpty() ? null : s;
    }

    private static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
