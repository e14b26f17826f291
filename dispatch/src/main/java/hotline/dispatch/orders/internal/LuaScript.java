package hotline.dispatch.orders.internal;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run with {@code EVALSHA}, falling back to {@code EVAL} (which caches it again) when Redis answers
 * {@code NOSCRIPT} (after a restart or {@code SCRIPT FLUSH}).
 */
public final class LuaScript {
    private final String name;
    private final String body;
    private final String sha;

    private LuaScript(String name, String body) {
        this.name = name;
        this.body = body;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }

    /** Loads {@code resource} (a classpath resource next to this package's parent) as a script. */
    public static LuaScript load(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream("/hotline/dispatch/orders/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resource);
            }
            return new LuaScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the script. */
    public Future<Response> run(Redis redis, List<String> keys, List<String> args) {
        return redis.send(evalsha(keys, args)).recover(err -> isNoScript(err)
                ? redis.send(request(Command.EVAL, body, keys, args)) : Future.failedFuture(err));
    }

    /** The EVALSHA request, for batches; on {@link #isNoScript} run {@link #run} once and retry. */
    public Request evalsha(List<String> keys, List<String> args) {
        return request(Command.EVALSHA, sha, keys, args);
    }

    /** Whether Redis answered that it does not have the script cached. */
    public static boolean isNoScript(Throwable err) {
        String message = err.getMessage();
        return message != null && message.contains("NOSCRIPT");
    }

    private static Request request(Command cmd, String script, List<String> keys, List<String> args) {
        Request r = Request.cmd(cmd).arg(script).arg(keys.size());
        keys.forEach(r::arg);
        args.forEach(r::arg);
        return r;
    }

    @Override
    public String toString() {
        return name + "@" + sha.substring(0, 8);
    }
}
